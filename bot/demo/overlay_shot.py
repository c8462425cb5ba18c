"""A screenshot of the OBS overlay at the draw, taken by headless Chromium as OBS would show it.

Chromium is driven over its DevTools protocol (a WebSocket, with the aiohttp the demo has
anyway), so the demo needs no browser-automation package: the page is opened at a browser
source's size with no default background, given until the overlay shows what is expected (a
JavaScript condition), and captured with its transparency. Without Chromium the demo goes on
and says so; a screenshot costs about 2-4 s of wall time, beside the story, not in its way.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
SOURCE = (800, 450)  # CSS pixels: a corner of a 1920x1080 scene, at a glance
START_S = 15.0  # for Chromium to start and open its DevTools port


def find_chromium() -> str | None:
    """The Chromium (or Chrome) binary on PATH, if any."""
    return next((found for name in BROWSERS if (found := shutil.which(name))), None)


class _DevTools:
    """One page's DevTools session: a command, then its answer (events in between skipped)."""

    def __init__(self, socket: aiohttp.ClientWebSocketResponse) -> None:
        self.socket = socket
        self.sent = 0

    async def __call__(self, method: str, **params: Any) -> dict[str, Any]:
        self.sent += 1
        await self.socket.send_json({"id": self.sent, "method": method, "params": params})
        while True:
            answer: dict[str, Any] = await self.socket.receive_json()
            if answer.get("id") == self.sent:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                result: dict[str, Any] = answer.get("result", {})
                return result


async def _port(profile: Path, process: asyncio.subprocess.Process) -> int:
    """The DevTools port Chromium chose (it writes it into the profile once listening)."""
    written = profile / "DevToolsActivePort"
    for _ in range(int(START_S / 0.1)):
        if process.returncode is not None:
            raise RuntimeError(f"chromium exited at start (code {process.returncode})")
        with contextlib.suppress(OSError, ValueError):
            return int(written.read_text().split()[0])
        await asyncio.sleep(0.1)
    raise RuntimeError(f"chromium opened no DevTools port within {START_S:.0f} s")


async def screenshot(binary: str, url: str, path: Path, shown: str, within: float) -> bool:
    """Open `url` as a browser source, wait up to `within` seconds for the JavaScript condition
    `shown`, then save the view with its transparency to `path` (PNG). True if `shown` held."""
    width, height = SOURCE
    # Chromium's helper processes can still be writing its profile when the browser itself has
    # exited: a cleanup that finds the folder not empty must not cost the demo its screenshot.
    with tempfile.TemporaryDirectory(
        prefix="fairdrop-overlay-", ignore_cleanup_errors=True
    ) as profile:
        process = await asyncio.create_subprocess_exec(
            binary, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
            "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--disable-dev-shm-usage", f"--user-data-dir={profile}",
            "--remote-debugging-port=0", f"--window-size={width},{height}", "about:blank",
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
        )  # fmt: skip
        try:
            port = await _port(Path(profile), process)
            async with aiohttp.ClientSession() as http:
                async with http.get(f"http://127.0.0.1:{port}/json/list") as answer:
                    targets = await answer.json()
                page = next(t for t in targets if t["type"] == "page")
                async with http.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0) as ws:
                    return await _shoot(_DevTools(ws), url, path, shown, within)
        finally:
            with contextlib.suppress(ProcessLookupError):
                process.terminate()
            try:
                await asyncio.wait_for(process.wait(), 5)
            except TimeoutError:
                process.kill()
                await process.wait()


async def _shoot(devtools: _DevTools, url: str, path: Path, shown: str, within: float) -> bool:
    width, height = SOURCE
    await devtools(
        "Emulation.setDeviceMetricsOverride",
        width=width, height=height, deviceScaleFactor=1, mobile=False,
    )  # fmt: skip
    await devtools(
        "Emulation.setDefaultBackgroundColorOverride", color={"r": 0, "g": 0, "b": 0, "a": 0}
    )
    await devtools("Page.navigate", url=url)
    loop = asyncio.get_running_loop()
    deadline, held = loop.time() + within, False
    while not held and loop.time() < deadline:
        await asyncio.sleep(0.2)
        answer = await devtools("Runtime.evaluate", expression=shown, returnByValue=True)
        held = answer.get("result", {}).get("value") is True
    captured = await devtools("Page.captureScreenshot", format="png")
    await asyncio.to_thread(path.write_bytes, base64.b64decode(captured["data"]))
    return held


OVERLAY_SHOT = "overlay-draw.png"  # in the demo's output folder
WITHIN_S = 12.0  # for the overlay to show the draw and its first winners
REVEALED = 3  # winners named when the screenshot is taken (the page reveals them one by one)


async def overlay_at_draw(web_url: str, drop_id: int, winners: int, out: Path) -> str:
    """Screenshot `/overlay/drop/{drop_id}` into `out` once it shows the draw and its first
    winners' names (within WITHIN_S); the line the demo says about it."""
    binary = find_chromium()
    if binary is None:
        return "no screenshot of the OBS overlay: Chromium is not installed (apt install chromium)"
    path, started = out / OVERLAY_SHOT, time.monotonic()
    shown = (
        "document.body.dataset.phase === 'drawn' && !document.getAnimations().length && "
        f"+(document.body.dataset.revealed || 0) >= {min(winners, REVEALED)}"
    )
    url = f"{web_url}/overlay/drop/{drop_id}"
    try:
        held = await screenshot(binary, url, path, shown, WITHIN_S)
    except (OSError, RuntimeError, aiohttp.ClientError) as error:
        return f"no screenshot of the OBS overlay: {error}"
    if not held:
        return (
            f"the OBS overlay did not show the draw within {WITHIN_S:.0f} s (is its feed "
            f"serving?); its screenshot as it was: {path}"
        )
    took = time.monotonic() - started
    return f"the OBS overlay at the draw, as OBS shows it: {path} (Chromium, {took:.1f} s)"
