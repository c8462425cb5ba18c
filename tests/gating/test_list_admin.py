"""Moderators keep allocation lists: each command is all or nothing, on every storage backend."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from types import TracebackType
from typing import Any, Self

import pytest

from bot.drops.ports import UnitOfWork
from bot.gating.list_admin import ImportReport, ListImportError
from bot.gating.lists import ListError, ListKind, ListMember
from bot.gating.service import ListService
from tests.fixtures.harness import CHANNEL, START
from tests.gating.conftest import ListsOn, TwitchUsers

HEADER = "account,display_name\n"
NO_LIST = (
    f"no list named 'ghost' in channel {CHANNEL!r}; "
    "create it with `lists create ghost --kind <early|guaranteed|deny>`"
)


async def a_list(on: ListsOn, *accounts: str, name: str = "vips") -> None:
    await on.service.create(CHANNEL, name, ListKind.EARLY, by="mod:1")
    if accounts:
        await on.service.add(CHANNEL, name, accounts, by="mod:1")


# -- create, delete ----------------------------------------------------------------------------


async def test_a_created_list_is_empty_and_listed_with_its_kind(lists_on: ListsOn) -> None:
    created = await lists_on.service.create(CHANNEL, "vips", "guaranteed", by="mod:1")

    assert created.id is not None
    assert (created.name, created.kind, created.created_by) == (
        "vips",
        ListKind.GUARANTEED,
        "mod:1",
    )
    assert created.created_at == START
    [summary] = await lists_on.service.all(CHANNEL)
    assert (summary.allocation_list.name, summary.allocation_list.kind) == ("vips", "guaranteed")
    assert summary.members == 0


async def test_a_second_list_with_the_same_name_is_refused(lists_on: ListsOn) -> None:
    await a_list(lists_on, "twitch:1")

    with pytest.raises(ListError, match=r"^list 'vips' already exists$"):
        await lists_on.service.create(CHANNEL, "vips", ListKind.DENY)

    [summary] = await lists_on.service.all(CHANNEL)
    assert (summary.allocation_list.kind, summary.members) == (ListKind.EARLY, 1)


async def test_the_same_name_may_be_used_in_another_channel(lists_on: ListsOn) -> None:
    await a_list(lists_on)
    await lists_on.service.create("other", "vips", ListKind.DENY)

    assert [s.allocation_list.kind for s in await lists_on.service.all(CHANNEL)] == ["early"]
    assert [s.allocation_list.kind for s in await lists_on.service.all("other")] == ["deny"]


@pytest.mark.parametrize(
    ("name", "kind", "message"),
    [
        ("VIPs", "early", "list name 'VIPs' must be 1-32 lowercase letters, digits, '-' or '_'"),
        ("a" * 33, "early", "must be 1-32 lowercase letters"),
        ("vips", "gold", "list kind 'gold' must be one of early, guaranteed, deny"),
    ],
)
async def test_a_list_with_a_bad_name_or_kind_is_not_created(
    lists_on: ListsOn, name: str, kind: str, message: str
) -> None:
    with pytest.raises(ListError) as raised:
        await lists_on.service.create(CHANNEL, name, kind)

    assert message in str(raised.value)
    assert await lists_on.service.all(CHANNEL) == []


async def test_lists_are_listed_by_name_with_member_counts(lists_on: ListsOn) -> None:
    await a_list(lists_on, "twitch:1", "twitch:2", name="mods-picks")
    await a_list(lists_on, "discord:3", name="banned")

    summaries = await lists_on.service.all(CHANNEL)

    assert [(s.allocation_list.name, s.members) for s in summaries] == [
        ("banned", 1),
        ("mods-picks", 2),
    ]


async def test_a_deleted_list_takes_its_members_with_it(lists_on: ListsOn) -> None:
    await a_list(lists_on, "twitch:1", "twitch:2")

    assert await lists_on.service.delete(CHANNEL, "vips") == 2

    assert await lists_on.service.all(CHANNEL) == []
    await a_list(lists_on)
    assert lists_on.members("vips") == []


# -- add, remove, show -------------------------------------------------------------------------


async def test_added_members_are_shown_in_order_with_who_added_them_and_when(
    lists_on: ListsOn,
) -> None:
    await a_list(lists_on)

    added = await lists_on.service.add(CHANNEL, "vips", ["twitch:1", "Discord:22"], by="mod:7")

    found, members = await lists_on.service.show(CHANNEL, "vips")
    assert added == 2
    assert found.name == "vips"
    assert members == [
        ListMember("twitch:1", "", START, "mod:7"),
        ListMember("discord:22", "", START, "mod:7"),
    ]


async def test_adding_someone_already_on_the_list_adds_nobody_and_keeps_the_first_entry(
    lists_on: ListsOn,
) -> None:
    await a_list(lists_on, "twitch:1")
    lists_on.clock.advance(hours=1)

    added = await lists_on.service.add(CHANNEL, "vips", ["twitch:1", "twitch:3", "twitch:3"])

    assert added == 1
    _, members = await lists_on.service.show(CHANNEL, "vips")
    assert [(m.account, m.added_at) for m in members] == [
        ("twitch:1", START),
        ("twitch:3", lists_on.clock.now()),
    ]


async def test_removing_counts_only_those_who_were_on_the_list(lists_on: ListsOn) -> None:
    await a_list(lists_on, "twitch:1", "twitch:2", "twitch:3")

    removed = await lists_on.service.remove(CHANNEL, "vips", ["twitch:2", "twitch:9"])

    assert removed == 1
    assert lists_on.members("vips") == ["twitch:1", "twitch:3"]


async def test_a_bad_account_in_a_command_changes_nothing(lists_on: ListsOn) -> None:
    await a_list(lists_on, "twitch:1")

    with pytest.raises(ListError, match="'twitch:abc' is not an account"):
        await lists_on.service.add(CHANNEL, "vips", ["twitch:2", "twitch:abc"])
    with pytest.raises(ListError, match="Twitch login 'lurker42' cannot be looked up here"):
        await lists_on.service.remove(CHANNEL, "vips", ["twitch:1", "lurker42"])

    assert lists_on.members("vips") == ["twitch:1"]


async def test_logins_in_a_command_are_looked_up_on_twitch(lists_on: ListsOn) -> None:
    twitch = TwitchUsers({"lurker42": "1002"})
    service = lists_on.service_with(logins=twitch)
    await a_list(lists_on)

    assert await service.add(CHANNEL, "vips", ["Lurker42", "twitch:5"]) == 2
    with pytest.raises(ListError, match=r"^no Twitch user named 'nobody_here'$"):
        await service.add(CHANNEL, "vips", ["nobody_here"])
    assert await service.remove(CHANNEL, "vips", ["lurker42"]) == 1

    assert lists_on.members("vips") == ["twitch:5"]
    assert twitch.asked == [["lurker42"], ["nobody_here"], ["lurker42"]]


# -- a list that is not there ------------------------------------------------------------------


Command = Callable[[ListService], Awaitable[Any]]
ON_A_MISSING_LIST: list[tuple[str, Command]] = [
    ("delete", lambda s: s.delete(CHANNEL, "ghost")),
    ("add", lambda s: s.add(CHANNEL, "ghost", ["twitch:1"])),
    ("remove", lambda s: s.remove(CHANNEL, "ghost", ["twitch:1"])),
    ("show", lambda s: s.show(CHANNEL, "ghost")),
    ("import", lambda s: s.import_csv(CHANNEL, "ghost", HEADER + "twitch:1,\n")),
    ("export", lambda s: s.export_csv(CHANNEL, "ghost")),
]


@pytest.mark.parametrize(
    "command", [c for _, c in ON_A_MISSING_LIST], ids=[n for n, _ in ON_A_MISSING_LIST]
)
async def test_a_command_on_a_list_that_does_not_exist_says_how_to_create_it(
    lists_on: ListsOn, command: Command
) -> None:
    with pytest.raises(ListError) as raised:
        await command(lists_on.service)

    assert str(raised.value) == NO_LIST
    assert await lists_on.service.all(CHANNEL) == []


async def test_a_list_in_another_channel_is_not_found(lists_on: ListsOn) -> None:
    await lists_on.service.create("other", "ghost", ListKind.EARLY)

    with pytest.raises(ListError, match="no list named 'ghost' in channel 'streamer'"):
        await lists_on.service.add(CHANNEL, "ghost", ["twitch:1"])


# -- import ------------------------------------------------------------------------------------


async def test_an_import_adds_the_new_members_and_counts_those_already_on(
    lists_on: ListsOn,
) -> None:
    await a_list(lists_on, "twitch:1")

    report = await lists_on.service.import_csv(
        CHANNEL, "vips", HEADER + "twitch:1,Alice\ntwitch:2,Bob\ndiscord:3,Carol\n", by="mod:2"
    )

    assert report == ImportReport(added=2, already_on=1, removed=0)
    stored = lists_on.stored("vips")
    assert [(m.account, m.display_name, m.added_by) for m in stored] == [
        ("twitch:1", "", "mod:1"),  # already on: not touched
        ("twitch:2", "Bob", "mod:2"),
        ("discord:3", "Carol", "mod:2"),
    ]


async def test_an_import_with_a_bad_row_changes_nothing(lists_on: ListsOn) -> None:
    await a_list(lists_on, "twitch:1", "twitch:2")
    before = lists_on.stored("vips")
    text = HEADER + "twitch:3,New\ntwitch:4,a,b\nlurker42,\ntwitch:5,\n"

    with pytest.raises(ListImportError) as raised:
        await lists_on.service.import_csv(CHANNEL, "vips", text, replace=True)

    assert str(raised.value) == "2 bad rows; nothing was imported"
    assert raised.value.lines == [
        "line 3: 3 columns, expected at most 2",
        "line 4: Twitch login 'lurker42' cannot be looked up here",
    ]
    assert lists_on.stored("vips") == before


async def test_an_import_with_replace_makes_the_list_exactly_the_file(lists_on: ListsOn) -> None:
    await a_list(lists_on, "twitch:1", "twitch:2", "discord:3")

    report = await lists_on.service.import_csv(
        CHANNEL, "vips", HEADER + "twitch:2,\ntwitch:4,\n", replace=True
    )

    assert report == ImportReport(added=1, already_on=1, removed=2)
    assert lists_on.members("vips") == ["twitch:2", "twitch:4"]


async def test_replacing_with_a_header_only_file_empties_the_list(lists_on: ListsOn) -> None:
    await a_list(lists_on, "twitch:1", "twitch:2")

    report = await lists_on.service.import_csv(CHANNEL, "vips", HEADER, replace=True)

    assert report == ImportReport(added=0, already_on=0, removed=2)
    assert lists_on.members("vips") == []


async def test_an_import_that_fails_part_way_is_rolled_back(lists_on: ListsOn) -> None:
    await a_list(lists_on, "twitch:1", "twitch:2")
    before = lists_on.stored("vips")
    broken = lists_on.service_with(wrap=FailsOnAdding)

    with pytest.raises(RuntimeError, match="disk full"):
        await broken.import_csv(CHANNEL, "vips", HEADER + "twitch:9,\n", replace=True)

    # The members not in the file had been removed when adding failed; none of it stuck.
    assert lists_on.stored("vips") == before


async def test_an_import_looks_logins_up_once_before_the_transaction(lists_on: ListsOn) -> None:
    twitch = TwitchUsers({"ninja_fan": "1001", "lurker42": "1002"})
    service = lists_on.service_with(logins=twitch)
    await a_list(lists_on)
    text = "\ufeff" + HEADER + "Ninja_Fan,\nlurker42,The Lurker\ntwitch:5,\n"

    report = await service.import_csv(CHANNEL, "vips", text)

    assert report.added == 3
    assert [(m.account, m.display_name) for m in lists_on.stored("vips")] == [
        ("twitch:1001", "Ninja_Fan"),
        ("twitch:1002", "The Lurker"),
        ("twitch:5", ""),
    ]
    assert twitch.asked == [["lurker42", "ninja_fan"]]


async def test_an_import_naming_an_unknown_login_imports_nobody(lists_on: ListsOn) -> None:
    service = lists_on.service_with(logins=TwitchUsers({"lurker42": "1002"}))
    await a_list(lists_on)

    with pytest.raises(ListImportError) as raised:
        await service.import_csv(CHANNEL, "vips", HEADER + "lurker42,\nnobody_here,\n")

    assert raised.value.lines == ["line 3: no Twitch user named 'nobody_here'"]
    assert lists_on.members("vips") == []


# -- export ------------------------------------------------------------------------------------


async def test_an_export_is_a_csv_an_import_reads_back(lists_on: ListsOn) -> None:
    await a_list(lists_on)
    await lists_on.service.import_csv(
        CHANNEL, "vips", HEADER + 'twitch:1,Alice\ndiscord:2,"Bob, Jr."\ntwitch:3,=cmd\n'
    )

    exported = await lists_on.service.export_csv(CHANNEL, "vips")

    assert exported == (
        'account,display_name\ntwitch:1,Alice\ndiscord:2,"Bob, Jr."\ntwitch:3,\'=cmd\n'
    )
    await a_list(lists_on, name="copy")
    await lists_on.service.import_csv(CHANNEL, "copy", exported)
    assert lists_on.members("copy") == lists_on.members("vips")


# -- a unit of work whose list storage fails part way ------------------------------------------


class FailsOnAdding:
    """The real unit of work, except that adding members fails (a full disk, a lost server)."""

    def __init__(self, inner: UnitOfWork) -> None:
        self.inner = inner

    def __enter__(self) -> Self:
        self.inner.__enter__()
        self.lists = _FailingAdds(self.inner.lists)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.inner.__exit__(exc_type, exc, tb)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


class _FailingAdds:
    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def add_members(self, list_id: int, members: Sequence[ListMember]) -> int:
        raise RuntimeError("disk full")

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)
