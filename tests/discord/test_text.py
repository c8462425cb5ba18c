"""What Discord members read: user text made inert, outcomes in words, codes and links."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.discord import text
from bot.drops import outcomes as oc
from bot.drops.entitlements import DeliveredCode

AT = datetime(2026, 11, 21, 20, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "hostile",
    ["@everyone", "@here", "<@123456>", "<@&42>", "<@!99>", "hi\u202e@everyone", "**bold** `x`"],
)
def test_user_text_can_never_ping_or_format(hostile: str) -> None:
    shown = text.plain(hostile)
    assert "@everyone" not in shown and "@here" not in shown
    assert "<@" not in shown.replace("\\<", "")
    assert "**" not in shown.replace("\\*", "") and "`" not in shown.replace("\\`", "")


def test_user_text_loses_control_characters_and_is_clipped() -> None:
    shown = text.plain("a\x00b\nc\u200bd" + "x" * 500, limit=20)
    assert "\x00" not in shown and "\n" not in shown and "\u200b" not in shown.split("@")[0]
    assert len(shown) <= 20 and shown.endswith("…")


def test_a_mention_holds_only_digits() -> None:
    assert text.mention("123") == "<@123>"
    with pytest.raises(ValueError):
        text.mention("123> @everyone")


def test_each_outcome_has_its_own_words() -> None:
    said = {
        text.outcome_text(o, "Hoodie")
        for o in (
            oc.Entered(1, "hoodie", "public", 3),
            oc.AlreadyEntered(1, "hoodie"),
            oc.Closed(1, "hoodie"),
            oc.NoDrop("hoodie"),
            oc.NotEligibleYet(1, "hoodie", "public", AT, "subscribers"),
        )
    }
    assert len(said) == 5
    assert any(f"<t:{int(AT.timestamp())}:R>" in s for s in said)


def test_an_entry_reply_carries_the_receipt_to_find_in_the_transcript() -> None:
    said = text.outcome_text(oc.Entered(1, "hoodie", "subs", 3, "abcdefgh23456789", 2), "Hoodie")
    assert said.startswith("You're in the **Hoodie** drop.")
    assert "pseudonym `abcdefgh23456789`, tier subs, weight 2" in said


def test_a_refusal_before_any_window_opens_names_no_empty_list() -> None:
    said = text.outcome_text(oc.NotEligibleYet(1, "hoodie", "subs", AT, ""), "Hoodie")
    assert said == f"The **Hoodie** drop opens for you <t:{int(AT.timestamp())}:R>."
    assert "for ." not in said and "for  " not in said


def test_a_code_shows_its_short_code_link_and_expiry_and_never_the_raw_title() -> None:
    code = DeliveredCode(1, 3, "h", "ABCD-EFGH-JKMN-PQRS-T", "v4.public.xyz", AT)
    shown = text.code_text("@everyone hoodie", code, "https://shop.example/r?code=v4.public.xyz")
    assert "`ABCD-EFGH-JKMN-PQRS-T`" in shown and "#3" in shown
    assert "<https://shop.example/r?code=v4.public.xyz>" in shown
    assert "@everyone" not in shown


@pytest.mark.parametrize(
    ("template", "link"),
    [
        ("https://shop.example/redeem", "https://shop.example/redeem?code=TOK"),
        ("https://shop.example/r?src=fd", "https://shop.example/r?src=fd&code=TOK"),
        ("https://shop.example/c/{token}", "https://shop.example/c/TOK"),
        ("", ""),
        ("javascript:alert(1)", ""),
    ],
)
def test_the_redemption_link_carries_the_token(template: str, link: str) -> None:
    assert text.redeem_link(template, "TOK") == link
