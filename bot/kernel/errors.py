"""The one base class of fairdrop's errors that a person can act on.

Every refusal whose message is written for an operator, a moderator or a fan (a bad setting, a
drop request the engine refuses, a list that does not exist, a keyring that cannot be read, a
port in use) derives from `FairdropError`, so the command line turns the whole family into one
line and an exit code in one place (`bot/cli/failures.py`) and anything else stays a bug with
its traceback. It imports nothing of fairdrop's above the kernel, so the core can derive from it
and stay pure.

A refusal that can reach a fan, a moderator or a partner (`Refusal`: the drop errors, list and
rule errors) is typed the way an outcome is: a message id and its values. The core never says
it in a reader's language (it imports no catalog); the adapters do, from `message_id` and
`values`. `str(error)` is its English one-liner (`bot/kernel/refusals.py`) for logs, the audit
log and the command line; a test renders every id with the English catalog and checks the two
read the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import MappingProxyType
from typing import Self, TypeAlias

from bot.kernel.refusals import ENGLISH, ENGLISH_ONE

# A refusal inside another (a bad row's problem) is a value too: said first, then put in.
RefusalValue: TypeAlias = "str | int | Refusal"


class FairdropError(Exception):
    """A refusal fairdrop explains in one line a person can act on; nothing was changed."""


class Refusal(FairdropError):
    """A refusal said to a person: message `message_id` of the catalog with `values`.

    `DropError("refusal-no-drop-running")` or `IllegalTransition("refusal-not-paused", name="x")`:
    an id of `bot.kernel.refusals.ENGLISH`, its English made from the values (`ENGLISH_ONE`'s
    line when its `count` is 1). A value may be a refusal of its own, as a CSV row's problem is
    in `ListError("refusal-import-row", row=3, problem=...)`: an adapter says it first, in the
    same language, and puts its words in. Anything else given is words an adapter already said
    in its reader's language (its `message_id` is "").
    """

    def __init__(self, said: str, /, **values: RefusalValue) -> None:
        english = ENGLISH_ONE.get(said) if values.get("count") == 1 else None
        english = english or ENGLISH.get(said)
        if english is None:
            if values:
                raise TypeError(f"no refusal {said!r} to put values in")
            super().__init__(said)
            self.message_id = ""
        else:
            super().__init__(english.format(**values))
            self.message_id = said
        self.values: MappingProxyType[str, RefusalValue] = MappingProxyType(values)
        self.parts: tuple[Refusal, ...] = ()

    @classmethod
    def of_all(cls, parts: Sequence[Refusal]) -> Self:
        """One refusal saying each of `parts` (a problem with each of several things a person
        gave), joined by "; "; each part is said in the reader's language on its own."""
        joined = cls("; ".join(str(part) for part in parts))
        joined.parts = tuple(parts)
        return joined


class DropError(Refusal):
    """A request the drop engine refuses; nothing was changed."""


class InvalidSpec(DropError):
    """A drop spec, a rule or a duration written in a way fairdrop cannot read."""
