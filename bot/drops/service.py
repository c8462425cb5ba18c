"""The service layer: what adapters call. Each method is one use case in one transaction.

Adapters hand in commands and get outcomes or domain objects back; they never touch a unit of
work. Time comes from the injected clock, randomness from the injected source.

This module holds a drop's lifecycle and its claims; what becomes of the codes once units are
allocated (collecting, checking, redeeming) is the `CodeDesk` it extends (`code_desk.py`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol, TypeVar

from bot.drops import (
    claiming,
    fencing,
    opening,
    public_record,
    timeline,
    winners,
)
from bot.drops import outcomes as oc
from bot.drops.beacon import BeaconPlan
from bot.drops.beacon_draw import BeaconDraws
from bot.drops.book import DropBook
from bot.drops.code_desk import CodeDesk
from bot.drops.entrylist import CurrentFacts
from bot.drops.errors import UnknownDrop
from bot.drops.figures import ConversionSummary
from bot.drops.intake import BatchIntake
from bot.drops.keyring import Keyring
from bot.drops.model import (
    FINAL_STATES,
    OPEN_STATES,
    AllocationStatus,
    AnnouncementReceipt,
    Drop,
    DropSpec,
    Mode,
)
from bot.drops.ports import Fence, HotState, UnitOfWork
from bot.drops.receipts import ReceiptBook
from bot.drops.status import DropStatus
from bot.drops.status import status_at as _status
from bot.drops.steering import Steering
from bot.drops.summary import post as post_summary
from bot.drops.summary import summary_of
from bot.drops.transcript import Transcript
from bot.gating.antibot import PlatformFacts
from bot.kernel.clock import Clock
from bot.kernel.entropy import RandomBytes
from bot.kernel.transactions import TransactionRunner, atomic, read_only

T = TypeVar("T")


class CurrentFactsSource(Protocol):
    async def current(self, accounts: list[str]) -> CurrentFacts:
        """Badges and roles of these accounts now, where the platform can tell."""
        ...


@dataclass(frozen=True, slots=True)
class Closing:
    drop: Drop
    draw: winners.DrawSummary | None  # None for fcfs


class DropService(CodeDesk):
    def __init__(
        self,
        tx: TransactionRunner[UnitOfWork],
        hot: HotState,
        keyring: Keyring,
        clock: Clock,
        random_bytes: RandomBytes,
        *,
        policy: claiming.ClaimPolicy | None = None,
        max_batch: int = 1000,
        commit_delay: float = 0.0,
        facts: PlatformFacts | None = None,
        current_facts: CurrentFactsSource | None = None,
        reads: TransactionRunner[UnitOfWork] | None = None,
        beacon: BeaconPlan | None = None,
    ) -> None:
        # Collecting, checking and redeeming codes (see `CodeDesk`).
        super().__init__(tx, keyring, clock, max_batch=max_batch)
        self.hot = hot
        # Public reads (transparency pages) on their own transactions where the root gives
        # them (`reads`), never in the claims' line; on `tx` otherwise (tests, short CLI runs).
        self.public = public_record.PublicReads(reads or tx)
        self.receipts = ReceiptBook(reads or tx)  # each entrant's own, privately
        self.book = DropBook(tx, reads or tx, clock)  # lists, the public index, histories, audit
        self.random_bytes = random_bytes
        # Lotteries commit at open to a drand round after their close and wait for it to draw.
        # The scheduler runs `beacon_draws.draw` once a waiting lottery's round is due.
        self.beacon_terms = beacon.terms if beacon else None
        self.beacon_draws: BeaconDraws | None = None
        if beacon is not None:
            self.beacon_draws = BeaconDraws(tx, clock, keyring, random_bytes, beacon)
        self.policy = policy or claiming.ClaimPolicy()
        # Account facts for the anti-bot rules (cached Helix look-ups, from the Twitch adapter).
        self.facts = facts
        # Badges and roles as they are at close (Discord roles from the guild), for the re-check.
        self.current_facts = current_facts
        self.intake: BatchIntake[claiming.ClaimRequest, oc.EntryOutcome] = BatchIntake(
            self._enter_batch, max_batch, commit_delay
        )
        self.steering = Steering(self)  # moderators changing a drop under way

    # -- drops ---------------------------------------------------------------------------------

    async def create(
        self, spec: DropSpec, *, start_at: datetime | None = None, draft: bool = False
    ) -> Drop:
        now = self.clock.now()

        def run(uow: UnitOfWork) -> Drop:
            drop = opening.create_drop(
                uow,
                spec,
                now,
                self.random_bytes,
                start_at=start_at,
                draft=draft,
                beacon=self.beacon_terms,
            )
            self.opened(uow, drop, now)
            return drop

        return await self.tx.run(atomic(run))

    async def open(self, channel: str, name: str) -> Drop:
        now = self.clock.now()

        def run(uow: UnitOfWork) -> Drop:
            drop = opening.open_drop(
                uow, opening.find_drop(uow, channel, name), now, self.beacon_terms
            )
            self.opened(uow, drop, now)
            return drop

        return await self.tx.run(atomic(run))

    def opened(self, uow: UnitOfWork, drop: Drop, now: datetime) -> None:
        """What happens as a drop opens: a first-come drop reserves its guaranteed units."""
        if drop.state in OPEN_STATES and winners.reserve_guaranteed(
            uow, drop, now, self.keyring, self.random_bytes
        ):
            # The serials taken here are not in hot state yet: it reloads them from SQL.
            self.hot.forget_drop(drop.id)

    async def close(
        self, channel: str, name: str | None = None, beacon: str | None = None
    ) -> Closing:
        """Close the drop; a lottery is drawn at once, in the same transaction."""
        await self.intake.drain()  # claims received before the close are judged first
        current = await self._current_facts(channel, name)
        now = self.clock.now()

        def run(uow: UnitOfWork) -> Closing:
            drop = opening.find_drop(uow, channel, name)
            summary = None
            if drop.spec.mode is Mode.LOTTERY:
                summary = winners.close_lottery(
                    uow, drop, now, now, self.keyring, self.random_bytes, beacon, current
                )
            else:
                opening.close(uow, drop, now)
                opening.settle_if_done(uow, drop, now)
            return Closing(drop, summary)

        return await self.tx.run(atomic(run))

    async def _current_facts(self, channel: str, name: str | None) -> CurrentFacts | None:
        """Ask the platforms for entrants' badges and roles as they are now (before the close)."""
        if self.current_facts is None:
            return None

        def accounts(uow: UnitOfWork) -> list[str]:
            drop = opening.find_drop(uow, channel, name)
            return [e.account or e.identity for e in uow.entries.for_drop(drop.id)]

        return await self.current_facts.current(await self.tx.run(read_only(accounts)))

    async def cancel(self, channel: str, name: str | None = None, reason: str = "") -> Drop:
        now = self.clock.now()
        drop = await self.tx.run(
            atomic(
                lambda uow: opening.cancel(uow, opening.find_drop(uow, channel, name), now, reason)
            )
        )
        # Off the event loop (a Redis call blocks), on the thread claim batches run on.
        await self.tx.run(lambda _: self.hot.forget_drop(drop.id))
        return drop

    async def reroll(self, *, fence: Fence | None = None) -> list[winners.Reroll]:
        """Pass every overdue allocation to the waitlist now (the scheduler does this too).
        With a `fence`, Superseded (and nothing done) if it is no longer the newest."""
        now = self.clock.now()

        def run(uow: UnitOfWork) -> list[winners.Reroll]:
            fencing.check(uow, fence)
            return winners.expire_overdue(uow, self.hot, now, self.keyring, self.random_bytes)

        return await self.tx.run(atomic(run))

    async def issue_fence(self, name: str) -> Fence:
        """A new fencing token for the lease `name`: the caller now holds the newest, and work
        done under any older one is refused from the next transaction on."""
        return await self.tx.run(atomic(lambda uow: uow.fences.issue(name)))

    async def tick(self) -> list[str]:
        """Persist what the clock says for every unfinished drop; expire overdue claims."""
        now = self.clock.now()

        def run(uow: UnitOfWork) -> list[str]:
            changes: list[str] = []
            for drop in uow.drops.unfinished():
                changes.extend(f"{drop.name}: {c}" for c in self._advance(uow, drop, now))
            for reroll in winners.expire_overdue(
                uow, self.hot, now, self.keyring, self.random_bytes
            ):
                changes.append(f"drop {reroll.drop_id}: serial {reroll.serial} rerolled")
            return changes

        await self.intake.drain()
        return await self.tx.run(atomic(run))

    async def advance(self, drop_id: int, *, fence: Fence | None = None) -> list[str]:
        """`tick` for one drop: what its clock says (open, public, closing, close and draw).
        With a `fence`, Superseded (and nothing done) if it is no longer the newest."""
        await self.intake.drain()  # claims received before the close are judged first
        now = self.clock.now()

        def run(uow: UnitOfWork) -> list[str]:
            fencing.check(uow, fence)
            drop = uow.drops.get(drop_id)
            if drop is None or drop.state in FINAL_STATES:
                return []
            return self._advance(uow, drop, now)

        return await self.tx.run(atomic(run))

    def _advance(self, uow: UnitOfWork, drop: Drop, now: datetime) -> list[str]:
        """Move one drop along by the clock; a lottery whose entries close is drawn at once."""

        def close_and_draw(uow: UnitOfWork, drop: Drop, closed_at: datetime) -> None:
            winners.close_lottery(
                uow, drop, closed_at, now, self.keyring, self.random_bytes, drop.beacon
            )

        lottery = drop.spec.mode is Mode.LOTTERY
        changes = opening.advance(
            uow, drop, now, close_and_draw if lottery else None, self.beacon_terms
        )
        if "opened" in changes:
            self.opened(uow, drop, now)
        if "closed" in changes and lottery:
            changes.append("waiting for the beacon" if drop.awaiting_beacon else "drawn")
        return changes

    async def record_announcement(self, receipt: AnnouncementReceipt) -> None:
        """Keep where and when an announcement with the commitment went out (transcript)."""
        await self.tx.run(atomic(lambda uow: uow.announcements.add(receipt)))

    async def timeline(self, summaries_since: datetime) -> list[timeline.Due]:
        """Everything due by the clock: for unfinished drops, and the summaries of drops closed
        since `summaries_since` that are not posted yet."""

        def run(uow: UnitOfWork) -> list[timeline.Due]:
            drops = {d.id: d for d in uow.drops.unfinished()}
            drops.update((d.id, d) for d in uow.drops.closed_since(summaries_since))
            posted = uow.outbox.existing(timeline.announced_keys(drops))
            due: list[timeline.Due] = []
            for drop in drops.values():
                waiting = (
                    uow.allocations.next_deadline(drop.id)
                    if drop.drawn_at or (drop.spec.mode is Mode.FCFS and drop.opened_at)
                    else None
                )
                due.extend(timeline.due_for(drop, waiting, posted))
            return due

        return await self.tx.run(read_only(run))

    async def status(self, channel: str, name: str | None = None) -> DropStatus:
        now = self.clock.now()
        return await self.tx.run(
            read_only(lambda uow: _status(uow, opening.find_drop(uow, channel, name), now))
        )

    async def status_of(self, drop_id: int) -> DropStatus:
        """`status` of the drop with that id (a Discord post knows its drop by id)."""
        now = self.clock.now()

        def run(uow: UnitOfWork) -> DropStatus:
            drop = uow.drops.get(drop_id)
            if drop is None:
                raise UnknownDrop.numbered(drop_id)
            return _status(uow, drop, now)

        return await self.tx.run(read_only(run))

    async def holders(self, drop_id: int) -> list[str]:
        """Who holds a unit of the drop now (pending or claimed), by serial."""

        def run(uow: UnitOfWork) -> list[str]:
            held = [
                a
                for a in uow.allocations.for_drop(drop_id)
                if a.status in (AllocationStatus.PENDING, AllocationStatus.CLAIMED)
            ]
            return [a.identity for a in sorted(held, key=lambda a: a.serial)]

        return await self.tx.run(read_only(run))

    async def unfinished(self, channel: str | None = None) -> list[Drop]:
        """Drops not yet settled or cancelled (in one channel, if given), oldest first."""
        drops = await self.tx.run(read_only(lambda uow: uow.drops.unfinished()))
        return [d for d in drops if channel is None or d.spec.channel == channel]

    async def get(self, drop_id: int) -> Drop:
        drop = await self.tx.run(read_only(lambda u: u.drops.get(drop_id)))
        if drop is None:
            raise UnknownDrop.numbered(drop_id)
        return drop

    async def find(self, channel: str, name: str | None = None) -> Drop:
        """The drop a name means in a channel (the newest of that name); UnknownDrop if none."""
        return await self.tx.run(read_only(lambda u: opening.find_drop(u, channel, name)))

    async def public_record(self, drop_id: int) -> public_record.PublicRecord:
        """What anyone may see of the drop (on the read path; see `PublicReads`)."""
        return await self.public.record(drop_id)

    # -- claims --------------------------------------------------------------------------------

    async def claim(self, request: claiming.ClaimRequest) -> oc.EntryOutcome:
        """Enter a drop (or take a unit, fcfs). Returns once the outcome is durable."""
        if request.received_at is None or (request.facts is None and self.facts is not None):
            claimant = request.claimant
            facts = request.facts
            if facts is None and self.facts is not None:
                facts = await self.facts.account_facts(
                    claimant.platform, claimant.user_id, request.channel
                )
            request = dataclasses.replace(
                request, received_at=request.received_at or self.clock.now(), facts=facts
            )
        return await self.intake.submit(request)

    async def _enter_batch(
        self, requests: Sequence[claiming.ClaimRequest]
    ) -> list[oc.EntryOutcome]:
        now = self.clock.now()
        return await self.tx.run(
            lambda uow: claiming.enter_batch(
                uow,
                self.hot,
                requests,
                now,
                keyring=self.keyring,
                random_bytes=self.random_bytes,
                policy=self.policy,
            )
        )

    async def transcript(self, drop_id: int) -> Transcript:
        """The drawn drop's transcript (on the read path; see `PublicReads`)."""
        return await self.public.transcript(drop_id)

    # -- summaries -----------------------------------------------------------------------------

    async def summarize(
        self, drop_id: int, after: timedelta, *, fence: Fence | None = None
    ) -> ConversionSummary:
        """Compute the summary as of (drop closed_at + after) and queue it once in the outbox
        (kind "summary", dedupe key f"summary:{label}:{drop_id}" with label "24h"/"72h") for
        every sink. Running it again posts nothing more. DropError for a cancelled drop or one
        that never closed; with a `fence`, Superseded if it is no longer the newest."""
        now = self.clock.now()

        def run(uow: UnitOfWork) -> ConversionSummary:
            fencing.check(uow, fence)
            found = summary_of(uow, drop_id, after, now)
            post_summary(uow, found)
            return found

        return await self.tx.run(atomic(run))

    async def summary(self, drop_id: int, after: timedelta | None = None) -> ConversionSummary:
        """Compute without posting (for `fairdrop report`): as of `after` past the close, or as
        of now."""
        now = self.clock.now()
        return await self.tx.run(read_only(lambda uow: summary_of(uow, drop_id, after, now)))
