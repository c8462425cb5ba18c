"""Use cases for moderators' allocation lists: create, delete, add, remove, show, import, export.

Each runs inside a transaction the caller opened and commits; each refuses with a `ListError`
whose message is one line a moderator can act on, and then the caller rolls back, so a refused
command changes nothing. Logins are never looked up here (that may need the network): the
caller resolves them first and hands in what it found.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.gating.lists import (
    ACCOUNT,
    TWITCH_LOGIN,
    AllocationList,
    BadRow,
    ListError,
    ListKind,
    ListMember,
    ResolveLogins,
    check_list_name,
    members_csv,
    parse_account,
    parse_members_csv,
)
from bot.gating.ports import GatingUnitOfWork

KINDS = ", ".join(kind.value for kind in ListKind)


class ListImportError(ListError):
    """An import with bad rows, rejected whole: "3 bad rows; nothing was imported", or one
    problem about the whole file said with that ending. `rows` holds a refusal per bad row (a
    `BadRow`: its line and what is wrong), each said on its own line."""

    def __init__(self, rows: Sequence[ListError]) -> None:
        self.rows = tuple(rows)
        if len(self.rows) == 1 and not isinstance(self.rows[0], BadRow):
            super().__init__("refusal-import-whole", problem=self.rows[0])  # not about a row
        else:
            super().__init__("refusal-import-rejected", count=len(self.rows))

    @property
    def lines(self) -> list[str]:
        """Each bad row's English line, as the command line prints it."""
        return [str(row) for row in self.rows]


@dataclass(frozen=True, slots=True)
class ImportReport:
    added: int  # members new to the list
    already_on: int  # rows naming someone who was on the list already
    removed: int  # members not in the file, taken off (only when replacing)


@dataclass(frozen=True, slots=True)
class ListSummary:
    allocation_list: AllocationList
    members: int


def parse_kind(text: str) -> ListKind:
    try:
        return ListKind(text.strip().lower())
    except ValueError:
        raise ListError("refusal-list-kind", typed=repr(text), allowed=KINDS) from None


def find_list(uow: GatingUnitOfWork, channel: str, name: str) -> AllocationList:
    found = uow.lists.get(channel, check_list_name(name))
    if found is None:
        raise ListError(
            "refusal-list-unknown",
            list=name,
            community=channel,
            allowed="|".join(k.value for k in ListKind),
        )
    return found


def _id(allocation_list: AllocationList) -> int:
    assert allocation_list.id is not None, "a stored list has an id"
    return allocation_list.id


def create_list(
    uow: GatingUnitOfWork, channel: str, name: str, kind: ListKind, now: datetime, by: str = ""
) -> AllocationList:
    """A new empty list; names are unique per channel."""
    if uow.lists.get(channel, check_list_name(name)) is not None:
        raise ListError("refusal-list-exists", list=name)
    return uow.lists.create(AllocationList(channel, name, kind, now, by))


def delete_list(uow: GatingUnitOfWork, channel: str, name: str) -> int:
    """Delete the list and its members; returns how many members it had."""
    found = find_list(uow, channel, name)
    members = len(uow.lists.members(_id(found)))
    uow.lists.delete(_id(found))
    return members


def add_members(
    uow: GatingUnitOfWork,
    channel: str,
    name: str,
    accounts: Sequence[ListMember],
    now: datetime,
    by: str = "",
) -> int:
    """Add members not on the list yet (stamped `now`, `by`); returns how many were added."""
    found = find_list(uow, channel, name)
    fresh = _stamped(accounts, now, by)
    return uow.lists.add_members(_id(found), fresh)


def remove_members(uow: GatingUnitOfWork, channel: str, name: str, accounts: Sequence[str]) -> int:
    """Take accounts off the list; returns how many were on it."""
    found = find_list(uow, channel, name)
    keys = list(dict.fromkeys(parse_account(a) for a in accounts))
    return uow.lists.remove_members(_id(found), keys)


def show(uow: GatingUnitOfWork, channel: str, name: str) -> tuple[AllocationList, list[ListMember]]:
    found = find_list(uow, channel, name)
    return found, uow.lists.members(_id(found))


def lists(uow: GatingUnitOfWork, channel: str) -> list[ListSummary]:
    """Every list in the channel, by name, with its member count."""
    return [ListSummary(x, len(uow.lists.members(_id(x)))) for x in uow.lists.all(channel)]


def import_csv(
    uow: GatingUnitOfWork,
    channel: str,
    name: str,
    text: str,
    now: datetime,
    by: str = "",
    resolve_logins: ResolveLogins | None = None,
    replace: bool = False,
) -> ImportReport:
    """Add the members a CSV names; with `replace`, the list becomes exactly those members.

    Every row is checked first: with any bad row, `ListImportError` lists them all and nothing
    is applied.
    """
    found = find_list(uow, channel, name)
    parsed = read_members_csv(text, resolve_logins)
    list_id = _id(found)
    removed = 0
    if replace:
        keep = {m.account for m in parsed}
        gone = [m.account for m in uow.lists.members(list_id) if m.account not in keep]
        removed = uow.lists.remove_members(list_id, gone)
    added = uow.lists.add_members(list_id, _stamped(parsed, now, by))
    return ImportReport(added=added, already_on=len(parsed) - added, removed=removed)


def export_csv(uow: GatingUnitOfWork, channel: str, name: str) -> str:
    """The list as a CSV that `import_csv` reads back."""
    _, members = show(uow, channel, name)
    return members_csv(members)


def read_members_csv(text: str, resolve_logins: ResolveLogins | None = None) -> list[ListMember]:
    """The members a CSV names, or `ListImportError` with one line per bad row."""
    parsed = parse_members_csv(without_bom(text), resolve_logins)
    if parsed.errors:
        # The parser checks columns before accounts, in two passes; a moderator reads by line.
        rows = sorted(parsed.errors, key=_line_number)
        raise ListImportError(rows)
    return parsed.members


def _line_number(error: ListError) -> int:
    return error.row if isinstance(error, BadRow) else 0


def without_bom(text: str) -> str:
    # Spreadsheets saving "CSV UTF-8" put a byte-order mark before the header.
    return text.removeprefix("\ufeff")


def logins_named(texts: Sequence[str]) -> list[str]:
    """The bare Twitch logins among accounts typed in a command (lowercased, in order)."""
    found = [t.strip().lower() for t in texts if ":" not in t]
    return list(dict.fromkeys(t for t in found if TWITCH_LOGIN.match(t)))


def members_from_text(
    texts: Sequence[str], resolved: Mapping[str, str] | None = None
) -> list[ListMember]:
    """Accounts typed in a command, each `twitch:<id>`, `discord:<id>` or a Twitch login.

    `resolved` maps the logins (see `logins_named`) to Twitch user ids; None when nothing can
    look logins up. Every problem is reported, in one line.
    """
    members: dict[str, ListMember] = {}  # the first mention of an account wins
    problems: list[ListError] = []
    for text in texts:
        word = text.strip().lower()
        if ACCOUNT.match(word):
            members.setdefault(word, ListMember(word))
        elif ":" not in word and TWITCH_LOGIN.match(word):
            if resolved is None:
                problems.append(ListError("refusal-list-login-here", typed=repr(word)))
            elif word not in resolved:
                problems.append(ListError("refusal-list-no-user", typed=repr(word)))
            else:
                account = f"twitch:{resolved[word]}"
                members.setdefault(account, ListMember(account, text.strip()))
        else:
            problems.append(ListError("refusal-list-not-member", typed=repr(text)))
    if problems:
        raise ListError.of_all(problems)
    if not members:
        raise ListError("refusal-list-no-account")
    return list(members.values())


def _stamped(members: Sequence[ListMember], now: datetime, by: str) -> list[ListMember]:
    unique: dict[str, ListMember] = {}
    for member in members:
        account = parse_account(member.account)
        unique.setdefault(
            account, dataclasses.replace(member, account=account, added_at=now, added_by=by)
        )
    return list(unique.values())
