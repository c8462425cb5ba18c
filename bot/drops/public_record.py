"""What anyone may see of a drop: the figures and names behind its transparency page.

The transcript (pseudonyms only) is what `fairdrop verify-draw` checks; this record adds what a
community wants to read beside it: how many entered each tier and who won each serial, by the
display name they entered with. Whether names are shown or masked is the adapter's choice.

Each record carries its version: a digest of everything the record shows that can still change,
read with cheap aggregates, so an adapter can keep a built page until the version moves (a
claim, a reroll, the close) without building the record again to find out.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from bot.drops import drawn_transcript
from bot.drops.arrivals import ArrivalTranscript
from bot.drops.errors import UnknownDrop
from bot.drops.first_come_record import arrival_transcript
from bot.drops.holders import pseudonym
from bot.drops.model import FINAL_STATES, AllocationStatus, Drop, Mode
from bot.drops.ports import UnitOfWork
from bot.drops.transcript import RerollRecord, Transcript
from bot.kernel.errors import DropError
from bot.kernel.transactions import TransactionRunner, read_only


@dataclass(frozen=True, slots=True)
class RecordVersion:
    drop_id: int
    digest: str  # changes whenever anything the public record shows changes
    final: bool  # settled or cancelled: no claim, draw or reroll will change it again


def version_of(uow: UnitOfWork, drop: Drop) -> RecordVersion:
    """The version of `drop`'s public record, from the drop and two small aggregates."""
    parts: list[object] = [
        drop.id, drop.spec.title, drop.spec.supply, drop.spec.mode.value,
        [t.name for t in drop.spec.tiers], drop.state.value, drop.scheduled_for, drop.opened_at,
        drop.closes_at, drop.closed_at, drop.drawn_at, drop.settled_at, drop.cancelled_at,
        drop.cancel_reason, drop.entry_hash, drop.beacon, drop.paused_at, len(drop.changes),
        sorted((s.value, n) for s, n in uow.allocations.count_by_status(drop.id).items()),
    ]  # fmt: skip
    if drop.closed_at is None and drop.state not in FINAL_STATES:
        # Entries come in only until the close, and the close (which re-checks and excludes
        # them) and the draw (which ranks them) move the drop's own fields above.
        parts.append(sorted(uow.entries.count_by_tier(drop.id).items()))
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return RecordVersion(drop.id, digest, drop.state in FINAL_STATES)


@dataclass(frozen=True, slots=True)
class Winner:
    serial: int
    display_name: str
    platform: str
    holder: str  # the pseudonym the transcript uses for this person
    via: str  # draw | fcfs | guaranteed | reroll
    status: AllocationStatus


@dataclass(frozen=True, slots=True)
class PublicRecord:
    drop: Drop
    entrants_by_tier: tuple[tuple[str, int], ...]  # in the drop's tier order, then any others
    excluded: int  # entries the re-check at close left out
    winners: tuple[Winner, ...]  # live holders (pending or claimed) by serial
    # The draw is public (its seed revealed): the transcript can be downloaded. Never for a
    # first-come drop. The transcript itself is built apart (`PublicReads.transcript`): it reads
    # every entry, and the page needs none.
    drawn: bool
    # A first-come drop has closed: its arrivals transcript can be downloaded.
    arrivals_public: bool
    rerolls: tuple[
        RerollRecord, ...
    ]  # prizes passed on after the draw, as the transcript lists them
    version: RecordVersion


def public_record(uow: UnitOfWork, drop: Drop) -> PublicRecord:
    """Build the public record of `drop` from what is stored; reveals nothing before the draw
    that the drop's announcements have not already said (the commitment and counts)."""
    counts = uow.entries.count_by_tier(drop.id)
    by_tier = {tier: kept for tier, (kept, _) in counts.items() if kept}
    order = [t.name for t in drop.spec.tiers]
    tiers = [(name, by_tier.pop(name, 0)) for name in order]
    tiers += sorted(by_tier.items())
    live = (AllocationStatus.PENDING, AllocationStatus.CLAIMED)
    allocations = sorted(uow.allocations.for_drop(drop.id), key=lambda a: (a.serial, a.id or 0))
    winners = tuple(
        Winner(
            serial=a.serial,
            display_name=a.display_name,
            platform=a.platform,
            holder=pseudonym(drop.pseudonym_salt, a.identity),
            via=a.via,
            status=a.status,
        )
        for a in allocations
        if a.status in live
    )
    drawn = drop.drawn_at is not None and drop.seed_revealed
    arrivals_public = _arrivals_public(drop)
    rerolls = (
        drawn_transcript.rerolls_of(allocations, drop.pseudonym_salt)
        if drawn or arrivals_public
        else []
    )
    return PublicRecord(
        drop=drop,
        entrants_by_tier=tuple(tiers),
        excluded=sum(left_out for _, left_out in counts.values()),
        winners=winners,
        drawn=drawn,
        arrivals_public=arrivals_public,
        rerolls=tuple(rerolls),
        version=version_of(uow, drop),
    )


class PublicReads:
    """What anyone may read of a drop, each read one read-only transaction on `reads`.

    `reads` is the read path: the composition root gives it transactions of their own (their own
    connections and threads), so a crowd on a transparency page never waits in line with claims
    and redemptions, and they never wait for it.
    """

    def __init__(self, reads: TransactionRunner[UnitOfWork]) -> None:
        self.reads = reads

    async def record(self, drop_id: int) -> PublicRecord:
        """Tier counts, winners, the transcript once drawn, and the version they are at."""
        return await self.reads.run(read_only(lambda uow: public_record(uow, _drop(uow, drop_id))))

    async def version(self, drop_id: int) -> RecordVersion:
        """The version of the drop's public record, without building the record."""
        return await self.reads.run(read_only(lambda uow: version_of(uow, _drop(uow, drop_id))))

    async def transcript(self, drop_id: int) -> Transcript:
        """The drawn lottery's transcript; DropError before the draw."""
        transcript, _ = await self.versioned_transcript(drop_id)
        if not isinstance(transcript, Transcript):
            raise DropError("refusal-transcript-first-come", id=str(drop_id))
        return transcript

    async def arrivals(self, drop_id: int) -> ArrivalTranscript:
        """The closed first-come drop's arrivals transcript; DropError before the close."""
        transcript, _ = await self.versioned_transcript(drop_id)
        if not isinstance(transcript, ArrivalTranscript):
            raise DropError("refusal-transcript-lottery", id=str(drop_id))
        return transcript

    async def versioned_transcript(
        self, drop_id: int
    ) -> tuple[Transcript | ArrivalTranscript, RecordVersion]:
        """The transcript and the version of the record it was read at (one transaction)."""

        def run(uow: UnitOfWork) -> tuple[Transcript | ArrivalTranscript, RecordVersion]:
            drop = _drop(uow, drop_id)
            if drop.spec.mode is Mode.FCFS:
                return arrival_transcript(uow, drop), version_of(uow, drop)
            if not drop.drawn_at:
                raise DropError("refusal-transcript-not-drawn", name=drop.name)
            return drawn_transcript.transcript(uow, drop), version_of(uow, drop)

        return await self.reads.run(read_only(run))


def _arrivals_public(drop: Drop) -> bool:
    # Drops opened before guaranteed units were committed have no checkable arrivals record.
    fcfs = drop.spec.mode is Mode.FCFS
    return fcfs and drop.closed_at is not None and bool(drop.guaranteed_digest)


def _drop(uow: UnitOfWork, drop_id: int) -> Drop:
    drop = uow.drops.get(drop_id)
    if drop is None:
        raise UnknownDrop.numbered(drop_id)
    return drop
