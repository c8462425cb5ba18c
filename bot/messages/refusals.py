"""The engine's refusals said in the reader's language.

The core raises a `Refusal` (a `DropError`, `ListError`, `RuleError`...) with a message id and
typed values, never words in a language (it imports no catalog); an adapter says it here, for
its platform's voice, in the community's language or a member's own. Values are escaped by the
voice like any other typed value. A refusal without an id is words an adapter already said in
its reader's language (or an operator-facing one-liner): it is said as it is.
"""

from __future__ import annotations

from bot.kernel.errors import FairdropError, Refusal
from bot.messages.catalog import Voice, current


def refusal_words(
    voice: Voice, refused: FairdropError, community: str = "", language: str = ""
) -> str:
    """`refused` as `voice` says it in `community`'s language, or in `language` (a member's
    own) when it is shipped."""
    if isinstance(refused, Refusal) and refused.parts:
        return "; ".join(refusal_words(voice, part, community, language) for part in refused.parts)
    if not isinstance(refused, Refusal) or not refused.message_id:
        return str(refused)
    catalog = current()
    if language:
        return catalog.say_in(language, voice, refused.message_id, community, **refused.values)
    return catalog.say(voice, refused.message_id, community, **refused.values)
