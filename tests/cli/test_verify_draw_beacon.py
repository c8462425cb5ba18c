"""`fairdrop verify-draw` on v2 transcripts: the drand round's signature checked offline against
the pinned key, and the commitment and entry-list hash compared with what chat announced."""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from bot.cli import cli
from fakeplatforms.drand import GENUINE_ROUNDS
from tests.fixtures.drand_draws import CHAIN, beacon_backed, v2_transcript


def verify_draw(*args: str) -> Result:
    return CliRunner().invoke(cli, ["verify-draw", *args])


def written(tmp_path: Path, data: dict[str, object] | None = None) -> Path:
    path = tmp_path / "transcript.json"
    path.write_text(
        beacon_backed().to_json() if data is None else json.dumps(data), encoding="utf-8"
    )
    return path


def genesis() -> str:
    return str(CHAIN.genesis)


def test_a_genuine_round_and_the_announced_values_verify(tmp_path: Path) -> None:
    t = beacon_backed()
    result = verify_draw(
        str(written(tmp_path)),
        "--genesis", genesis(),
        "--commitment", t.commitment.upper(),  # as copied, whatever the case
        "--entry-hash", t.entry_list_hash,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    first, second = result.stdout.strip().splitlines()
    assert first.startswith("OK: drop 7 (Signed prints)")
    assert first.endswith("matches the announced commitment and entry_list_hash")
    assert second.strip().startswith("drand round 1000 (published")
    assert "signature verified against the pinned quicknet key" in second


def test_a_commitment_other_than_the_announced_one_is_a_mismatch(tmp_path: Path) -> None:
    result = verify_draw(str(written(tmp_path)), "--genesis", genesis(), "--commitment", "ab" * 32)
    assert result.exit_code == 1
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith("MISMATCH:")
    assert any(f"commitment: announced {'ab' * 32}" in line for line in lines)


def test_a_malformed_announced_value_is_one_line_and_checks_nothing(tmp_path: Path) -> None:
    result = verify_draw(str(written(tmp_path)), "--entry-hash", "12345")
    assert result.exit_code != 0 and result.stdout == ""
    assert (
        result.stderr.strip().splitlines()
        == ["error: --entry-hash must be 64 hex characters, as announced"]
        or "--entry-hash must be 64 hex characters" in result.stderr
    )


def test_a_wrong_signature_is_named(tmp_path: Path) -> None:
    data = json.loads(beacon_backed().to_json())
    data["drand"]["signature"] = GENUINE_ROUNDS[42]
    data["drand"]["randomness"] = hashlib.sha256(bytes.fromhex(GENUINE_ROUNDS[42])).hexdigest()
    result = verify_draw(str(written(tmp_path, data)), "--genesis", genesis())
    assert result.exit_code == 1
    assert "drand.signature: not a valid signature of round 1000" in result.stdout


def test_without_the_test_genesis_the_chain_is_not_quicknet_as_pinned(tmp_path: Path) -> None:
    result = verify_draw(str(written(tmp_path)))
    assert result.exit_code == 1
    assert "differ from the pinned chain's 1692803367 / 3" in result.stdout


def test_without_drand_verify_it_says_the_signature_was_not_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = written(tmp_path)
    monkeypatch.setitem(sys.modules, "drand_verify", None)  # import now fails, as if absent
    result = verify_draw(str(path), "--genesis", genesis())
    assert result.exit_code == 1
    assert result.stdout.startswith("NOT VERIFIED:")
    assert "drand-verify is not installed" in result.stdout


def test_an_opted_out_draw_verifies_and_says_the_operator_could_have_steered_it(
    tmp_path: Path,
) -> None:
    t = v2_transcript(committed=None, fetched=None)
    path = tmp_path / "opted-out.json"
    path.write_text(t.to_json(), encoding="utf-8")
    result = verify_draw(str(path))
    assert result.exit_code == 0, result.output
    assert "the operator could have influenced the result" in result.stdout
