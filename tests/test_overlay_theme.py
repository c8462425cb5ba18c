"""The overlay's theme: `[overlay]` and each community's changes, checked in one line; query
parameters that pass the same checks, and only those."""

from __future__ import annotations

import logging
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
        '[communities.mychannel]\ncolour = "#ff8800"\n'
        '[communities.mychannel.overlay]\nposition = "top-left"\npanel = "00000000"\n' + COMMUNITY,
    )

    settings = load_settings(path, env={})

    assert settings.overlay_theme("mychannel") == OverlayTheme(
        accent="#ff4500", scale=1.5, font="Open Sans", position="top-left", panel="#00000000"
    )
    assert settings.overlay_theme("other") == OverlayTheme(
        accent="#ff4500", scale=1.5, font="Open Sans"
    )
    assert settings.community("mychannel").colour == "#ff8800"


def test_the_old_overlay_communities_still_load_with_one_warning_naming_the_new_place(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    old = write(
        tmp_path,
        '[overlay]\naccent = "#FF4500"\n'
        'communities = { mychannel = { position = "top-left", panel = "00000000" } }\n'
        '[communities.mychannel]\nemoji = "🧥"\n' + COMMUNITY,
    )
    new = write(
        tmp_path,
        '[overlay]\naccent = "#FF4500"\n[communities.mychannel]\nemoji = "🧥"\n'
        '[communities.mychannel.overlay]\nposition = "top-left"\npanel = "00000000"\n' + COMMUNITY,
        name="new.toml",
    )

    with caplog.at_level(logging.WARNING, logger="bot.config"):
        from_old = load_settings(old, env={})

    assert from_old == load_settings(new, env={})
    assert from_old.overlay_theme("mychannel").position == "top-left"
    (warning,) = caplog.records
    assert warning.levelno == logging.WARNING
    line = warning.getMessage()
    assert "\n" not in line
    assert str(old) in line
    assert "[overlay] communities is deprecated" in line
    assert "[communities.mychannel.overlay]" in line


def test_the_new_form_loads_without_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = write(tmp_path, "[communities.mychannel.overlay]\nscale = 2\n" + COMMUNITY)

    with caplog.at_level(logging.DEBUG, logger="bot.config"):
        load_settings(path, env={})

    assert caplog.records == []


def test_both_forms_at_once_stop_the_start_in_one_line(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "[overlay]\ncommunities = { mychannel = { scale = 2 } }\n"
        "[communities.mychannel.overlay]\nscale = 3\n" + COMMUNITY,
    )

    assert config_error(path).endswith(
        "[overlay] communities: the old place of [communities.NAME.overlay], which is set too "
        "(for 'mychannel'); move everything to [communities.NAME.overlay]"
    )


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
            '[communities.mychannel.overlay]\nacent = "#fff"',
            "[communities.mychannel.overlay] acent: unknown key",
            id="new-typo",
        ),
        pytest.param(
            '[communities.mychannel.overlay]\nposition = "middle"',
            "[communities.mychannel.overlay] position: Input should be 'top-",
            id="new-value",
        ),
        pytest.param(
            "[communities.elsewhere.overlay]\nscale = 2",
            "[communities]: 'elsewhere' is not a community (a [[twitch.channels]] or "
            "[[discord.guilds]] name; configured: default, mychannel)",
            id="new-community",
        ),
        pytest.param(
            'communities = { mychannel = { acent = "#fff" } }',
            "[overlay.communities.mychannel] acent: unknown key",
            id="old-typo",
        ),
        pytest.param(
            "communities = 3",
            "[overlay] communities: Input should be a valid dictionary",
            id="old-shape",
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
