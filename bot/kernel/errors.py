"""The one base class of fairdrop's errors that a person can act on.

Every refusal whose message is written for an operator, a moderator or a fan (a bad setting, a
drop request the engine refuses, a list that does not exist, a keyring that cannot be read, a
port in use) derives from `FairdropError`, so the command line turns the whole family into one
line and an exit code in one place (`bot/cli/failures.py`) and anything else stays a bug with
its traceback. It imports nothing, so the core can derive from it and stay pure.
"""

from __future__ import annotations


class FairdropError(Exception):
    """A refusal fairdrop explains in one line a person can act on; nothing was changed."""


class DropError(FairdropError):
    """A request the drop engine refuses; nothing was changed."""


class InvalidSpec(DropError):
    """A drop spec, a rule or a duration written in a way fairdrop cannot read."""
