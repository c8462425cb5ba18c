"""A database out of reach, a bad database URL, Redis out of reach, the web port in use: every
command ends with one line naming the problem and a non-zero exit, never a traceback."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from bot.cli import cli
from bot.cli.failures import explain
from bot.config import ConfigError


@pytest.fixture(autouse=True)
def _initialised(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, runner: CliRunner) -> None:
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(cli, ["init"]).exit_code == 0  # a keyring, so `run` gets as far as it can


@pytest.fixture
def closed_port() -> int:
    """A local port nothing listens on: connecting to it is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def held_port() -> Iterator[int]:
    """A local port another program is listening on."""
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        yield int(holder.getsockname()[1])


def with_config(runner: CliRunner, config: str, *args: str) -> Result:
    Path("case.toml").write_text(config, encoding="utf-8")
    return runner.invoke(cli, ["-c", "case.toml", *args])


def one_line(result: Result) -> str:
    """The single line a failed command printed on stderr."""
    assert result.exit_code not in (0, None), result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    return lines[0]


DATABASE_COMMANDS = [
    pytest.param(["run"], id="run"),
    pytest.param(["db", "status"], id="db-status"),
    pytest.param(["db", "upgrade"], id="db-upgrade"),
    pytest.param(["verify", "ABCD-EFGH-JKMN-PQRS-T"], id="verify"),
    pytest.param(["lists", "all"], id="lists"),
    pytest.param(["partners", "list"], id="partners"),
    pytest.param(["report", "hoodie"], id="report"),
]


@pytest.mark.parametrize("command", DATABASE_COMMANDS)
def test_a_database_out_of_reach_is_one_line(
    runner: CliRunner, closed_port: int, command: list[str]
) -> None:
    url = f"postgresql+psycopg://fairdrop:hunter2@127.0.0.1:{closed_port}/fairdrop"

    line = one_line(with_config(runner, f'[database]\nurl = "{url}"\n', *command))

    assert "cannot use the database" in line
    assert str(closed_port) in line and "refused" in line
    assert "hunter2" not in line


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        pytest.param("not a url", "is not a URL like", id="not-a-url"),
        pytest.param("postgres://u:hunter2@db/fairdrop", "names 'postgres'", id="no-dialect"),
        pytest.param("mysql://u:hunter2@db/fairdrop", "needs the driver", id="no-driver"),
    ],
)
@pytest.mark.parametrize("command", [["run"], ["db", "upgrade"], ["lists", "all"]], ids=" ".join)
def test_a_bad_database_url_is_one_line(
    runner: CliRunner, url: str, expected: str, command: list[str]
) -> None:
    line = one_line(with_config(runner, f'[database]\nurl = "{url}"\n', *command))

    assert "database URL" in line and expected in line
    assert "hunter2" not in line


def test_a_bad_database_url_from_the_environment_is_one_line(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["db", "status"], env={"FAIRDROP_DATABASE_URL": "nonsense"})

    assert "is not a URL like" in one_line(result)


def test_a_bad_database_url_given_to_simulate_is_one_line(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["simulate", "--db", "postgres://x/y", "--entrants", "5"])

    assert "names 'postgres'" in one_line(result)


def test_the_web_port_in_use_is_one_line(runner: CliRunner, held_port: int) -> None:
    config = (
        '[database]\nurl = "sqlite:///fairdrop.db"\n'
        f'[web]\nenabled = true\nhost = "127.0.0.1"\nport = {held_port}\n'
        # The scheduler starts (and says so at info) before the web app: that is the log,
        # not the error, so only warnings and worse are written here.
        '[log]\nlevel = "warning"\n'
    )

    line = one_line(with_config(runner, config, "run"))

    assert f"cannot listen on 127.0.0.1:{held_port}" in line
    assert "address already in use" in line


def test_redis_out_of_reach_is_one_line(runner: CliRunner, closed_port: int) -> None:
    config = (
        '[database]\nurl = "sqlite:///fairdrop.db"\n'
        f'[hot_state]\nbackend = "redis"\nurl = "redis://127.0.0.1:{closed_port}/0"\n'
    )

    line = one_line(with_config(runner, config, "run"))

    assert "cannot use Redis" in line and str(closed_port) in line


def test_a_folder_that_cannot_be_made_is_one_line(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("a file, not a folder", encoding="utf-8")

    line = one_line(
        with_config(runner, '[database]\nurl = "sqlite:///taken/x.db"\n', "db", "upgrade")
    )

    assert "taken" in line


def test_a_failure_inside_the_runs_task_group_is_explained_by_its_cause() -> None:
    nested = ExceptionGroup("run", [ExceptionGroup("web", [ConfigError("[web] port: bad")])])

    assert explain(nested) == ("[web] port: bad", 1)


@pytest.mark.parametrize(
    "bug",
    [RuntimeError("a bug"), KeyError("x"), ExceptionGroup("run", [ValueError("a bug")])],
    ids=["runtime", "key", "group"],
)
def test_a_bug_is_not_disguised_as_an_operators_problem(bug: BaseException) -> None:
    assert explain(bug) is None  # it keeps its traceback


def test_run_refuses_a_bad_message_override_in_one_line_before_it_starts(
    runner: CliRunner, tmp_path: Path
) -> None:
    (tmp_path / "messages").mkdir()
    (tmp_path / "messages" / "stream.ftl").write_text(
        "twitch-ack-entered = You're in, { $titel }:\n", encoding="utf-8"
    )

    line = one_line(with_config(runner, '[database]\nurl = "sqlite:///fairdrop.db"\n', "run"))

    assert "stream.ftl: twitch-ack-entered: unknown variable $titel" in line
    assert not (tmp_path / "fairdrop.db").exists()  # refused before anything was opened
