"""Chat text pieces: names that cannot inject, mentions, packing into 500 characters, variation."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.twitch.chat_text import (
    FALLBACK_NAME,
    MAX_LOGIN,
    MAX_MESSAGE,
    batch_mentions,
    clip,
    looks_secret,
    mention,
    mentionable,
    neutral_start,
    pack,
    plain,
    safe_name,
    unmentionable,
    vary,
)


def fullwidth(word: str) -> str:
    """The look-alike fullwidth letters of `word`."""
    return "".join(chr(ord(c) + 0xFEE0) for c in word)


PROPERTY = settings(max_examples=200, deadline=None, database=None)

HOSTILE = [
    "/ban x",
    ".timeout y 600",
    "@everyone",
    fullwidth("everyone"),
    "a" * 600,
    "line\nbreak",
    "carriage\r\nreturn",
    "zero\u200bwidth\u200djoiner",
    "bidi\u202eoverride",
    "nul\x00bell\x07",
    "\u2028sep\u2029",
    "",
    "   ",
    "名前",
    "!claim",
]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Alice_99", "Alice_99"),
        ("@bob", "bob"),
        ("/ban x", "banx"),
        (".timeout y", "timeouty"),
        ("zero\u200bwidth", "zerowidth"),
        ("line\nbreak", "linebreak"),
        (fullwidth("everyone"), "everyone"),
        ("名前", FALLBACK_NAME),
        ("", FALLBACK_NAME),
        ("a" * 600, "a" * MAX_LOGIN),
    ],
)
def test_safe_name_keeps_only_what_a_login_can_be(raw: str, expected: str) -> None:
    assert safe_name(raw) == expected


def test_mention_puts_an_at_only_in_front_of_a_real_login() -> None:
    assert mention("Alice") == "@Alice"
    assert mention("@Alice") == "@Alice"
    # A name that needs mending is no Twitch name: mentioning the remains pings a stranger.
    assert mention("/ban x") == FALLBACK_NAME
    assert mention(fullwidth("alice")) == FALLBACK_NAME
    assert mention("a" * 26) == FALLBACK_NAME
    assert mention("@everyone") == FALLBACK_NAME
    assert mention("HERE") == FALLBACK_NAME
    assert mention("名前") == FALLBACK_NAME
    assert mentionable("名前") is None
    assert mentionable("@everyone") is None
    assert unmentionable(["a", "名前", "everyone", "b c"]) == 3


@pytest.mark.parametrize("raw", HOSTILE)
def test_no_hostile_name_survives_as_anything_but_a_login(raw: str) -> None:
    out = mention(raw)
    assert out == FALLBACK_NAME or (out.startswith("@") and out[1:].isascii())
    assert len(out) <= MAX_LOGIN + 1
    assert "\n" not in out and " " not in out
    assert out.lower() != "@everyone"


def test_batch_mentions_fill_messages_up_to_500_without_splitting_names() -> None:
    names = [f"winner_{i:04d}_padding_xx" for i in range(300)]  # 25 characters each
    messages = batch_mentions("Winners of the drop:", names)
    assert all(len(m) <= MAX_MESSAGE for m in messages)
    assert all(m.startswith("Winners of the drop: @") for m in messages)
    mentioned = [w for m in messages for w in m.removeprefix("Winners of the drop: ").split(" ")]
    assert mentioned == [f"@{n}" for n in names]
    # Packed tight: each message but the last has no room for one more mention.
    assert all(len(m) + 1 + 26 > MAX_MESSAGE for m in messages[:-1])


def test_batch_mentions_leave_out_unusable_names_and_never_start_with_one() -> None:
    messages = batch_mentions("Winners:", [*HOSTILE, "fine_name"])
    assert messages == ["Winners: @fine_name"]
    for message in messages:
        assert message.startswith("Winners: @")
        assert "@everyone" not in message.lower()
        assert "\n" not in message and "\u200b" not in message
    assert batch_mentions("Winners:", []) == []


@given(
    prefix=st.text(min_size=0, max_size=60),
    names=st.lists(st.text(max_size=700), max_size=60),
    limit=st.integers(min_value=60, max_value=500),
)
@PROPERTY
def test_batched_messages_always_fit_and_start_with_the_prefix(
    prefix: str, names: list[str], limit: int
) -> None:
    head = plain(prefix)
    for message in batch_mentions(prefix, names, limit):
        assert len(message) <= limit
        assert message.startswith(clip(head, limit // 2))
        body = message[len(clip(head, limit // 2)) :].strip()
        assert all(part.startswith("@") and len(part) <= MAX_LOGIN + 1 for part in body.split())
        assert "\n" not in message and "\r" not in message


def test_pack_keeps_parts_whole_and_clips_only_a_part_too_long_alone() -> None:
    messages = pack("Drop:", ["one", "two " * 200, "three"], limit=100)
    assert messages[0] == "Drop: one"
    assert len(messages[1]) <= 100 and messages[1].endswith("…")
    assert messages[2] == "Drop: three"
    assert pack("", ["a", "", "b"]) == ["a b"]


def test_vary_counts_up_past_recent_texts() -> None:
    assert vary("Drop closed.", set()) == "Drop closed."
    assert vary("Drop closed.", {"Drop closed."}) == "Drop closed. (2)"
    assert vary("Drop closed.", ["Drop closed.", "Drop closed. (2)"]) == "Drop closed. (3)"
    long = "x" * MAX_MESSAGE
    varied = vary(long, {long})
    assert len(varied) <= MAX_MESSAGE and varied.endswith(" (2)")


def test_clip_and_plain() -> None:
    assert clip("abc", 5) == "abc"
    assert clip("abcdef", 5) == "abcd…"
    assert clip("abc", 0) == ""
    assert plain("  two\nlines\u2028and\ttabs\u200b  ") == "two lines and tabs"
    assert len(plain("y" * 900)) == MAX_MESSAGE


def test_neutral_start_defuses_command_starts() -> None:
    assert neutral_start("Drop open") == "Drop open"
    for start in "/.!\\@":
        assert neutral_start(f"{start}ban someone").startswith("» ")


def test_looks_secret_spots_tokens_and_keys() -> None:
    assert looks_secret("here: v4.public.eyJhbGciOi")
    assert looks_secret("V4.LOCAL.abc")
    assert looks_secret("k4.secret.xyz")
    assert not looks_secret("Fair draw: seed committed as 3f2a9c01d4e5b6a7…")
