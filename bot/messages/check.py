"""Checking a community's overrides before they are used: one line per problem.

A problem is an id the catalog does not have, a variable the message does not get or one it
leaves out, a Twitch line that could run past 500 characters once every value is as long as
it can be, a Twitch line that starts like a command (`/`, `.`), a button label past Discord's
80 characters, any mention of everyone, here or a role, and markup in the words of a web page.
`fairdrop messages check` prints them all; `fairdrop run` and a reload on SIGHUP refuse a folder
with any (`load_checked`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from fluent.runtime import FluentBundle
from fluent.syntax import ast as ftl
from fluent.syntax.visitor import Visitor

from bot.messages.catalog import (
    LANGUAGE,
    Catalog,
    MessageError,
    messages_of,
    parse,
    read_overrides,
    shipped_catalog,
)
from bot.messages.variables import VARIABLES, Variable

TWITCH_LIMIT = 500
BUTTON_LABEL_LIMIT = 80  # Discord's limit for a button's label
# The drop post's button says these (`bot.discord.posts.drop_view`).
BUTTON_LABELS = frozenset({"discord-button-enter", "discord-button-get-code", "discord-phase"})
_MASS_MENTION = re.compile(r"@\s*(everyone|here)\b|<@&|<@!?\d", re.IGNORECASE)
_COMMAND_START = ("/", ".")
_MARKUP = re.compile(r"[<&]")
_BIGGEST = 1_000_000_000  # a count as long as it gets ("1,000,000,000")


class _Variables(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def visit_VariableReference(self, node: ftl.VariableReference) -> None:
        self.names.add(node.id.name)


def variables_of(message: ftl.Message) -> set[str]:
    """The names of the variables `message` uses."""
    found = _Variables()
    found.visit(message)
    return found.names


def _text_of(message: ftl.Message) -> str:
    """The words of `message` as written (the parts between its placeables)."""
    words: list[str] = []

    class _Words(Visitor):
        def visit_TextElement(self, node: ftl.TextElement) -> None:
            words.append(node.value)

        def visit_StringLiteral(self, node: ftl.StringLiteral) -> None:
            words.append(node.value)

    _Words().visit(message)
    return "".join(words)


def _value(variable: Variable | None, longest: bool) -> str | int:
    if variable is None or variable.kind == "text" or variable.kind == "ours":
        size = variable.longest if variable is not None else 200
        return "W" * size if longest else "w"
    if variable.kind == "number":
        return _BIGGEST if longest else 1
    return variable.choices[0] if variable.choices else "x"


def _renders(bundle: FluentBundle, message_id: str, names: set[str]) -> list[str]:
    """The message rendered with the shortest values, and with the longest (each count both
    as 1 and as a billion, since a plural variant can be the longer)."""
    pattern = bundle.get_message(message_id).value
    texts = []
    for longest, count in ((False, 1), (True, 1), (True, _BIGGEST)):
        args: dict[str, str | int] = {}
        for name in names:
            variable = VARIABLES.get(name)
            value = _value(variable, longest)
            args[name] = count if isinstance(value, int) else value
        text, _ = bundle.format_pattern(pattern, args)  # type: ignore[arg-type]
        texts.append(str(text))
    return texts


def problems(source: str, resource: ftl.Resource, defaults: dict[str, ftl.Message]) -> list[str]:
    """Every problem of one community's overrides (`source` names the file), one line each."""
    found = []
    bundle = FluentBundle([LANGUAGE], use_isolating=False)
    bundle.add_resource(resource, allow_overrides=True)
    for message_id, message in messages_of(resource).items():
        where = f"{source}: {message_id}"
        default = defaults.get(message_id)
        if default is None:
            found.append(f"{where}: no such message (see `fairdrop messages list`)")
            continue
        if message.value is None:
            found.append(f"{where}: has no text")
            continue
        given, expected = variables_of(message), variables_of(default)
        for name in sorted(given - expected):
            found.append(f"{where}: unknown variable ${name} (it has {_listed(expected)})")
        for name in sorted(expected - given):
            found.append(f"{where}: leaves out ${name}; put {{ ${name} }} in the text")
        if _MASS_MENTION.search(_text_of(message)):
            found.append(f"{where}: mentions everyone, here, a role or a user; remove the mention")
        if message_id in BUTTON_LABELS and not given - expected:
            most = max(len(t) for t in _renders(bundle, message_id, given))
            if most > BUTTON_LABEL_LIMIT:
                found.append(
                    f"{where}: a button label of {most} characters; Discord takes "
                    f"{BUTTON_LABEL_LIMIT}"
                )
        if message_id.startswith("web-") and _MARKUP.search(_text_of(message)):
            found.append(f"{where}: holds markup (< or &); a page adds its own, write words only")
        if not message_id.startswith("twitch-") or given - expected:
            continue
        shortest, *longest = _renders(bundle, message_id, given)
        if shortest.lstrip().startswith(_COMMAND_START):
            found.append(f"{where}: starts with / or ., which Twitch reads as a command")
        if (most := max(len(t) for t in longest)) > TWITCH_LIMIT:
            found.append(
                f"{where}: can be {most} characters with the longest values; Twitch takes "
                f"{TWITCH_LIMIT}"
            )
    return found


def _listed(names: set[str]) -> str:
    return ", ".join(f"${n}" for n in sorted(names)) or "none"


def check_folder(folder: Path) -> list[str]:
    """Every problem of every override file in `folder`, one line each ([] when all is well)."""
    defaults = shipped_catalog().defaults
    found = []
    for path in sorted(folder.glob("*.ftl")) if folder.is_dir() else []:
        try:
            resource = parse(path.read_text(encoding="utf-8"), str(path))
        except (OSError, UnicodeDecodeError) as error:
            found.append(f"{path}: cannot read: {error}")
            continue
        except MessageError as error:
            found.append(str(error))
            continue
        found += problems(str(path), resource, defaults)
    return found


def load_checked(
    folder: Path,
    languages: Mapping[str, str] | None = None,
    default: str = LANGUAGE,
    time_zone: str = "UTC",
) -> Catalog:
    """The shipped catalog with the overrides in `folder`, each community speaking
    `languages[community]` else `default`, times said in `time_zone`; MessageError with the
    first problem (and how many more) when any override is bad, so nothing bad is ever used."""
    found = check_folder(folder)
    if found:
        more = f" (and {len(found) - 1} more: run `fairdrop messages check`)" if found[1:] else ""
        raise MessageError(found[0] + more)
    overrides = read_overrides(folder)
    return shipped_catalog(overrides, languages=languages, default=default, time_zone=time_zone)
