"""Languages (issue 22 item 3): every shipped language says every message, with the same
variables; a community speaks its own language, a member their own locale, and a message a
language lacks is said in English rather than left out."""

from __future__ import annotations

from pathlib import Path

import pytest
from fluent.syntax import ast as ftl

from bot.discord.text import DISCORD_VOICE
from bot.messages.catalog import (
    LANGUAGE,
    Catalog,
    MessageError,
    messages_of,
    parse,
    shipped_catalog,
    shipped_files,
    shipped_languages,
)
from bot.messages.check import load_checked, variables_of
from bot.twitch.chat_text import TWITCH_VOICE

TRANSLATED = shipped_languages()[1:]
ENGLISH = {name: messages_of(parse(text, name)) for name, text in shipped_files()}


def _files(language: str) -> dict[str, dict[str, ftl.Message]]:
    return {
        name: messages_of(parse(text, f"{language}/{name}"))
        for name, text in shipped_files(language)
    }


def test_spanish_is_shipped() -> None:
    assert shipped_languages()[0] == LANGUAGE
    assert "es" in TRANSLATED


@pytest.mark.parametrize("language", TRANSLATED)
def test_a_shipped_language_has_every_file_and_message_of_english_and_no_other(
    language: str,
) -> None:
    files = _files(language)

    assert sorted(files) == sorted(ENGLISH)
    for name, english in ENGLISH.items():
        assert sorted(files[name]) == sorted(english), f"{language}/{name}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_a_shipped_language_gives_each_message_the_same_variables_and_attributes(
    language: str,
) -> None:
    translated = {k: v for messages in _files(language).values() for k, v in messages.items()}
    differ = []
    for english in ENGLISH.values():
        for message_id, message in english.items():
            ours = translated.get(message_id)
            if ours is None:
                continue  # the test above names it
            if variables_of(ours) != variables_of(message):
                differ.append(f"{language} {message_id}: variables")
            attributes = [a.id.name for a in ours.attributes]
            if attributes != [a.id.name for a in message.attributes]:
                differ.append(f"{language} {message_id}: attributes")

    assert differ == []


def test_a_community_speaks_its_language_and_the_others_the_default() -> None:
    catalog = shipped_catalog(languages={"es-stream": "es"})

    assert catalog.say(TWITCH_VOICE, "twitch-closed", "es-stream", title="Sudadera") == (
        'El drop "Sudadera" está cerrado: no se admiten más participaciones.'
    )
    assert catalog.say(TWITCH_VOICE, "twitch-closed", "other", title="Hoodie") == (
        'Drop "Hoodie" is closed: no more entries.'
    )


def test_spanish_counts_use_spanish_plurals_and_digits() -> None:
    say = shipped_catalog(default="es").say

    assert say(TWITCH_VOICE, "twitch-closed-entrants", entrants=1) == "1 participante."
    assert say(TWITCH_VOICE, "twitch-closed-entrants", entrants=1057) == "1.057 participantes."
    assert say(TWITCH_VOICE, "twitch-closed-entrants", entrants=1_000_000) == (
        "1.000.000 de participantes."
    )


def test_a_member_hears_their_own_shipped_locale_else_the_community_language() -> None:
    catalog = shipped_catalog(languages={"guild": "es"})

    assert catalog.say_in("en", DISCORD_VOICE, "discord-slow-down", "guild") == (
        "Slow down: one press is enough."
    )
    assert catalog.say_in("fi", DISCORD_VOICE, "discord-slow-down", "guild") == (
        "Tranquilidad: con una pulsación basta."
    )


def test_a_message_a_language_lacks_is_said_in_english_never_empty() -> None:
    english = [parse(text, name) for name, text in shipped_files()]
    partial = parse("discord-slow-down = Despacio.\n", "es/partial.ftl")
    catalog = Catalog(english, translations={"es": [partial]}, default="es")

    assert catalog.say(DISCORD_VOICE, "discord-slow-down") == "Despacio."
    assert catalog.say(DISCORD_VOICE, "discord-no-codes") == "You have no codes from recent drops."


def test_a_translation_that_cannot_render_falls_back_to_english() -> None:
    english = [parse(text, name) for name, text in shipped_files()]
    broken = parse("discord-closed = El drop { $titulo } se cerró.\n", "es/broken.ftl")
    catalog = Catalog(english, translations={"es": [broken]}, default="es")

    said = catalog.say(DISCORD_VOICE, "discord-closed", title="x")

    assert said == "The **x** drop has closed."


def test_an_unknown_language_is_one_line_naming_the_shipped_ones() -> None:
    with pytest.raises(MessageError, match=r"no shipped language 'fr' \(en, de, es, pt-BR\)"):
        shipped_catalog(default="fr")


def test_an_override_is_written_in_its_community_language(tmp_path: Path) -> None:
    (tmp_path / "stream.ftl").write_text(
        "twitch-settled = ¡Se acabó { $title }, gracias!\n", encoding="utf-8"
    )

    catalog = load_checked(tmp_path, {"stream": "es", "fans": "es"})

    assert catalog.say(TWITCH_VOICE, "twitch-settled", "stream", title="X") == (
        "¡Se acabó X, gracias!"
    )
    assert catalog.say(TWITCH_VOICE, "twitch-paused", "stream", title="X").startswith(
        "Un moderador ha pausado"
    )
    assert catalog.say(TWITCH_VOICE, "twitch-settled", "fans", title="X").startswith(
        'El drop "X" está liquidado'
    )
