"""Chat commands as text: `!drop open hoodie supply=48 for=10m early=2m`, `!claim`, `!link CODE`.

Pure parsing into small command objects, apart from twitchio so it is tested as a table. A
malformed command raises `UsageError` whose message is the one-line usage reply for chat.
"""

from __future__ import annotations

import itertools
import shlex
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta

from bot.drops.keywords import COMMAND_WORDS, MAX_KEYWORD
from bot.drops.model import Mode
from bot.kernel.durations import parse_duration
from bot.kernel.errors import FairdropError, InvalidSpec
from bot.messages.catalog import Value, Verbatim, current
from bot.twitch.chat_text import TWITCH_VOICE

PREFIX = "!"
MAX_COMMAND = 300  # longer chat text is not a command we will parse


class UsageError(FairdropError, ValueError):
    """A malformed command: `said` is the one-line reply in the community's words, from the
    catalog's `message_id` with what was `typed` and, when it ends with one, a usage line."""

    def __init__(self, message_id: str, typed: str = "", usage: str = "") -> None:
        super().__init__(message_id)
        self.message_id, self.typed, self.usage = message_id, typed, usage

    def said(self, community: str = "") -> str:
        """The reply as `community` is spoken to (its overrides and language)."""
        catalog = current()
        values: dict[str, Value] = {"typed": self.typed} if self.typed else {}
        if self.usage:
            usage = catalog.say(TWITCH_VOICE, self.usage, community)
            values["usage"] = Verbatim(usage)
        return catalog.say(TWITCH_VOICE, self.message_id, community, **values)


@dataclass(frozen=True, slots=True)
class OpenDrop:
    name: str
    supply: int | None = None
    entry_window: timedelta | None = None
    early: timedelta | None = None  # how long the early-access windows last before the public
    mode: Mode | None = None
    title: str | None = None
    at: str | None = None  # when it starts (`20:00`, `+10m`); checked against the clock later
    beacon: bool | None = None  # beacon=on|off: commit to a drand round (None: the default)
    keyword: str | None = None  # keyword=!hoodie: a word that enters this drop in chat


@dataclass(frozen=True, slots=True)
class CloseDrop:
    name: str | None = None


@dataclass(frozen=True, slots=True)
class DropStatusRequest:
    name: str | None = None


@dataclass(frozen=True, slots=True)
class CancelDrop:
    name: str | None = None
    reason: str = ""


@dataclass(frozen=True, slots=True)
class RerollNow:
    pass


@dataclass(frozen=True, slots=True)
class ListDrops:
    pass


@dataclass(frozen=True, slots=True)
class DisqualifyWinner:
    login: str  # as typed after `@`, lower case
    reason: str = ""


@dataclass(frozen=True, slots=True)
class ExtendDrop:
    by: timedelta  # negative: shorten
    name: str | None = None


@dataclass(frozen=True, slots=True)
class PauseDrop:
    resume: bool = False  # False: pause
    name: str | None = None


@dataclass(frozen=True, slots=True)
class EditDrop:
    changes: OpenDrop  # the options typed, as `!drop open` reads them (mode excepted)


@dataclass(frozen=True, slots=True)
class ScheduleSeries:
    """`!drop schedule hoodie every fri 20:00 supply=50`: a drop every week, opened by itself."""

    every: str  # the day and time as typed (`fri 20:00`); checked by the series' rule
    options: OpenDrop  # the series' name and what each of its drops opens with

    @property
    def name(self) -> str:
        return self.options.name


@dataclass(frozen=True, slots=True)
class ListSeries:
    pass


@dataclass(frozen=True, slots=True)
class StopSeries:
    name: str


@dataclass(frozen=True, slots=True)
class DropHelp:
    pass


@dataclass(frozen=True, slots=True)
class ClaimCommand:
    name: str | None = None


@dataclass(frozen=True, slots=True)
class LinkCommand:
    code: str


ChatCommand = (
    OpenDrop
    | CloseDrop
    | DropStatusRequest
    | CancelDrop
    | RerollNow
    | ListDrops
    | DisqualifyWinner
    | ExtendDrop
    | PauseDrop
    | EditDrop
    | ScheduleSeries
    | ListSeries
    | StopSeries
    | DropHelp
    | ClaimCommand
    | LinkCommand
)
PRIVILEGED = (
    ListDrops,
    DropStatusRequest,
    OpenDrop,
    CloseDrop,
    CancelDrop,
    RerollNow,
    DisqualifyWinner,
    ExtendDrop,
    PauseDrop,
    EditDrop,
    ScheduleSeries,
    ListSeries,
    StopSeries,
)
_PLAIN_CLAIMS = frozenset({"!claim", "!enter"})
# Entry words of one channel: a drop's keyword (to its name) or an alias of !claim (to None).
EntryWords = Mapping[str, str | None]
NO_WORDS: EntryWords = {}

# Every command a chatter can type, by its first words, and what it parses into: the parser
# knows no other `!drop` verb, and the privilege matrix test (tests/test_privileges.py) runs
# every entry as each kind of chatter, so a command added here without a row there fails it.
COMMANDS: dict[str, type[ChatCommand]] = {
    "claim": ClaimCommand,
    "enter": ClaimCommand,
    "link": LinkCommand,
    "drop open": OpenDrop,
    "drop close": CloseDrop,
    "drop status": DropStatusRequest,
    "drop cancel": CancelDrop,
    "drop reroll": RerollNow,
    "drop list": ListDrops,
    "drop disqualify": DisqualifyWinner,
    "drop extend": ExtendDrop,
    "drop shorten": ExtendDrop,
    "drop pause": PauseDrop,
    "drop resume": PauseDrop,
    "drop edit": EditDrop,
    "drop schedule": ScheduleSeries,
    "drop series": ListSeries,
    "drop series stop": StopSeries,
    "drop help": DropHelp,
}


def is_privileged(command: ChatCommand) -> bool:
    return isinstance(command, PRIVILEGED)


def parse(text: str, entry_words: EntryWords = NO_WORDS) -> ChatCommand | None:
    """The command in a chat message, None if it is not one of ours, UsageError if malformed.

    `entry_words` are the channel's entry words: a drop's keyword enters that drop, an alias of
    !claim the running one (the rest of the message after the word is ignored, like chat).
    """
    text = text.strip()
    if not text.startswith(PREFIX) or len(text) > MAX_COMMAND:
        return None  # most chat: one look at the first character
    lowered = text.lower()
    if lowered in _PLAIN_CLAIMS:  # the message a rush is made of: no tokenizing needed
        return ClaimCommand()
    first = lowered.split(maxsplit=1)[0]
    if first in entry_words:
        return ClaimCommand(entry_words[first])
    if first not in COMMAND_WORDS:
        return None  # another bot's command (!uptime, !so...): not tokenized for nothing
    try:
        words = shlex.split(text[len(PREFIX) :])
    except ValueError:
        words = text[len(PREFIX) :].split()
    if not words:
        return None
    head, args = words[0].lower(), words[1:]
    if head in ("claim", "enter"):
        return ClaimCommand(args[0].lower() if args else None)
    if head == "link":
        if len(args) != 1:
            raise UsageError("twitch-usage-link")
        return LinkCommand(args[0])
    if head == "drop":
        return _drop(args)
    return None


def _drop(args: list[str]) -> ChatCommand:
    if not args:
        raise UsageError("twitch-usage-drop")
    verb, rest = args[0].lower(), args[1:]
    if f"drop {verb}" not in COMMANDS:
        raise UsageError("twitch-usage-drop")
    if verb == "open":
        return _open(rest)
    if verb in ("list", "help") and rest:
        raise UsageError(f"twitch-usage-{verb}")
    if verb == "edit":
        changes = _open(rest) if rest and "=" not in rest[0] else None
        if changes is None or changes.mode is not None or len(rest) < 2:
            raise UsageError("twitch-usage-edit")
        return EditDrop(changes)
    if verb in ("extend", "shorten"):
        return _extend(verb, rest)
    if verb == "schedule":
        return _schedule(rest)
    if verb == "series":
        if not rest:
            return ListSeries()
        if len(rest) == 2 and rest[0].lower() == "stop":
            return StopSeries(rest[1].lower())
        raise UsageError("twitch-usage-series")
    if verb == "disqualify":
        login = rest[0].lstrip("@").lower() if rest else ""
        if not login:
            raise UsageError("twitch-usage-disqualify")
        return DisqualifyWinner(login, " ".join(rest[1:])[:200])
    if verb in ("close", "status", "reroll", "pause", "resume") and len(rest) > 1:
        raise UsageError(f"twitch-usage-{verb}")
    name = rest[0].lower() if rest else None
    if verb == "close":
        return CloseDrop(name)
    if verb == "status":
        return DropStatusRequest(name)
    if verb == "cancel":
        reason = " ".join(rest[1:])[:200]
        return CancelDrop(name, reason)
    if verb == "reroll":
        return RerollNow()
    if verb in ("pause", "resume"):
        return PauseDrop(verb == "resume", name)
    if verb == "help":
        return DropHelp()
    if verb == "list":
        return ListDrops()
    raise UsageError("twitch-usage-drop")


def _schedule(args: list[str]) -> ScheduleSeries:
    """NAME every DAY HH:MM, then `!drop open`'s options (but `at=`: the rule says when)."""
    if len(args) < 4 or args[1].lower() != "every" or "=" in args[0]:
        raise UsageError("twitch-usage-schedule")
    rule = list(itertools.takewhile(lambda word: "=" not in word, args[2:]))
    options = _open([args[0], *args[2 + len(rule) :]])
    if options.at is not None:
        raise UsageError("twitch-usage-at-in-series", usage="twitch-usage-schedule")
    if options.keyword is not None:  # one word cannot belong to every week's drop
        raise UsageError("twitch-usage-keyword-in-series", usage="twitch-usage-schedule")
    return ScheduleSeries(" ".join(rule), options)


def _extend(verb: str, args: list[str]) -> ExtendDrop:
    if not 1 <= len(args) <= 2:
        raise UsageError("twitch-usage-extend")
    text = args[0]
    sign = -1 if (verb == "shorten") != text.startswith("-") else 1
    try:
        by = parse_duration(text.removeprefix("-").removeprefix("+"))
    except InvalidSpec:
        raise UsageError("twitch-usage-not-a-duration", text, "twitch-usage-extend") from None
    return ExtendDrop(by * sign, args[1].lower() if len(args) == 2 else None)


def _open(args: list[str]) -> OpenDrop:
    if not args or "=" in args[0]:
        raise UsageError("twitch-usage-open")
    name, options = args[0].lower(), args[1:]
    values: dict[str, object] = {}
    for option in options:
        key, sep, value = option.partition("=")
        key = key.lower()
        if not sep or not value:
            raise UsageError("twitch-usage-not-key-value", option, "twitch-usage-open")
        if key in values:
            raise UsageError("twitch-usage-given-twice", key, "twitch-usage-open")
        values[key] = _option(key, value)
    # `for=` is what people type; the field is the entry window.
    renamed = {("entry_window" if k == "for" else k): v for k, v in values.items()}
    return OpenDrop(name, **renamed)  # type: ignore[arg-type]


def _option(key: str, value: str) -> object:
    if key == "supply":
        if not value.isdigit() or not 1 <= int(value) <= 1_000_000:
            raise UsageError("twitch-usage-supply", value)
        return int(value)
    if key in ("for", "early"):
        try:
            duration = parse_duration(value)
        except InvalidSpec:
            raise UsageError("twitch-usage-duration", f"{key}={value}") from None
        return duration
    if key == "mode":
        try:
            return Mode(value.lower())
        except ValueError:
            raise UsageError("twitch-usage-mode", value) from None
    if key == "title":
        return value[:80]
    if key == "at":
        return value[:40]
    if key == "keyword":
        return value[: MAX_KEYWORD + 5]  # checked as the drop is made (`bot.drops.keywords`)
    if key == "beacon":
        if value.lower() not in ("on", "off"):
            raise UsageError("twitch-usage-beacon", value)
        return value.lower() == "on"
    raise UsageError("twitch-usage-unknown-option", key, "twitch-usage-open")
