"""The claim page's receipt: the logged-in entrant's own entry in a drop, whether they won or not
(issue 20 item 4). Shown only to the person it belongs to, on a page no cache keeps."""

from __future__ import annotations

from bot.drops.receipts import Receipt, Standing
from bot.web.pages import Html, join, render, tag

STANDINGS: dict[Standing, str] = {
    Standing.IN_DRAW: "In the draw; winners are drawn at close.",
    Standing.LEFT_OUT: "Left out by the re-check at close",
    Standing.HOLDS: "Won",
    Standing.WAITLISTED: "Not drawn; on the waitlist if a unit comes back.",
    Standing.PASSED_ON: "Won, but the claim window ran out and the unit passed to the waitlist.",
    Standing.NO_UNIT: "Arrived when no unit was left for you.",
    Standing.CANCELLED: "The drop was cancelled.",
}
NOT_YET = "listed once the drop is drawn"


def receipt_card(receipt: Receipt) -> Html:
    """The receipt as a card; once drawn the pseudonym links to the transcript, with its place."""
    transcript = f"/drops/{receipt.drop_id}/transcript.json"
    standing = STANDINGS[receipt.standing]
    if receipt.standing is Standing.LEFT_OUT:
        standing = f"{standing}: {receipt.reason}."
    elif receipt.serials:
        standing = f"{standing}: " + ", ".join(f"#{s}" for s in receipt.serials) + "."
    pseudonym: object = receipt.pseudonym
    place: object = NOT_YET
    if receipt.place:
        pseudonym = tag("a", receipt.pseudonym, href=transcript)
        place = join(
            [tag("code", receipt.place), " in ", tag("a", "the transcript", href=transcript)], ""
        )
    return render(
        "receipt.html",
        pseudonym=pseudonym,
        tier=receipt.tier,
        weight=receipt.weight,
        standing=standing,
        place=place,
    )
