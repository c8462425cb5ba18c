"""The deployment files in deploy/ say what the app does: the systemd unit runs `fairdrop run`
sandboxed with its state writable and its secrets from a private environment file; the Caddy
proxy sends every public route of the web app to it and keeps /metrics and /healthz off the
internet. Both are checked by their own tools too (systemd-analyze, caddy)."""

from __future__ import annotations

import fnmatch
import json
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

import bot.config
import bot.keystore
from bot.bootstrap import open_runtime
from bot.cli import cli
from bot.config import DatabaseSettings, Settings
from bot.drops.keyring import Keyring
from bot.store.partners import PartnerStore
from bot.web.app import make_app

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
UNIT = DEPLOY / "fairdrop.service"
ENV_EXAMPLE = DEPLOY / "fairdrop.env.example"
CADDYFILE = DEPLOY / "Caddyfile"
INSTALL_HINT = "run `make system-deps` (installs systemd's tools and caddy)"
OFF_THE_INTERNET = {"/metrics", "/healthz"}


def unit_file(text: str) -> dict[str, dict[str, list[str]]]:
    """A systemd unit's sections and their keys, each key with every value it was given."""
    sections: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    section = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
            continue
        key, _, value = line.partition("=")
        sections[section][key.strip()].append(value.strip())
    return sections


UNIT_KEYS = unit_file(UNIT.read_text(encoding="utf-8"))
SERVICE = UNIT_KEYS["Service"]


def one(key: str) -> str:
    (value,) = SERVICE[key]
    return value


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is missing: {INSTALL_HINT}", pytrace=False)
    return found


# -- the systemd unit -----------------------------------------------------------------------------


def test_the_unit_runs_fairdrop_run_with_a_config_in_its_working_directory() -> None:
    command = shlex.split(one("ExecStart"))
    assert Path(command[0]).name == "fairdrop"
    assert command[1:3] == ["--config", f"{one('WorkingDirectory')}/fairdrop.toml"]
    assert command[3:] == ["run"]
    assert "run" in cli.commands
    assert one("Restart") == "on-failure"
    assert one("KillSignal") == "SIGTERM"  # what `fairdrop run` stops cleanly on


def test_the_unit_is_sandboxed_and_can_write_only_its_state() -> None:
    expected = {
        "NoNewPrivileges": "yes",
        "ProtectSystem": "strict",
        "ProtectHome": "yes",
        "PrivateTmp": "yes",
        "PrivateDevices": "yes",
        "RestrictSUIDSGID": "yes",
        "UMask": "0077",
        "CapabilityBoundingSet": "",
    }
    assert {key: one(key) for key in expected} == expected
    assert one("User") != "root"
    # The database, its WAL and the keyring live in the working directory: writable, private.
    assert one("ReadWritePaths").split() == [one("WorkingDirectory")]
    assert f"/var/lib/{one('StateDirectory')}" == one("WorkingDirectory")
    assert one("StateDirectoryMode") == "0700"
    # matplotlib's cache is outside the home ProtectHome hides, in the unit's cache directory.
    (mpl,) = [v for v in SERVICE["Environment"] if v.startswith("MPLCONFIGDIR=")]
    assert mpl.removeprefix("MPLCONFIGDIR=").startswith(f"/var/cache/{one('CacheDirectory')}/")


def secret_variables() -> set[str]:
    """Every environment variable fairdrop reads its secrets and deployment URLs from."""
    return {
        value
        for module in (bot.config, bot.keystore)
        for name, value in vars(module).items()
        if name.startswith("ENV_") and isinstance(value, str) and value.startswith("FAIRDROP_")
    }


def test_the_environment_file_names_every_secret_fairdrop_reads_and_nothing_else() -> None:
    assert one("EnvironmentFile").startswith("/etc/")  # root's, read before dropping privileges
    text = ENV_EXAMPLE.read_text(encoding="utf-8")
    named = set(re.findall(r"^#? ?(FAIRDROP_[A-Z_]+)=", text, flags=re.MULTILINE))
    assert named == secret_variables()
    # Values are empty, to be filled in: fairdrop treats an empty one as not set.
    assert re.findall(r"^FAIRDROP_[A-Z_]+=(.+)$", text, flags=re.MULTILINE) == []
    assert "-m 0600" in text


def test_systemd_analyze_verifies_the_unit(tmp_path: Path) -> None:
    # The unit as installed, with ExecStart on this checkout's fairdrop (verify checks it exists).
    fairdrop = Path(sys.executable).with_name("fairdrop")
    unit = tmp_path / "fairdrop.service"
    unit.write_text(
        UNIT.read_text(encoding="utf-8").replace("/opt/fairdrop/bin/fairdrop", str(fairdrop)),
        encoding="utf-8",
    )
    result = subprocess.run(
        [tool("systemd-analyze"), "verify", "--man=no", str(unit)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == ""


# -- the Caddy reverse proxy ----------------------------------------------------------------------


def caddy_config() -> dict[str, Any]:
    """The Caddyfile as Caddy itself reads it (its JSON config)."""
    result = subprocess.run(
        [tool("caddy"), "adapt", "--config", str(CADDYFILE), "--adapter", "caddyfile"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    config: dict[str, Any] = json.loads(result.stdout)
    return config


def proxied_paths(node: Any, paths: tuple[str, ...] = ()) -> Iterator[tuple[str, str]]:
    """(path pattern, upstream) for each route of the Caddy config that proxies."""
    if isinstance(node, dict):
        for matcher in node.get("match", []):
            paths = tuple(matcher.get("path", paths))
        if node.get("handler") == "reverse_proxy":
            for upstream in node["upstreams"]:
                for path in paths:
                    yield path, upstream["dial"]
        for value in node.values():
            yield from proxied_paths(value, paths)
    elif isinstance(node, list):
        for item in node:
            yield from proxied_paths(item, paths)


async def app_paths(tmp_path: Path) -> list[str]:
    """A request path for every route the web app serves (one for each resource)."""
    settings = Settings(database=DatabaseSettings(url=f"sqlite:///{tmp_path}/routes.db"))
    async with open_runtime(settings, Keyring.new(datetime.now(UTC)), migrate=True) as runtime:
        app = make_app(runtime.service, PartnerStore(runtime.engine), settings)
        canonical = [resource.canonical for resource in app.router.resources()]
    assert "/claim/{ref}" in canonical and "/static" in canonical
    return [
        re.sub(r"\{[^}]+\}", "1", path) + ("/style.css" if path == "/static" else "")
        for path in canonical
    ]


def caddy_matches(pattern: str, path: str) -> bool:
    """Caddy's path matcher: an exact path, or a pattern whose `*` matches anything."""
    return fnmatch.fnmatchcase(path, pattern)


async def test_caddy_proxies_every_public_route_of_the_app_and_keeps_metrics_and_health_off(
    tmp_path: Path,
) -> None:
    routes = list(proxied_paths(caddy_config()))
    web = Settings().web
    assert {upstream for _, upstream in routes} == {f"{web.host}:{web.port}"}
    patterns = [pattern for pattern, _ in routes]

    for path in await app_paths(tmp_path):
        proxied = any(caddy_matches(pattern, path) for pattern in patterns)
        assert proxied == (path not in OFF_THE_INTERNET), path
    assert any(caddy_matches(pattern, "/overlay/hoodie") for pattern in patterns)  # issue 24


def test_caddy_sets_timeouts_no_longer_than_fairdrops_own() -> None:
    (server,) = caddy_config()["apps"]["http"]["servers"].values()
    web = Settings().web
    assert server["read_header_timeout"] / 1e9 <= web.read_timeout.total_seconds()
    assert server["read_timeout"] / 1e9 <= web.read_timeout.total_seconds()
    assert server["idle_timeout"] / 1e9 <= web.idle_timeout.total_seconds()


def test_the_fairdrop_settings_the_caddyfile_asks_for_are_valid_and_trust_caddy() -> None:
    lines = CADDYFILE.read_text(encoding="utf-8").splitlines()
    start = lines.index("#   [web]")
    snippet = []
    for line in lines[start:]:
        if not line.startswith("#   "):
            break
        snippet.append(line.removeprefix("#   "))
    settings = Settings.model_validate(tomllib.loads("\n".join(snippet)))
    assert settings.web.enabled and settings.web.public_url.startswith("https://")
    upstreams = {upstream for _, upstream in proxied_paths(caddy_config())}
    assert upstreams == {f"{settings.web.host}:{settings.web.port}"}
    assert settings.web.trusted_proxies == [settings.web.host]


def test_caddy_passes_the_live_feed_through_unbuffered_and_uncompressed() -> None:
    """Server-sent events must reach the overlay as fairdrop writes them (issue 24)."""
    (server,) = caddy_config()["apps"]["http"]["servers"].values()
    routes = server["routes"][0]["handle"][0]["routes"]
    feeds = ("/overlay/mychannel/events", "/drops/42/events")

    def paths(route: dict[str, Any]) -> list[str]:
        return [p for m in route.get("match", []) for p in m.get("path", [])]

    first = next(r for r in routes if any(caddy_matches(p, f) for p in paths(r) for f in feeds))
    proxy = first["handle"][0]["routes"][0]["handle"][0]
    assert proxy["handler"] == "reverse_proxy" and proxy["flush_interval"] == -1
    (encoding,) = [r for r in routes if r["handle"][0]["handler"] == "encode"]
    assert [m["not"][0]["path"] for m in encoding["match"]] == [paths(first)]
