"""Writing what `fairdrop setup` decided: `fairdrop.toml` edited in place (its comments kept; a
new file starts from `config.example.toml`, as `fairdrop init` writes it), and the secrets in an
environment file of mode 0600 (`fairdrop.env`), never in the config.

The environment file is `KEY=value` lines, which both a shell (`set -a; . ./fairdrop.env`) and
systemd's `EnvironmentFile=` read.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.items import AoT, Table

from bot.config import EXAMPLE_CONFIG
from bot.kernel.errors import FairdropError

DEFAULT_ENV_FILE = Path("fairdrop.env")
# Tokens and secrets are letters, digits and a few marks; anything else would need quoting that
# shells and systemd read differently.
_PLAIN_VALUE = re.compile(r"^[A-Za-z0-9._~+/=:-]+$")


class SetupFileError(FairdropError):
    """A file setup must write cannot be written; one line saying which and why."""


def read_config(path: Path) -> tomlkit.TOMLDocument:
    """The config to edit: the file at `path`, or the example config for a new one."""
    source = path if path.exists() else EXAMPLE_CONFIG
    try:
        return tomlkit.parse(source.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomlkit.exceptions.ParseError) as error:
        raise SetupFileError(f"{source}: cannot read it as TOML: {error}") from None


def write_config(path: Path, doc: tomlkit.TOMLDocument) -> None:
    """Write the config (through a temporary file, so a failure leaves the old one whole)."""
    temporary = path.with_name(path.name + ".tmp")
    try:
        temporary.write_text(tomlkit.dumps(doc), encoding="utf-8")
        temporary.replace(path)
    except OSError as error:
        raise SetupFileError(f"{path}: cannot write: {error.strerror}") from None


def section(doc: tomlkit.TOMLDocument, name: str) -> Table:
    """The `[name]` table, made if the file has none."""
    if name not in doc:
        doc[name] = tomlkit.table()
    table = doc[name]
    assert isinstance(table, Table)
    return table


def set_values(doc: tomlkit.TOMLDocument, name: str, values: Mapping[str, Any]) -> None:
    """Set keys of `[name]`, keeping their comments."""
    table = section(doc, name)
    for key, value in values.items():
        table[key] = value


def set_entries(
    doc: tomlkit.TOMLDocument, name: str, key: str, entries: list[dict[str, Any]], by: str
) -> None:
    """Put each entry in the `[[name.key]]` list, replacing the one with the same `by` value
    (and the example's empty placeholder), keeping the others."""
    table = section(doc, name)
    wanted = {str(e[by]) for e in entries}
    kept = [
        dict(item)
        for item in table.get(key, [])
        if str(item.get(by, "")) not in wanted and _filled(item)
    ]
    aot = AoT([])
    for entry in [*kept, *entries]:
        item = tomlkit.table()
        for k, v in entry.items():
            item[k] = v
        aot.append(item)
    table[key] = aot


def _filled(item: Mapping[str, Any]) -> bool:
    # The example's placeholder entries have an empty id; they are replaced, not kept.
    return bool(item.get("id") or item.get("broadcaster_id"))


def write_env_file(path: Path, values: Mapping[str, str]) -> None:
    """Set `values` in the environment file, keeping its other lines; mode 0600 whatever the
    umask, and refused if group or others can already read it."""
    for name, value in values.items():
        if not _PLAIN_VALUE.match(value):
            raise SetupFileError(f"{name}: has characters a secret never has; paste it again")
    lines: list[str] = []
    if path.exists():
        if path.stat().st_mode & 0o077:
            raise SetupFileError(f"{path}: group or others can read it; run `chmod 600 {path}`")
        lines = [
            line
            for line in path.read_text(encoding="utf-8").splitlines()
            if line.partition("=")[0].strip() not in values
        ]
    lines += [f"{name}={value}" for name, value in values.items()]
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write("\n".join(lines) + "\n")
    except OSError as error:
        raise SetupFileError(f"{path}: cannot write: {error.strerror}") from None


def read_env_file(path: Path) -> dict[str, str]:
    """The `KEY=value` lines of an environment file (none when it does not exist)."""
    if not path.exists():
        return {}
    values = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        name, sep, value = line.partition("=")
        if sep and not name.lstrip().startswith("#"):
            values[name.strip()] = value.strip()
    return values
