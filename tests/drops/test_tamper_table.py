"""Every tamper of a genuine transcript is caught by `fairdrop verify-draw`, with the line it
prints.

The genuine transcript comes from a drop run through the service (tests/drops/genuine_draw.py):
guaranteed units with one withdrawn at close, every kind of adjustment, and rerolls over two
claim windows. Each row changes it the way a dishonest operator might and names the line that
gives it away. (Binding supply, mode, drop id and title into the commitment is tested with the
beacon.)
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from bot.cli import cli
from bot.drops.drawinput import commitment_v2
from bot.drops.guarantees import guaranteed_digest
from bot.drops.lottery import DrawEntry, entry_list_hash
from bot.drops.transcript import EXCLUDED, MERGED, WITHDRAWN
from tests.drops.genuine_draw import genuine_transcript, verify_draw
from tests.fixtures.harness import Harness

Doc = dict[str, Any]
INTRUDER = "intruderintruder"
_GENUINE: dict[int, str] = {}
# The drop runs on the memory store: the table is about the verifier, not the storage (the
# service tests run the same drops on SQLite and PostgreSQL).
pytestmark = pytest.mark.parametrize("harness", ["memory"], indirect=True)


async def _genuine(harness: Harness, draw_version: int) -> Doc:
    # Each drop is run once, on the memory store.
    if draw_version not in _GENUINE:
        drawn = await genuine_transcript(harness, draw_version=draw_version)
        _GENUINE[draw_version] = drawn.to_json()
    doc: Doc = json.loads(_GENUINE[draw_version])
    return doc


@pytest.fixture
async def genuine(harness: Harness) -> Doc:
    """The genuine transcript (format v2) as parsed JSON."""
    return await _genuine(harness, 2)


@pytest.fixture
async def genuine_v1(harness: Harness) -> Doc:
    """The same drop drawn in format v1, as a drop opened before v2 was."""
    return await _genuine(harness, 1)


def adjustment(doc: Doc, change: str) -> int:
    return next(i for i, a in enumerate(doc["adjustments"]) if a["change"] == change)


def rehash(doc: Doc) -> None:
    entries = [DrawEntry(name, weight) for name, weight in doc["entries"]]
    doc["entry_list_hash"] = entry_list_hash(entries)


def last_passing(doc: Doc) -> int:
    return max(i for i, r in enumerate(doc["rerolls"]) if r["to_entrant"] is not None)


# --- the tampers: each changes a genuine transcript and returns the line that gives it away ---


def reveal_another_seed(d: Doc) -> str:
    d["seed_hex"] = "00" * 32
    actual = commitment_v2(
        bytes(32),
        None,
        guaranteed_digest=d["guaranteed_digest"],
        claim_window_seconds=d["claim_window_seconds"],
    )
    return (
        "seed, drand round, guaranteed_digest and claim_window_seconds do not match the "
        f"commitment: they commit to {actual}, the commitment is {d['commitment']}"
    )


def add_an_entry(d: Doc) -> str:
    stated = d["entry_list_hash"]
    d["entries"].append([INTRUDER, 1])
    rehash(d)
    actual, d["entry_list_hash"] = d["entry_list_hash"], stated
    return f"entry-list hash differs: expected {actual}, transcript says {stated}"


def swap_a_winner_with_the_waitlist(d: Doc) -> str:
    (w, v), n = (d["winners"][0], d["waitlist"][0]), len(d["winners"])
    d["winners"][0], d["waitlist"][0] = v, w
    return (
        f'winners differ at winners[0]: expected "{w}", transcript says "{v}" '
        f"(expected {n} winners, transcript has {n})"
    )


def reorder_the_waitlist(d: Doc) -> str:
    first, second = d["waitlist"][:2]
    d["waitlist"][:2] = [second, first]
    n = len(d["waitlist"])
    return (
        f'waitlist differ at waitlist[0]: expected "{first}", transcript says "{second}" '
        f"(expected {n} on the waitlist, transcript has {n})"
    )


def list_a_duplicate_entrant(d: Doc) -> str:
    d["entries"].append(list(d["entries"][0]))
    rehash(d)
    n = len(d["entries"]) - 1
    return f'duplicate entrants: "{d["entries"][0][0]}" at entries[0] and entries[{n}]'


def guarantee_one_pseudonym_twice(d: Doc) -> str:
    first = d["guaranteed"][0]
    d["guaranteed"][1] = first
    return f'guaranteed: "{first}" holds two guaranteed units, guaranteed[0] and guaranteed[1]'


def invent_a_guaranteed_unit(d: Doc) -> str:
    n = len(d["guaranteed"])
    d["guaranteed"].append(INTRUDER)
    return (
        f'guaranteed differ at guaranteed[{n}]: expected nothing, transcript says "{INTRUDER}" '
        f"(expected {n} guaranteed units, transcript has {n + 1}), "
        "from the units committed at open less those withdrawn"
    )


def commit_an_invented_guaranteed_unit(d: Doc) -> str:
    d["guaranteed"].append(INTRUDER)
    d["guaranteed_committed"].append(INTRUDER)
    actual = guaranteed_digest(d["guaranteed_committed"])
    return (
        "guaranteed_committed does not match the guaranteed_digest committed at open: "
        f"it hashes to {actual}, the digest is {d['guaranteed_digest']}"
    )


def drop_a_withdrawal(d: Doc) -> str:
    withdrawn = d["adjustments"].pop(adjustment(d, WITHDRAWN))["entrant"]
    n = len(d["guaranteed"])
    return (
        f'guaranteed differ at guaranteed[{n}]: expected "{withdrawn}", transcript says nothing '
        f"(expected {n + 1} guaranteed units, transcript has {n}), "
        "from the units committed at open less those withdrawn"
    )


def withdraw_an_uncommitted_unit(d: Doc) -> str:
    i = adjustment(d, WITHDRAWN)
    d["adjustments"].append({**d["adjustments"][i], "entrant": d["winners"][0]})
    n, who = len(d["adjustments"]) - 1, d["winners"][0]
    return f'adjustments[{n}]: "{who}" had no guaranteed unit committed at open to withdraw'


def exclude_someone_still_drawn(d: Doc) -> str:
    i = adjustment(d, EXCLUDED)
    entrant = d["adjustments"][i]["entrant"] = d["entries"][0][0]
    return f'adjustments[{i}]: "{entrant}" is excluded but still in the entry list'


def exclude_without_a_reason(d: Doc) -> str:
    i = adjustment(d, EXCLUDED)
    d["adjustments"][i]["reason"] = " "
    return f'adjustments[{i}]: no reason given for "{d["adjustments"][i]["entrant"]}" (excluded)'


def invent_a_kind_of_change(d: Doc) -> str:
    i = adjustment(d, EXCLUDED)
    d["adjustments"][i]["change"] = "forgiven"
    return (
        f'adjustments[{i}]: unknown change "forgiven" (expected {EXCLUDED!r}, {MERGED!r}, '
        f"{WITHDRAWN!r} or 'weight A -> B')"
    )


def misstate_a_weight_change(d: Doc) -> str:
    i = next(i for i, a in enumerate(d["adjustments"]) if a["change"].startswith("weight"))
    d["adjustments"][i]["change"] = "weight 3 -> 2"
    entrant = d["adjustments"][i]["entrant"]
    drawn = dict(d["entries"])[entrant]
    return (
        f'adjustments[{i}]: "{entrant}" is re-weighted to 2 but the entry list has weight {drawn}'
    )


def merge_into_nobody(d: Doc) -> str:
    i = adjustment(d, MERGED)
    d["adjustments"][i]["entrant"] = INTRUDER
    return f'adjustments[{i}]: "{INTRUDER}" is merged with an earlier entry that is not in the list'


def drop_the_last_reroll(d: Doc) -> str:
    last = d["rerolls"].pop()
    serial, now_held_by = last["serial"], json.dumps(last["to_entrant"])
    return (
        f"holders[{serial - 1}]: the draw and the rerolls leave serial {serial} with "
        f'"{last["from_entrant"]}", transcript says serial {serial} held by {now_held_by}'
    )


def drop_the_last_reroll_that_passed_a_unit_on(d: Doc) -> str:
    last = d["rerolls"].pop(last_passing(d))
    serial = last["serial"]
    return (
        f"holders[{serial - 1}]: the draw and the rerolls leave serial {serial} with "
        f'"{last["from_entrant"]}", transcript says serial {serial} held by "{last["to_entrant"]}"'
    )


def invent_a_reroll(d: Doc) -> str:
    holder = d["holders"][0]
    d["rerolls"].append(
        {
            "serial": 1,
            "from_entrant": holder["entrant"],
            "to_entrant": None,
            "at": "2027-01-01T00:00:00+00:00",
            "reason": "claim window expired",
        }
    )
    return (
        "holders[0]: the draw and the rerolls leave serial 1 with null, "
        f'transcript says serial 1 held by "{holder["entrant"]}"'
    )


def invent_a_reroll_before_the_window_ended(d: Doc) -> str:
    i = last_passing(d)
    serial, holder, since = (d["rerolls"][i][k] for k in ("serial", "to_entrant", "at"))
    at = since.replace("T20:", "T21:")
    d["rerolls"].append(
        {"serial": serial, "from_entrant": holder, "to_entrant": None, "at": at, "reason": "x"}
    )
    d["holders"][serial - 1]["entrant"] = None
    ended = since.replace(since[8:10], f"{int(since[8:10]) + 1:02d}", 1)
    return (
        f"rerolls[{len(d['rerolls']) - 1}]: serial {serial} passed on at {at}, "
        f'before "{holder}"\'s claim window ended at {ended}'
    )


def skip_someone_on_the_waitlist(d: Doc) -> str:
    d["rerolls"][0]["to_entrant"] = d["waitlist"][1]
    return (
        f'rerolls[0]: to_entrant is "{d["waitlist"][1]}", expected the next on the waitlist, '
        f'"{d["waitlist"][0]}"'
    )


def reroll_from_someone_else(d: Doc) -> str:
    first = d["rerolls"][0]
    holder = first["from_entrant"]
    other = next(w for w in d["winners"] if w != holder)
    first["from_entrant"] = other
    return (
        f'rerolls[0]: from_entrant "{other}" does not hold serial {first["serial"]} '
        f'(its holder is "{holder}")'
    )


def reorder_the_rerolls(d: Doc) -> str:
    rerolls = d["rerolls"]
    i = next(i for i in range(1, len(rerolls)) if rerolls[i]["at"] > rerolls[i - 1]["at"])
    rerolls[i - 1], rerolls[i] = rerolls[i], rerolls[i - 1]
    return (
        f"rerolls[{i}]: at {rerolls[i]['at']} is earlier than the reroll or draw before it; "
        "rerolls are listed in the order they happened"
    )


def disqualification(d: Doc) -> int:
    return next(i for i, r in enumerate(d["rerolls"]) if "by" in r)


def disqualify_without_naming_the_moderator(d: Doc) -> str:
    i = disqualification(d)
    del d["rerolls"][i]["by"]
    return f"rerolls[{i}]: a disqualification names no moderator (by)"


def blame_a_lapse_on_a_moderator(d: Doc) -> str:
    i = next(i for i, r in enumerate(d["rerolls"]) if "by" not in r)
    d["rerolls"][i]["by"] = "ModAnna"
    return (
        f"rerolls[{i}]: names a moderator (by) but its reason does not start with "
        "'disqualified'; only a disqualification is a moderator's doing"
    )


def pass_a_unit_on_early_as_a_lapse(d: Doc) -> str:
    i = disqualification(d)
    passed = d["rerolls"][i]
    del passed["by"]
    passed["reason"] = "claim window expired"
    drawn_at = datetime.fromisoformat(d["drawn_at"])
    ended = (drawn_at + timedelta(seconds=d["claim_window_seconds"])).isoformat()
    return (
        f"rerolls[{i}]: serial {passed['serial']} passed on at {passed['at']}, "
        f'before "{passed["from_entrant"]}"\'s claim window ended at {ended}'
    )


def disqualify_to_someone_further_down_the_waitlist(d: Doc) -> str:
    i = disqualification(d)
    expected = d["rerolls"][i]["to_entrant"]
    d["rerolls"][i]["to_entrant"] = INTRUDER
    return (
        f'rerolls[{i}]: to_entrant is "{INTRUDER}", expected the next on the waitlist, "{expected}"'
    )


def disqualify_someone_who_held_nothing(d: Doc) -> str:
    i = disqualification(d)
    passed = d["rerolls"][i]
    holder, passed["from_entrant"] = passed["from_entrant"], d["waitlist"][-1]
    return (
        f'rerolls[{i}]: from_entrant "{d["waitlist"][-1]}" does not hold serial '
        f'{passed["serial"]} (its holder is "{holder}")'
    )


def date_a_disqualification_before_the_draw(d: Doc) -> str:
    i = disqualification(d)
    at = (datetime.fromisoformat(d["drawn_at"]) - timedelta(hours=1)).isoformat()
    d["rerolls"][i]["at"] = at
    return (
        f"rerolls[{i}]: at {at} is earlier than the reroll or draw before it; "
        "rerolls are listed in the order they happened"
    )


def hide_a_disqualification(d: Doc) -> str:
    # The next pass-on then seems to skip the one the disqualification gave the unit to.
    i = disqualification(d)
    hidden = d["rerolls"].pop(i)
    return (
        f'rerolls[{i}]: to_entrant is "{d["rerolls"][i]["to_entrant"]}", expected the next on '
        f'the waitlist, "{hidden["to_entrant"]}"'
    )


def guarantee_an_entrant(d: Doc) -> str:
    entrant = d["entries"][0][0]
    d["guaranteed"][0] = entrant
    return f'guaranteed: "{entrant}" is guaranteed a unit and also in the entry list'


def claim_an_empty_serial(d: Doc) -> str:
    i = next(i for i, h in enumerate(d["holders"]) if h["entrant"] is None)
    d["holders"][i]["claimed"] = True
    return f"holders[{i}]: serial {d['holders'][i]['serial']} is claimed by nobody"


TAMPERS: list[Callable[[Doc], str]] = [
    reveal_another_seed,
    add_an_entry,
    swap_a_winner_with_the_waitlist,
    reorder_the_waitlist,
    list_a_duplicate_entrant,
    guarantee_one_pseudonym_twice,
    invent_a_guaranteed_unit,
    commit_an_invented_guaranteed_unit,
    drop_a_withdrawal,
    withdraw_an_uncommitted_unit,
    exclude_someone_still_drawn,
    exclude_without_a_reason,
    invent_a_kind_of_change,
    misstate_a_weight_change,
    merge_into_nobody,
    drop_the_last_reroll,
    drop_the_last_reroll_that_passed_a_unit_on,
    invent_a_reroll,
    invent_a_reroll_before_the_window_ended,
    skip_someone_on_the_waitlist,
    reroll_from_someone_else,
    reorder_the_rerolls,
    disqualify_without_naming_the_moderator,
    blame_a_lapse_on_a_moderator,
    pass_a_unit_on_early_as_a_lapse,
    disqualify_to_someone_further_down_the_waitlist,
    disqualify_someone_who_held_nothing,
    date_a_disqualification_before_the_draw,
    hide_a_disqualification,
    guarantee_an_entrant,
    claim_an_empty_serial,
]


async def test_the_genuine_transcript_verifies_with_everything_checked(
    genuine: Doc, tmp_path: Path, harness: Harness
) -> None:
    code, lines = verify_draw(tmp_path, genuine)
    assert code == 0, lines
    assert lines[0].startswith("OK: ") and "rerolls and 6 holders checked" in lines[0]
    assert genuine["version"] == 2
    assert not any("not checked" in line for line in lines), lines  # nothing left unchecked
    kinds = {a["change"] for a in genuine["adjustments"]}
    assert {EXCLUDED, MERGED, WITHDRAWN, "weight 3 -> 1"} <= kinds
    assert any(r["to_entrant"] is None for r in genuine["rerolls"])
    assert [(r["reason"], r["by"]) for r in genuine["rerolls"] if "by" in r] == [
        ("disqualified: alt account", "ModAnna")
    ]


@pytest.mark.parametrize("tamper", TAMPERS, ids=lambda t: t.__name__)
async def test_verify_draw_catches_the_tamper(
    genuine: Doc, tmp_path: Path, harness: Harness, tamper: Callable[[Doc], str]
) -> None:
    line = tamper(genuine)

    code, lines = verify_draw(tmp_path, genuine)

    assert code == 1
    assert lines[0].startswith("MISMATCH: ")
    assert f"  - {line}" in lines, "\n".join(lines)


async def test_a_v1_transcript_keeps_verifying_with_everything_checked(
    genuine_v1: Doc, tmp_path: Path, harness: Harness
) -> None:
    code, lines = verify_draw(tmp_path, genuine_v1)
    assert code == 0, lines
    assert lines == [lines[0]] and "rerolls and 6 holders checked" in lines[0]


async def test_a_transcript_from_before_the_new_fields_verifies_and_says_what_was_not_checked(
    genuine_v1: Doc, tmp_path: Path, harness: Harness
) -> None:
    old = genuine_v1
    assert old["version"] == 1
    for name in ("guaranteed_digest", "guaranteed_committed", "claim_window_seconds", "holders"):
        del old[name]
    for a in old["adjustments"]:
        if a["change"] == MERGED:
            a["change"] = EXCLUDED  # what the builder called a merged duplicate then
    old["adjustments"] = [a for a in old["adjustments"] if a["change"] != WITHDRAWN]

    code, lines = verify_draw(tmp_path, old)

    assert code == 0, lines
    assert lines[1:] == [
        "  not checked: guaranteed units: no guaranteed_digest committed at open, so the "
        "guaranteed list cannot be checked against what was announced",
        "  not checked: reroll times: no claim_window_seconds, so a reroll before its holder's "
        "claim window ended cannot be seen",
        "  not checked: final holders: no holders list, so a dropped or invented reroll cannot "
        "be seen",
    ]


async def test_crafted_durations_and_far_dates_give_lines_not_tracebacks(
    genuine: Doc, tmp_path: Path, harness: Harness
) -> None:
    path = tmp_path / "crafted.json"
    path.write_text(json.dumps({**genuine, "claim_window_seconds": 10**18}), encoding="utf-8")
    refused = CliRunner().invoke(cli, ["verify-draw", str(path)])
    assert refused.exit_code != 0 and "Traceback" not in refused.output
    assert "claim_window_seconds: must be an integer in 0..1000000000" in refused.stderr

    far = {**genuine, "drawn_at": "9999-12-31T23:00:00+00:00"}
    code, lines = verify_draw(tmp_path, far)
    assert code == 1 and lines[0].startswith("MISMATCH: ")
