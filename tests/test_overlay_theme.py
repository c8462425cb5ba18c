"""The overlay's theme: `[overlay]` and each community's changes, checked in one line; query
parameters that pass the same checks, and only those."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import load_settings
from bot.overlay_theme import OverlayTheme
from tests.test_config import config_error, write

COMMUNITY = '[[twitch.channels]]\nname = "mychannel"\n'


def test_a_community_changes_only_the_keys_it_names(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '[overlay]\naccent = "#FF4500"\nscale = 1.5\nfont = "Open  Sans"\n'
        'communities = { mychannel = { position = "top-left", panel = "00000000" } }\n' + COMMUNITY,
    )

    overlay = load_settings(path, env={}).overlay

    assert overlay.theme("mychannel") == OverlayTheme(
        accent="#ff4500", scale=1.5, font="Open Sans", position="top-left", panel="#00000000"
    )
    assert overlay.theme("other") == OverlayTheme(accent="#ff4500", scale=1.5, font="Open Sans")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            'accent = "red"', "[overlay] accent: must be a hex colour like #", id="colour"
        ),
        pytest.param('panel = "#12345"', "[overlay] panel: must be a hex colour", id="length"),
        pytest.param('font = "x; }"', "[overlay] font: must be a font name of letters", id="font"),
        pytest.param(
            "scale = 9", "[overlay] scale: Input should be less than or equal", id="scale"
        ),
        pytest.param(
            'position = "middle"', "[overlay] position: Input should be 'top-", id="corner"
        ),
        pytest.param('colour = "#fff"', "[overlay] colour: unknown key", id="key"),
        pytest.param(
            'communities = { mychannel = { text = "white" } }',
            "[overlay.communities.mychannel] text: must be a hex colour",
            id="community-value",
        ),
        pytest.param(
            'communities = { elsewhere = { text = "#fff" } }',
            "[overlay.communities]: 'elsewhere' is not a community (a [[twitch.channels]] or "
            "[[discord.guilds]] name; configured: default, mychannel)",
            id="community",
        ),
    ],
)
def test_a_bad_theme_stops_the_start_in_one_line_naming_the_key(
    tmp_path: Path, text: str, expected: str
) -> None:
    path = write(tmp_path, f"[overlay]\n{text}\n{COMMUNITY}")

    assert expected in config_error(path)


def test_query_parameters_that_pass_the_checks_change_the_theme() -> None:
    chosen = OverlayTheme().with_query(
        {"accent": "00FF00", "text": "#000", "scale": "2", "position": "top-right", "font": "serif"}
    )

    assert chosen == OverlayTheme(
        accent="#00ff00", text="#000", scale=2, position="top-right", font="serif"
    )
    assert chosen.css_font() == "serif, sans-serif"


@pytest.mark.parametrize(
    "query",
    [
        {"accent": "red"},
        {"accent": "#fff;}body{display:none"},
        {"text": "expression(alert(1))"},
        {"panel": "#00000080 url(x)"},
        {"font": 'Inter", monospace; x: "'},
        {"font": "Inter</style><script>"},
        {"font": "a" * 49},
        {"scale": "nan"},
        {"scale": "inf"},
        {"scale": "0.1"},
        {"scale": "1" * 100},
        {"position": "center"},
        {"unknown": "#fff"},
    ],
)
def test_a_crafted_query_parameter_leaves_the_configured_theme(query: dict[str, str]) -> None:
    configured = OverlayTheme(accent="#123456", font="Inter")

    assert configured.with_query(query) == configured
