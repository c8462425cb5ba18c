"""The use cases of recurring drops: start a series, list and stop them, and open each
occurrence when the scheduler says it is due (see `bot.drops.recurrence` for the rule).

Each is one transaction. An occurrence opens in the transaction that moves its series on to the
next time, after the scheduler's fencing check: a job run twice, after a restart or by a holder
whose lease was taken over, finds the series already moved on (or is refused) and opens nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import tzinfo
from typing import TYPE_CHECKING, cast

from bot.drops import fencing, opening
from bot.drops.errors import IllegalTransition
from bot.drops.model import Drop, DropSpec
from bot.drops.ports import Fence, UnitOfWork
from bot.drops.recurrence import (
    Series,
    SeriesOptions,
    SeriesUnitOfWork,
    next_occurrence,
    occurrence_name,
    parse_every,
)
from bot.drops.spec import validate_spec
from bot.drops.timeline import Due, DueKind
from bot.kernel.errors import DropError
from bot.kernel.transactions import atomic, read_only

if TYPE_CHECKING:
    from bot.drops.service import DropService

log = logging.getLogger(__name__)

# (channel, occurrence's drop name, series name, options) -> the occurrence's spec: the config's
# defaults and the series' template applied (built by the composition root, which has them).
SpecFor = Callable[[str, str, str, SeriesOptions], DropSpec]


def _series(uow: UnitOfWork) -> SeriesUnitOfWork:
    return cast(SeriesUnitOfWork, uow)


class RecurringDrops:
    def __init__(self, service: DropService, spec_for: SpecFor, zone: tzinfo) -> None:
        self.service, self.spec_for, self.zone = service, spec_for, zone

    async def start(
        self, channel: str, name: str, every: str, options: SeriesOptions, moderator: str
    ) -> Series:
        """A new series in `channel`, its first occurrence at the next `every` (`fri 20:00`,
        in the streamer's time zone). InvalidSpec for a bad rule or options (checked by
        building the first occurrence's spec); refused if a running series has the name."""
        rule = parse_every(every)
        now = self.service.clock.now()
        series = Series(
            channel, name, rule, options, next_occurrence(rule, now, self.zone), moderator, now
        )
        first = occurrence_name(series, series.next_at, self.zone)
        validate_spec(self.spec_for(channel, first, name, options))

        def run(uow: UnitOfWork) -> Series:
            if _find(_series(uow), channel, name) is not None:
                raise IllegalTransition("refusal-series-running", series=name)
            return _series(uow).series.add(series)

        return await self.service.tx.run(atomic(run))

    async def declare(self, declared: list[tuple[str, str, str, SeriesOptions]]) -> list[str]:
        """Start each series the config declares, (community, name, every, options), unless a
        running series of the community has its name; the names started. A series stopped
        from chat starts again here at the next start: remove it from the config for good."""
        started: list[str] = []
        for channel, name, every, options in declared:
            running = await self.listing(channel)
            if all(s.name != name for s in running):
                await self.start(channel, name, every, options, "config")
                started.append(f"{channel}/{name}")
        return started

    async def listing(self, channel: str) -> list[Series]:
        """The channel's running series, by name, each with its next time."""
        return await self.service.tx.run(
            read_only(lambda uow: _series(uow).series.running(channel))
        )

    async def stop(self, channel: str, name: str, moderator: str) -> Series:
        """Stop the series `name`: no occurrence opens after this (a drop it opened runs on)."""
        now = self.service.clock.now()

        def run(uow: UnitOfWork) -> Series:
            series = _find(_series(uow), channel, name)
            if series is None:
                raise IllegalTransition("refusal-series-none-called", series=name)
            series.stopped_at, series.stopped_by = now, moderator
            _series(uow).series.save(series)
            return series

        return await self.service.tx.run(atomic(run))

    async def due(self) -> list[Due]:
        """An occurrence due for every running series, at its stored next time."""

        def run(uow: UnitOfWork) -> list[Due]:
            return [Due(DueKind.SERIES, s.id, s.next_at) for s in _series(uow).series.running(None)]

        return await self.service.tx.run(read_only(run))

    async def occur(self, series_id: int, *, fence: Fence | None = None) -> Drop | None:
        """Open the series' occurrence if it is due, and plan the next one, in one transaction.
        None when there is nothing to open: stopped, not due (done already), or refused because
        another drop still runs in the channel (that occurrence is skipped, and logged)."""
        s = self.service
        now = s.clock.now()

        def run(uow: UnitOfWork) -> Drop | None:
            fencing.check(uow, fence)
            series = _series(uow).series.get(series_id)
            if series is None or series.stopped_at is not None or series.next_at > now:
                return None
            name = occurrence_name(series, series.next_at, self.zone)
            spec = self.spec_for(series.channel, name, series.name, series.options)
            # Late (the bot was down), it opens now, once; the next is the first after now.
            series.next_at = next_occurrence(series.every, max(now, series.next_at), self.zone)
            try:
                drop: Drop | None = opening.create_drop(
                    uow, spec, now, s.random_bytes, beacon=s.beacon_terms
                )
            except DropError as refused:
                log.warning("series %s: occurrence %s not opened: %s", series.name, name, refused)
                drop = None
            if drop is not None:
                s.opened(uow, drop, now)  # as any drop opening: guaranteed units reserved
                series.last_drop_id = drop.id
            _series(uow).series.save(series)
            return drop

        return await s.tx.run(atomic(run))


def _find(uow: SeriesUnitOfWork, channel: str, name: str) -> Series | None:
    return next((s for s in uow.series.running(channel) if s.name == name), None)
