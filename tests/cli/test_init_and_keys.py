"""`fairdrop init` and `fairdrop keys`: the starter config, the keyring on disk and its rotation."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from bot.cli import cli
from bot.config import EXAMPLE_CONFIG
from bot.keystore import load_keyring

CONFIG = Path("fairdrop.toml")
KEYS = Path("keys/signing.json")


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def run(runner: CliRunner, *args: str) -> Result:
    return runner.invoke(cli, list(args))


def error_line(result: Result) -> str:
    """The single line a failed command printed on stderr (and nothing on stdout)."""
    assert result.exit_code != 0, result.output
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit), result.exception
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert result.stdout == ""
    return lines[0]


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def shown_keys(runner: CliRunner) -> list[tuple[str, str, str]]:
    """`keys show` as (public key, kid, marker) triples, in printed order."""
    result = run(runner, "keys", "show")
    assert result.exit_code == 0, result.output
    rows = []
    for line in result.stdout.splitlines():
        public, _, comment = line.partition("  # ")
        kid, _, marker = comment.partition(" ")
        rows.append((public, kid, marker))
    return rows


# --- init ------------------------------------------------------------------------------------


def test_init_writes_the_example_config_and_a_private_keyring(runner: CliRunner) -> None:
    result = run(runner, "init")

    assert result.exit_code == 0, result.output
    assert CONFIG.read_text(encoding="utf-8") == EXAMPLE_CONFIG.read_text(encoding="utf-8")
    assert mode_of(KEYS) == 0o600
    assert len(load_keyring(KEYS, env={}).keys) == 1
    assert f"wrote {CONFIG}" in result.stdout
    assert f"wrote {KEYS}" in result.stdout


def test_init_refuses_to_overwrite_an_existing_config_without_force(runner: CliRunner) -> None:
    CONFIG.write_text('[log]\nlevel = "debug"\n', encoding="utf-8")
    before = CONFIG.read_bytes()

    line = error_line(run(runner, "init"))

    assert str(CONFIG) in line
    assert "--force" in line
    assert CONFIG.read_bytes() == before
    assert not KEYS.exists()


def test_init_refuses_to_overwrite_an_existing_keyring_without_force(runner: CliRunner) -> None:
    assert run(runner, "init").exit_code == 0
    CONFIG.unlink()
    before = KEYS.read_bytes()

    line = error_line(run(runner, "init"))

    assert str(KEYS) in line
    assert "--force" in line
    assert KEYS.read_bytes() == before
    assert not CONFIG.exists()


def test_init_refuses_when_both_exist_and_changes_neither(runner: CliRunner) -> None:
    assert run(runner, "init").exit_code == 0
    CONFIG.write_text("# my edits\n", encoding="utf-8")
    config_before, keys_before = CONFIG.read_bytes(), KEYS.read_bytes()

    error_line(run(runner, "init"))

    assert CONFIG.read_bytes() == config_before
    assert KEYS.read_bytes() == keys_before


def test_init_with_force_replaces_the_config_and_the_keyring(runner: CliRunner) -> None:
    assert run(runner, "init").exit_code == 0
    old_kid = load_keyring(KEYS, env={}).current.kid
    CONFIG.write_text("# my edits\n", encoding="utf-8")
    os.chmod(KEYS, 0o644)

    result = run(runner, "init", "--force")

    assert result.exit_code == 0, result.output
    assert CONFIG.read_text(encoding="utf-8") == EXAMPLE_CONFIG.read_text(encoding="utf-8")
    assert mode_of(KEYS) == 0o600
    assert load_keyring(KEYS, env={}).current.kid != old_kid


def test_init_writes_the_config_where_config_out_says(runner: CliRunner) -> None:
    result = run(runner, "init", "--config-out", "custom.toml")

    assert result.exit_code == 0, result.output
    assert Path("custom.toml").read_text(encoding="utf-8") == EXAMPLE_CONFIG.read_text("utf-8")
    assert not CONFIG.exists()
    assert mode_of(KEYS) == 0o600


def test_init_with_config_out_is_not_derailed_by_a_broken_fairdrop_toml(
    runner: CliRunner,
) -> None:
    CONFIG.write_text('[keys]\npathh = "x"\n', encoding="utf-8")

    result = run(runner, "init", "--config-out", "custom.toml")

    # Either it succeeds (the broken file is not the one being written) or it fails in one line.
    assert result.exception is None or isinstance(result.exception, SystemExit)
    if result.exit_code != 0:
        assert len(result.stderr.strip().splitlines()) == 1


# --- keys show / rotate ----------------------------------------------------------------------


def test_keys_show_prints_one_public_key_line_marked_current(runner: CliRunner) -> None:
    assert run(runner, "init").exit_code == 0
    keyring = load_keyring(KEYS, env={})

    rows = shown_keys(runner)

    assert len(rows) == 1
    public, kid, marker = rows[0]
    assert public.startswith("k4.public.")
    assert kid == keyring.current.kid
    assert marker == "(current)"


def test_keys_show_never_prints_secret_material(runner: CliRunner) -> None:
    assert run(runner, "init").exit_code == 0
    secrets = [line for line in KEYS.read_text("utf-8").splitlines() if '"secret"' in line]
    assert secrets
    secret_value = secrets[0].split(":", 1)[1].strip().strip('",')

    result = run(runner, "keys", "show")

    assert secret_value not in result.output
    assert "k4.secret" not in result.output


def test_keys_rotate_adds_a_current_key_and_keeps_the_old_one_listed(runner: CliRunner) -> None:
    assert run(runner, "init").exit_code == 0
    old_kid = load_keyring(KEYS, env={}).current.kid

    result = run(runner, "keys", "rotate")

    assert result.exit_code == 0, result.output
    new_kid = load_keyring(KEYS, env={}).current.kid
    assert new_kid != old_kid
    assert new_kid in result.stdout
    assert "2 keys" in result.stdout
    assert mode_of(KEYS) == 0o600
    rows = shown_keys(runner)
    assert [(kid, marker) for _, kid, marker in rows] == [
        (old_kid, "(previous)"),
        (new_kid, "(current)"),
    ]
    assert all(public.startswith("k4.public.") for public, _, _ in rows)
    assert len({public for public, _, _ in rows}) == 2


def test_keys_rotate_twice_keeps_every_earlier_key(runner: CliRunner) -> None:
    assert run(runner, "init").exit_code == 0
    assert run(runner, "keys", "rotate").exit_code == 0
    assert run(runner, "keys", "rotate").exit_code == 0

    markers = [marker for _, _, marker in shown_keys(runner)]

    assert markers == ["(previous)", "(previous)", "(current)"]


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604])
def test_a_keyring_others_can_read_is_refused_with_a_chmod_600_hint(
    runner: CliRunner, mode: int
) -> None:
    assert run(runner, "init").exit_code == 0
    os.chmod(KEYS, mode)
    before = KEYS.read_bytes()

    for args in (("keys", "show"), ("keys", "rotate")):
        line = error_line(run(runner, *args))
        assert "chmod 600" in line
        assert str(KEYS) in line
    assert KEYS.read_bytes() == before


def test_a_damaged_keyring_gives_one_line_naming_the_file(runner: CliRunner) -> None:
    assert run(runner, "init").exit_code == 0
    KEYS.write_bytes(KEYS.read_bytes()[:40])

    line = error_line(run(runner, "keys", "show"))

    assert str(KEYS) in line
    assert "JSON" in line


def test_a_keyring_with_the_wrong_shape_gives_one_line(runner: CliRunner) -> None:
    assert run(runner, "init").exit_code == 0
    KEYS.write_text('{"format": "something else", "keys": []}', encoding="utf-8")

    line = error_line(run(runner, "keys", "show"))

    assert str(KEYS) in line


def test_a_keyring_that_is_not_text_gives_one_line(runner: CliRunner) -> None:
    assert run(runner, "init").exit_code == 0
    KEYS.write_bytes(b"\xff\xfe\x00 not a keyring")

    line = error_line(run(runner, "keys", "show"))

    assert str(KEYS) in line


def test_keys_show_without_a_keyring_says_to_run_init(runner: CliRunner) -> None:
    line = error_line(run(runner, "keys", "show"))

    assert str(KEYS) in line
    assert "fairdrop init" in line


def test_keys_commands_use_the_keyring_path_from_the_config(runner: CliRunner) -> None:
    assert run(runner, "init").exit_code == 0
    Path("other").mkdir()
    KEYS.rename("other/ring.json")
    Path("alt.toml").write_text('[keys]\npath = "other/ring.json"\n', encoding="utf-8")

    assert run(runner, "-c", "alt.toml", "keys", "rotate").exit_code == 0

    assert not KEYS.exists()
    assert len(load_keyring(Path("other/ring.json"), env={}).keys) == 2


def test_rotating_a_keyring_that_comes_from_the_environment_is_refused(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(runner, "init").exit_code == 0
    monkeypatch.setenv("FAIRDROP_KEYRING", KEYS.read_text())
    before = KEYS.read_bytes()
    line = error_line(run(runner, "keys", "rotate"))
    assert "FAIRDROP_KEYRING" in line
    assert KEYS.read_bytes() == before


def test_verify_against_a_database_that_does_not_exist_says_so_and_creates_nothing(
    runner: CliRunner,
) -> None:
    assert run(runner, "init").exit_code == 0
    line = error_line(run(runner, "verify", "ABCD-EFGH-JKMN-PQRS-T"))
    assert "no database at fairdrop.db" in line and "db upgrade" in line
    assert not Path("fairdrop.db").exists()
