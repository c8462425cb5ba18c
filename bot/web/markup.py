"""Markup that is safe to put in a page as it is (its own module: the pages and the catalog's web
voice both build it)."""

from __future__ import annotations


class Html(str):
    """Markup that is already safe: built by `tag`/`join`, a template or the catalog's web
    voice, never from raw input."""

    __slots__ = ()
