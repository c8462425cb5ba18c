"""A drop's conversion summary: who entered, who won, what converted, as of one moment.

Every figure is counted from stored events with a time, and events after the summary's `as_of`
are left out, so the 24 h summary of a drop says the same whenever it is computed: what was
posted can be reproduced later with `fairdrop report`.

Counted per unit (an allocation), from the draw to the shop:

- winners: units allocated by then (first winners and guaranteed units; a unit passed on to
  the next in line is still one unit, so a drop never has more winners than units);
- delivered: a winner of the unit was told they won: the sink of their own platform (Twitch
  chat for a Twitch winner, Discord for a Discord one) sent their `won` notice, or they saw the
  code;
- viewed: the code itself was shown to a winner of the unit (claim page, Discord button,
  /mycodes, DM);
- redeemed: a partner redeemed the code.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from statistics import median

from bot.drops.entrylist import (
    FILTERED_AT_CLOSE,
    HOLDS_GUARANTEED,
    NO_LONGER_ELIGIBLE,
    ONE_ENTRY_PER_PERSON,
    WRONG_WINDOW,
)
from bot.drops.errors import UnknownDrop
from bot.drops.figures import ConversionSummary, Counts
from bot.drops.kpis import fairness
from bot.drops.model import (
    Allocation,
    CodeRecord,
    Drop,
    DropState,
    Entry,
    Redemption,
)
from bot.drops.notices import Summary, outbox_message
from bot.drops.ports import UnitOfWork
from bot.drops.timeline import summary_key
from bot.gating.antibot import FilterReason
from bot.kernel.errors import DropError

NOW = "now"  # the label of a summary as of the moment it was computed


@dataclass(frozen=True, slots=True)
class DropRecord:
    """What a summary is computed from: the drop's stored events."""

    drop: Drop
    entries: Sequence[Entry]
    allocations: Sequence[Allocation]
    codes: Sequence[CodeRecord]
    redemptions: Sequence[Redemption]
    kept_out: Mapping[str, int]  # filtered claims by reason
    returning: frozenset[str]  # identities that entered an earlier drop of the channel
    told: Mapping[tuple[str, str], datetime]  # (`won` notice's dedupe key, sink) → sent at


def read_record(uow: UnitOfWork, drop_id: int) -> DropRecord:
    drop = uow.drops.get(drop_id)
    if drop is None:
        raise UnknownDrop.numbered(drop_id)
    return DropRecord(
        drop=drop,
        entries=uow.entries.for_drop(drop_id),
        allocations=uow.allocations.for_drop(drop_id),
        codes=uow.codes.for_drop(drop_id),
        redemptions=uow.redemptions.for_drop(drop_id),
        kept_out=uow.filtered.counts(drop_id),
        returning=frozenset(uow.entries.returning(drop_id)),
        told=uow.outbox.sent_by_sink(drop_id, "won"),
    )


def label_for(after: timedelta | None) -> str:
    """`24h`, `72h`, `90m`...: how long after the close a summary is, as its key names it."""
    if after is None:
        return NOW
    seconds = int(after.total_seconds())
    for unit, size in (("h", 3600), ("m", 60)):
        if seconds and seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def as_of_time(drop: Drop, after: timedelta | None, now: datetime) -> datetime:
    """When the summary counts up to: `after` past the close, or `now`.

    A cancelled drop converted nothing and a drop still taking entries has no summary yet.
    """
    if drop.state is DropState.CANCELLED:
        raise DropError("refusal-summary-cancelled", name=drop.name)
    if drop.closed_at is None:
        raise DropError("refusal-summary-not-closed", name=drop.name)
    if after is not None and after < timedelta(0):
        raise DropError("refusal-summary-before-close")
    return now if after is None else drop.closed_at + after


@dataclass
class _Units:
    """What became of the units allocated by the as-of time."""

    delivered: set[int] = field(default_factory=set)  # serials
    viewed: set[int] = field(default_factory=set)
    sales: list[Redemption] = field(default_factory=list)
    claim_seconds: list[float] = field(default_factory=list)
    redeem_seconds: list[float] = field(default_factory=list)


def _follow_units(record: DropRecord, allocations: Sequence[Allocation], as_of: datetime) -> _Units:
    code_of = {c.allocation_id: c for c in record.codes}
    # One redemption per entitlement, so at most one per code.
    sold = {r.code_id: r for r in record.redemptions if r.redeemed_at <= as_of}
    units = _Units()
    for a in allocations:
        code = code_of.get(a.id) if a.id is not None else None
        shown = code.delivered_at if code is not None else None
        seen = shown is not None and shown <= as_of
        # Every sink sends every notice, saying nothing to winners on another platform: only
        # the sink of the winner's own platform telling them counts.
        told = record.told.get((f"won:{a.id}", a.platform))
        if seen:
            units.viewed.add(a.serial)
        if seen or (told is not None and told <= as_of):
            units.delivered.add(a.serial)
        if a.claimed_at is not None and a.claimed_at <= as_of:
            units.claim_seconds.append((a.claimed_at - a.allocated_at).total_seconds())
        sale = sold.get(code.code_id) if code is not None else None
        if sale is not None:
            units.sales.append(sale)
            # From when the winner had the code; a code redeemed unseen counts from the win.
            start = shown if shown is not None and shown <= sale.redeemed_at else a.allocated_at
            units.redeem_seconds.append((sale.redeemed_at - start).total_seconds())
    return units


def summarize(record: DropRecord, as_of: datetime, label: str, now: datetime) -> ConversionSummary:
    """The summary of `record` counting only what happened at or before `as_of`."""
    drop = record.drop
    assert drop.closed_at is not None  # as_of_time refuses drops that never closed
    people = _people(e for e in record.entries if e.entered_at <= as_of)
    in_draw = [e for e in people.values() if e.excluded_reason is None]
    allocations = [a for a in record.allocations if a.allocated_at <= as_of]
    units = _follow_units(record, allocations, as_of)
    returning = sum(identity in record.returning for identity in people)
    return ConversionSummary(
        drop_id=drop.id,
        drop=drop.name,
        title=drop.spec.title,
        channel=drop.spec.channel,
        mode=drop.spec.mode.value,
        supply=drop.spec.supply,
        label=label,
        closed_at=drop.closed_at,
        as_of=as_of,
        computed_at=now,
        entrants=len(people),
        by_tier=_ordered(
            Counter(e.tier for e in people.values()), [t.name for t in drop.spec.tiers]
        ),
        by_platform=_ordered(Counter(e.platform for e in people.values())),
        new=len(people) - returning,
        returning=returning,
        kept_out=_ordered(Counter(record.kept_out)),
        left_out=_ordered(
            Counter(
                _reason(e.excluded_reason) for e in people.values() if e.excluded_reason is not None
            )
        ),
        eligible=len(in_draw),
        winners=len({a.serial for a in allocations}),
        delivered=len(units.delivered),
        viewed=len(units.viewed),
        redeemed=len(units.sales),
        rerolls=sum(a.via == "reroll" for a in allocations),
        median_claim_seconds=_median(units.claim_seconds),
        median_redeem_seconds=_median(units.redeem_seconds),
        revenue_cents=sum(s.order_value_cents or 0 for s in units.sales),
        orders_with_value=sum(s.order_value_cents is not None for s in units.sales),
        fairness=fairness([t.name for t in drop.spec.tiers], in_draw, allocations),
    )


def summary_of(
    uow: UnitOfWork, drop_id: int, after: timedelta | None, now: datetime
) -> ConversionSummary:
    """Read the drop's events and summarize them `after` the close (or as of `now`)."""
    record = read_record(uow, drop_id)
    as_of = as_of_time(record.drop, after, now)
    return summarize(record, as_of, label_for(after), now)


def post(uow: UnitOfWork, summary: ConversionSummary) -> None:
    """Queue the summary for every sink, once: a second post of the same label is ignored."""
    uow.outbox.add(
        outbox_message(
            Summary(summary),
            dedupe_key=summary_key(summary.label, summary.drop_id),
            drop_id=summary.drop_id,
            created_at=summary.computed_at,
        )
    )


# --- helpers ---------------------------------------------------------------------------------


def _people(entries: Iterable[Entry]) -> dict[str, Entry]:
    """One entry per person: the one in the draw if any (linked accounts fold into one person,
    and the re-check at close leaves their later entries out)."""
    people: dict[str, Entry] = {}
    for entry in entries:
        kept = people.get(entry.identity)
        if kept is None or (kept.excluded_reason is not None and entry.excluded_reason is None):
            people[entry.identity] = entry
    return people


def _median(values: list[float]) -> float | None:
    return float(median(values)) if values else None


def _reason(text: str) -> str:
    """The kind of reason the re-check at close gave, without the per-person detail (which tier
    or list was missing), so that reasons can be counted."""
    if text.startswith(f"{FILTERED_AT_CLOSE}:"):
        return text
    return text.split(":", 1)[0]


# What each counted reason (a summary's kept_out and left_out) is, as a word the adapters say in
# the community's language: kept out when claiming by an anti-bot rule (its FilterReason), the
# same rule at the re-check at close ("at_close_" before it), or another reason of the re-check.
_AT_CLOSE = {
    f"{FILTERED_AT_CLOSE}: {r.value.replace('_', ' ')}": f"at_close_{r}" for r in FilterReason
}
_LEFT_OUT = {
    ONE_ENTRY_PER_PERSON.split(":", 1)[0]: "one_entry",
    HOLDS_GUARANTEED: "guaranteed",
    NO_LONGER_ELIGIBLE: "not_eligible",
    WRONG_WINDOW: "wrong_window",
}
REASON_KINDS = (
    *(r.value for r in FilterReason),
    *_AT_CLOSE.values(),
    *_LEFT_OUT.values(),
    "other",
)


def reason_kind(reason: str) -> str:
    """The kind of a reason a summary counts (one of REASON_KINDS): "other" for one stored in
    words this version does not know (shown as it is)."""
    if reason in FilterReason.__members__.values():
        return reason
    return _AT_CLOSE.get(reason) or _LEFT_OUT.get(reason) or "other"


def _ordered(counts: Counter[str], first: Sequence[str] = ()) -> Counts:
    """`first` in that order (those counted), then the rest by count, most first."""
    head = [(name, counts[name]) for name in first if counts[name]]
    rest = sorted(
        ((n, c) for n, c in counts.items() if n not in set(first) and c),
        key=lambda p: (-p[1], p[0]),
    )
    return tuple(head + rest)
