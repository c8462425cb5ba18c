"""Compiled Fluent bundles, one per community with overrides, and how a message is said.

Why Fluent (`fluent.runtime`) rather than gettext with Babel: a Fluent message carries its own
plural rules and selectors, which the translator (or the streamer) controls in the file rather
than the code choosing between `ngettext` forms; variables are named (`{ $title }`), so an
override can reorder them; and a `.ftl` file is plain text a streamer can edit. Babel still
formats numbers underneath (Fluent uses it), and can format dates and money later.

Values are made safe before they are put in: a `str` value is text someone typed (a title, a
reason, a name) and goes through the platform's `Voice.escape`; a `Verbatim` value is our own
formatting (a mention built from a checked login, a link, a timestamp) and goes in as it is;
numbers go in as numbers (plural rules and digit grouping). The finished line then goes through
`Voice.finish`, which guards what the template itself could do (a streamer's override).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from fluent.runtime import FluentBundle, FluentResource
from fluent.runtime.types import FluentNone
from fluent.syntax import ast as ftl

from bot.kernel.errors import FairdropError
from bot.messages.figures import moment_in, time_in
from bot.messages.variables import VARIABLES

LANGUAGE = "en"  # the language every message is written in first, and falls back to
DEFAULT_LIMIT = 200  # characters of a typed value shown when its variable has no limit of its own
REMEMBERED = 4096  # rendered lines a catalog keeps: a rush of acks says the same few lines
# Where a text value goes in a message's shape: a character no message and no escaped value holds.
_SLOT = "\x00"
# The variables whose values are text (typed, or our own formatting): put in after Fluent, into
# the message's kept shape. Selectors choose on numbers and choices only (the shipped messages
# and `messages check` keep it so).
_SLOTTED = frozenset(name for name, v in VARIABLES.items() if v.kind in ("text", "ours"))


class MessageError(FairdropError):
    """A message file cannot be read, or a message cannot be rendered."""


class Verbatim(str):
    """A value that is our own formatting (a mention of a checked login, a link, a time): put
    in as it is, never escaped."""

    __slots__ = ()


Value = str | int | float


@dataclass(frozen=True, slots=True)
class Voice:
    """How one platform says a message: `escape(text, limit)` makes a typed value inert there,
    `limits` caps a typed variable's length by its name, `finish` guards the whole line."""

    name: str
    escape: Callable[[str, int], str]
    finish: Callable[[str], str]
    limits: Mapping[str, int] = field(default_factory=dict)


def shipped_languages() -> tuple[str, ...]:
    """The BCP 47 tags of the shipped languages (the folders of `locales/`), English first."""
    folder = resources.files("bot.messages") / "locales"
    found = {entry.name for entry in folder.iterdir() if entry.is_dir() and _has_messages(entry)}
    return (LANGUAGE, *sorted(found - {LANGUAGE}))


def _has_messages(folder: Traversable) -> bool:
    return any(entry.name.endswith(".ftl") for entry in folder.iterdir())


def shipped_files(language: str = LANGUAGE) -> list[tuple[str, str]]:
    """(file name, text) of every shipped message file of `language`, in name order."""
    folder = resources.files("bot.messages") / "locales" / language
    return sorted(
        (entry.name, entry.read_text(encoding="utf-8"))
        for entry in folder.iterdir()
        if entry.name.endswith(".ftl")
    )


def parse(text: str, source: str) -> ftl.Resource:
    """The Fluent resource in `text`; MessageError naming `source` and the line of the first
    part that cannot be read."""
    resource = FluentResource(text)
    for entry in resource.body:
        if isinstance(entry, ftl.Junk):
            line = text.count("\n", 0, entry.span.start if entry.span else 0) + 1
            what = entry.annotations[0].message if entry.annotations else "not Fluent syntax"
            raise MessageError(f"{source} line {line}: {what}")
    return resource


def messages_of(resource: ftl.Resource) -> dict[str, ftl.Message]:
    return {e.id.name: e for e in resource.body if isinstance(e, ftl.Message)}


class Catalog:
    """The shipped messages in every shipped language and each community's overrides, compiled
    once.

    Each community speaks its `language` (`languages`, else `default`); a message a language
    lacks, or cannot render, is said in English rather than left out. A community's overrides
    are in its own language and apply when it is spoken to in that language.

    `say` is the hot path: a dictionary look-up of the compiled message, the values escaped, one
    Fluent format. A catalog never changes; a reload builds a new one (see `bot.messages.live`).
    """

    def __init__(
        self,
        shipped: Iterable[ftl.Resource],
        overrides: Mapping[str, ftl.Resource] | None = None,
        *,
        translations: Mapping[str, Iterable[ftl.Resource]] | None = None,
        languages: Mapping[str, str] | None = None,
        default: str = LANGUAGE,
        time_zone: str = "UTC",
    ) -> None:
        shipped = list(shipped)
        self.defaults: dict[str, ftl.Message] = {}
        for resource in shipped:
            self.defaults.update(messages_of(resource))
        # English first in every bundle, the language on top: what a language lacks is English.
        translated = {LANGUAGE: [], **{k: list(v) for k, v in (translations or {}).items()}}
        self._base = {
            language: self._bundle(language, [*shipped, *own])
            for language, own in translated.items()
        }
        for language in (default, *(languages or {}).values()):
            if language not in self._base:
                raise MessageError(f"no shipped language {language!r} ({self.shown_languages()})")
        self.default = default
        self.time_zone = time_zone  # the streamer's ([scheduler] timezone): times are said in it
        self._language_of = dict(languages or {})
        self._bundles: dict[str, FluentBundle] = {}
        for community, resource in (overrides or {}).items():
            language = self.language_of(community)
            own = translated[language]
            self._bundles[community] = self._bundle(language, [*shipped, *own, resource])
        # Compiled patterns by (community, language asked for, id): compiled the first time.
        self._compiled: dict[tuple[str, str, str], tuple[FluentBundle, object]] = {}
        self._said: OrderedDict[tuple[object, ...], str] = OrderedDict()
        self._shapes: OrderedDict[tuple[object, ...], tuple[str | int, ...]] = OrderedDict()

    @staticmethod
    def _bundle(language: str, resources_: Iterable[ftl.Resource]) -> FluentBundle:
        # No bidi isolation marks: Twitch shows them, and values are one direction here.
        bundle = FluentBundle([language], use_isolating=False)
        for resource in resources_:
            bundle.add_resource(resource, allow_overrides=True)
        return bundle

    @property
    def communities(self) -> frozenset[str]:
        """The communities with overrides."""
        return frozenset(self._bundles)

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages this catalog speaks, English first."""
        return tuple(self._base)

    def shown_languages(self) -> str:
        """The languages this catalog speaks, for a one-line error: "en, es"."""
        return ", ".join(self._base)

    def shipped_language(self, tag: str) -> str | None:
        """The shipped language a BCP 47 `tag` (a Discord locale: es-ES, pt-BR, en-US) is
        said in: the same tag, else its language without the region; None if not shipped."""
        shipped = {language.lower(): language for language in self._base}
        tag = tag.lower()
        return shipped.get(tag) or shipped.get(tag.split("-")[0])

    def language_of(self, community: str) -> str:
        """The language `community` is spoken to in: its own, else the default."""
        return self._language_of.get(community, self.default)

    def time_of(self, at: datetime | None, community: str = "") -> Verbatim:
        """The time of day `at` as `community` reads it: in the catalog's time zone, written
        the way its language writes a time (`20:05 UTC`, `21:05 MEZ`); "" for none."""
        if at is None:
            return Verbatim("")
        return Verbatim(time_in(at, self.language_of(community), self.time_zone))

    def moment_of(self, at: datetime, community: str = "") -> Verbatim:
        """The date and time `at` as `community` reads them, in the catalog's time zone (where
        Discord's own timestamps cannot go: an embed's footer)."""
        return Verbatim(moment_in(at, self.language_of(community), self.time_zone))

    def ids(self) -> list[str]:
        """Every message id, sorted."""
        return sorted(self.defaults)

    def say(self, voice: Voice, message_id: str, community: str = "", /, **values: Value) -> str:
        """Message `message_id` in `community`'s words and language, `values` put in safely for
        `voice`.

        MessageError for an unknown id or a value the message needs and was not given (a bug
        in the caller; overrides are checked before they are used). The last `REMEMBERED`
        lines are kept: the same message with the same values is rendered once (a catalog
        never changes, so a kept line is never stale).
        """
        return self._say(voice, message_id, community, "", values)

    def say_in(
        self, language: str, voice: Voice, message_id: str, community: str = "", /, **values: Value
    ) -> str:
        """`say`, in `language` when it is shipped (a member's own locale), else in the
        community's; the community's overrides apply in the community's language only."""
        if language == self.language_of(community) or language not in self._base:
            language = ""
        return self._say(voice, message_id, community, language, values)

    def _say(
        self,
        voice: Voice,
        message_id: str,
        community: str,
        language: str,
        values: dict[str, Value],
    ) -> str:
        # The types too: a typed "x" is escaped, a Verbatim "x" is not, and they compare equal.
        kinds = tuple(type(v) for v in values.values())
        key = (voice.name, community, language, message_id, kinds, *values.items())
        said = self._said.get(key)
        if said is not None:
            return said
        said = self._render(voice, message_id, community, language, values)
        self._said[key] = said
        if len(self._said) > REMEMBERED:
            self._said.popitem(last=False)
        return said

    def _render(
        self,
        voice: Voice,
        message_id: str,
        community: str,
        language: str,
        values: dict[str, Value],
    ) -> str:
        # Fluent formats a message's shape: its words, selectors and numbers, with a slot where
        # each text value goes (selectors never look at those: see `_SLOTTED`). A shape is kept,
        # so a line with a new title or name costs a join, not a Fluent format.
        slots: list[str] = []
        args: dict[str, object] = {}
        shape: list[object] = [community, language, message_id]
        limits = voice.limits
        for name, value in values.items():
            if type(value) is str:  # typed by someone: inert before it goes in
                value = voice.escape(value, limits.get(name, DEFAULT_LIMIT))
            elif isinstance(value, Verbatim):
                value = str(value)
            if name in _SLOTTED and type(value) is str:
                args[name] = f"{_SLOT}{len(slots)}{_SLOT}"
                slots.append(value)
                shape.append(name)
            else:
                args[name] = value
                shape.append((name, type(value), value))
        key = tuple(shape)
        parts = self._shapes.get(key)
        if parts is None:
            parts = self._shape(message_id, community, language, args)
            self._shapes[key] = parts
            if len(self._shapes) > REMEMBERED:
                self._shapes.popitem(last=False)
        return voice.finish("".join([slots[p] if isinstance(p, int) else p for p in parts]))

    def _shape(
        self, message_id: str, community: str, language: str, args: dict[str, object]
    ) -> tuple[str | int, ...]:
        """The message formatted by Fluent, split at its slots: words, and slot numbers."""
        found = self._compiled.get((community, language, message_id))
        if found is None:
            found = self._compile(community, language, message_id)
        bundle, pattern = found
        text, errors = bundle.format_pattern(pattern, args)  # type: ignore[arg-type]
        if errors or isinstance(text, FluentNone):
            english = self._base[LANGUAGE]
            if bundle is not english and english.has_message(message_id):
                # A translation that cannot say it (a value it names and was not given): the
                # English words rather than a broken line. The shipped ones are tested whole.
                message = english.get_message(message_id).value
                text, errors = english.format_pattern(message, args)  # type: ignore[arg-type]
            if errors or isinstance(text, FluentNone):
                raise MessageError(f"message {message_id}: {errors[0] if errors else 'no text'}")
        pieces = str(text).split(_SLOT)
        # Odd pieces are slot numbers ("\x000\x00" splits into "", "0", "").
        return tuple(int(p) if i % 2 else p for i, p in enumerate(pieces))

    def _compile(
        self, community: str, language: str, message_id: str
    ) -> tuple[FluentBundle, object]:
        if language:
            bundle = self._base[language]
        else:
            bundle = self._bundles.get(community) or self._base[self.language_of(community)]
        if not bundle.has_message(message_id):
            raise MessageError(f"no message {message_id!r} in the catalog")
        message = bundle.get_message(message_id)
        found = (bundle, message.value)
        self._compiled[(community, language, message_id)] = found
        return found


def shipped_translations() -> dict[str, list[ftl.Resource]]:
    """The parsed message files of every shipped language but English, by language."""
    return {
        language: [parse(text, f"{language}/{name}") for name, text in shipped_files(language)]
        for language in shipped_languages()[1:]
    }


def shipped_catalog(
    overrides: Mapping[str, ftl.Resource] | None = None,
    *,
    languages: Mapping[str, str] | None = None,
    default: str = LANGUAGE,
    time_zone: str = "UTC",
) -> Catalog:
    """The catalog of the shipped messages in every shipped language, with `overrides` by
    community; each community speaks `languages[community]`, else `default`, and hears times
    in `time_zone`. MessageError (one line) for a language that is not shipped."""
    shipped = [parse(text, name) for name, text in shipped_files()]
    return Catalog(
        shipped,
        overrides,
        translations=_translations(),
        languages=languages,
        default=default,
        time_zone=time_zone,
    )


@cache
def _translations() -> dict[str, list[ftl.Resource]]:
    # Parsed once per process: the shipped files never change while it runs (a reload re-reads
    # only the overrides).
    return shipped_translations()


def read_overrides(folder: Path) -> dict[str, ftl.Resource]:
    """The override file of each community in `folder` (`<community>.ftl`); none if the folder
    does not exist. MessageError for a file that cannot be read or parsed."""
    if not folder.is_dir():
        return {}
    found = {}
    for path in sorted(folder.glob("*.ftl")):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise MessageError(f"{path}: cannot read: {error}") from None
        found[path.stem] = parse(text, str(path))
    return found


_current: list[Catalog] = []


def current() -> Catalog:
    """The catalog in use: the one `install`ed last, else the shipped messages.

    One process-wide reference rather than an argument threaded through every renderer: the
    renderers are pure functions called from deep in each adapter, and a catalog is read-only
    data that a reload (SIGHUP) swaps in one assignment.
    """
    if not _current:
        _current.append(shipped_catalog())
    return _current[0]


def install(catalog: Catalog) -> None:
    """Use `catalog` from now on (at start, and on each good reload)."""
    _current[:] = [catalog]
