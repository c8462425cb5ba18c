"""Settings: the example config documents every key with its default; bad files fail in one line."""

from __future__ import annotations

import tomllib
import typing
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pydantic import BaseModel

from bot.cli import cli
from bot.config import (
    ENV_DATABASE_URL,
    EXAMPLE_CONFIG,
    ConfigError,
    Settings,
    load_settings,
)
from bot.drops.season_summary import SummaryPlan
from bot.keystore import ENV_KEYRING


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_DATABASE_URL, raising=False)
    monkeypatch.delenv(ENV_KEYRING, raising=False)


def write(tmp_path: Path, text: str, name: str = "fairdrop.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def config_error(path: Path, env: dict[str, str] | None = None) -> str:
    with pytest.raises(ConfigError) as caught:
        load_settings(path, env={} if env is None else env)
    message = str(caught.value)
    assert "\n" not in message.strip(), message
    assert str(path) in message
    return message


# --- the example config ----------------------------------------------------------------------


def test_the_example_config_loads_and_equals_the_defaults() -> None:
    assert load_settings(EXAMPLE_CONFIG, env={}) == Settings()


def _undocumented(model: type[BaseModel], table: dict[str, Any], where: str) -> list[str]:
    missing: list[str] = []
    for name, field in model.model_fields.items():
        key = f"{where}.{name}" if where else name
        if name not in table:
            missing.append(key)
            continue
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            missing += _undocumented(annotation, table[name], key)
        elif typing.get_origin(annotation) is list:
            (item,) = typing.get_args(annotation)
            if isinstance(item, type) and issubclass(item, BaseModel):
                assert table[name], f"{key}: the example should show at least one item"
                for i, element in enumerate(table[name]):
                    missing += _undocumented(item, element, f"{key}[{i}]")
    return missing


def test_every_settings_field_is_a_key_in_the_example_config() -> None:
    example = tomllib.loads(EXAMPLE_CONFIG.read_text(encoding="utf-8"))

    assert _undocumented(Settings, example, "") == []


def test_the_field_walk_notices_an_undocumented_key() -> None:
    example = tomllib.loads(EXAMPLE_CONFIG.read_text(encoding="utf-8"))
    del example["claims"]["max_batch"]
    del example["drops"]["tiers"][1]["weight"]

    assert _undocumented(Settings, example, "") == ["claims.max_batch", "drops.tiers[1].weight"]


def test_the_example_config_gives_working_drop_defaults() -> None:
    settings = load_settings(EXAMPLE_CONFIG, env={})

    tiers = settings.tiers()

    assert [t.name for t in tiers] == ["early", "public"]
    assert tiers[1].opens_after == timedelta(minutes=2)
    assert settings.claims.rate_window == timedelta(seconds=10)
    assert settings.drops.code_ttl == timedelta(days=30)


# --- one-line errors naming the file and the key ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param('[database]\nurll = "x"\n', ["[database] urll", "unknown key"], id="key"),
        pytest.param('[datbase]\nurl = "x"\n', ["datbase", "unknown key"], id="section"),
        pytest.param('[claims]\nrate_limit = "five"\n', ["[claims] rate_limit", "'five'"], id="t"),
        pytest.param("[claims]\nrate_limit = 0\n", ["[claims] rate_limit"], id="range"),
        pytest.param('[log]\nlevel = "loud"\n', ["[log] level", "'loud'"], id="choice"),
        pytest.param('[log]\nformat = "xml"\n', ["[log] format", "'xml'"], id="log-format"),
        pytest.param('[drops]\nmode = "auction"\n', ["[drops] mode"], id="mode"),
        pytest.param("database = 5\n", ["database"], id="section-type"),
        pytest.param("[outbox]\nmax_attempts = 0\n", ["[outbox] max_attempts"], id="attempts"),
        pytest.param('[outbox]\nbackoff = "0s"\n', ["[outbox] backoff", "longer"], id="zero"),
        pytest.param(
            '[outbox]\nbackoff = "1m"\nbackoff_cap = "10s"\n',
            ["[outbox] backoff_cap", "at least"],
            id="cap",
        ),
        pytest.param(
            "[web]\ntrust_forwarded_for = true\n",
            ["[web] trust_forwarded_for", "replaced by trusted_proxies"],
            id="renamed-key",
        ),
        pytest.param(
            '[web]\ntrusted_proxies = ["10.0.0.1", "proxy.lan"]\n',
            ["[web] trusted_proxies", "'proxy.lan' is not an IP address"],
            id="proxy-address",
        ),
    ],
)
def test_a_bad_value_names_the_file_and_the_key(
    tmp_path: Path, text: str, expected: list[str]
) -> None:
    message = config_error(write(tmp_path, text))

    for part in expected:
        assert part in message


@pytest.mark.parametrize("value", ['"10 parsecs"', '"soon"', "10", '"-5m"'])
def test_a_bad_duration_names_the_file_and_the_key(tmp_path: Path, value: str) -> None:
    message = config_error(write(tmp_path, f"[claims]\nrate_window = {value}\n"))

    assert "[claims] rate_window" in message
    assert "duration" in message


@pytest.mark.parametrize("value", ['"0s"', '"10m"'])
def test_a_scheduler_lease_out_of_range_is_refused(tmp_path: Path, value: str) -> None:
    message = config_error(write(tmp_path, f"[scheduler]\nlease = {value}\n"))

    assert "[scheduler] lease" in message and "between 1s and 5m" in message


def test_a_bad_duration_in_a_tier_names_the_key(tmp_path: Path) -> None:
    text = '[[drops.tiers]]\nname = "all"\nrules = ["everyone"]\nopens_after = "later"\n'

    message = config_error(write(tmp_path, text))

    assert "[drops.tiers] opens_after" in message


def test_a_tier_without_a_name_names_the_missing_key(tmp_path: Path) -> None:
    message = config_error(write(tmp_path, '[[drops.tiers]]\nrules = ["everyone"]\n'))

    assert "[drops.tiers] name" in message
    assert "missing" in message


@pytest.mark.parametrize(
    ("rule", "detail"),
    [("badge:king", "king"), ("rank:king", "rank"), ("everybody", "everybody")],
)
def test_an_unknown_badge_rule_names_the_file_the_tiers_and_the_rule(
    tmp_path: Path, rule: str, detail: str
) -> None:
    text = f'[[drops.tiers]]\nname = "all"\nrules = ["{rule}"]\n'

    message = config_error(write(tmp_path, text))

    assert "drops.tiers" in message
    assert detail in message


def test_an_unknown_badge_rule_names_the_rules_key_and_the_tier(tmp_path: Path) -> None:
    text = (
        '[[drops.tiers]]\nname = "subs"\nrules = ["badge:subscriber"]\n'
        '[[drops.tiers]]\nname = "rest"\nrules = ["everyone", "badge:king"]\n'
    )

    message = config_error(write(tmp_path, text))

    assert "rules" in message
    assert "rest" in message or "tiers[1]" in message or "tiers.1" in message


def test_invalid_toml_names_the_file_and_the_line(tmp_path: Path) -> None:
    message = config_error(write(tmp_path, "[database]\nurl = \n"))

    assert "not valid TOML" in message
    assert "line 2" in message


def test_a_missing_file_names_the_file_and_says_how_to_create_one(tmp_path: Path) -> None:
    message = config_error(tmp_path / "nope.toml")

    assert "fairdrop init" in message


def test_a_file_that_is_not_utf8_gives_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes(b'# caf\xe9\n[log]\nlevel = "info"\n')

    config_error(path)


# --- the environment -------------------------------------------------------------------------


def test_fairdrop_database_url_overrides_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, '[database]\nurl = "sqlite:///file.db"\n')
    url = "postgresql+psycopg://fairdrop@db.internal/fairdrop"

    assert load_settings(path, env={ENV_DATABASE_URL: url}).database.url == url
    assert load_settings(path, env={}).database.url == "sqlite:///file.db"


def test_fairdrop_database_url_overrides_the_defaults_when_there_is_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    url = "sqlite:///from-env.db"

    assert load_settings(None, env={ENV_DATABASE_URL: url}).database.url == url


def test_load_settings_reads_os_environ_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_DATABASE_URL, "sqlite:///from-os-environ.db")

    settings = load_settings(write(tmp_path, ""))

    assert settings.database.url == "sqlite:///from-os-environ.db"


def test_fairdrop_database_url_with_a_malformed_database_section_is_a_config_error(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, 'database = "sqlite:///x.db"\n')

    config_error(path, env={ENV_DATABASE_URL: "sqlite:///y.db"})


def test_without_a_path_fairdrop_toml_in_the_working_directory_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert load_settings(None, env={}) == Settings()

    write(tmp_path, '[log]\nlevel = "debug"\n')

    assert load_settings(None, env={}).log.level == "debug"


# --- through the command line ----------------------------------------------------------------


def test_a_bad_config_stops_a_command_with_one_line_on_stderr(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, '[database]\nurll = "sqlite:///x.db"\n', name="bad.toml")

    result = CliRunner().invoke(cli, ["-c", "bad.toml", "db", "status"])

    assert result.exit_code != 0
    assert isinstance(result.exception, SystemExit)
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "bad.toml" in lines[0]
    assert "[database] urll" in lines[0]
    assert "Traceback" not in result.output
    assert not (tmp_path / "x.db").exists()


def test_a_missing_config_given_with_c_stops_a_command_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)

    result = CliRunner().invoke(cli, ["-c", "missing.toml", "keys", "show"])

    assert result.exit_code != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "missing.toml" in lines[0]


def test_a_season_variant_must_be_a_short_label(tmp_path: Path) -> None:
    path = tmp_path / "fairdrop.toml"
    path.write_text('[seasons.variants]\ntour = { ep1 = "  " }\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"tour\.ep1: a variant is a short label"):
        load_settings(path, env={})
    path.write_text('[seasons.variants]\ntour = { ep1 = "supply 100" }\n', encoding="utf-8")
    assert load_settings(path, env={}).seasons.variants == {"tour": {"ep1": "supply 100"}}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            'summary = "weekly"',
            "[seasons.tour] summary: Input should be 'after-last', 'monthly' or 'off'",
            id="unknown-when",
        ),
        pytest.param(
            'summary = "after-last"',
            '[seasons.tour] episodes: summary = "after-last" needs the season\'s length',
            id="after-last-without-length",
        ),
        pytest.param('summary = "after-last"\nepisodes = 0', "[seasons.tour] episodes", id="zero"),
        pytest.param('sumary = "off"', "[seasons.tour] sumary: unknown key", id="typo"),
    ],
)
def test_a_season_summary_setting_is_refused_in_one_line(
    tmp_path: Path, text: str, expected: str
) -> None:
    path = tmp_path / "fairdrop.toml"
    path.write_text(f"[seasons.tour]\n{text}\n", encoding="utf-8")

    with pytest.raises(ConfigError) as refused:
        load_settings(path, env={})

    assert expected in str(refused.value) and "\n" not in str(refused.value)


def test_each_series_says_when_its_season_is_summarized(tmp_path: Path) -> None:
    path = tmp_path / "fairdrop.toml"
    path.write_text(
        "[seasons]\nlift = true\n"
        '[seasons.tour]\nsummary = "after-last"\nepisodes = 8\n'
        '[seasons.weekly]\nsummary = "monthly"\n'
        '[seasons.variants]\ntour = { ep1 = "supply 100" }\n',
        encoding="utf-8",
    )

    seasons = load_settings(path, env={}).seasons

    assert seasons.summaries() == {
        "tour": SummaryPlan("after-last", 8),
        "weekly": SummaryPlan("monthly", None),
    }
    assert seasons.lift and seasons.variants == {"tour": {"ep1": "supply 100"}}
    path.write_text("[seasons]\nlift = true\n", encoding="utf-8")
    assert load_settings(path, env={}).seasons.summaries() == {}  # off unless named


# --- [communities.NAME]: a community's look and its aliases of !claim -------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param('colour = "orange"', ["[communities.default] colour", "#ff8800"], id="colour"),
        pytest.param('colour = "#ff88"', ["[communities.default] colour"], id="short-colour"),
        pytest.param('emoji = "hoodie"', ["[communities.default] emoji", "one emoji"], id="word"),
        pytest.param('emoji = "🎁🎁"', ["[communities.default] emoji"], id="two-emoji"),
        pytest.param('emoji = "<:x:12>"', ["[communities.default] emoji"], id="bad-custom"),
        pytest.param('emoji = "@everyone"', ["[communities.default] emoji"], id="mention"),
        pytest.param(
            'claim_aliases = ["!claim"]',
            ["[communities.default] claim_aliases", "one of the bot's commands"],
            id="alias-command",
        ),
        pytest.param(
            'claim_aliases = ["/ban"]', ["[communities.default] claim_aliases"], id="alias-slash"
        ),
        pytest.param('claim_aliases = ["!gimme", "!GIMME"]', ["listed twice"], id="alias-twice"),
        pytest.param('font = "comic"', ["[communities.default] font", "unknown key"], id="key"),
    ],
)
def test_a_bad_community_look_names_the_file_and_the_key(
    tmp_path: Path, text: str, expected: list[str]
) -> None:
    message = config_error(write(tmp_path, f"[communities.default]\n{text}\n"))

    for part in expected:
        assert part in message


def test_a_community_look_that_is_not_a_community_is_refused(tmp_path: Path) -> None:
    message = config_error(write(tmp_path, '[communities.nobody]\ncolour = "#ff8800"\n'))

    assert "[communities]: 'nobody' is not a community" in message


def test_a_community_look_is_read_and_the_rest_keep_fairdrops_own(tmp_path: Path) -> None:
    text = (
        '[communities.default]\ncolour = "#FF8800"\nemoji = "<:hoodie:123456789012345678>"\n'
        'claim_aliases = ["gimme", "!Mine"]\n'
    )
    settings = load_settings(write(tmp_path, text), env={})

    look = settings.community("default")
    assert look.colour_value() == 0xFF8800
    assert look.custom_emoji() == ("hoodie", 123456789012345678, False)
    assert look.chat_emoji() == ""  # a custom Discord emoji does not show in Twitch chat
    assert look.claim_aliases == ["!gimme", "!mine"]
    assert settings.community("other").colour_value() is None
    assert settings.community("other").emoji == ""


def test_a_lift_baseline_names_a_kind_and_a_count(tmp_path: Path) -> None:
    path = tmp_path / "fairdrop.toml"
    path.write_text("[seasons]\nlift_baseline = { subs = 3 }\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="subs: lift_baseline names subscriptions"):
        load_settings(path, env={})
    path.write_text("[seasons]\nlift_baseline = { follows = -1 }\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="follows: the expected count per 72 h"):
        load_settings(path, env={})
    path.write_text("[seasons]\nlift = true\nlift_baseline = { follows = 40 }\n", encoding="utf-8")
    seasons = load_settings(path, env={}).seasons
    assert seasons.lift and seasons.lift_baseline == {"follows": 40.0}
