"""`fairdrop verify-draw FILE` on crafted files: one line on stderr and exit 1, never a traceback.

Transcripts are downloaded from the transparency page and checked by anyone, so the file is
untrusted input; nothing in it may make the verifier crash.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.cli import cli
from bot.drops.transcript import Transcript, TranscriptError
from tests.cli.test_init_and_keys import error_line


def _verify(path: Path) -> str:
    return error_line(CliRunner().invoke(cli, ["verify-draw", str(path)]))


def test_a_deeply_nested_transcript_gives_one_line(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")

    line = _verify(path)

    assert str(path) in line and "nested" in line


def test_deep_nesting_inside_a_field_gives_one_line(tmp_path: Path) -> None:
    path = tmp_path / "deep-field.json"
    path.write_text('{"version": 1, "title": ' + "[" * 50_000 + "]" * 50_000 + "}")

    assert str(path) in _verify(path)


# Any JSON document at all, nested a little: the parser must refuse it with TranscriptError.
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)
_FIELDS = sorted(Transcript.__dataclass_fields__)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(_FIELDS), _JSON) | _JSON)
def test_a_transcript_of_any_json_is_read_or_refused_in_one_line(data: object) -> None:
    try:
        parsed = Transcript.from_json(json.dumps(data))
    except TranscriptError as error:
        assert "\n" not in str(error)
        return
    assert isinstance(parsed, Transcript)  # only a well-formed transcript gets this far
