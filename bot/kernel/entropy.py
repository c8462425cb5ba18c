"""Randomness as a port: the core is handed a source of random bytes, so tests can fix it."""

from __future__ import annotations

from collections.abc import Callable

RandomBytes = Callable[[int], bytes]
