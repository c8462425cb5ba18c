"""`[log] format = "json"` reaches every command: what a command logs is one JSON object a line."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from bot.cli import cli


def test_a_command_with_json_logs_writes_one_json_object_per_line(tmp_path: Path) -> None:
    config = tmp_path / "fairdrop.toml"
    config.write_text(
        f'[database]\nurl = "sqlite:///{tmp_path}/x.db"\n\n'
        '[log]\nlevel = "debug"\nformat = "json"\n',
        encoding="utf-8",
    )

    result = CliRunner().invoke(cli, ["-c", str(config), "db", "upgrade"])

    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stderr.splitlines()]
    assert records  # alembic says what it migrates at debug
    assert {record["logger"] for record in records} == {"alembic.runtime.migration"}
    assert all(record["level"] == "INFO" and record["message"] for record in records)
