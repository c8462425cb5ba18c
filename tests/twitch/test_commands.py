"""Chat commands as people type them, and the one-line usage replies for what is malformed."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.drops.model import Mode
from bot.messages import catalog as messages
from bot.messages.catalog import shipped_catalog
from bot.twitch.chat_text import TWITCH_VOICE
from bot.twitch.commands import (
    CancelDrop,
    ClaimCommand,
    CloseDrop,
    DisqualifyWinner,
    DropHelp,
    DropStatusRequest,
    EditDrop,
    ExtendDrop,
    LinkCommand,
    ListDrops,
    OpenDrop,
    PauseDrop,
    RerollNow,
    UsageError,
    is_privileged,
    parse,
)


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("!claim", ClaimCommand()),
        ("!enter", ClaimCommand()),
        ("  !CLAIM  ", ClaimCommand()),
        ("!claim hoodie", ClaimCommand("hoodie")),
        ("!link ABCD-1234", LinkCommand("ABCD-1234")),
        ("!drop open hoodie", OpenDrop("hoodie")),
        (
            "!drop open Hoodie supply=48 for=10m early=2m mode=fcfs",
            OpenDrop("hoodie", 48, timedelta(minutes=10), timedelta(minutes=2), Mode.FCFS),
        ),
        ('!drop open pin title="Episode 4 pin"', OpenDrop("pin", title="Episode 4 pin")),
        ("!drop open pin at=20:00", OpenDrop("pin", at="20:00")),
        ("!drop open pin beacon=off", OpenDrop("pin", beacon=False)),
        ("!drop open pin beacon=ON", OpenDrop("pin", beacon=True)),
        ("!drop close", CloseDrop()),
        ("!drop close hoodie", CloseDrop("hoodie")),
        ("!drop status", DropStatusRequest()),
        ("!drop cancel hoodie merch is late", CancelDrop("hoodie", "merch is late")),
        ("!drop reroll", RerollNow()),
        ("!drop disqualify @Fan1", DisqualifyWinner("fan1")),
        ("!drop extend 5m", ExtendDrop(timedelta(minutes=5))),
        ("!drop extend -5m hoodie", ExtendDrop(timedelta(minutes=-5), "hoodie")),
        ("!drop shorten 1h30m", ExtendDrop(-timedelta(hours=1, minutes=30))),
        ("!drop pause", PauseDrop()),
        ("!drop edit pin supply=5 at=21:00", EditDrop(OpenDrop("pin", supply=5, at="21:00"))),
        ("!drop resume hoodie", PauseDrop(resume=True, name="hoodie")),
        ("!drop disqualify fan1 alt account", DisqualifyWinner("fan1", "alt account")),
        ("!drop help", DropHelp()),
        ("!DROP HELP", DropHelp()),
        ("!drop list", ListDrops()),
    ],
)
def test_commands_people_type(text: str, command: object) -> None:
    assert parse(text) == command


@pytest.mark.parametrize(
    "text",
    ["hello", "!", "!lurk", "claim", "@everyone !claim", "!" + "x" * 400, "/ban someone"],
)
def test_other_chat_is_not_a_command(text: str) -> None:
    assert parse(text) is None


USAGE_DROP = (
    "usage: !drop open|close|status|cancel|reroll|list|disqualify|extend|shorten|pause|resume|edit"
    "|schedule|series|help"
)


@pytest.mark.parametrize(
    ("text", "usage"),
    [
        ("!drop", USAGE_DROP),
        ("!drop explode", USAGE_DROP),
        ("!drop help me", "usage: !drop help"),
        ("!drop list all", "usage: !drop list"),
        ("!drop open", "usage: !drop open NAME"),
        ("!drop disqualify", "usage: !drop disqualify @user [reason]"),
        ("!drop extend", "usage: !drop extend 5m (or -5m) [NAME]"),
        ("!drop edit pin", "usage: !drop edit NAME [supply=N]"),
        ("!drop edit pin mode=fcfs", "usage: !drop edit NAME [supply=N]"),
        ("!drop extend soon", "soon is not a duration like 5m or 1h30m"),
        ("!drop disqualify @", "usage: !drop disqualify @user [reason]"),
        ("!drop open supply=4", "usage: !drop open NAME"),
        ("!drop open x supply=many", "supply=many must be a whole number from 1 to 1,000,000"),
        ("!drop open x supply=0", "supply=0 must be a whole number"),
        ("!drop open x for=soon", "for=soon is not a duration like 30s, 10m or 1h30m"),
        ("!drop open x mode=raffle", "mode=raffle must be lottery or fcfs"),
        ("!drop open x beacon=maybe", "beacon=maybe must be on or off"),
        ("!drop open x colour=red", "unknown option colour="),
        ("!drop open x supply", "'supply' is not key=value"),
        ("!drop open x supply=1 supply=2", "supply= given twice"),
        ("!drop close a b", "usage: !drop close [NAME]"),
        ("!drop pause a b", "usage: !drop pause [NAME]"),
        ("!drop series stop", "usage: !drop series (the running ones), !drop series stop NAME"),
        ("!drop schedule tee every fri 20:00 at=21:00", "at= has no place in a series"),
        ("!drop schedule tee every fri 20:00 keyword=!tee", "keyword= has no place in a series"),
        ("!link", "usage: !link CODE"),
        ("!link A B", "usage: !link CODE"),
    ],
)
def test_malformed_commands_get_a_one_line_usage_reply(text: str, usage: str) -> None:
    with pytest.raises(UsageError) as caught:
        parse(text)
    message = caught.value.said()
    assert usage in message and "\n" not in message and len(message) <= 500


def test_unbalanced_quotes_do_not_break_parsing() -> None:
    assert parse('!drop open x title="unfinished') == OpenDrop("x", title='"unfinished')


def test_only_drop_management_is_privileged() -> None:
    assert is_privileged(OpenDrop("x")) and is_privileged(CloseDrop())
    assert is_privileged(CancelDrop()) and is_privileged(RerollNow())
    # Status too, as the help line says: a reply per viewer asking would flood the channel.
    assert is_privileged(ListDrops()) and is_privileged(DropStatusRequest())
    assert not is_privileged(ClaimCommand()) and not is_privileged(LinkCommand("x"))
    assert not is_privileged(DropHelp())


def test_help_fits_one_chat_message() -> None:
    assert len(shipped_catalog().say(TWITCH_VOICE, "twitch-help")) <= 500


def test_help_and_the_longest_usage_reply_fit_one_chat_message_in_every_language() -> None:
    catalog = shipped_catalog()
    for language in catalog.languages:
        for message_id in ("twitch-help", "twitch-usage-open"):
            answer = catalog.say_in(language, TWITCH_VOICE, message_id)
            line = catalog.say_in(
                language, TWITCH_VOICE, "twitch-reply", answer=answer, mention="@" + "x" * 25
            )
            assert len(line) <= 500 and line.endswith("x)"), (language, message_id)


def test_a_usage_reply_is_said_whole_in_english_as_before() -> None:
    with pytest.raises(UsageError) as caught:
        parse("!drop extend soon")

    assert caught.value.said() == (
        "soon is not a duration like 5m or 1h30m; "
        "usage: !drop extend 5m (or -5m) [NAME], !drop shorten 5m [NAME]"
    )


def test_a_usage_reply_is_said_in_the_communitys_language() -> None:
    with pytest.raises(UsageError) as caught:
        parse("!drop open x supply=muchas")

    messages.install(shipped_catalog(languages={"canal": "es"}))
    try:
        said, other = caught.value.said("canal"), caught.value.said("stream")
    finally:
        messages.install(shipped_catalog())

    assert said == "supply=muchas debe ser un número entero de 1 a 1.000.000"
    assert other == "supply=muchas must be a whole number from 1 to 1,000,000"


def test_what_a_moderator_typed_goes_into_a_usage_reply_inert() -> None:
    with pytest.raises(UsageError) as caught:
        parse("!drop open x 'mode=\u202eraffle\nx'")

    said = caught.value.said()
    assert "\n" not in said and "\u202e" not in said
    assert said.startswith("mode=raffle x must be lottery or fcfs")
