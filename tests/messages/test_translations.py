"""German and Brazilian Portuguese (issue 22 item 3): every English message is translated, with
the same variables and attributes and nothing more; every translation passes the checks an
override must pass (test_escaping.py's property tests run every shipped language, these two
included, with hostile and maximum-length values); and every count reads right by the
language's CLDR plural rules (German: `one` is 1 only; Brazilian Portuguese: `one` is 0 and 1,
and `many` a whole million).
"""

from __future__ import annotations

import re

import pytest
from babel import Locale
from babel.numbers import format_decimal
from fluent.runtime import FluentBundle
from fluent.syntax import ast as ftl
from fluent.syntax.visitor import Visitor

from bot.messages.catalog import (
    DEFAULT_LIMIT,
    LANGUAGE,
    Value,
    Verbatim,
    Voice,
    messages_of,
    parse,
    shipped_catalog,
)
from bot.messages.catalog import shipped_files as shipped
from bot.messages.check import problems, variables_of
from bot.messages.variables import VARIABLES
from tests.messages.test_escaping import _voice

LANGUAGES = ("de", "pt-BR")
COUNTS = (0, 1, 2, 5, 21, 1000, 1_000_000)  # every plural category of en, de and pt-BR
OTHER_COUNT = 7  # the other counts of a message while one is varied: a number none of COUNTS is
Files = list[tuple[str, ftl.Resource]]


def files_of(language: str) -> Files:
    """(file name, parsed resource) of every shipped message file of `language`."""
    return [(name, parse(text, f"{language}/{name}")) for name, text in shipped(language)]


ENGLISH_FILES = files_of(LANGUAGE)
# Translated from English files that are not on this branch yet: en/web.ftl and en/commands.ftl
# come with the languages branch (issue 22 item 3; de/ and pt-BR/ web.ftl were translated from
# its commit e160cf7, commands.ftl from 5974529). Empty once both are merged, and from then on
# those files are checked like the others.
AHEAD_OF_ENGLISH = {"web.ftl", "commands.ftl"} - {name for name, _ in ENGLISH_FILES}
DISCORD_COMMAND_TEXT = 100  # characters of a slash command's or option's description, a choice


def translated(language: str) -> Files:
    """The message files of `language` that have their English file here."""
    return [(name, r) for name, r in files_of(language) if name not in AHEAD_OF_ENGLISH]


class Spoken:
    """The messages of one language said the way the catalog says them: a typed value made
    inert by the platform's voice, numbers by the language's plural rules and digits, the line
    finished by the voice. Fluent directly rather than a Catalog: the catalog's own languages
    (issue 22 item 3) are being built at the same time, and its tests cover every language."""

    def __init__(self, language: str, files: Files | None = None) -> None:
        self.bundle = FluentBundle([language], use_isolating=False)
        for _, resource in files or files_of(language):
            self.bundle.add_resource(resource)

    def say(self, voice: Voice, message_id: str, **values: Value) -> str:
        args = {
            name: voice.escape(value, voice.limits.get(name, DEFAULT_LIMIT))
            if type(value) is str
            else value
            for name, value in values.items()
        }
        pattern = self.bundle.get_message(message_id).value
        text, errors = self.bundle.format_pattern(pattern, args)  # type: ignore[arg-type]
        assert errors == [], f"{message_id}: {errors}"
        return voice.finish(str(text))


ENGLISH = shipped_catalog()
SPOKEN = {language: Spoken(language) for language in LANGUAGES}


# --- complete, and the same shape as English ------------------------------------------------


def _shape(message: ftl.Message) -> dict[str, set[str]]:
    """The variables of a message's value and of each of its attributes, by part."""
    shape = {"": variables_of(ftl.Message(message.id, message.value))}
    for attribute in message.attributes:
        shape[f".{attribute.id.name}"] = variables_of(ftl.Message(message.id, attribute.value))
    return shape


def differences(language: str, files: Files) -> list[str]:
    """One line for each way `files` differ from English in ids, files, variables or
    attributes ([] when they hold every English message, the same way, and nothing else)."""
    english = {
        message_id: (name, message)
        for name, resource in ENGLISH_FILES
        for message_id, message in messages_of(resource).items()
    }
    found, seen = [], set()
    for name, resource in files:
        for message_id, message in messages_of(resource).items():
            seen.add(message_id)
            where = f"{language}/{name}: {message_id}"
            if message_id not in english:
                found.append(f"{where}: not an English message")
                continue
            english_name, original = english[message_id]
            if name != english_name:
                found.append(f"{where}: belongs in {english_name}, as in English")
            if _shape(message) != _shape(original):
                found.append(f"{where}: {_shape(message)} where English has {_shape(original)}")
    found += [f"{language}: {i} is not translated" for i in english if i not in seen]
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_english_message_is_translated_the_same_way_and_nothing_else(
    language: str,
) -> None:
    files = translated(language)

    assert [name for name, _ in files] == [name for name, _ in ENGLISH_FILES]
    assert differences(language, files) == []


def test_a_missing_extra_or_reshaped_message_is_a_difference() -> None:
    planted = parse(
        "twitch-settled = Fertig mit { $titel }.\n"
        "    .hint = Hinweis\n"
        "discord-closed = Geschlossen: { $title }.\n"
        "twitch-hello = Hallo\n",
        "planted",
    )

    found = differences("de", [("twitch.ftl", planted)])

    assert found[:3] == [
        "de/twitch.ftl: twitch-settled: {'': {'titel'}, '.hint': set()} where English has "
        "{'': {'title'}}",
        "de/twitch.ftl: discord-closed: belongs in discord.ftl, as in English",
        "de/twitch.ftl: twitch-hello: not an English message",
    ]
    assert "de: discord-entered is not translated" in found[3:]
    assert len(found) == 3 + len(ENGLISH.ids()) - 2


# --- safe on each platform ------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_translation_passes_the_checks_an_override_must_pass(language: str) -> None:
    found = [
        p
        for name, resource in translated(language)
        for p in problems(f"{language}/{name}", resource, ENGLISH.defaults)
    ]

    assert found == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_slash_command_text_is_plain_words_discord_takes(language: str) -> None:
    # Discord refuses the whole app's commands for one localization that is empty or longer
    # than 100 characters; they are sent once, so they hold no variables.
    commands = messages_of(dict(files_of(language))["commands.ftl"])
    with_values = [i for i, message in commands.items() if variables_of(message)]
    said = {i: SPOKEN[language].say(_voice(i), i) for i in commands if i not in with_values}
    too_long = [i for i, text in said.items() if not 0 < len(text) <= DISCORD_COMMAND_TEXT]

    assert with_values == []
    assert too_long == []


# --- counts read right in each language -----------------------------------------------------


class _Selects(Visitor):
    """The keys of the variants of each select on a variable in one message, by variable."""

    def __init__(self) -> None:
        super().__init__()
        self.keys: dict[str, list[ftl.Identifier | ftl.NumberLiteral]] = {}

    def visit_SelectExpression(self, node: ftl.SelectExpression) -> None:
        selector = node.selector
        if isinstance(selector, ftl.VariableReference):
            keys = self.keys.setdefault(selector.id.name, [])
            keys += [variant.key for variant in node.variants]
        self.generic_visit(node)


def selects_of(message: ftl.Message) -> dict[str, list[ftl.Identifier | ftl.NumberLiteral]]:
    """The variables `message` chooses its words by, each with the keys of its variants."""
    selects = _Selects()
    selects.visit(message)
    return selects.keys


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_translation_chooses_its_words_by_a_count_or_a_choice_only(language: str) -> None:
    # As in English: a text value (typed, or our own formatting such as a state or a list's
    # kind) goes in as it is and is never chosen on, so the catalog may put it in after Fluent.
    chosen_on_text = [
        f"{message_id}: ${name}"
        for _, resource in translated(language)
        for message_id, message in messages_of(resource).items()
        for name in selects_of(message)
        if VARIABLES[name].kind not in ("number", "choice")
    ]

    assert chosen_on_text == []


def _sample(message_id: str, name: str, count: int) -> dict[str, Value]:
    """Plain values for every variable of the message, `count` for `name`."""
    values: dict[str, Value] = {}
    for variable in variables_of(ENGLISH.defaults[message_id]):
        about = VARIABLES[variable]
        if about.kind == "number":
            values[variable] = count if variable == name else OTHER_COUNT
        elif about.kind == "choice":
            values[variable] = about.choices[0]
        else:
            values[variable] = Verbatim("v")
    return values


def _shows(text: str, count: int, language: str) -> bool:
    """True if `text` has `count` as a number written the language's way (1.000 in German)."""
    written = re.escape(format_decimal(count, locale=language.replace("-", "_")))
    return re.search(rf"(?<![\d.,]){written}(?![\d]|[.,]\d)", text) is not None


def count_problems(language: str, spoken: Spoken, files: Files) -> list[str]:
    """One line for each select on a count whose key is not a plural category of `language`,
    and for each count in COUNTS that English shows and the translation does not (a variant
    that says "1" where the category also holds 0): [] when every count reads right. A count
    the translation gives its own numeric variant ([0]) is its choice of words."""
    categories = {*Locale.parse(language.replace("-", "_")).plural_form.tags, "other"}
    found = []
    for _, resource in files:
        for message_id, message in messages_of(resource).items():
            for name, keys in selects_of(message).items():
                if VARIABLES[name].kind != "number":
                    continue
                for key in keys:
                    if isinstance(key, ftl.Identifier) and key.name not in categories:
                        found.append(f"{message_id}: [{key.name}] is no {language} category")
                chosen = {int(k.value) for k in keys if isinstance(k, ftl.NumberLiteral)}
                for count in COUNTS:
                    if count in chosen:
                        continue
                    values = _sample(message_id, name, count)
                    voice = _voice(message_id)
                    english = ENGLISH.say(voice, message_id, **values)
                    said = spoken.say(voice, message_id, **values)
                    if _shows(english, count, "en") and not _shows(said, count, language):
                        found.append(f"{message_id}: ${name} = {count} reads {said!r}")
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_count_reads_right_by_the_language_plural_rules(language: str) -> None:
    assert count_problems(language, SPOKEN[language], translated(language)) == []


def test_a_variant_that_says_one_for_zero_or_a_foreign_category_is_a_problem() -> None:
    # In pt-BR "one" is 0 and 1: a variant "1 unidade" would say 1 for 0. German has no "few".
    planted = {
        "pt-BR": "twitch-drawn-guaranteed = { $units ->\n"
        "    [one] 1 unidade foi\n"
        "   *[other] { $units } unidades foram\n"
        "    } primeiro.\n",
        "de": "twitch-drawn-guaranteed = { $units ->\n"
        "    [few] { $units } Exemplare\n"
        "   *[other] { $units } Exemplare\n"
        "    } zuerst.\n",
    }
    files = {lang: [("twitch.ftl", parse(text, lang))] for lang, text in planted.items()}

    assert count_problems("pt-BR", Spoken("pt-BR", files["pt-BR"]), files["pt-BR"]) == [
        "twitch-drawn-guaranteed: $units = 0 reads '1 unidade foi primeiro.'"
    ]
    assert count_problems("de", Spoken("de", files["de"]), files["de"]) == [
        "twitch-drawn-guaranteed: [few] is no de category"
    ]


GUARANTEED = {
    "de": {
        0: "0 Exemplare gingen zuerst an die Garantielisten.",
        1: "1 Exemplar ging zuerst an die Garantielisten.",
        2: "2 Exemplare gingen zuerst an die Garantielisten.",
        5: "5 Exemplare gingen zuerst an die Garantielisten.",
        21: "21 Exemplare gingen zuerst an die Garantielisten.",
        1000: "1.000 Exemplare gingen zuerst an die Garantielisten.",
        1_000_000: "1.000.000 Exemplare gingen zuerst an die Garantielisten.",
    },
    "pt-BR": {
        0: "0 unidades foram primeiro para as listas garantidas.",
        1: "1 unidade foi primeiro para as listas garantidas.",
        2: "2 unidades foram primeiro para as listas garantidas.",
        5: "5 unidades foram primeiro para as listas garantidas.",
        21: "21 unidades foram primeiro para as listas garantidas.",
        1000: "1.000 unidades foram primeiro para as listas garantidas.",
        1_000_000: "1.000.000 de unidades foram primeiro para as listas garantidas.",
    },
}
MEMBERS = {
    "de": {0: "0 Mitglieder", 1: "1 Mitglied", 2: "2 Mitglieder", 1000: "1.000 Mitglieder"},
    "pt-BR": {
        0: "0 membros",
        1: "1 membro",
        2: "2 membros",
        1000: "1.000 membros",
        1_000_000: "1.000.000 de membros",
    },
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("count", COUNTS)
def test_a_count_takes_the_singular_or_plural_its_language_gives_it(
    language: str, count: int
) -> None:
    say = SPOKEN[language].say
    twitch, discord = _voice("twitch-"), _voice("discord-")

    assert say(twitch, "twitch-drawn-guaranteed", units=count) == GUARANTEED[language][count]
    if count in MEMBERS[language]:
        said = say(discord, "discord-list-deleted", list="VIPs", members=count)
        assert said.endswith(f"({MEMBERS[language][count]}).")
