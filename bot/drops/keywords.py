"""Entry keywords: a word typed in Twitch chat that enters a drop, like `!claim`.

A drop may carry its own keyword (`!drop open hoodie keyword=!hoodie`), and a community may
have aliases of `!claim` in its config. Both are plain chat words: `!` and 1 to 24 ASCII
lowercase letters, digits, `-` or `_`. That one rule refuses every hostile keyword at once:
Twitch's own commands (`/ban`, `.me`), mentions (`@`), markup, look-alikes of our commands
in other scripts (`!claim` with a Cyrillic a is not ASCII) and long words. A keyword may not
be one of the words the bot answers to, and the drops of one community may not share one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.kernel.errors import InvalidSpec

MAX_KEYWORD = 25  # `!` and 24 characters
KEYWORD_RE = re.compile(r"^![a-z0-9][a-z0-9_-]{0,23}$")
# The chat commands fairdrop answers to (`bot.twitch.commands` parses them): no keyword or
# alias may shadow one.
COMMAND_WORDS = frozenset({"!claim", "!enter", "!drop", "!link"})


def keyword_of(typed: str) -> str:
    """The keyword as it is matched (lower case; the `!` may be left out when typing it), or
    InvalidSpec in one line saying what a keyword may be."""
    word = typed.strip().lower()
    if word and word[0] not in "!/.@#" and word.isascii():
        word = "!" + word
    if not KEYWORD_RE.match(word):
        shown = typed if len(typed) <= MAX_KEYWORD + 5 else typed[:MAX_KEYWORD] + "…"
        raise InvalidSpec("refusal-keyword", typed=repr(shown))
    if word in COMMAND_WORDS:
        raise InvalidSpec("refusal-keyword-command", command=word)
    return word


def check_free(keyword: str, taken: Iterable[tuple[str, str]]) -> None:
    """InvalidSpec if `keyword` is already in use in the community: `taken` holds (keyword,
    whose) pairs, whose being the drop's name, or "" for an alias of !claim in the config."""
    for word, whose in taken:
        if word == keyword and whose:
            raise InvalidSpec("refusal-keyword-taken", command=keyword, name=whose)
        if word == keyword:
            raise InvalidSpec("refusal-keyword-alias", command=keyword)
