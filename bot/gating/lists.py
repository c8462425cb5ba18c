"""Allocation lists kept by moderators, and the CSV they are imported from and exported to.

Members are keyed by platform account (`twitch:<user id>`, `discord:<user id>`), never by a
login, which can change; an import may name Twitch logins, resolved to ids before anything is
stored. A CSV with any bad row is rejected whole, with one refusal per bad row (its line and
what is wrong, typed like every refusal so an adapter says it in its reader's language).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.kernel.errors import Refusal


class ListKind(StrEnum):
    EARLY = "early"  # early access: members may enter the windows of tiers that name the list
    GUARANTEED = "guaranteed"  # members get reserved units, taken from the supply before the draw
    DENY = "deny"  # members may not enter any drop in the channel


@dataclass(frozen=True, slots=True)
class AllocationList:
    channel: str
    name: str
    kind: ListKind
    created_at: datetime
    created_by: str = ""
    id: int | None = None


@dataclass(frozen=True, slots=True)
class ListMember:
    account: str  # "twitch:<user id>" or "discord:<user id>"
    display_name: str = ""
    added_at: datetime | None = None
    added_by: str = ""


class ListError(Refusal, ValueError):
    """A list command or import was refused; nothing was changed."""


class BadRow(ListError):
    """One bad row of an import: `problem` (a refusal of its own) on line `row` of the file."""

    def __init__(self, row: int, problem: ListError) -> None:
        super().__init__("refusal-import-row", row=row, problem=problem)
        self.row = row
        self.problem = problem


def _bad_row(row: int, problem_id: str, /, **values: str | int) -> BadRow:
    return BadRow(row, ListError(problem_id, **values))


LIST_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")
ACCOUNT = re.compile(r"^(twitch|discord):[0-9]{1,20}$")
TWITCH_LOGIN = re.compile(r"^[a-z0-9_]{3,25}$")
CSV_HEADER = ("account", "display_name")
MAX_IMPORT_ROWS = 50_000


def check_list_name(name: str) -> str:
    if not LIST_NAME.match(name):
        raise ListError("refusal-list-name", typed=repr(name))
    return name


def parse_account(text: str) -> str:
    """`twitch:123` / `discord:456` as given; raise ListError for anything else."""
    text = text.strip().lower()
    if not ACCOUNT.match(text):
        raise ListError("refusal-list-account", typed=repr(text))
    return text


# Resolves Twitch logins to user ids: {login: user id}; logins it does not know are absent.
ResolveLogins = Callable[[list[str]], Mapping[str, str]]


@dataclass(frozen=True)
class CsvImport:
    members: list[ListMember]
    # One refusal per bad row (a `BadRow`), or one about the whole file; when non-empty
    # nothing may be applied.
    errors: list[ListError]


def parse_members_csv(text: str, resolve_logins: ResolveLogins | None = None) -> CsvImport:
    """Parse an import: a header `account,display_name`, then one member per row.

    `account` is `twitch:<id>`, `discord:<id>`, or a bare Twitch login (resolved to an id with
    `resolve_logins`). Every row is checked before any is accepted: the caller applies
    `members` only when `errors` is empty.
    """
    errors: list[ListError] = []
    rows: list[tuple[int, str, str]] = []
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader, None)
        if header is None or [h.strip().lower() for h in header] != list(CSV_HEADER):
            return CsvImport([], [_bad_row(1, "refusal-import-header")])
        numbered = [(reader.line_num, row) for row in reader]
    except csv.Error as error:
        # The csv module's own words about what it could not read: a value, said as it is.
        unreadable = _bad_row(reader.line_num, "refusal-import-unreadable", error=str(error))
        return CsvImport([], [unreadable])
    for line, row in numbered:
        if not row or all(not cell.strip() for cell in row):
            continue
        if len(row) > 2:
            errors.append(_bad_row(line, "refusal-import-columns", count=len(row)))
            continue
        account = row[0].strip()
        name = row[1].strip() if len(row) > 1 else ""
        if len(name) > 64 or any(ord(c) < 32 for c in name):
            errors.append(_bad_row(line, "refusal-import-display-name"))
            continue
        rows.append((line, account, name))
        if len(rows) > MAX_IMPORT_ROWS:
            too_many = ListError("refusal-import-too-many", count=MAX_IMPORT_ROWS)
            return CsvImport([], [too_many])
    logins = sorted(
        {a.lower() for _, a, _ in rows if ":" not in a and TWITCH_LOGIN.match(a.lower())}
    )
    resolved = dict(resolve_logins(logins)) if (logins and resolve_logins) else {}
    members: list[ListMember] = []
    seen: dict[str, int] = {}
    for line, account, name in rows:
        if ":" in account:
            try:
                key = parse_account(account)
            except ListError as error:
                errors.append(BadRow(line, error))
                continue
        elif TWITCH_LOGIN.match(account.lower()):
            if resolve_logins is None:
                errors.append(_bad_row(line, "refusal-import-login-here", typed=repr(account)))
                continue
            user_id = resolved.get(account.lower())
            if user_id is None:
                errors.append(_bad_row(line, "refusal-list-no-user", typed=repr(account)))
                continue
            key = f"twitch:{user_id}"
            name = name or account
        else:
            errors.append(_bad_row(line, "refusal-import-not-account", typed=repr(account)))
            continue
        if key in seen:
            errors.append(
                _bad_row(line, "refusal-import-duplicate", account=key, first_row=seen[key])
            )
            continue
        seen[key] = line
        members.append(ListMember(key, name))
    return CsvImport(members, errors)


def members_csv(members: list[ListMember]) -> str:
    """The export: the same format an import reads."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for member in members:
        # A leading =, +, -, @, tab or CR would make a spreadsheet run the cell as a formula.
        name = member.display_name
        if name[:1] in ("=", "+", "-", "@", "\t", "\r"):
            name = "'" + name
        writer.writerow((member.account, name))
    return out.getvalue()


def logins_in_csv(text: str) -> list[str]:
    """The bare Twitch logins an import names (lowercased, sorted), to resolve before parsing.

    Resolving may need the network, while `parse_members_csv` runs inside a transaction; asking
    the parser itself which logins it would look up keeps the two passes in agreement.
    """
    asked: list[str] = []

    def record(logins: list[str]) -> Mapping[str, str]:
        asked.extend(logins)
        return {}

    parse_members_csv(text, record)
    return asked
