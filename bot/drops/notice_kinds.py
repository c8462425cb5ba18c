"""The notices themselves: one frozen dataclass per outbox kind, and the kind each is stored
under. `bot.drops.notices` encodes and decodes them (and re-exports every name here); this module
only says what each notice carries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TypeAlias

from bot.drops.figures import ConversionSummary
from bot.gating.rules import Rule


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


@dataclass(frozen=True, slots=True)
class SeasonEpisode:
    """One episode as a season summary's chart draws it."""

    drop: str = ""
    entrants: int = 0
    winners: int = 0
    redeemed: int = 0
    retention: tuple[float | None, ...] = ()  # back within 7, 30, 90 days; None: not known yet


@dataclass(frozen=True, slots=True)
class SeasonSummary:
    """A season's headline figures, posted once in its community (`bot.drops.season_summary`):
    after its last episode (`period` "final") or on the first of a month for the month before
    (`period` like "2026-11"). The row's drop is the season's latest episode by then."""

    series: str = ""
    channel: str = ""
    period: str = ""
    as_of: datetime | None = None
    episodes: tuple[SeasonEpisode, ...] = ()
    entrants: int = 0  # entries over the episodes: a person counts once per episode entered
    returning: int = 0  # of those, by people who had entered an earlier drop of the community
    redeemed: int = 0
    retention: tuple[float | None, ...] = ()  # the season's, pooled, at 7, 30, 90 days
    lift: bool = False  # lift is on: the subscriptions below are a comparison, said as one
    subscriptions: int | None = None  # new subscriptions in the 72 h after the episodes
    expected: float | None = None  # what the baseline expected in those hours; None: unknown

    @property
    def final(self) -> bool:
        return self.period == FINAL


FINAL = "final"  # a season summary's period after the last episode


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
Notice: TypeAlias = (
    Announcement | Drawn | Won | Rerolled | BeaconWaiting | Summary | SummaryLine | SeasonSummary
)

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
    SeasonSummary: "season_summary",
}
# The announcements that open a drop's entries (or its public phase) with its commitment: the
# platforms' message ids of these are kept as receipts (`AnnouncementReceipt`).
COMMITTING_KINDS = frozenset(KINDS[kind] for kind in (Opened, OpenedEarly, OpenToEveryone))
