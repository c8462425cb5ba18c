"""First-come drops publish a transcript too: their arrivals, hash-chained, and who got each
unit. `fairdrop verify-draw` checks that units went in arrival order within the drop's rules,
and catches every tamper in the table below with the line it prints."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.drops import outcomes as oc
from bot.drops.arrivals import ArrivalTranscript, chain_start, next_link
from bot.drops.guarantees import guaranteed_digest
from bot.drops.model import Mode
from bot.drops.ports import UnitOfWork
from bot.drops.verify_arrivals import verify_arrivals
from bot.gating.lists import AllocationList, ListKind, ListMember
from bot.gating.rules import EVERYONE, Tier, parse_rule
from tests.drops.genuine_draw import verify_draw
from tests.fixtures.harness import CHANNEL, START, Harness

Doc = dict[str, Any]
_GENUINE: dict[str, str] = {}


async def first_come_drop(harness: Harness) -> ArrivalTranscript:
    """Subscribers first, everyone two minutes later; one sponsor guaranteed; a reroll."""

    def sponsors(uow: UnitOfWork) -> None:
        made = uow.lists.create(
            AllocationList(CHANNEL, "sponsors", ListKind.GUARANTEED, START, "m")
        )
        assert made.id is not None
        uow.lists.add_members(made.id, [ListMember("twitch:50", "sponsor", START, "m")])

    harness.write(sponsors)
    tiers = (
        Tier("subs", parse_rule(["badge:subscriber"]), timedelta(0), 1),
        Tier("public", EVERYONE, timedelta(minutes=2), 1),
    )
    drop = await harness.open(mode=Mode.FCFS, supply=4, tiers=tiers, guaranteed=("sponsors",))
    assert isinstance(await harness.claim("1", "subscriber"), oc.Won)
    assert isinstance(await harness.claim("2"), oc.NotEligibleYet)  # not an arrival
    harness.clock.advance(minutes=2)
    outcomes = [await harness.claim(str(user)) for user in (3, 4, 5, 6, 50)]
    assert [type(o) for o in outcomes] == [oc.Won, oc.Won, oc.SoldOut, oc.SoldOut, oc.CapReached]
    harness.clock.advance(minutes=8)
    await harness.service.close(CHANNEL, "hoodie")
    await harness.service.collect(drop.id, "twitch:1")
    harness.clock.advance(hours=24, minutes=1)
    rerolls = await harness.service.reroll()
    assert len(rerolls) == 3  # the sponsor's, 3's and 4's units pass to 5, 6 and nobody
    return await harness.service.public.arrivals(drop.id)


@pytest.fixture
async def genuine(harness: Harness) -> Doc:
    if "json" not in _GENUINE:
        _GENUINE["json"] = (await first_come_drop(harness)).to_json()
    doc: Doc = json.loads(_GENUINE["json"])
    return doc


def rechain(d: Doc, *, head: bool = True) -> None:
    """Recompute every link (as a careful forger would), and the head too if `head`."""
    link = chain_start()
    for seq, arrival in enumerate(d["arrivals"], start=1):
        arrival["seq"] = seq
        link = arrival["link"] = next_link(
            link, seq, arrival["entrant"], arrival["at"], arrival["tier"]
        )
    if head:
        d["arrivals_head"] = link


def fcfs_units(d: Doc) -> list[Doc]:
    return [u for u in d["units"] if u["via"] == "fcfs"]


async def test_a_first_come_drop_verifies_on_every_store(harness: Harness, tmp_path: Path) -> None:
    transcript = await first_come_drop(harness)
    assert verify_arrivals(transcript) == []
    assert [a["tier"] for a in transcript.arrivals] == ["subs", "public", "public", "public",
                                                        "public", "public"]  # fmt: skip
    assert [u["via"] for u in transcript.units] == ["guaranteed", "fcfs", "fcfs", "fcfs"]
    drop = await harness.service.get(int(transcript.drop_id))
    assert transcript.arrivals_head == drop.entry_hash  # announced at close
    code, lines = verify_draw(tmp_path, json.loads(transcript.to_json()))
    assert code == 0 and lines[0].startswith("OK: first-come drop"), lines


# --- the tampers: each returns the line that gives it away ---


def remove_an_arrival(d: Doc) -> str:
    del d["arrivals"][1]
    for seq, arrival in enumerate(d["arrivals"], start=1):
        arrival["seq"] = seq
    return (
        "arrivals[1]: link does not follow from the arrivals before it "
        "(an arrival was inserted, removed, changed or reordered)"
    )


def reorder_two_arrivals(d: Doc) -> str:
    a = d["arrivals"]
    a[2]["entrant"], a[3]["entrant"] = a[3]["entrant"], a[2]["entrant"]
    return (
        "arrivals[2]: link does not follow from the arrivals before it "
        "(an arrival was inserted, removed, changed or reordered)"
    )


def insert_an_arrival_and_rechain(d: Doc) -> str:
    announced = d["arrivals_head"]
    d["arrivals"].insert(1, {**d["arrivals"][1], "entrant": "intruderintruder"})
    rechain(d, head=False)
    return (
        f"arrivals_head is {announced}, but the arrivals chain to {d['arrivals'][-1]['link']} "
        "(compare with the head announced at close)"
    )


def give_a_unit_to_a_later_arrival(d: Doc) -> str:
    late = d["arrivals"][-2]  # sold out in the genuine drop
    unit = fcfs_units(d)[-1]
    earlier = next(a for a in d["arrivals"] if a["entrant"] == unit["entrant"])
    unit["entrant"] = late["entrant"]
    for holder in d["holders"]:
        if holder["serial"] == unit["serial"]:
            holder["entrant"] = late["entrant"]
    i = d["arrivals"].index(late)
    return (
        f'arrivals[{i}]: "{late["entrant"]}" got a unit, but "{earlier["entrant"]}" arrived '
        f"earlier (arrivals[{d['arrivals'].index(earlier)}]) and got none"
    )


def backdate_an_arrival_before_its_window(d: Doc) -> str:
    arrival = d["arrivals"][1]
    opened = d["opened_at"]
    arrival["at"] = opened
    rechain(d)
    opens = opened.replace(":00:00+", ":02:00+")
    return f"arrivals[1]: at {opened} is outside the public window ({opens} to {d['closes_at']})"


def commit_an_invented_guaranteed_unit(d: Doc) -> str:
    d["guaranteed_committed"].append("intruderintruder")
    actual = guaranteed_digest(d["guaranteed_committed"])
    return (
        "guaranteed_committed does not match the guaranteed_digest committed at open: "
        f"it hashes to {actual}, the digest is {d['guaranteed_digest']}"
    )


def give_a_unit_to_someone_who_never_arrived(d: Doc) -> str:
    fcfs_units(d)[0]["entrant"] = "intruderintruder"
    return 'units: "intruderintruder" got a unit but never arrived'


def give_one_person_two_units(d: Doc) -> str:
    first, second = fcfs_units(d)[:2]
    second["entrant"] = first["entrant"]
    return f'units: "{first["entrant"]}" holds 2, over the cap of 1'


def skip_the_next_arrival_in_a_reroll(d: Doc) -> str:
    reroll = next(r for r in d["rerolls"] if r["to_entrant"] is not None)
    wanted = reroll["to_entrant"]
    reroll["to_entrant"] = d["arrivals"][-1]["entrant"]
    i = d["rerolls"].index(reroll)
    return (
        f'rerolls[{i}]: to_entrant is "{reroll["to_entrant"]}", expected the next on the '
        f'waitlist, "{wanted}"'
    )


def list_an_arrival_twice(d: Doc) -> str:
    d["arrivals"].append({**d["arrivals"][0]})
    rechain(d)
    n, who = len(d["arrivals"]) - 1, d["arrivals"][0]["entrant"]
    return f'arrivals[{n}]: "{who}" already arrived at arrivals[0]; one arrival per person'


TAMPERS: list[Callable[[Doc], str]] = [
    remove_an_arrival,
    reorder_two_arrivals,
    insert_an_arrival_and_rechain,
    give_a_unit_to_a_later_arrival,
    backdate_an_arrival_before_its_window,
    commit_an_invented_guaranteed_unit,
    give_a_unit_to_someone_who_never_arrived,
    give_one_person_two_units,
    skip_the_next_arrival_in_a_reroll,
    list_an_arrival_twice,
]


@pytest.mark.parametrize("harness", ["memory"], indirect=True)
@pytest.mark.parametrize("tamper", TAMPERS, ids=lambda t: t.__name__)
async def test_verify_draw_catches_the_first_come_tamper(
    genuine: Doc, tmp_path: Path, harness: Harness, tamper: Callable[[Doc], str]
) -> None:
    code, lines = verify_draw(tmp_path, genuine)
    assert code == 0, lines  # genuine before the tamper
    line = tamper(genuine)

    code, lines = verify_draw(tmp_path, genuine)

    assert code == 1 and lines[0].startswith("MISMATCH: ")
    assert f"  - {line}" in lines, "\n".join(lines)
