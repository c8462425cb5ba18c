"""The engine's refusals said in the reader's language.

The core raises a `Refusal` (a `DropError`, `ListError`, `RuleError`...) with a message id and
typed values, never words in a language (it imports no catalog); an adapter says it here, for
its platform's voice, in the community's language or a member's own. Values are escaped by the
voice like any other typed value. A refusal without an id is words an adapter already said in
its reader's language (or an operator-facing one-liner): it is said as it is. A refusal given
as another's value (a CSV row's `problem`) is said inside it, in the same language.
"""

from __future__ import annotations

from bot.kernel.errors import FairdropError, Refusal
from bot.messages.catalog import Value, Verbatim, Voice, current


def refusal_words(
    voice: Voice, refused: FairdropError, community: str = "", language: str = ""
) -> str:
    """`refused` as `voice` says it in `community`'s language, or in `language` (a member's
    own) when it is shipped."""
    if isinstance(refused, Refusal) and refused.parts:
        return "; ".join(refusal_words(voice, part, community, language) for part in refused.parts)
    if not isinstance(refused, Refusal) or not refused.message_id:
        return str(refused)
    # A refusal inside this one (a CSV row's problem) is said first, in the same voice and
    # language; its words are then put in as they are (escaped once, as they were said).
    values: dict[str, Value] = {
        name: (
            Verbatim(refusal_words(voice, value, community, language))
            if isinstance(value, Refusal)
            else value
        )
        for name, value in refused.values.items()
    }
    catalog = current()
    if language:
        return catalog.say_in(language, voice, refused.message_id, community, **values)
    return catalog.say(voice, refused.message_id, community, **values)
