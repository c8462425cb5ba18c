"""`fairdrop tokens`: a broadcaster's token stored sealed, listed without ever being shown."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

from click.testing import CliRunner, Result
from sqlalchemy import text

from bot.bootstrap import build_engine
from bot.cli import cli
from bot.config import ENV_DATABASE_URL, load_settings
from bot.drops.keyring import Keyring
from bot.keystore import ENV_KEYRING, load_keyring, save_keyring
from bot.store.tokens import TokenStore

CLEAN = {ENV_KEYRING: None, ENV_DATABASE_URL: None}


def setup(root: Path) -> Path:
    config = root / "fairdrop.toml"
    config.write_text(
        f'[database]\nurl = "sqlite:///{root}/x.db"\n[keys]\npath = "{root}/keys.json"\n',
        encoding="utf-8",
    )
    save_keyring(root / "keys.json", Keyring.new(datetime.now(UTC)), overwrite=False)
    assert invoke(config, "db", "upgrade").exit_code == 0
    return config


def invoke(config: Path, *args: str, env: Mapping[str, str | None] | None = None) -> Result:
    return CliRunner(env={**CLEAN, **(env or {})}).invoke(cli, ["-c", str(config), *args])


def test_a_broadcaster_token_is_stored_sealed_and_listed_without_the_secret(
    tmp_path: Path,
) -> None:
    config = setup(tmp_path)
    secret = {"FAIRDROP_TOKEN_ACCESS": "acc-SECRET-1", "FAIRDROP_TOKEN_REFRESH": "ref-SECRET-2"}

    added = invoke(config, "tokens", "add", "twitch", "4242", env=secret)
    listed = invoke(config, "tokens", "list")

    assert added.exit_code == 0 and "4242" in added.output
    assert "SECRET" not in added.output + listed.output
    assert "twitch user 4242: saved" in listed.output
    settings = load_settings(config, env={})
    engine = build_engine(settings)
    with engine.connect() as conn:
        raw = conn.execute(text("SELECT sealed FROM platform_tokens")).scalar_one()
    assert b"SECRET" not in bytes(raw)
    engine.dispose()


def test_a_login_instead_of_a_user_id_is_refused_in_one_line(tmp_path: Path) -> None:
    config = setup(tmp_path)
    result = invoke(config, "tokens", "add", "twitch", "somestreamer")
    assert result.exit_code == 1
    assert result.stderr.strip().count("\n") == 0 and "numeric Twitch user id" in result.stderr


def test_the_stored_token_is_what_the_bot_loads(tmp_path: Path) -> None:
    config = setup(tmp_path)
    env = {"FAIRDROP_TOKEN_ACCESS": "a1", "FAIRDROP_TOKEN_REFRESH": "r1"}
    assert invoke(config, "tokens", "add", "twitch", "7", env=env).exit_code == 0
    settings = load_settings(config, env={})
    engine = build_engine(settings)
    try:
        stored = TokenStore(engine, load_keyring(settings.keys.path)).load("twitch", "7")
    finally:
        engine.dispose()
    assert stored is not None and (stored.access_token, stored.refresh_token) == ("a1", "r1")
