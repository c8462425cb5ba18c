"""Typed notices: what the core asks every sink to say, one frozen dataclass per outbox kind.

A notice travels in the outbox as a kind string and a JSON payload (the columns are unchanged),
encoded and decoded here only. The payload carries the schema's version as `"v"`; a row without
one was written before versions existed and reads as version 1, which has the same fields.

Reading is tolerant of what older rows leave out (a missing field takes its default, as the sinks
always treated it) and strict about the rest: an unknown kind, an unknown version, a payload that
is not an object or a field of the wrong type raises `NoticeError`, which an outbox sink counts as
a failed delivery (so the row is retried, then parked), never as a reason to stop.

Sinks render a notice with `match` and end with `case _: assert_never(notice)`, so a notice added
here and forgotten by a sink fails `mypy bot`. Adding a notice: its dataclass and its line in
`KINDS` in `bot.drops.notice_kinds`, its fields in `_fields` and `decode` here, then a case in
each sink.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, NamedTuple, assert_never

from bot.drops.figures import ConversionSummary
from bot.drops.model import OutboxMessage
from bot.drops.notice_kinds import (
    COMMITTING_KINDS,
    KINDS,
    Announcement,
    BeaconWaiting,
    Cancelled,
    Closed,
    ClosingSoon,
    Drawn,
    DropNews,
    Extended,
    Notice,
    Opened,
    OpenedEarly,
    OpenToEveryone,
    Paused,
    Rerolled,
    Scheduled,
    SeasonEpisode,
    SeasonSummary,
    Settled,
    Summary,
    SummaryLine,
    TierOpening,
    Won,
)
from bot.gating.rules import stored_rule

# The notices are defined in `notice_kinds`; their names are importable from here too.
__all__ = [
    "CHANNEL",
    "COMMITTING_KINDS",
    "KINDS",
    "VERSION",
    "Announcement",
    "BeaconWaiting",
    "Cancelled",
    "Closed",
    "ClosingSoon",
    "Drawn",
    "DropNews",
    "Encoded",
    "Extended",
    "Notice",
    "NoticeError",
    "OpenToEveryone",
    "Opened",
    "OpenedEarly",
    "Paused",
    "Rerolled",
    "Scheduled",
    "SeasonEpisode",
    "SeasonSummary",
    "Settled",
    "Summary",
    "SummaryLine",
    "TierOpening",
    "Won",
    "decode",
    "encode",
    "kind_of",
    "notice_of",
    "outbox_message",
]

VERSION = 1  # the payload schema this release writes and reads
CHANNEL = "channel"  # the audience of a notice said in the drop's channel


class NoticeError(ValueError):
    """An outbox row this release cannot read as a notice (the message says why, in one line)."""


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
    if kind == "season_summary":
        return SeasonSummary(
            series=read.text("series"),
            channel=read.text("channel"),
            period=read.text("period"),
            as_of=read.time("as_of"),
            episodes=read.season_episodes("episodes"),
            entrants=read.optional_int("entrants") or 0,
            returning=read.optional_int("returning") or 0,
            redeemed=read.optional_int("redeemed") or 0,
            retention=read.rates("retention"),
            lift=payload.get("lift") is True,
            subscriptions=read.optional_int("subscriptions"),
            expected=read.optional_number("expected"),
        )
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
        case SeasonSummary():
            return {
                "series": notice.series,
                "channel": notice.channel,
                "period": notice.period,
                "as_of": _iso(notice.as_of),
                "episodes": [
                    {
                        "drop": e.drop,
                        "entrants": e.entrants,
                        "winners": e.winners,
                        "redeemed": e.redeemed,
                        "retention": list(e.retention),
                    }
                    for e in notice.episodes
                ],
                "entrants": notice.entrants,
                "returning": notice.returning,
                "redeemed": notice.redeemed,
                "retention": list(notice.retention),
                "lift": notice.lift,
                "subscriptions": notice.subscriptions,
                "expected": notice.expected,
            }
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

    def optional_number(self, key: str) -> float | None:
        value = self.payload.get(key)
        if value is None:
            return None
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        raise self._wrong(key, "a number")

    def rates(self, key: str) -> tuple[float | None, ...]:
        value = self.payload.get(key)
        if value is None:
            return ()
        if isinstance(value, list) and all(
            v is None or (isinstance(v, int | float) and not isinstance(v, bool)) for v in value
        ):
            return tuple(None if v is None else float(v) for v in value)
        raise self._wrong(key, "a list of rates")

    def _records(self, key: str, what: str) -> list[_Reader]:
        """A list of objects under `key` (none if absent), each read as a payload of its own."""
        value = self.payload.get(key)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
            raise self._wrong(key, f"a list of {what}")
        return [_Reader(self.kind, v) for v in value]

    def season_episodes(self, key: str) -> tuple[SeasonEpisode, ...]:
        return tuple(
            SeasonEpisode(
                drop=read.text("drop"),
                entrants=read.optional_int("entrants") or 0,
                winners=read.optional_int("winners") or 0,
                redeemed=read.optional_int("redeemed") or 0,
                retention=read.rates("retention"),
            )
            for read in self._records(key, "episodes")
        )

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
        return tuple(
            TierOpening(
                read.text("name"),
                read.time("opens_at"),
                read.text("who"),
                stored_rule(read.payload.get("rule")),
            )
            for read in self._records(key, "tiers")
        )
