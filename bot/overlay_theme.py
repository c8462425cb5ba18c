"""The OBS overlay's look: colours, font, size and corner, from `[overlay]` and query parameters.

A theme ends up inside a `<style>` block of the overlay page, so every value is checked down to
a shape that cannot carry CSS of its own: colours are hex digits only, a font is a generic
family from a short list or a plain name that is quoted, the scale a number in range, the
corner one of four words. The config refuses anything else in one line (`[overlay] accent: ...`);
a query parameter that does not pass the same check is ignored, so a crafted URL shows the
configured theme, never injected CSS.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Annotated, Literal, get_args

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

Position = Literal["top-left", "top-right", "bottom-left", "bottom-right"]
POSITIONS: tuple[str, ...] = get_args(Position)
MIN_SCALE, MAX_SCALE = 0.5, 4.0
# CSS generic families and the system fonts every OBS machine has a fallback for: used as they
# are. Any other font is a name of letters, digits, spaces and hyphens, put in quotes.
GENERIC_FONTS = frozenset(
    {
        "system-ui", "sans-serif", "serif", "monospace", "cursive", "fantasy", "ui-sans-serif",
        "ui-serif", "ui-monospace", "ui-rounded",
    }
)  # fmt: skip
_HEX = re.compile(r"#?([0-9a-fA-F]{3}|[0-9a-fA-F]{4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})")
_FONT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9 \-]{0,47}")
QUERY_KEYS = ("text", "accent", "panel", "font", "scale", "position")


def colour(value: str) -> str:
    """`#rgb`, `#rgba`, `#rrggbb` or `#rrggbbaa` (the `#` optional: it is awkward in a URL),
    lower-cased with its `#`; ValueError for anything else."""
    found = _HEX.fullmatch(value.strip()) if isinstance(value, str) else None
    if found is None:
        raise ValueError("must be a hex colour like #9146ff, or #0e0e10cc with transparency")
    return "#" + found[1].lower()


def font(value: str) -> str:
    """A generic family from GENERIC_FONTS, or a font name of letters, digits, spaces and
    hyphens (up to 48); ValueError for anything else."""
    name = " ".join(value.split()) if isinstance(value, str) else ""
    if name.lower() in GENERIC_FONTS:
        return name.lower()
    if not _FONT_NAME.fullmatch(name):
        raise ValueError(
            "must be a font name of letters, digits, spaces and hyphens (like Inter or "
            f"Open Sans), or one of {', '.join(sorted(GENERIC_FONTS))}"
        )
    return name


Colour = Annotated[str, AfterValidator(colour)]
Font = Annotated[str, AfterValidator(font)]


class OverlayTheme(BaseModel):
    """One overlay's look, every value checked (see the module's docstring)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: Colour = "#ffffff"
    accent: Colour = "#9146ff"
    panel: Colour = "#0e0e10cc"  # the panel behind the text; the last two digits: its opacity
    font: Font = "system-ui"
    scale: float = Field(1.0, ge=MIN_SCALE, le=MAX_SCALE)
    position: Position = "bottom-right"

    def css_font(self) -> str:
        """The font-family value: a generic family as is, a name quoted, then fallbacks."""
        if self.font in GENERIC_FONTS:
            return f"{self.font}, sans-serif"
        return f'"{self.font}", system-ui, sans-serif'

    def with_query(self, query: Mapping[str, str]) -> OverlayTheme:
        """This theme with each of `query`'s theme parameters that passes the checks; one that
        does not is ignored (the configured value stays)."""
        theme = self
        for key in QUERY_KEYS:
            value = query.get(key)
            if value is None or len(value) > 64:
                continue
            try:
                theme = OverlayTheme.model_validate({**theme.model_dump(), key: value})
            except ValueError:  # pydantic's ValidationError; nan and inf are out of range too
                continue
        return theme


class OverlayThemeChange(BaseModel):
    """A community's changes to the `[overlay]` theme (`[communities.NAME.overlay]`): only the
    keys given, each checked as in `[overlay]`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: Colour | None = None
    accent: Colour | None = None
    panel: Colour | None = None
    font: Font | None = None
    scale: float | None = Field(None, ge=MIN_SCALE, le=MAX_SCALE)
    position: Position | None = None

    def applied_to(self, theme: OverlayTheme) -> OverlayTheme:
        """`theme` with the keys this change gives."""
        return theme.model_copy(update=self.model_dump(exclude_none=True))


NO_CHANGE = OverlayThemeChange()


class OverlaySettings(OverlayTheme):
    """`[overlay]`: the theme every community's overlay starts from; a community's own changes
    are in `[communities.NAME.overlay]` (`OverlayThemeChange`)."""

    def base(self) -> OverlayTheme:
        """This theme as an `OverlayTheme`, to be changed for a community."""
        return OverlayTheme.model_validate(self.model_dump())
