"""The catalog a running fairdrop uses: loaded checked at start, reloaded on SIGHUP.

A reload builds a whole new catalog from the overrides folder and swaps it in only if every
override passes the checks; a bad one is logged in one line and the words in use stay.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path

from bot.messages.catalog import LANGUAGE, Catalog, MessageError, install
from bot.messages.check import load_checked

log = logging.getLogger(__name__)


def start(
    folder: Path,
    languages: Mapping[str, str] | None = None,
    default: str = LANGUAGE,
    time_zone: str = "UTC",
) -> None:
    """Use the shipped messages with the overrides in `folder`, each community in
    `languages[community]` else `default`, times in `time_zone`; MessageError (one line) if an
    override is bad, before anything is said."""
    install(load_checked(folder, languages, default, time_zone))


def read(
    folder: Path,
    languages: Mapping[str, str] | None = None,
    default: str = LANGUAGE,
    time_zone: str = "UTC",
) -> Catalog | None:
    """Read and check `folder` again (file reading and parsing: call it off the event loop);
    the new catalog, or None if an override is bad (logged in one line)."""
    try:
        return load_checked(folder, languages, default, time_zone)
    except MessageError as error:
        log.error("message overrides not reloaded, the ones in use stay: %s", error)
        return None


def use(catalog: Catalog, folder: Path) -> None:
    """Swap in a catalog `read` from `folder` (one assignment: on the event loop)."""
    install(catalog)
    log.info(
        "message overrides reloaded from %s (%d communities)", folder, len(catalog.communities)
    )


def reload(
    folder: Path,
    languages: Mapping[str, str] | None = None,
    default: str = LANGUAGE,
    time_zone: str = "UTC",
) -> bool:
    """Read `folder` again and use it if every override is good; True if it was swapped in."""
    catalog = read(folder, languages, default, time_zone)
    if catalog is None:
        return False
    use(catalog, folder)
    return True
