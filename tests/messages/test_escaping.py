"""Safety survives the templates (issue 22 item 7): every shipped message in every shipped
language, rendered with hostile and maximum-length values, stays inside its platform's limits
and lets no value inject anything.

Twitch: one line, nothing invisible, at most 500 characters, never starting like a command.
Discord: at most 2,000 characters, no mention of everyone, here or a role, no markdown or
mention formed by a typed value. Values typed by someone are the "text" variables (see
bot/messages/variables.py); fairdrop's own formatting ("ours") is given at its longest.
"""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.discord.text import DISCORD_VOICE, MAX_MESSAGE
from bot.messages.catalog import (
    Verbatim,
    Voice,
    parse,
    shipped_catalog,
    shipped_files,
    shipped_languages,
)
from bot.messages.check import problems, variables_of
from bot.messages.variables import VARIABLES
from bot.twitch.chat_text import MAX_MESSAGE as TWITCH_MAX
from bot.web.speech import WEB_VOICE

CATALOG = shipped_catalog()
IDS = CATALOG.ids()
LANGUAGES = shipped_languages()
HOSTILE = [
    "/ban streamer",
    ".timeout mod 600",
    "!drop cancel hoodie",
    "@everyone",
    "@here",
    "<@&1579431774130405383>",
    "<@123456789012345678>",
    "**bold** __under__ ~~gone~~ ||spoiler||",
    "`code` ```block```",
    "[free nitro](https://evil.example)",
    "line one\nline two\r\n# heading",
    "\u202eesrever\u200b\u2028zero\u2029width",
    "\x00\x07\x1b[31mred",
    "W" * 5000,
    "",
]
typed = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=300))
_COMMAND_STARTS = tuple("/.!\\@")
_INVISIBLE = {"Cc", "Cf", "Zl", "Zp"}


def _voice(message_id: str) -> Voice:
    return DISCORD_VOICE if message_id.startswith("discord-") else _twitch()


def _twitch() -> Voice:
    from bot.twitch.chat_text import TWITCH_VOICE

    return TWITCH_VOICE


def _ours(name: str) -> str:
    if name == "mentions":
        return "<@42> " * 10  # the only mentions a message may carry: put in by fairdrop
    if name == "role":
        return "<@&43>"  # shown by name in a private refusal, never pinged
    return "o" * VARIABLES[name].longest


@st.composite
def values_for(draw: st.DrawFn, message_id: str) -> dict[str, str | int]:
    values: dict[str, str | int] = {}
    for name in variables_of(CATALOG.defaults[message_id]):
        variable = VARIABLES[name]
        if variable.kind == "text":
            values[name] = draw(typed)
        elif variable.kind == "number":
            values[name] = draw(st.integers(0, 10**9))
        elif variable.kind == "choice":
            values[name] = draw(st.sampled_from([*variable.choices, "other"]))
        else:
            values[name] = Verbatim(_ours(name))
    return values


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_shipped_message_passes_the_checks_an_override_must_pass(language: str) -> None:
    found = [
        p
        for name, text in shipped_files(language)
        for p in problems(f"{language}/{name}", parse(text, name), {**CATALOG.defaults})
    ]

    assert found == []


def _ids(prefix: str) -> list[str]:
    return [i for i in IDS if i.startswith(prefix)]


# One test per language, every message drawn in each example: hypothesis's pytest plugin wraps a
# parametrized test's settings once per invocation, and with no example database (its CI
# profile) reading them walks every wrapper: a thousand (language, message) cases overflowed
# the stack in CI.


@pytest.mark.parametrize("language", LANGUAGES)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_twitch_line_is_one_short_line_that_starts_with_our_words(
    language: str, data: st.DataObject
) -> None:
    for message_id in _ids("twitch-"):
        values = data.draw(values_for(message_id), label=message_id)

        said = CATALOG.say_in(language, _voice(message_id), message_id, **values)

        assert len(said) <= TWITCH_MAX, message_id
        assert not said.startswith(_COMMAND_STARTS), message_id
        assert not any(unicodedata.category(c) in _INVISIBLE for c in said), ascii(said)


@pytest.mark.parametrize("language", LANGUAGES)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_discord_text_pings_nobody_and_forms_no_markdown_from_a_value(
    language: str, data: st.DataObject
) -> None:
    for message_id in _ids("discord-"):
        values = data.draw(values_for(message_id), label=message_id)

        said = CATALOG.say_in(language, _voice(message_id), message_id, **values)
        # The same message with every typed value harmless: its markdown is all our own words.
        harmless = {k: "v" if type(v) is str else v for k, v in values.items()}
        ours = CATALOG.say_in(language, _voice(message_id), message_id, **harmless)

        assert len(said) <= MAX_MESSAGE, message_id
        assert not re.search(r"@(everyone|here)", said), said
        assert not re.search(r"<@[&!]?\d", said.replace("<@42>", "").replace("<@&43>", "")), said
        assert _markdown(said) == _markdown(ours), said


def _markdown(text: str) -> list[str]:
    """The markdown and mention characters that take effect: what is left once every escaped
    character (a backslash and the one after it) is taken out."""
    unescaped = re.sub(r"\\.", "", text, flags=re.DOTALL)
    return re.findall(r"[*_~`|\[\]<>]|^#|\n#", unescaped)


@pytest.mark.parametrize("language", LANGUAGES)
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_web_text_forms_no_markup_from_a_value(language: str, data: st.DataObject) -> None:
    for message_id in _ids("web-"):
        values = data.draw(values_for(message_id), label=message_id)

        said = CATALOG.say_in(language, WEB_VOICE, message_id, **values)

        assert "<" not in said and ">" not in said and '"' not in said, said
        assert not re.search(r"&(?!(amp|lt|gt|quot|#x27);)", said), said
