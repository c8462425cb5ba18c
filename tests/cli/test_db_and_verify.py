"""`fairdrop db`, `verify` and `verify-draw` against a real SQLite file and a simulated drop."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from bot.bootstrap import open_runtime
from bot.cli import cli
from bot.config import ENV_DATABASE_URL
from bot.drops import shortcode
from bot.drops.keyring import Keyring
from bot.drops.redemption import CodeStatus, redeem
from bot.kernel.alphabet import ALPHABET
from bot.keystore import ENV_KEYRING, load_keyring, save_keyring
from bot.loop import run_on_loop
from bot.simulation import ManualClock, SimulationPlan, simulate, start_time
from bot.store import migrate
from bot.store.database import SqlUnitOfWork, make_engine
from tests.fixtures.settings import offline_settings

# Module-scoped fixtures cannot use monkeypatch; the runner unsets these for every invocation.
CLEAN_ENV: dict[str, str | None] = {ENV_KEYRING: None, ENV_DATABASE_URL: None}


@dataclass(frozen=True)
class Setup:
    root: Path
    config: Path
    keys: Path
    db_url: str

    def invoke(self, *args: str) -> Result:
        return CliRunner(env=CLEAN_ENV).invoke(cli, ["-c", str(self.config), *args])


def make_setup(root: Path) -> Setup:
    """A config pointing at a SQLite file and a keyring in `root`, with the keyring saved."""
    db_url = f"sqlite:///{root}/x.db"
    keys = root / "keys" / "signing.json"
    config = root / "fairdrop.toml"
    config.write_text(
        f'[database]\nurl = "{db_url}"\n\n[keys]\npath = "{keys}"\n', encoding="utf-8"
    )
    save_keyring(keys, Keyring.new(datetime.now(UTC)), overwrite=False)
    return Setup(root, config, keys, db_url)


def error_line(result: Result) -> str:
    assert result.exit_code != 0, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def verdict(result: Result) -> str:
    """The one line `verify` prints (on stdout)."""
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1, result.output
    return lines[0]


# --- db upgrade / status ---------------------------------------------------------------------


def test_db_upgrade_migrates_once_and_then_reports_the_revision(tmp_path: Path) -> None:
    setup = make_setup(tmp_path)
    head = migrate.head_revision()

    status = setup.invoke("db", "status")
    assert status.exit_code == 0, status.output
    behind = f"revision none (newest {head}): behind: run `fairdrop db upgrade`"
    assert status.stdout.strip() == behind

    first = setup.invoke("db", "upgrade")
    assert first.exit_code == 0, first.output
    assert first.stdout.strip() == f"{setup.db_url}: upgraded from empty to {head}"

    second = setup.invoke("db", "upgrade")
    assert second.exit_code == 0, second.output
    assert second.stdout.strip() == f"{setup.db_url}: already at revision {head}"

    status = setup.invoke("db", "status")
    assert status.exit_code == 0, status.output
    assert status.stdout.strip() == f"revision {head} (newest {head}): up to date"


def test_db_upgrade_uses_fairdrop_database_url_over_the_config(tmp_path: Path) -> None:
    setup = make_setup(tmp_path)
    other = f"sqlite:///{tmp_path}/other.db"

    result = CliRunner(env={ENV_KEYRING: None, ENV_DATABASE_URL: other}).invoke(
        cli, ["-c", str(setup.config), "db", "upgrade"]
    )

    assert result.exit_code == 0, result.output
    assert other in result.stdout
    assert (tmp_path / "other.db").exists()
    assert not (tmp_path / "x.db").exists()


def test_verify_against_a_database_that_is_behind_says_to_upgrade(tmp_path: Path) -> None:
    setup = make_setup(tmp_path)

    line = error_line(setup.invoke("verify", "EWNR-MVTM-E0DN-MKGK-5"))

    assert "fairdrop db upgrade" in line


# --- a simulated drop to check codes against -------------------------------------------------


@dataclass(frozen=True)
class World:
    setup: Setup
    out: Path
    rows: list[dict[str, str]]

    def invoke(self, *args: str) -> Result:
        return self.setup.invoke(*args)

    def rows_with(self, status: str) -> list[dict[str, str]]:
        return [row for row in self.rows if row["status"] == status]

    def live_by_verdict(self) -> dict[str, list[dict[str, str]]]:
        """The live codes grouped by what `verify` says about them now."""
        groups: dict[str, list[dict[str, str]]] = {}
        for row in self.rows_with("live"):
            result = self.invoke("verify", row["short_code"])
            groups.setdefault(verdict(result).split(":", 1)[0], []).append(row)
        return groups


def simulate_a_drop(setup: Setup, out: Path) -> None:
    """A drop played through the real engine into the setup's database, its codes signed with
    the setup's keyring, as a live drop's are (`fairdrop simulate` itself always signs with a
    throwaway key), with its transcript and codes.csv written to `out`."""
    base = offline_settings()
    settings = base.model_copy(
        update={"database": base.database.model_copy(update={"url": setup.db_url})}
    )
    keyring = load_keyring(setup.keys, env={})
    clock = ManualClock(start_time())
    plan = SimulationPlan(entrants=300, supply=10, scenario="basic")

    async def play() -> None:
        async with open_runtime(settings, keyring, clock=clock) as runtime:
            await simulate(runtime, clock, plan, out=out)

    run_on_loop(play())


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    setup = make_setup(tmp_path_factory.mktemp("world"))
    assert setup.invoke("db", "upgrade").exit_code == 0
    out = setup.root / "out"

    simulate_a_drop(setup, out)

    with (out / "codes.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["serial", "holder", "short_code", "token", "status"]
    yield World(setup, out, rows)


def test_simulate_writes_the_transcript_and_every_issued_code(world: World) -> None:
    assert (world.out / "transcript.json").exists()
    assert len(world.rows_with("live")) == 10
    assert {row["status"] for row in world.rows} <= {"live", "revoked"}
    assert len({row["short_code"] for row in world.rows}) == len(world.rows)
    assert all(row["token"].startswith("v4.public.") for row in world.rows)


def test_verify_a_delivered_short_code_is_valid_and_exits_0(world: World) -> None:
    valid = world.live_by_verdict().get("valid", [])
    assert valid, "the simulation should leave some delivered codes unredeemed"
    row = valid[0]

    result = world.invoke("verify", row["short_code"])

    assert result.exit_code == 0, result.output
    line = verdict(result)
    assert line.startswith("valid: valid until ")
    assert f"serial {row['serial']}" in line
    assert line.endswith("[online]")


def test_verify_accepts_a_short_code_typed_sloppily(world: World) -> None:
    code = world.live_by_verdict()["valid"][0]["short_code"]
    sloppy = code.replace("-", " ").lower().replace("1", "l").replace("0", "o")

    result = world.invoke("verify", sloppy)

    assert result.exit_code == 0, result.output
    assert verdict(result).startswith("valid:")


def test_verify_a_delivered_token_online_is_valid(world: World) -> None:
    row = world.live_by_verdict()["valid"][0]

    result = world.invoke("verify", row["token"])

    assert result.exit_code == 0, result.output
    assert verdict(result).startswith("valid:")


def test_verify_a_code_the_simulation_redeemed_says_already_redeemed(world: World) -> None:
    redeemed = world.live_by_verdict().get("already redeemed", [])
    assert redeemed, "the simulation should have redeemed some codes (--redeem-rate 0.6)"

    for form in ("short_code", "token"):
        result = world.invoke("verify", redeemed[0][form])
        assert result.exit_code == 1, result.output
        assert verdict(result).startswith("already redeemed: already redeemed at ")


def test_a_code_redeemed_through_the_engine_then_verifies_as_already_redeemed(
    world: World,
) -> None:
    row = world.live_by_verdict()["valid"][-1]
    keyring = load_keyring(world.setup.keys, env={})
    engine = make_engine(world.setup.db_url)
    try:
        with SqlUnitOfWork(engine) as uow:
            first = redeem(uow, row["short_code"], keyring, datetime.now(UTC), partner="test")
            uow.commit()
        with SqlUnitOfWork(engine) as uow:
            # The token is the same entitlement: it cannot be redeemed a second time.
            again = redeem(uow, row["token"], keyring, datetime.now(UTC), partner="test")
    finally:
        engine.dispose()
    assert first.status is CodeStatus.VALID
    assert first.reason == "redeemed now"
    assert again.status is CodeStatus.REDEEMED

    result = world.invoke("verify", row["short_code"])

    assert result.exit_code == 1
    assert verdict(result).startswith("already redeemed:")


def test_verify_a_rerolled_code_says_revoked(world: World) -> None:
    revoked = world.rows_with("revoked")
    assert revoked, "the simulation rerolls winners who did not claim (--claim-rate 0.8)"

    for form in ("short_code", "token"):
        result = world.invoke("verify", revoked[0][form])
        assert result.exit_code == 1, result.output
        assert verdict(result).startswith("revoked: revoked at ")


def _mangle(code: str) -> str:
    """Change one symbol of the code body and recompute the check symbol."""
    body = shortcode.parse(code)
    first = ALPHABET[(ALPHABET.index(body[0]) + 1) % 32]
    return shortcode.format_code(first + body[1:])


def test_verify_a_mangled_short_code_says_forged_unknown(world: World) -> None:
    code = world.rows_with("live")[0]["short_code"]

    result = world.invoke("verify", _mangle(code))

    assert result.exit_code == 1
    assert verdict(result) == "forged/unknown: no such code [online]"


def test_verify_a_short_code_with_a_wrong_check_symbol_says_forged_with_a_reason(
    world: World,
) -> None:
    code = world.rows_with("live")[0]["short_code"]
    check = code[-1]
    wrong = shortcode.CHECK_ALPHABET[(shortcode.CHECK_ALPHABET.index(check) + 1) % 37]

    result = world.invoke("verify", code[:-1] + wrong)

    assert result.exit_code == 1
    line = verdict(result)
    assert line.startswith("forged/unknown: ")
    assert "mistyped" in line


@pytest.mark.parametrize("text", ["ABCD", "not-a-code-at-all-really", "UUUU-UUUU-UUUU-UUUU-U"])
def test_verify_text_that_is_no_code_says_forged_with_a_reason(world: World, text: str) -> None:
    result = world.invoke("verify", text)

    assert result.exit_code == 1
    line = verdict(result)
    assert line.startswith("forged/unknown: ")
    assert len(line) > len("forged/unknown: ")


def test_verify_a_token_with_a_tampered_payload_says_forged(world: World) -> None:
    token = world.rows_with("live")[0]["token"]
    tampered = token[:20] + ("A" if token[20] != "A" else "B") + token[21:]

    result = world.invoke("verify", tampered)

    assert result.exit_code == 1
    assert verdict(result).startswith("forged/unknown: ")


# --- offline checks with published public keys -----------------------------------------------


def _public_keys(world: World, setup: Setup, name: str) -> Path:
    shown = setup.invoke("keys", "show")
    assert shown.exit_code == 0, shown.output
    path = world.setup.root / name
    path.write_text(shown.stdout, encoding="utf-8")
    return path


def test_verify_a_token_offline_with_the_published_public_keys(world: World) -> None:
    public_keys = _public_keys(world, world.setup, "public-keys.txt")
    row = world.live_by_verdict()["valid"][0]

    result = world.invoke("verify", row["token"], "--public-keys", str(public_keys))

    assert result.exit_code == 0, result.output
    line = verdict(result)
    assert line.startswith("valid: ")
    assert f"serial {row['serial']}" in line
    assert line.endswith("[offline]")


def test_verify_offline_needs_no_database(world: World, tmp_path: Path) -> None:
    public_keys = _public_keys(world, world.setup, "public-keys.txt")
    token = world.rows_with("live")[0]["token"]
    # A config whose database does not exist, and no keyring at all.
    lonely = tmp_path / "lonely.toml"
    lonely.write_text(
        f'[database]\nurl = "sqlite:///{tmp_path}/absent.db"\n[keys]\npath = "{tmp_path}/k.json"\n',
        encoding="utf-8",
    )

    result = CliRunner(env=CLEAN_ENV).invoke(
        cli, ["-c", str(lonely), "verify", token, "--public-keys", str(public_keys)]
    )

    assert result.exit_code == 0, result.output
    assert not (tmp_path / "absent.db").exists()


def test_verify_a_token_offline_with_another_keyrings_public_keys_says_forged(
    world: World, tmp_path: Path
) -> None:
    stranger = make_setup(tmp_path)
    public_keys = _public_keys(world, stranger, "stranger-keys.txt")
    token = world.rows_with("live")[0]["token"]

    result = world.invoke("verify", token, "--public-keys", str(public_keys))

    assert result.exit_code == 1
    line = verdict(result)
    assert line.startswith("forged/unknown: ")
    assert line.endswith("[offline]")


def test_verify_offline_refuses_a_short_code_in_one_line(world: World) -> None:
    public_keys = _public_keys(world, world.setup, "public-keys.txt")
    code = world.rows_with("live")[0]["short_code"]

    line = error_line(world.invoke("verify", code, "--public-keys", str(public_keys)))

    assert "database" in line


def test_verify_offline_with_a_file_without_keys_gives_one_line(
    world: World, tmp_path: Path
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("nothing to see here\n", encoding="utf-8")
    token = world.rows_with("live")[0]["token"]

    line = error_line(world.invoke("verify", token, "--public-keys", str(empty)))

    assert str(empty) in line
    assert "k4.public" in line


# --- verify-draw -----------------------------------------------------------------------------


def test_verify_draw_of_the_simulated_transcript_is_ok(world: World) -> None:
    transcript = world.out / "transcript.json"

    result = world.invoke("verify-draw", str(transcript))

    assert result.exit_code == 0, result.output
    line = result.stdout.strip()
    assert line.startswith("OK: drop ")
    assert "seed matches commitment" in line
    assert "10 winners and 290 on the waitlist re-derived" in line


def test_the_simulated_transcript_records_its_reroll(world: World) -> None:
    data = json.loads((world.out / "transcript.json").read_text(encoding="utf-8"))
    revoked_serials = sorted(int(row["serial"]) for row in world.rows_with("revoked"))

    assert sorted(r["serial"] for r in data["rerolls"]) == revoked_serials
    assert [r["to_entrant"] for r in data["rerolls"]] == data["waitlist"][: len(data["rerolls"])]


def _tampered(world: World, tmp_path: Path, change: str) -> Path:
    data = json.loads((world.out / "transcript.json").read_text(encoding="utf-8"))
    if change == "swap":
        data["winners"][0], data["waitlist"][0] = data["waitlist"][0], data["winners"][0]
    elif change == "drop-field":
        del data["seed_hex"]
    path = tmp_path / f"{change}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_verify_draw_of_a_transcript_with_a_swapped_winner_lists_the_positions(
    world: World, tmp_path: Path
) -> None:
    path = _tampered(world, tmp_path, "swap")

    result = world.invoke("verify-draw", str(path))

    assert result.exit_code == 1
    lines = result.stdout.strip().splitlines()
    assert lines[0] == f"MISMATCH: {path}"
    assert any("winners[0]" in line for line in lines[1:])
    assert any("waitlist[0]" in line for line in lines[1:])


def test_verify_draw_of_a_transcript_with_a_missing_field_gives_one_line(
    world: World, tmp_path: Path
) -> None:
    path = _tampered(world, tmp_path, "drop-field")

    line = error_line(world.invoke("verify-draw", str(path)))

    assert str(path) in line
    assert "seed_hex" in line


def test_verify_draw_of_a_file_that_is_not_json_gives_one_line(
    world: World, tmp_path: Path
) -> None:
    path = tmp_path / "garbage.json"
    path.write_text("{ this is not json", encoding="utf-8")

    line = error_line(world.invoke("verify-draw", str(path)))

    assert str(path) in line
    assert "JSON" in line


def test_verify_draw_of_a_missing_file_gives_one_line(world: World, tmp_path: Path) -> None:
    path = tmp_path / "absent.json"

    line = error_line(world.invoke("verify-draw", str(path)))

    assert str(path) in line


# --- keys rotate keeps earlier codes checkable -----------------------------------------------


def test_codes_signed_before_a_key_rotation_still_verify(world: World, tmp_path: Path) -> None:
    # Rotate a copy of the keyring, so the other tests keep the original.
    keyring = load_keyring(world.setup.keys, env={})
    rotated_keys = tmp_path / "rotated.json"
    save_keyring(rotated_keys, keyring, overwrite=False)
    config = tmp_path / "rotated.toml"
    config.write_text(
        f'[database]\nurl = "{world.setup.db_url}"\n[keys]\npath = "{rotated_keys}"\n',
        encoding="utf-8",
    )
    invoke = CliRunner(env=CLEAN_ENV).invoke
    assert invoke(cli, ["-c", str(config), "keys", "rotate"]).exit_code == 0
    shown = invoke(cli, ["-c", str(config), "keys", "show"])
    public_keys = tmp_path / "rotated-public.txt"
    public_keys.write_text(shown.stdout, encoding="utf-8")
    row = world.live_by_verdict()["valid"][0]

    online = invoke(cli, ["-c", str(config), "verify", row["short_code"]])
    offline = invoke(
        cli, ["-c", str(config), "verify", row["token"], "--public-keys", str(public_keys)]
    )

    assert online.exit_code == 0, online.output
    assert offline.exit_code == 0, offline.output
