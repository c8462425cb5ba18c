"""`fairdrop messages`: every id with its variables, the English default of one, and the check
of the overrides beside the config, one line per problem."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import cli
from bot.messages.catalog import shipped_catalog


@pytest.fixture
def beside(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A config file in its own folder, run from elsewhere: overrides are found beside it."""
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "fairdrop.toml").write_text("", encoding="utf-8")
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    return tmp_path / "conf"


def test_list_shows_every_message_id_with_its_variables(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["messages", "list"])

    assert result.exit_code == 0, result.output
    listed = {line.split()[0]: line.split()[1:] for line in result.output.splitlines()}
    assert set(listed) == set(shipped_catalog().ids())
    assert listed["twitch-drawn"] == ["$entrants", "$title", "$winners"]


def test_show_prints_the_english_default_ready_to_copy(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["messages", "show", "twitch-settled"])

    assert result.exit_code == 0, result.output
    assert result.output.startswith(
        'twitch-settled = Drop "{ $title }" is settled: every unit is claimed or passed on.'
    )
    assert "$title: the drop's title" in result.output


def test_show_of_an_unknown_id_is_one_line(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["messages", "show", "twitch-nope"])

    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "Error: no message 'twitch-nope'; `fairdrop messages list` shows them"
    )


def test_check_passes_good_overrides(runner: CliRunner, beside: Path) -> None:
    (beside / "messages").mkdir()
    (beside / "messages" / "stream.ftl").write_text(
        "twitch-ack-entered = In the { $title } drop, good luck:\n", encoding="utf-8"
    )

    result = runner.invoke(cli, ["-c", str(beside / "fairdrop.toml"), "messages", "check"])

    assert result.exit_code == 0, result.output
    assert "1 override file(s), no problems" in result.output


def test_check_says_each_problem_in_one_line(runner: CliRunner, beside: Path) -> None:
    (beside / "messages").mkdir()
    (beside / "messages" / "stream.ftl").write_text(
        "twitch-ack-entered = In the { $titel } drop:\n"
        "twitch-hello = hi\n"
        "twitch-settled = /me { $title } is settled\n"
        "twitch-closed = Drop { $title } is closed. { $reason }" + " padding" * 60 + "\n"
        "discord-drawn = @everyone { $title } is drawn!\n"
        "discord-won = <@&1579431774130405383> unit #{ $serial } of { $title }\n",
        encoding="utf-8",
    )

    result = runner.invoke(cli, ["-c", str(beside / "fairdrop.toml"), "messages", "check"])

    assert result.exit_code == 1
    where = f"{beside / 'messages' / 'stream.ftl'}: "
    assert [line.removeprefix(where) for line in result.stdout.splitlines()] == [
        "twitch-ack-entered: unknown variable $titel (it has $title)",
        "twitch-ack-entered: leaves out $title; put { $title } in the text",
        "twitch-hello: no such message (see `fairdrop messages list`)",
        "twitch-settled: starts with / or ., which Twitch reads as a command",
        "twitch-closed: unknown variable $reason (it has $title)",
        "discord-drawn: mentions everyone, here, a role or a user; remove the mention",
        "discord-won: mentions everyone, here, a role or a user; remove the mention",
    ]


def test_check_finds_a_twitch_line_that_can_run_past_500_characters(
    runner: CliRunner, beside: Path
) -> None:
    (beside / "messages").mkdir()
    long = "Drop { $title } is closed" + ", really" * 51 + "."
    (beside / "messages" / "stream.ftl").write_text(f"twitch-closed = {long}\n", encoding="utf-8")

    result = runner.invoke(cli, ["-c", str(beside / "fairdrop.toml"), "messages", "check"])

    assert result.exit_code == 1
    assert result.stdout.strip().endswith(
        "twitch-closed: can be 504 characters with the longest values; Twitch takes 500"
    )
