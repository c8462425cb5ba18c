"""The claim page's receipt: the logged-in entrant's own entry in a drop, whether they won or not
(issue 20 item 4). Shown only to the person it belongs to, on a page no cache keeps."""

from __future__ import annotations

from bot.drops.receipts import Receipt, Standing
from bot.messages.catalog import Value, Verbatim
from bot.web.pages import Html, render, tag
from bot.web.speech import say

LABELS = ("pseudonym", "tier", "weight", "standing", "place")


def receipt_card(receipt: Receipt, language: str, community: str) -> Html:
    """The receipt as a card in `language`; once drawn the pseudonym links to the transcript,
    with its place there."""

    def words(message_id: str, **values: Value) -> Html:
        return say(language, message_id, community, **values)

    transcript = f"/drops/{receipt.drop_id}/transcript.json"
    standing = words(f"web-receipt-{receipt.standing.name.lower().replace('_', '-')}")
    if receipt.standing is Standing.LEFT_OUT:
        standing = words("web-receipt-because", standing=Verbatim(standing), reason=receipt.reason)
    elif receipt.serials:
        units = Verbatim(", ".join(f"#{s}" for s in receipt.serials))
        standing = words("web-receipt-units", standing=Verbatim(standing), units=units)
    pseudonym: object = receipt.pseudonym
    place: object = words("web-receipt-place-later")
    if receipt.place:
        pseudonym = tag("a", receipt.pseudonym, href=transcript)
        link = Verbatim(tag("a", words("web-receipt-the-transcript"), href=transcript))
        place = words("web-receipt-place", place=Verbatim(tag("code", receipt.place)), link=link)
    return render(
        "receipt.html",
        heading=words("web-receipt-heading"),
        pseudonym=pseudonym,
        tier=receipt.tier,
        weight=receipt.weight,
        standing=standing,
        place=place,
        only_you=words("web-receipt-only-you"),
        **{f"{label}_label": words(f"web-receipt-label-{label}") for label in LABELS},
    )
