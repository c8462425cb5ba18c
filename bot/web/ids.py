"""Numeric ids in paths, queries and forms (`/drops/12`, `?drop=12`), read one way everywhere.

`str.isdigit()` is true for `²` or `٣`, which `int()` refuses or reads as another number: an id
is 1-18 ASCII digits (it fits a signed 64-bit column), or it is no id at all.
"""

from __future__ import annotations

import re

# `[0-9]`, not `\d`: in a str pattern `\d` matches every Unicode decimal digit.
_ID = re.compile(r"[0-9]{1,18}")


def parse_id(text: str | None) -> int | None:
    """The id `text` spells, or None if it is not 1-18 ASCII digits."""
    if text is None or not _ID.fullmatch(text):
        return None
    return int(text)
