"""Safe pieces of Twitch chat text: names that cannot inject, mentions, packing, variation.

Pure functions with no platform import. Everything a fan controls (a display name, a login) goes
through `safe_name`, which keeps only what a Twitch login can hold (`[A-Za-z0-9_]`, at most 25
characters), so a name like `/ban x`, `.timeout y`, `@everyone`, a newline or a zero-width joiner
cannot become a command, a mass ping or a second line. Free text that a streamer or moderator
typed (a drop title, a cancel reason) goes through `plain`, which removes control and invisible
format characters and folds every line break into a space.

Every message is built as a fixed prefix of our own words followed by parts: `pack` and
`batch_mentions` never let a message start with anything but that prefix, and never split a part.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable

from bot.messages.catalog import Voice

CLAIM_COMMAND = "!claim"
MAX_MESSAGE = 500  # Twitch's limit per chat message, in characters
MAX_LOGIN = 25  # Twitch logins are 4 to 25 characters of [A-Za-z0-9_]
FALLBACK_NAME = "someone"

# Words that mean "everybody" on some platform; never put an @ in front of them.
RESERVED_NAMES = frozenset({"everyone", "here", "channel", "all", "chat", "mods", "moderators"})

_NOT_LOGIN = re.compile(r"[^A-Za-z0-9_]+")
_LOGIN = re.compile(rf"[A-Za-z0-9_]{{1,{MAX_LOGIN}}}")
_SPACES = re.compile(r"\s+")
# Control (Cc), format incl. zero-width and bidi overrides (Cf), unassigned (Cn), private use
# (Co), surrogates (Cs), line and paragraph separators (Zl, Zp).
_INVISIBLE = frozenset({"Cc", "Cf", "Cn", "Co", "Cs", "Zl", "Zp"})
_LINE_BREAKS = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")
# Starts that another bot or Twitch itself could read as a command.
_COMMAND_STARTS = frozenset("/.!\\@")
# What a signed code or key looks like: PASETO v4 tokens and PASERK keys. Never sent to chat.
_SECRET = re.compile(r"\bv4\.(?:public|local)\.|\bk4\.(?:secret|local|public)\.", re.IGNORECASE)


def safe_name(login_or_display: str, fallback: str = FALLBACK_NAME) -> str:
    """The name reduced to what a Twitch login can be, or `fallback` if nothing is left.

    NFKC folds look-alikes (fullwidth letters) first, so they cannot slip past as other letters.
    """
    folded = unicodedata.normalize("NFKC", login_or_display)
    kept = _NOT_LOGIN.sub("", folded)[:MAX_LOGIN]
    return kept or fallback


def mentionable(login_or_display: str) -> str | None:
    """The login to put after an @, or None when the name is not one as it stands.

    Stricter than `safe_name`: a Twitch display name is the login in other letter case (or a
    localized name, which cannot be mentioned), so a name that would need any character removed
    is not a Twitch name at all, and mentioning what is left (`/ban x` as `@banx`) would ping a
    stranger. Only a leading @ is forgiven.
    """
    name = login_or_display.removeprefix("@")
    if not _LOGIN.fullmatch(name) or name.lower() in RESERVED_NAMES:
        return None
    return name


def mention(login_or_display: str, fallback: str = FALLBACK_NAME) -> str:
    """`@login`, or `fallback` (without an @, so it pings nobody) when the name is unusable."""
    name = mentionable(login_or_display)
    return f"@{name}" if name else fallback


def plain(text: str, limit: int = MAX_MESSAGE) -> str:
    """Free text on one line: invisible and control characters removed, spaces folded, clipped."""
    kept = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in _LINE_BREAKS or ch == "\t":
            kept.append(" ")
        elif unicodedata.category(ch) not in _INVISIBLE:
            kept.append(ch)
    return clip(_SPACES.sub(" ", "".join(kept)).strip(), limit)


def clip(text: str, limit: int = MAX_MESSAGE) -> str:
    """`text` cut to at most `limit` characters, marked with an ellipsis when cut."""
    if limit <= 0:
        return ""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + "…"


def neutral_start(text: str) -> str:
    """`text`, prefixed so that it cannot start like a command (`/`, `.`, `!`, `\\`, `@`)."""
    text = text.lstrip()
    if text[:1] in _COMMAND_STARTS:
        return clip("» " + text)
    return text


def looks_secret(text: str) -> bool:
    """True if `text` holds something shaped like a signed code or a key."""
    return _SECRET.search(text) is not None


def pack(prefix: str, parts: Iterable[str], limit: int = MAX_MESSAGE, sep: str = " ") -> list[str]:
    """Messages of at most `limit` characters, each `prefix` followed by as many whole parts as fit.

    `prefix` must be our own text. A part too long to fit after the prefix on its own is clipped
    (parts built by this module never are: a mention is at most 26 characters). No parts, no
    messages.
    """
    prefix = clip(plain(prefix), limit // 2)
    head = prefix + sep if prefix else ""
    room = limit - len(head)
    messages: list[str] = []
    line = ""
    for raw in parts:
        part = clip(raw, room)
        if not part:
            continue
        if line and len(line) + len(sep) + len(part) <= room:
            line += sep + part
            continue
        if line:
            messages.append(head + line)
        line = part
    if line:
        messages.append(head + line)
    return messages


def batch_mentions(prefix: str, names: Iterable[str], limit: int = MAX_MESSAGE) -> list[str]:
    """`prefix @a @b ...` messages of at most `limit` characters; never splits a name.

    Names that leave nothing mentionable (see `mentionable`) are left out; count them with
    `unmentionable` to say how many there were.
    """
    logins = [m for m in (mentionable(n) for n in names) if m]
    return pack(prefix, [f"@{login}" for login in logins], limit)


def unmentionable(names: Iterable[str]) -> int:
    return sum(mentionable(n) is None for n in names)


def vary(text: str, recent: Collection[str], limit: int = MAX_MESSAGE) -> str:
    """`text`, or if it was sent recently, `text (2)`, `text (3)`... the first one that was not.

    Twitch drops a message identical to one sent in the last 30 s; a counter is a visible, honest
    variation (no invisible characters, which some clients show as boxes).
    """
    text = clip(text, limit)
    if text not in recent:
        return text
    n = 2
    while True:
        suffix = f" ({n})"
        candidate = clip(text, limit - len(suffix)) + suffix
        if candidate not in recent:
            return candidate
        n += 1


_FOLD_LINES = str.maketrans(dict.fromkeys(_LINE_BREAKS | {"\t"}, " "))


def _finish(line: str) -> str:
    # Values are inert already; this guards the words of a streamer's override: one line, never
    # starting like a command, at most 500 characters.
    return clip(neutral_start(line.translate(_FOLD_LINES)))


# How Twitch chat says a message: typed values through `plain` (one line, nothing invisible,
# clipped to their variable's limit); names are put in as `Verbatim` mentions built by `mention`.
TWITCH_VOICE = Voice(
    "twitch",
    escape=plain,
    finish=_finish,
    limits={
        "title": 80,
        "name": 40,
        "reason": 200,
        "who": 120,
        "winner": 40,
        "successor": 40,
        "typed": 60,
    },
)
