"""Crockford's base-32 alphabet: no I, L, O or U, so a code read aloud or retyped survives.

Short codes (`bot.drops.shortcode`) and account-link codes (`bot.gating.linking`) share it.
"""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
