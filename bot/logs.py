"""Logging for fairdrop: one handler for every logger, libraries held at INFO, secrets masked.

At `[log] level = "debug"` discord.py writes the body of every request it sends (a winner's DM
holds their short code and signed token) and the URL of every interaction callback (which holds
the interaction's token), and logs each gateway event with its token; other libraries are as
frank. So only fairdrop's own loggers follow the configured level (the libraries stay at INFO or
above, whatever it says), and the handler's `RedactSecrets` filter masks anything shaped like a
code, a token or a credential in every line, whichever logger wrote it, tracebacks included.

`[log] format = "json"` writes one JSON object per line for log collectors (python-json-logger):
the same masked message, and every other field (tracebacks, anything passed as `extra`) masked
too, since the text format never shows extras but JSON writes them all.
"""

from __future__ import annotations

import logging
import re
import sys
from datetime import datetime
from typing import Any, Literal, TextIO

from pythonjsonlogger.core import LogData
from pythonjsonlogger.json import JsonFormatter

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
LogFormat = Literal["text", "json"]
# The JSON fields: `time` (ISO 8601, UTC), `level`, `logger`, `message`, then `exc_info` and any
# `extra` a caller passed.
JSON_FIELDS = ("levelname", "name", "message")
JSON_RENAMES = {"levelname": "level", "name": "logger"}
OWN_LOGGERS = ("fairdrop", "bot")  # `logging.getLogger("fairdrop...")` and `(__name__)` in bot/
LIBRARY_FLOOR = logging.INFO
MASK = "[redacted]"

_ALNUM = "0-9A-Za-z"
_SECRET_KEYS = r"[A-Za-z_]*token|client_secret|secret|password|code_verifier|authorization"  # noqa: S105 (names, not a secret)
_SECRET_FIELD = re.compile(rf"(?i)(?:{_SECRET_KEYS}|code|short_code|code16|seed|key)")
# (pattern, replacement): each masks one shape of secret, keeping what says what it was.
_SHAPES: tuple[tuple[re.Pattern[str], str], ...] = (
    # Signed tokens (PASETO v4.public...) and secret PASERKs; public keys (k4.public) stay.
    (re.compile(r"\bv[1-4]\.(?:public|local)\.[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)?"), "v4." + MASK),
    (re.compile(r"\bk[1-4]\.(?:secret|local)(?:-wrap\.[a-z]+)?\.[A-Za-z0-9_-]+"), "k4." + MASK),
    # A short code as shown (XXXX-XXXX-XXXX-XXXX-C) or typed, and run together in capitals.
    (
        re.compile(
            rf"(?<![{_ALNUM}])[{_ALNUM}]{{4}}(?:-[{_ALNUM}]{{4}}){{3}}-[{_ALNUM}*~$=](?![{_ALNUM}])"
        ),
        MASK,
    ),
    (
        re.compile(r"(?<![0-9A-Za-z])(?=[0-9]{0,16}[A-Z])[0-9A-Z]{16}[0-9A-Z*~$=](?![0-9A-Za-z])"),
        MASK,
    ),
    # A one-time link code (XXXX-XXXX), before it is typed in chat.
    (
        re.compile(r"(?<![0-9A-Za-z-])[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}(?![0-9A-Za-z-])"),
        MASK,
    ),
    # Discord: interaction and webhook tokens in URLs; a bot token (three dotted base64 parts).
    (re.compile(r"(/(?:interactions|webhooks)/\d+/)[^/\s?'\"]+"), r"\1" + MASK),
    (re.compile(r"\b[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{20,}\b"), MASK),
    # Credentials by name: JSON, dict reprs, headers, query strings, OAuth callbacks.
    (
        re.compile(
            rf"""(?i)(["']?(?:{_SECRET_KEYS})["']?\s*[:=]\s*["']?)(?:(?:Bot|Bearer|OAuth)\s+)?[^"'\s,&}}]+"""
        ),
        r"\1" + MASK,
    ),
    (re.compile(r"(?i)([?&](?:code|state)=)[^&\s\"'>]+"), r"\1" + MASK),
    (re.compile(r"\b(Bearer|OAuth)\s+[A-Za-z0-9._~+/=-]{8,}"), r"\1 " + MASK),
)


def redact(text: str) -> str:
    """`text` with every code, token and credential in it masked."""
    for pattern, replacement in _SHAPES:
        text = pattern.sub(replacement, text)
    return text


class RedactSecrets(logging.Filter):
    """Masks secrets in a record before any handler writes it: message, traceback and stack."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        record.msg, record.args = redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def redact_field(name: str, value: Any) -> Any:
    """A JSON log field's value with its secrets masked: a field named like a secret is masked
    whole, strings (and anything written as a string) are redacted, containers field by field."""
    if _SECRET_FIELD.fullmatch(name) and value is not None:
        return MASK
    if isinstance(value, dict):
        return {str(key): redact_field(str(key), item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [redact_field("", item) for item in value]
    if value is None or isinstance(value, bool | int | float | datetime):
        return value
    return redact(str(value))


class RedactedJsonFormatter(JsonFormatter):
    """One JSON object per line, every field masked (the message already is, by the filter)."""

    def __init__(self) -> None:
        super().__init__(
            JSON_FIELDS, rename_fields=JSON_RENAMES, timestamp="time", json_ensure_ascii=False
        )

    def process_log_record(self, log_data: LogData) -> LogData:
        return {key: redact_field(key, value) for key, value in log_data.items()}


class FairdropHandler(logging.StreamHandler[TextIO]):
    """The one handler `configure_logging` installs (and replaces when called again)."""


def configure_logging(
    level: str, stream: TextIO | None = None, log_format: LogFormat = "text"
) -> logging.Handler:
    """Write every logger's records to `stream` (stderr) through the redaction filter, as text
    lines or JSON objects (`log_format`): fairdrop's own loggers at `level`, everything else at
    INFO or above."""
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, FairdropHandler)]:
        root.removeHandler(old)
    handler = FairdropHandler(sys.stderr if stream is None else stream)
    handler.setFormatter(
        RedactedJsonFormatter() if log_format == "json" else logging.Formatter(FORMAT)
    )
    handler.addFilter(RedactSecrets())
    root.addHandler(handler)
    own = logging.getLevelName(level.upper())
    root.setLevel(max(own, LIBRARY_FLOOR))
    for name in OWN_LOGGERS:
        logging.getLogger(name).setLevel(own)
    # Alembic says what it migrates at INFO: worth reading only when debugging.
    logging.getLogger("alembic").setLevel(logging.INFO if own <= logging.DEBUG else logging.WARNING)
    return handler
