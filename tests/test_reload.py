"""SIGHUP's reload (`bot.adapter.reload_once`) reads the message overrides off the event loop:
a folder of many files must not stall claims while it is read and checked; the catalog read is
swapped in on the loop, and a bad override keeps the words in use."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from bot.adapter import reload_once
from bot.config import Settings
from bot.messages import catalog as messages
from bot.messages import check, live
from bot.messages.catalog import Catalog, current, shipped_catalog
from bot.twitch.chat_text import TWITCH_VOICE


@pytest.fixture(autouse=True)
def _shipped_words_again() -> Iterator[None]:
    yield
    messages.install(shipped_catalog())  # no test leaves its overrides to the next


@pytest.fixture
def readers(monkeypatch: pytest.MonkeyPatch) -> list[threading.Thread]:
    """The threads the overrides were read on (fairdrop's own reader, watched, not replaced)."""
    seen: list[threading.Thread] = []

    def watched(
        folder: Path, languages: Mapping[str, str] | None, default: str, time_zone: str
    ) -> Catalog:
        seen.append(threading.current_thread())
        return check.load_checked(folder, languages, default, time_zone)

    monkeypatch.setattr(live, "load_checked", watched)
    return seen


def _override(folder: Path, text: str) -> None:
    folder.mkdir(exist_ok=True)
    (folder / "stream.ftl").write_text(f"twitch-settled = {text}\n", encoding="utf-8")


async def test_a_reload_reads_the_overrides_off_the_loop_and_uses_them(
    tmp_path: Path, readers: list[threading.Thread]
) -> None:
    _override(tmp_path, "Fresh words for { $title }.")
    await reload_once(Settings(), None, tmp_path, [])

    assert readers and all(t is not threading.current_thread() for t in readers)
    said = current().say(TWITCH_VOICE, "twitch-settled", "stream", title="x")
    assert said == "Fresh words for x."


async def test_a_bad_override_read_off_the_loop_keeps_the_words_in_use(
    tmp_path: Path, readers: list[threading.Thread], caplog: pytest.LogCaptureFixture
) -> None:
    _override(tmp_path, "Good words for { $title }.")
    await reload_once(Settings(), None, tmp_path, [])
    _override(tmp_path, "Bad words for { $titel }.")
    with caplog.at_level(logging.ERROR):
        await reload_once(Settings(), None, tmp_path, [])

    assert len(readers) == 2 and threading.current_thread() not in readers
    assert "message overrides not reloaded" in caplog.text
    said = current().say(TWITCH_VOICE, "twitch-settled", "stream", title="x")
    assert said == "Good words for x."
