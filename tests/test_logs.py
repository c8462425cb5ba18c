"""The log never holds a code, a token or a credential, whichever logger writes it, and the
libraries stay at INFO or above whatever fairdrop's level."""

from __future__ import annotations

import contextlib
import io
import json
import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.drops import paseto, shortcode
from bot.drops.keyring import Keyring
from bot.logs import LogFormat, configure_logging, redact

KEY = Keyring.new(datetime(2026, 12, 7, tzinfo=UTC)).current
SECRET_PASERK = paseto.paserk_secret(KEY.seed)
PUBLIC_PASERK = paseto.paserk_public(KEY.public_key)
SHORT = shortcode.format_code("7K3QW9ZX2M4PBNTR")
TOKEN = "v4.public.eyJkcm9wIjoiMSIsInNlcmlhbCI6MX0lnF2x3mYb-u_8QbqL0Ps1k2NMa7nD3oQ"
INTERACTION = "aW50ZXJhY3Rpb246MTI4NzE2MjYwNDU2NzIzNDU2Nzp4eXpfYWJjLWRlZg"
BOT_TOKEN = "MTI4NzE2MjYwNDU2NzIzNDU2Nw.GhT2kq.x9Vb3TnW0aQpLr8sZyUe4mOcKd1fJhYi6gN5s"


@pytest.mark.parametrize(
    ("line", "secret"),
    [
        pytest.param(
            f"POST /channels/1/messages with {{'content': 'Short code: `{SHORT}`'}}",
            SHORT,
            id="short-code",
        ),
        pytest.param(f"typed {SHORT.lower()} at the till", SHORT.lower(), id="short-code-typed"),
        pytest.param(
            f"codes.csv row 3,{SHORT.replace('-', '')},live", SHORT.replace("-", ""), id="compact"
        ),
        pytest.param(f"Redeem: <https://shop.example/r?code={TOKEN}>", TOKEN, id="token-in-link"),
        pytest.param(f"QR holds {TOKEN}.", TOKEN, id="token"),
        pytest.param(
            f"POST /interactions/1287162604567234567/{INTERACTION}/callback",
            INTERACTION,
            id="interaction-url",
        ),
        pytest.param(
            f"PATCH /webhooks/1287/{INTERACTION}/messages/@original", INTERACTION, id="webhook-url"
        ),
        pytest.param(
            f"{{'t': 'INTERACTION_CREATE', 'd': {{'token': '{INTERACTION}'}}}}",
            INTERACTION,
            id="gateway-event",
        ),
        pytest.param(
            f"headers {{'Authorization': 'Bot {BOT_TOKEN}'}}", BOT_TOKEN, id="bot-token-header"
        ),
        pytest.param(f"login with {BOT_TOKEN}", BOT_TOKEN, id="bot-token"),
        pytest.param(
            "Authorization: Bearer 0123456789abcdefghijklmnopqrst",
            "0123456789abcdefghijklmnopqrst",
            id="bearer",
        ),
        pytest.param(
            '{"access_token": "c0ffee1234", "refresh_token": "beefcafe5678"}',
            "c0ffee1234",
            id="oauth-json",
        ),
        pytest.param(
            '{"access_token": "c0ffee1234", "refresh_token": "beefcafe5678"}',
            "beefcafe5678",
            id="refresh",
        ),
        pytest.param(
            "GET /auth/twitch/callback?code=abc123def456&state=s7a7e",
            "abc123def456",
            id="oauth-code",
        ),
        pytest.param(
            "client_secret=hunter2hunter2&grant_type=refresh_token",
            "hunter2hunter2",
            id="client-secret",
        ),
        pytest.param("your link code: `!link 7K3Q-W9ZX`", "7K3Q-W9ZX", id="link-code"),
        pytest.param(f"loaded {{'secret': '{SECRET_PASERK}'}}", SECRET_PASERK, id="paserk-secret"),
        pytest.param(f"ring {SECRET_PASERK}", SECRET_PASERK, id="paserk-secret-bare"),
    ],
)
def test_every_shape_of_secret_is_masked(line: str, secret: str) -> None:
    assert secret in line
    masked = redact(line)
    assert secret not in masked
    assert "[redacted]" in masked


@pytest.mark.parametrize(
    "line",
    [
        "entered 1287162604567234567 (fan) in drop 3",  # Discord ids are not secrets
        "commitment 262d06edb208f179fd11a0d01a4e4f2954a65a40364e3cb3f0484ba920e92ba4",
        f"public key {PUBLIC_PASERK}  # {KEY.kid}",
        "outbox 9f1c2e4a-3b5d-4e6f-8a7b-1c2d3e4f5a6b sent at 2026-12-07T20:00:00+00:00",
        "Drop hoodie (lottery, supply 48): settled; 5 winners from 1000 entrants",
        "GET /drops/3/transcript.json 200",
    ],
)
def test_what_is_not_secret_is_left_alone(line: str) -> None:
    assert redact(line) == line


@contextlib.contextmanager
def configured(log_format: LogFormat) -> Iterator[io.StringIO]:
    """Logging configured onto a string at debug, as `fairdrop` does; put back afterwards."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    levels = {n: logging.getLogger(n).level for n in ("fairdrop", "bot", "alembic")}
    text = io.StringIO()
    configure_logging("debug", text, log_format)
    try:
        yield text
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
        for name, old in levels.items():
            logging.getLogger(name).setLevel(old)


@pytest.fixture
def logs() -> Iterator[io.StringIO]:
    with configured("text") as text:
        yield text


@pytest.fixture
def json_logs() -> Iterator[io.StringIO]:
    with configured("json") as text:
        yield text


def json_lines(written: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in written.getvalue().splitlines()]


def test_libraries_stay_at_info_when_fairdrop_logs_at_debug(logs: io.StringIO) -> None:
    logging.getLogger("discord.http").debug("POST /channels/1/messages with a body")
    logging.getLogger("twitchio.websockets").debug("received a chat message")
    logging.getLogger("aiohttp.access").debug("GET /claim/hoodie")
    logging.getLogger("fairdrop.scheduler").debug("planned close:3")
    logging.getLogger("bot.discord.sender").debug("drained 2 messages")
    logging.getLogger("discord.gateway").info("connected")

    written = logs.getvalue()

    assert "planned close:3" in written and "drained 2 messages" in written
    assert "connected" in written
    assert "with a body" not in written and "chat message" not in written
    assert "/claim/hoodie" not in written


def test_a_library_warning_with_a_code_in_it_is_masked(logs: io.StringIO) -> None:
    logging.getLogger("discord.http").warning("giving up on %s: %r", "POST", {"content": SHORT})

    written = logs.getvalue()

    assert SHORT not in written
    assert "giving up on POST" in written


def test_a_traceback_is_masked_too(logs: io.StringIO) -> None:
    try:
        raise RuntimeError(f"the token {TOKEN} was refused")
    except RuntimeError:
        logging.getLogger("fairdrop").exception("redeem failed for %s", SHORT)

    written = logs.getvalue()

    assert "Traceback" in written and "RuntimeError" in written
    assert TOKEN not in written and SHORT not in written


def test_json_logs_are_one_object_per_line_with_time_level_logger_and_message(
    json_logs: io.StringIO,
) -> None:
    logging.getLogger("fairdrop.scheduler").info("planned close:%d", 3)

    (record,) = json_lines(json_logs)

    assert record["level"] == "INFO"
    assert record["logger"] == "fairdrop.scheduler"
    assert record["message"] == "planned close:3"
    assert datetime.fromisoformat(record["time"]).utcoffset() == timedelta(0)


def test_json_logs_mask_codes_and_tokens_in_the_message_the_traceback_and_every_extra(
    json_logs: io.StringIO,
) -> None:
    try:
        raise RuntimeError(f"the token {TOKEN} was refused")
    except RuntimeError:
        logging.getLogger("fairdrop.web").exception(
            "redeem of %s failed",
            SHORT,
            extra={
                "token": "c0ffee1234",  # a field named like a secret, whatever its shape
                "request": {"headers": {"Authorization": f"Bot {BOT_TOKEN}"}, "code": SHORT},
                "winners": [f"fan one: {SHORT}", 7],
                "drop": 3,
            },
        )
    logging.getLogger("discord.http").warning("POST %r", {"content": f"QR holds {TOKEN}"})

    written = json_logs.getvalue()
    first, second = json_lines(json_logs)

    for secret in (TOKEN, SHORT, BOT_TOKEN, "c0ffee1234"):
        assert secret not in written
    assert first["message"] == "redeem of [redacted] failed"
    assert "RuntimeError: the token v4.[redacted] was refused" in first["exc_info"]
    assert first["token"] == "[redacted]"
    assert first["request"] == {"headers": {"Authorization": "[redacted]"}, "code": "[redacted]"}
    assert first["winners"] == ["fan one: [redacted]", 7]
    assert first["drop"] == 3  # what is not secret stays as it was
    assert second["logger"] == "discord.http" and "v4.[redacted]" in second["message"]
