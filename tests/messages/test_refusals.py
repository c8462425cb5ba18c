"""The engine's refusals (issue 22): the core raises them typed (a message id and values, no
catalog); the English catalog says each exactly as its `str()` reads in the logs and the command
line, and every other language says it in its own words."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from bot.drops.errors import IllegalTransition, UnknownDrop
from bot.drops.lifecycle import move
from bot.drops.model import FINAL_STATES, DropState
from bot.gating.list_admin import ListImportError, members_from_text, read_members_csv
from bot.gating.lists import BadRow, ListError
from bot.kernel.errors import DropError, Refusal
from bot.kernel.refusals import ENGLISH, ENGLISH_ONE
from bot.messages.catalog import shipped_catalog
from bot.messages.refusals import refusal_words
from bot.messages.variables import VARIABLES
from bot.twitch.chat_text import TWITCH_VOICE
from tests.drops.test_lifecycle import a_drop

BOT = Path(__file__).resolve().parents[2] / "bot"


def _values(message_id: str) -> dict[str, str | int]:
    """A value for each variable of a refusal, of the kind its variable holds: numbers large
    enough to be grouped, a choice the message selects on, plain words for the rest."""
    values: dict[str, str | int] = {}
    for _, name, _, _ in string.Formatter().parse(ENGLISH[message_id]):
        if name is None:
            continue
        variable = VARIABLES[name]
        if variable.kind == "number":
            values[name] = 123_456
        elif variable.kind == "choice":
            values[name] = variable.choices[-1]
        else:
            values[name] = f"{name}-x"
    return values


# Values that go together: the states a drop may move to follow from the state it is in, and
# the catalog says them from `phase` in each language (`allowed` is for the English line).
TOGETHER: dict[str, dict[str, str | int]] = {
    "refusal-cannot-move": {"phase": "drawn", "allowed": "cancelled, settled"},
}


@pytest.mark.parametrize("message_id", sorted(ENGLISH))
def test_the_english_catalog_says_a_refusal_as_its_one_line_error_reads(message_id: str) -> None:
    values = {**_values(message_id), **TOGETHER.get(message_id, {})}
    said = shipped_catalog().say(TWITCH_VOICE, message_id, **values)
    assert said == str(Refusal(message_id, **values))


@pytest.mark.parametrize("message_id", sorted(ENGLISH_ONE))
def test_the_english_catalog_says_a_refusal_of_one_as_its_error_reads(message_id: str) -> None:
    values = {**_values(message_id), "count": 1}
    said = shipped_catalog().say(TWITCH_VOICE, message_id, **values)
    assert said == str(Refusal(message_id, **values))
    assert ENGLISH_ONE.keys() <= ENGLISH.keys()


def test_the_catalog_and_the_engine_know_the_same_refusals() -> None:
    catalog = {i for i in shipped_catalog().ids() if i.startswith("refusal-")}
    assert catalog == set(ENGLISH)


def test_every_refusal_id_in_the_code_is_one_the_engine_knows() -> None:
    # A mistyped id would be said as the id itself: every "refusal-..." in bot/ must be known.
    named = {
        (path.relative_to(BOT).as_posix(), node.value)
        for path in BOT.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and node.value.startswith("refusal-")
    }
    assert named  # the scan sees the raise sites
    assert {(where, i) for where, i in named if i not in ENGLISH} == set()


def _refusal_classes() -> frozenset[str]:
    """The names of `Refusal` and of every class in bot/ derived from it, read from the code
    (importing the adapters to ask Python would import their platform libraries)."""
    bases: dict[str, set[str]] = {}
    for path in BOT.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                named = {
                    b.id if isinstance(b, ast.Name) else getattr(b, "attr", "") for b in node.bases
                }
                bases.setdefault(node.name, set()).update(named)
    found = {"Refusal"}
    while grown := {name for name, of in bases.items() if of & found} - found:
        found |= grown
    return frozenset(found)


# The refusals a fan, a moderator or a partner can be told, by class name.
REFUSALS = _refusal_classes()
CORE = ("kernel", "gating", "drops")
# Refusals still raised in English words, with why.
LEFT_IN_ENGLISH: dict[str, tuple[str, ...]] = {}


def _raised_words(path: Path) -> list[str]:
    """`file:line` of each refusal the code raises with words rather than a refusal id (or a
    name holding one)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)):
            continue
        func = node.exc.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name not in REFUSALS or not node.exc.args:
            continue
        said = node.exc.args[0]
        typed = isinstance(said, ast.Constant) and str(said.value).startswith("refusal-")
        if not typed and not isinstance(said, ast.Name | ast.IfExp):
            found.append(f"{path.relative_to(BOT).as_posix()}:{node.lineno}")
    return found


def test_every_kind_of_refusal_is_known_to_the_scans() -> None:
    assert {UnknownDrop.__name__, ListError.__name__, "RuleError", "Refused"} <= REFUSALS


def test_the_core_raises_every_refusal_by_its_id_never_in_words() -> None:
    core = [path for layer in CORE for path in sorted((BOT / layer).rglob("*.py"))]
    found = [where for path in core for where in _raised_words(path)]
    assert [where for where in found if where.split(":")[0] not in LEFT_IN_ENGLISH] == []
    # As many as listed: a new refusal is typed, not allowed.
    assert len(found) == sum(len(why) for why in LEFT_IN_ENGLISH.values())


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "drop 'hoodie' is still public in this channel; close or cancel it first"),
        ("es", "el drop 'hoodie' sigue abierto en este canal; ciérralo o cancélalo primero"),
        ("de", "Drop 'hoodie' ist in diesem Kanal noch offen; schließe oder storniere ihn zuerst"),
        ("pt-BR", "o drop 'hoodie' ainda está aberto neste canal; feche ou cancele primeiro"),
    ],
)
def test_a_refusal_is_said_in_the_communitys_language(language: str, expected: str) -> None:
    values = {"name": "hoodie", "phase": "public"}
    refused = DropError("refusal-still-running", **values)
    catalog = shipped_catalog(languages={"canal": language})
    assert catalog.say(TWITCH_VOICE, refused.message_id, "canal", **values) == expected
    assert str(refused) == expected if language == "en" else str(refused) != expected


def test_words_already_said_stay_as_they_are_and_carry_no_id() -> None:
    said = DropError("no hay ningún serie aquí")
    assert str(said) == "no hay ningún serie aquí" and said.message_id == ""
    with pytest.raises(TypeError):
        UnknownDrop("no drop here", name="x")  # values need an id to go into


def test_list_and_rule_refusals_are_typed_too() -> None:
    refused = ListError("refusal-list-exists", list="vips")
    assert str(refused) == "list 'vips' already exists"
    assert refused.message_id == "refusal-list-exists" and dict(refused.values) == {"list": "vips"}


def test_a_refusal_of_several_accounts_says_each_in_the_readers_language() -> None:
    with pytest.raises(ListError) as caught:
        members_from_text(["lurker42", "bad!"], {})
    refused = caught.value

    assert str(refused) == (
        "no Twitch user named 'lurker42'; "
        "'bad!' is not an account like twitch:12345 or a Twitch login"
    )
    assert refusal_words(TWITCH_VOICE, refused, "", "es") == (
        "no hay ningún usuario de Twitch llamado 'lurker42'; "
        "'bad!' no es una cuenta como twitch:12345 ni un usuario de Twitch"
    )


def test_a_rejected_import_and_each_bad_row_are_said_in_the_readers_language() -> None:
    file = "account,display_name\nbad!,\ntwitch:x,\ntwitch:1,a\ntwitch:1,b\n"
    with pytest.raises(ListImportError) as caught:
        read_members_csv(file)
    rejected = caught.value

    assert [refusal_words(TWITCH_VOICE, row, "", "es") for row in rejected.rows] == [
        "línea 2: 'bad!' no es ni una cuenta ni un usuario de Twitch",
        "línea 3: 'twitch:x' no es una cuenta como twitch:12345 o discord:67890",
        "línea 5: twitch:1 ya está en la línea 4",
    ]
    assert refusal_words(TWITCH_VOICE, rejected, "", "de") == (
        "3 fehlerhafte Zeilen; nichts wurde importiert"
    )
    assert rejected.lines == [
        "line 2: 'bad!' is neither an account nor a Twitch login",
        "line 3: 'twitch:x' is not an account like twitch:12345 or discord:67890",
        "line 5: twitch:1 is already on line 4",
    ]


@pytest.mark.parametrize(
    ("language", "one", "many"),
    [
        ("en", "1 bad row; nothing was imported", "1,002 bad rows; nothing was imported"),
        ("es", "1 fila errónea; no se importó nada", "1.002 filas erróneas; no se importó nada"),
        (
            "pt-BR",
            "1 linha inválida; nada foi importado",
            "1.002 linhas inválidas; nada foi importado",
        ),
    ],
)
def test_a_rejected_imports_count_follows_the_languages_plural_rules(
    language: str, one: str, many: str
) -> None:
    def said(rows: int) -> str:
        bad = [BadRow(n + 2, ListError("refusal-import-display-name")) for n in range(rows)]
        return refusal_words(TWITCH_VOICE, ListImportError(bad), "", language)

    assert (said(1), said(1002)) == (one, many)
    assert str(ListImportError([BadRow(2, ListError("refusal-import-header"))])) == (
        "1 bad row; nothing was imported"
    )


def test_a_problem_with_the_whole_file_is_said_inside_the_rejection() -> None:
    too_many = ListImportError([ListError("refusal-import-too-many", count=50_000)])

    assert str(too_many) == "more than 50,000 rows; split the file; nothing was imported"
    assert refusal_words(TWITCH_VOICE, too_many, "", "es") == (
        "más de 50.000 filas; divide el archivo; no se importó nada"
    )


@pytest.mark.parametrize("state", [s for s in DropState if s not in FINAL_STATES])
@pytest.mark.parametrize("language", ["en", "es", "de", "pt-BR"])
def test_where_a_drop_may_go_next_is_said_in_each_language_as_the_engine_allows(
    state: DropState, language: str
) -> None:
    # A move the engine refuses from `state` (cancelling a settled drop would be final; from
    # every other state, going back to draft is never allowed).
    drop = a_drop(state)
    with pytest.raises(IllegalTransition) as refused:
        move(drop, DropState.DRAFT)
    said = refusal_words(TWITCH_VOICE, refused.value, "", language)
    if language == "en":
        assert said == str(refused.value)  # the engine's own list, said from `phase` alone
    nexts = {"es": "desde ahí puede pasar a", "de": "von dort geht es zu", "pt-BR": "dali pode ir"}
    assert nexts.get(language, "it can go to") in said
    if language != "en":  # no English state name is left in the list
        assert not {"cancelled", "settled", "drawn", "scheduled"} & set(said.split("(")[-1].split())
