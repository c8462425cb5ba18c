"""Typed notices: what the core asks every sink to say, one frozen dataclass per outbox kind.

A notice travels in the outbox as a kind string and a JSON payload (the columns are unchanged),
encoded and decoded here only. The payload carries the schema's version as `"v"`; a row without
one was written before versions existed and reads as version 1, which has the same fields.

Reading is tolerant of what older rows leave out (a missing field takes its default, as the sinks
always treated it) and strict about the rest: an unknown kind, an unknown version, a payload that
is not an object or a field of the wrong type raises `NoticeError`, which an outbox sink counts as
a failed delivery (so the row is retried, then parked), never as a reason to stop.

Sinks render a notice with `match` and end with `case _: assert_never(notice)`, so a notice added
here and forgotten by a sink fails `mypy bot`. Adding a notice: a dataclass below, a line in
`KINDS`, its fields in `_fields` and `decode`, then a case in each sink.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, NamedTuple, TypeAlias, assert_never

from bot.drops.figures import ConversionSummary
from bot.drops.model import OutboxMessage
from bot.gating.rules import Rule, stored_rule

VERSION = 1  # the payload schema this release writes and reads
CHANNEL = "channel"  # the audience of a notice said in the drop's channel


class NoticeError(ValueError):
    """An outbox row this release cannot read as a notice (the message says why, in one line)."""


@dataclass(frozen=True, slots=True)
class TierOpening:
    """One tier of a drop, as an announcement shows it: who may enter, and from when."""

    name: str = ""
    opens_at: datetime | None = None
    who: str = ""  # the tier's rule in English words ("subscribers"), for a reader without `rule`
    # The rule itself, so each adapter says it in its community's language (None in a row
    # written before it was stored, or one this release cannot read: `who` is said then).
    rule: Rule | None = None


@dataclass(frozen=True, slots=True)
class DropNews:
    """What every announcement of a drop's state carries."""

    drop: str = ""  # the drop's name
    title: str = ""
    state: str = ""  # the drop's state when the notice was written
    supply: int | None = None
    mode: str = ""  # "lottery" or "fcfs"
    commitment: str = ""  # the seed's commitment (never the seed before the draw)
    closes_at: datetime | None = None
    starts_at: datetime | None = None
    tiers: tuple[TierOpening, ...] = ()
    beacon_round: int | None = None  # the drand round committed to at open, if any
    keyword: str = ""  # the word that enters the drop in chat besides !claim, if any


@dataclass(frozen=True, slots=True)
class Scheduled(DropNews):
    """A drop was scheduled to open later."""


@dataclass(frozen=True, slots=True)
class Opened(DropNews):
    """A scheduled or draft drop opened."""


@dataclass(frozen=True, slots=True)
class OpenedEarly(DropNews):
    """A drop was created straight into its early-access phase."""


@dataclass(frozen=True, slots=True)
class OpenToEveryone(DropNews):
    """A drop's public phase began (or it was created straight into it)."""


@dataclass(frozen=True, slots=True)
class ClosingSoon(DropNews):
    """A drop closes in a minute."""


@dataclass(frozen=True, slots=True)
class Closed(DropNews):
    """A drop took its last entry; its entry list is frozen under `entry_hash`."""

    entry_hash: str = ""
    entrants: int | None = None


@dataclass(frozen=True, slots=True)
class Cancelled(DropNews):
    """A drop was cancelled; any codes issued for it are void."""

    reason: str = ""


@dataclass(frozen=True, slots=True)
class Extended(DropNews):
    """A moderator moved an open drop's close (`closes_at` is the new one): later by
    `seconds`, or earlier when negative."""

    seconds: int | None = None


@dataclass(frozen=True, slots=True)
class Paused(DropNews):
    """A moderator paused an open drop (`paused`), or resumed it (then `closes_at` is its new
    close, moved by the pause)."""

    paused: bool = True


@dataclass(frozen=True, slots=True)
class Settled(DropNews):
    """Every unit of a drop is claimed or passed on."""


@dataclass(frozen=True, slots=True)
class Drawn:
    """A lottery was drawn: its winners (display names, with each one's platform) and what
    anyone needs to verify the draw, the seed now revealed."""

    drop: str = ""
    title: str = ""
    winners: tuple[str, ...] = ()
    winner_platforms: tuple[str, ...] = ()
    guaranteed: tuple[str, ...] = ()  # units handed out from guaranteed lists before the draw
    left_out: int | None = None
    entrants: int | None = None
    seed: str = ""
    commitment: str = ""
    entry_hash: str = ""


@dataclass(frozen=True, slots=True)
class Won:
    """One unit went to one winner (the row's audience); `via` says how: "draw", "fcfs",
    "guaranteed" or "reroll". Never a code: winners fetch theirs."""

    drop: str = ""
    title: str = ""
    serial: int | None = None
    display_name: str = ""
    platform: str = ""
    via: str = ""
    claim_deadline: datetime | None = None


@dataclass(frozen=True, slots=True)
class Rerolled:
    """A unit was not claimed in time, or its winner was disqualified by a moderator
    (`disqualified`, with the moderator's `reason`), and passed to the next entrant in line
    (`passed_to`, None when nobody was left)."""

    drop: str = ""  # its name
    title: str = ""  # its title (rows written before 0.1 have none: say the name then)
    serial: int | None = None
    passed_from: str = ""
    passed_to: str | None = None
    disqualified: bool = False
    reason: str = ""  # the moderator's words, user text: escape where shown


@dataclass(frozen=True, slots=True)
class BeaconWaiting:
    """A lottery's draw waits for its committed drand round, which cannot be had yet.

    ``policy`` is what happens after ``max_wait`` seconds ("wait": keep waiting;
    "draw-without": draw without the round, recorded in the transcript)."""

    drop: str = ""
    title: str = ""
    round: int | None = None
    policy: str = ""
    max_wait: int | None = None


@dataclass(frozen=True, slots=True)
class Summary:
    """A drop's conversion summary, figures and all."""

    figures: ConversionSummary


@dataclass(frozen=True, slots=True)
class SummaryLine:
    """A summary already in words (a row whose payload holds no figures)."""

    text: str = ""


# A drop's announcements in its channel, each carrying `DropNews`.
Announcement: TypeAlias = (
    Scheduled
    | Opened
    | OpenedEarly
    | OpenToEveryone
    | ClosingSoon
    | Closed
    | Cancelled
    | Extended
    | Paused
    | Settled
)
Notice: TypeAlias = Announcement | Drawn | Won | Rerolled | BeaconWaiting | Summary | SummaryLine

# The outbox kind of each notice: these strings are in databases, so they never change.
KINDS: dict[type[Notice], str] = {
    Scheduled: "scheduled",
    Opened: "opened",
    OpenedEarly: "early",
    OpenToEveryone: "public",
    ClosingSoon: "closing",
    Closed: "closed",
    Cancelled: "cancelled",
    Extended: "extended",
    Paused: "paused",
    Settled: "settled",
    Drawn: "drawn",
    Won: "won",
    Rerolled: "reroll",
    BeaconWaiting: "beacon_wait",
    Summary: "summary",
    SummaryLine: "summary",
}
# The announcements that open a drop's entries (or its public phase) with its commitment: the
# platforms' message ids of these are kept as receipts (`AnnouncementReceipt`).
COMMITTING_KINDS = frozenset(KINDS[kind] for kind in (Opened, OpenedEarly, OpenToEveryone))
# The announcements that carry nothing beyond `DropNews` (Closed and Cancelled carry more).
_PLAIN_NEWS: dict[str, Callable[..., Notice]] = {
    "scheduled": Scheduled,
    "opened": Opened,
    "early": OpenedEarly,
    "public": OpenToEveryone,
    "closing": ClosingSoon,
    "settled": Settled,
}


class Encoded(NamedTuple):
    kind: str
    payload: dict[str, object]  # JSON-safe, "v" included
    version: int


def kind_of(notice: Notice) -> str:
    """The outbox kind `notice` is stored under."""
    return KINDS[type(notice)]


def encode(notice: Notice) -> Encoded:
    """`notice` as the outbox stores it: its kind, and a JSON-safe payload carrying `"v"`."""
    return Encoded(kind_of(notice), {**_fields(notice), "v": VERSION}, VERSION)


def decode(kind: str, payload: object) -> Notice:
    """The notice an outbox row holds; `NoticeError` if this release cannot read it."""
    if not isinstance(payload, Mapping):
        raise NoticeError(f"outbox row of kind {kind!r}: the payload is not a JSON object")
    read = _Reader(kind, payload)
    version = read.optional_int("v")
    if version is not None and version != VERSION:
        raise NoticeError(
            f"outbox row of kind {kind!r} is version {version}; this release reads {VERSION}"
        )
    if kind == "closed":
        return Closed(
            **_news(read),
            entry_hash=read.text("entry_hash"),
            entrants=read.optional_int("entrants"),
        )
    if kind == "cancelled":
        return Cancelled(**_news(read), reason=read.text("reason"))
    if kind == "paused":
        return Paused(**_news(read), paused=read.payload.get("paused") is not False)
    if kind == "extended":
        return Extended(**_news(read), seconds=read.optional_int("seconds"))
    news = _PLAIN_NEWS.get(kind)
    if news is not None:
        return news(**_news(read))
    if kind == "drawn":
        return Drawn(
            drop=read.text("drop"),
            title=read.text("title"),
            winners=read.texts("winners"),
            winner_platforms=read.texts("winner_platforms"),
            guaranteed=read.texts("guaranteed"),
            left_out=read.optional_int("left_out"),
            entrants=read.optional_int("entrants"),
            seed=read.text("seed"),
            commitment=read.text("commitment"),
            entry_hash=read.text("entry_hash"),
        )
    if kind == "won":
        return Won(
            drop=read.text("drop"),
            title=read.text("title"),
            serial=read.optional_int("serial"),
            display_name=read.text("display_name"),
            platform=read.text("platform"),
            via=read.text("via"),
            claim_deadline=read.time("claim_deadline"),
        )
    if kind == "reroll":
        return Rerolled(
            drop=read.text("drop"),
            title=read.text("title"),
            serial=read.optional_int("serial"),
            passed_from=read.text("from"),
            passed_to=read.optional_text("to"),
            disqualified=payload.get("disqualified") is True,
            reason=read.text("reason"),
        )
    if kind == "beacon_wait":
        return BeaconWaiting(
            drop=read.text("drop"),
            title=read.text("title"),
            round=read.optional_int("round"),
            policy=read.text("policy"),
            max_wait=read.optional_int("max_wait"),
        )
    if kind == "summary":
        try:
            return Summary(ConversionSummary.from_payload(payload))
        except ValueError:
            return SummaryLine(read.text("text") or read.text("line"))
    raise NoticeError(f"outbox row of unknown kind {kind!r}")


def _news(read: _Reader) -> dict[str, Any]:
    """The fields every `DropNews` has, as keyword arguments."""
    return {
        "drop": read.text("drop"),
        "title": read.text("title"),
        "state": read.text("state"),
        "supply": read.optional_int("supply"),
        "mode": read.text("mode"),
        "commitment": read.text("commitment"),
        "closes_at": read.time("closes_at"),
        "starts_at": read.time("starts_at"),
        "tiers": read.tiers("tiers"),
        "beacon_round": read.optional_int("beacon_round"),
        "keyword": read.text("keyword"),
    }


def notice_of(message: OutboxMessage) -> Notice:
    """The notice `message` carries (see `decode`)."""
    return decode(message.kind, message.payload)


def outbox_message(
    notice: Notice,
    *,
    drop_id: int,
    created_at: datetime,
    audience: str = CHANNEL,
    dedupe_key: str | None = None,
) -> OutboxMessage:
    """`notice` as an outbox row; the dedupe key defaults to `<kind>:<drop id>`."""
    kind, payload, _ = encode(notice)
    return OutboxMessage(
        dedupe_key=dedupe_key or f"{kind}:{drop_id}",
        drop_id=drop_id,
        kind=kind,
        audience=audience,
        payload=payload,
        created_at=created_at,
    )


# --- encoding ---------------------------------------------------------------------------------


def _fields(notice: Notice) -> dict[str, object]:
    """The payload's fields, named as the release before typed notices named them."""
    match notice:
        case DropNews():
            return _news_fields(notice)
        case Drawn():
            return {
                "drop": notice.drop,
                "title": notice.title,
                "winners": list(notice.winners),
                "winner_platforms": list(notice.winner_platforms),
                "guaranteed": list(notice.guaranteed),
                "left_out": notice.left_out,
                "entrants": notice.entrants,
                "seed": notice.seed,
                "commitment": notice.commitment,
                "entry_hash": notice.entry_hash,
            }
        case Won():
            return {
                "drop": notice.drop,
                "title": notice.title,
                "serial": notice.serial,
                "display_name": notice.display_name,
                "platform": notice.platform,
                "via": notice.via,
                "claim_deadline": _iso(notice.claim_deadline),
            }
        case Rerolled():
            # A title only when there is one: rows of earlier releases have none, and read
            # back they must write back as they were.
            titled = {"title": notice.title} if notice.title else {}
            return {
                "drop": notice.drop,
                **titled,
                "serial": notice.serial,
                "from": notice.passed_from,
                "to": notice.passed_to,
                # Only a disqualification carries these: a lapse's row reads as it always did.
                **({"disqualified": True} if notice.disqualified else {}),
                **({"reason": notice.reason} if notice.reason else {}),
            }
        case BeaconWaiting():
            return {
                "drop": notice.drop,
                "title": notice.title,
                "round": notice.round,
                "policy": notice.policy,
                "max_wait": notice.max_wait,
            }
        case Summary():
            return dict(notice.figures.to_payload())
        case SummaryLine():
            return {"text": notice.text}
        case _:
            assert_never(notice)


def _news_fields(news: DropNews) -> dict[str, object]:
    fields: dict[str, object] = {
        "drop": news.drop,
        "title": news.title,
        "state": news.state,
        "supply": news.supply,
        "mode": news.mode,
        "commitment": news.commitment,
        "closes_at": _iso(news.closes_at),
        "starts_at": _iso(news.starts_at),
        "tiers": [
            {"name": t.name, "opens_at": _iso(t.opens_at), "who": t.who}
            | ({"rule": t.rule.to_config()} if t.rule is not None else {})
            for t in news.tiers
        ],
    }
    if news.beacon_round is not None:
        fields["beacon_round"] = news.beacon_round
    if news.keyword:
        fields["keyword"] = news.keyword
    if isinstance(news, Closed):
        fields["entry_hash"] = news.entry_hash
        if news.entrants is not None:
            fields["entrants"] = news.entrants
    if isinstance(news, Cancelled):
        fields["reason"] = news.reason
    if isinstance(news, Extended):
        fields["seconds"] = news.seconds
    if isinstance(news, Paused):
        fields["paused"] = news.paused
    return fields


def _iso(at: datetime | None) -> str | None:
    return at.isoformat() if at is not None else None


# --- decoding ---------------------------------------------------------------------------------


class _Reader:
    """Fields of one payload: a missing or null field reads as its default, a field of the
    wrong type raises `NoticeError` naming it."""

    def __init__(self, kind: str, payload: Mapping[object, object]) -> None:
        self.kind, self.payload = kind, payload

    def _wrong(self, key: str, expected: str) -> NoticeError:
        return NoticeError(f"outbox row of kind {self.kind!r}: {key!r} is not {expected}")

    def optional_text(self, key: str) -> str | None:
        value = self.payload.get(key)
        if value is None or isinstance(value, str):
            return value
        raise self._wrong(key, "text")

    def text(self, key: str) -> str:
        return self.optional_text(key) or ""

    def optional_int(self, key: str) -> int | None:
        value = self.payload.get(key)
        if value is None or (isinstance(value, int) and not isinstance(value, bool)):
            return value
        raise self._wrong(key, "a whole number")

    def texts(self, key: str) -> tuple[str, ...]:
        value = self.payload.get(key)
        if value is None:
            return ()
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return tuple(value)
        raise self._wrong(key, "a list of text")

    def time(self, key: str) -> datetime | None:
        value = self.optional_text(key)
        if not value:
            return None
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            raise self._wrong(key, "an ISO time") from None

    def tiers(self, key: str) -> tuple[TierOpening, ...]:
        value = self.payload.get(key)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(t, Mapping) for t in value):
            raise self._wrong(key, "a list of tiers")
        tiers = []
        for tier in value:
            read = _Reader(self.kind, tier)
            opening = TierOpening(read.text("name"), read.time("opens_at"), read.text("who"))
            tiers.append(replace(opening, rule=stored_rule(tier.get("rule"))))
        return tuple(tiers)
