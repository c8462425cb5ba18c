"""The single-file verifier anyone can download (bot/web/static/verify_draw.py), run the way a
stranger runs it: a bare interpreter (`python -I -S`: no site-packages, so no fairdrop), on the
genuine transcripts, on every tamper `fairdrop verify-draw` catches (the same line comes out),
and on every test vector. The drand signature is checked only where drand-verify is importable,
and the verifier says so plainly where it is not."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import drand_verify
import pytest

from bot.drops.transcript import Transcript
from tests.drops import test_first_come_transcript as first_come
from tests.drops import test_tamper_bindings as bindings
from tests.drops import test_tamper_table as table
from tests.drops.test_first_come_transcript import genuine as genuine_first_come  # noqa: F401
from tests.drops.test_tamper_table import genuine, genuine_v1  # noqa: F401
from tests.fixtures.drand_draws import CHAIN, beacon_backed
from tests.fixtures.harness import Harness

Doc = dict[str, Any]
ROOT = Path(__file__).resolve().parents[2]
VERIFIER = ROOT / "bot" / "web" / "static" / "verify_draw.py"
VECTORS = sorted((ROOT / "docs" / "vectors").glob("*.json"))
TEST_CHAIN = ["--genesis", str(CHAIN.genesis), "--period", str(CHAIN.period)]
# The genuine transcripts come from drops run on the memory store (as in the tamper tables).
on_memory = pytest.mark.parametrize("harness", ["memory"], indirect=True)


def standalone(
    tmp_path: Path, doc: Doc, *args: str, with_drand_verify: bool = False
) -> tuple[int, list[str]]:
    """Run the verifier on ``doc`` under a bare interpreter: exit code and stdout lines.

    ``with_drand_verify`` puts drand-verify (and nothing else) on the path, as a user who ran
    ``pip install drand-verify`` has it."""
    path = tmp_path / "transcript.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    extra = str(Path(drand_verify.__file__).parents[1]) if with_drand_verify else ""
    # -I -S: no site-packages, no PYTHONPATH, no current directory; only the standard library
    # (and drand-verify's folder when asked). fairdrop is not importable.
    code = (
        "import sys, runpy\n"
        f"if {extra!r}: sys.path.append({extra!r})\n"
        f"sys.argv = ['verify_draw.py', *{[str(path), *args]!r}]\n"
        f"runpy.run_path({str(VERIFIER)!r}, run_name='__main__')\n"
    )
    done = subprocess.run(
        [sys.executable, "-I", "-S", "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, done.stdout.splitlines()


def run_file(tmp_path: Path, doc: object) -> tuple[int, list[str], list[str]]:
    """Run the verifier as a script on ``doc``: exit code, stdout and stderr lines."""
    path = tmp_path / "crafted.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-I", "-S", str(VERIFIER), str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, done.stdout.splitlines(), done.stderr.splitlines()


def test_the_verifier_imports_only_the_standard_library_and_drand_verify() -> None:
    tree = ast.parse(VERIFIER.read_text("utf-8"))
    imported = {
        alias.name.partition(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {
        (node.module or "").partition(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
    }
    assert imported <= set(sys.stdlib_module_names) | {"__future__"}, imported
    assert 'import_module("drand_verify")' in VERIFIER.read_text("utf-8")
    assert "bot" not in imported and "fairdrop" not in imported


@on_memory
async def test_the_genuine_transcripts_verify(
    genuine: Doc,  # noqa: F811
    genuine_v1: Doc,  # noqa: F811
    tmp_path: Path,
    harness: Harness,
) -> None:
    code, lines = standalone(tmp_path, genuine)
    assert code == 0, lines
    assert lines[0].startswith("OK: drop ") and "re-derived" in lines[0]
    assert lines[1:] == [
        "  no public randomness (the drop opted out): the operator could have influenced the result"
    ]
    code, lines = standalone(tmp_path, genuine_v1)
    assert (code, len(lines)) == (0, 1), lines


@on_memory
@pytest.mark.parametrize("tamper", table.TAMPERS, ids=lambda t: t.__name__)
async def test_the_verifier_catches_what_verify_draw_catches(
    genuine: Doc,  # noqa: F811
    tmp_path: Path,
    harness: Harness,
    tamper: Callable[[Doc], str],
) -> None:
    line = tamper(genuine)

    code, lines = standalone(tmp_path, genuine)

    assert code == 1
    assert lines[0].startswith("MISMATCH: ")
    assert f"  - {line}" in lines, "\n".join(lines)


@on_memory
@pytest.mark.parametrize("tamper", first_come.TAMPERS, ids=lambda t: t.__name__)
async def test_the_verifier_catches_each_first_come_tamper(
    genuine_first_come: Doc,  # noqa: F811
    tmp_path: Path,
    harness: Harness,
    tamper: Callable[[Doc], str],
) -> None:
    code, lines = standalone(tmp_path, genuine_first_come)
    assert code == 0, lines
    line = tamper(genuine_first_come)

    code, lines = standalone(tmp_path, genuine_first_come)

    assert code == 1
    assert f"  - {line}" in lines, "\n".join(lines)


@pytest.mark.parametrize("name", sorted(bindings.TAMPERS))
def test_the_verifier_catches_each_changed_binding(name: str, tmp_path: Path) -> None:
    tamper, expected = bindings.TAMPERS[name]
    genuine_doc = json.loads(beacon_backed().to_json())
    code, lines = standalone(tmp_path, genuine_doc, *TEST_CHAIN, with_drand_verify=True)
    assert code == 0, lines
    tampered = json.loads(Transcript.from_json(tamper(beacon_backed()).to_json()).to_json())

    code, lines = standalone(tmp_path, tampered, *TEST_CHAIN, with_drand_verify=True)

    assert code == 1
    assert any(expected in line for line in lines), lines


def test_without_drand_verify_a_signed_draw_is_not_called_verified(tmp_path: Path) -> None:
    doc = json.loads(beacon_backed().to_json())

    code, lines = standalone(tmp_path, doc, *TEST_CHAIN)

    assert code == 1
    assert lines == [
        f"NOT VERIFIED: {tmp_path / 'transcript.json'}: the drand round's signature cannot be "
        "checked: drand-verify is not installed (pip install drand-verify); everything else "
        "matches"
    ]


@pytest.mark.parametrize("path", VECTORS, ids=lambda p: p.stem)
def test_every_vector_verifies(path: Path, tmp_path: Path) -> None:
    doc = json.loads(path.read_text("utf-8"))["transcript"]
    code, lines = standalone(tmp_path, doc, with_drand_verify=True)
    assert code == 0, lines
    assert lines[0].startswith("OK: ")


@on_memory
async def test_the_values_announced_in_chat_are_compared(
    genuine: Doc,  # noqa: F811
    tmp_path: Path,
    harness: Harness,
) -> None:
    code, _ = standalone(
        tmp_path,
        genuine,
        "--commitment",
        genuine["commitment"].upper(),
        "--entry-hash",
        genuine["entry_list_hash"],
    )
    assert code == 0
    code, lines = standalone(tmp_path, genuine, "--commitment", "ab" * 32)
    assert code == 1
    stated = genuine["commitment"]
    assert f"  - commitment: announced {'ab' * 32}, transcript says {stated}" in lines


@on_memory
async def test_a_crafted_file_gets_one_line_not_a_traceback(
    genuine: Doc,  # noqa: F811
    tmp_path: Path,
    harness: Harness,
) -> None:
    for doc in ({**genuine, "claim_window_seconds": 10**18}, {**genuine, "entries": 5}):
        code, lines, errors = run_file(tmp_path, doc)
        assert (code, lines) == (2, [])
        assert len(errors) == 1 and "not a transcript this verifier can read" in errors[0], errors
