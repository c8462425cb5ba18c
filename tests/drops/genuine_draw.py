"""A genuine drawn lottery with everything a transcript can carry, run through the service,
and `fairdrop verify-draw` run on a transcript as anyone would.

Guaranteed units (one withdrawn at close), every kind of adjustment (an entry excluded, one
merged into a linked person's earlier entry, one re-weighted, a sponsor's own entry left out),
a disqualification by a moderator an hour after the draw, and rerolls over two claim windows,
the second passing on units that were rerolls themselves.
Drawn in format v2 (opted out of the beacon), or v1 as a drop opened before v2 was.
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from bot.cli import cli
from bot.drops.disqualify import WinnerRef
from bot.drops.lottery import commitment
from bot.drops.model import AllocationStatus
from bot.drops.ports import UnitOfWork
from bot.drops.transcript import Transcript
from bot.gating.lists import AllocationList, ListKind, ListMember
from bot.gating.rules import EVERYONE, Tier, parse_rule
from tests.fixtures.harness import CHANNEL, START, Harness


def put_on_list(harness: Harness, name: str, kind: ListKind, *accounts: str) -> None:
    """Add ``accounts`` to the channel's list ``name`` (made with ``kind`` if new)."""

    def run(uow: UnitOfWork) -> None:
        created = uow.lists.get(CHANNEL, name) or uow.lists.create(
            AllocationList(CHANNEL, name, kind, START, "mod")
        )
        assert created.id is not None
        uow.lists.add_members(created.id, [ListMember(a, a, START, "mod") for a in accounts])

    harness.write(run)


async def genuine_transcript(harness: Harness, *, draw_version: int = 2) -> Transcript:
    """Run the drop described above on ``harness`` and return its transcript."""
    put_on_list(harness, "sponsors", ListKind.GUARANTEED, "twitch:50", "twitch:51", "twitch:52")
    tiers = (
        Tier("subs", parse_rule(["badge:subscriber"]), timedelta(0), 3),
        Tier("everyone", EVERYONE, timedelta(0), 1),
    )
    drop = await harness.open(supply=6, tiers=tiers, guaranteed=("sponsors",))
    if draw_version == 1:
        harness.write(lambda uow: _as_v1(uow, drop.id))
    for user in range(1, 13):
        await harness.claim(str(user))
    await harness.claim("13", "subscriber")  # re-weighted: no longer a subscriber at close
    await harness.claim("900", platform="discord")  # merged: linked to twitch:1 below
    await harness.claim("51")  # a sponsor's own entry is left out
    harness.write(lambda uow: uow.links.link("discord:900", "twitch:1", START))
    put_on_list(harness, "banned", ListKind.DENY, "twitch:7", "twitch:52")  # excluded, withdrawn
    harness.current.by_account["twitch:13"] = (frozenset(), frozenset())
    harness.clock.at = START + timedelta(minutes=10)
    await harness.service.close(CHANNEL, "hoodie")
    # A moderator disqualifies a winner an hour in, long before their claim window ends.
    harness.clock.advance(hours=1)
    drawn = harness.read(lambda uow: uow.allocations.for_drop(drop.id))
    await harness.service.steering.disqualify(
        CHANNEL, WinnerRef(account=drawn[-1].identity), "ModAnna", "alt account"
    )
    for _ in range(2):
        holders = harness.read(lambda uow: uow.allocations.for_drop(drop.id))
        pending = [a for a in holders if a.status is AllocationStatus.PENDING]
        await harness.service.collect(drop.id, pending[0].identity)  # the first one claims
        harness.clock.advance(hours=24, minutes=1)
        await harness.service.reroll()
    return await harness.service.transcript(drop.id)


def _as_v1(uow: UnitOfWork, drop_id: int) -> None:
    # What a drop opened before format v2 reads as: v1 commitment, v1 draw.
    drop = uow.drops.get(drop_id)
    assert drop is not None
    drop.draw_version = 1
    drop.commitment = commitment(bytes.fromhex(drop.seed_hex))
    uow.drops.save(drop)


def verify_draw(tmp_path: Path, doc: dict[str, Any]) -> tuple[int, list[str]]:
    """Write ``doc`` as a transcript file, run ``fairdrop verify-draw`` on it: exit code, lines."""
    path = tmp_path / "transcript.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    result = CliRunner().invoke(cli, ["verify-draw", str(path)])
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout.splitlines()
