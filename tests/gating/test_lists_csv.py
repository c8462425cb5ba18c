"""The allocation-list CSV: what an import accepts, how each bad row is reported, the export."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from bot.gating.list_admin import (
    ListImportError,
    logins_named,
    members_from_text,
    read_members_csv,
)
from bot.gating.lists import (
    BadRow,
    ListError,
    ListMember,
    logins_in_csv,
    members_csv,
    parse_members_csv,
)

HEADER = "account,display_name\n"
TWITCH_USERS = {"ninja_fan": "1001", "lurker42": "1002"}


def directory(logins: list[str]) -> Mapping[str, str]:
    return {login: TWITCH_USERS[login] for login in logins if login in TWITCH_USERS}


def _said(errors: list[ListError]) -> list[str]:
    """Each refusal's English line, as the command line prints it."""
    return [str(error) for error in errors]


def test_a_good_file_gives_every_member_in_order() -> None:
    text = HEADER + "twitch:123,Alice\ndiscord:456789,Bob\n\nTWITCH:7,\n"

    parsed = parse_members_csv(text)

    assert _said(parsed.errors) == []
    assert parsed.members == [
        ListMember("twitch:123", "Alice"),
        ListMember("discord:456789", "Bob"),
        ListMember("twitch:7", ""),
    ]


@pytest.mark.parametrize(
    ("row", "line"),
    [
        ("twitch:1,a,extra", "line 2: 3 columns, expected at most 2"),
        ("twitch:1," + "x" * 65, "line 2: display name must be at most 64 printable characters"),
        ("twitch:1,tab\there", "line 2: display name must be at most 64 printable characters"),
        (
            "twitch:abc,a",
            "line 2: 'twitch:abc' is not an account like twitch:12345 or discord:67890",
        ),
        ("YouTube:5,a", "line 2: 'youtube:5' is not an account like twitch:12345 or discord:67890"),
        ("bob!,a", "line 2: 'bob!' is neither an account nor a Twitch login"),
        (",only a name", "line 2: '' is neither an account nor a Twitch login"),
        ("ab,a", "line 2: 'ab' is neither an account nor a Twitch login"),
        ("ninja_fan,a", "line 2: Twitch login 'ninja_fan' cannot be looked up here"),
    ],
)
def test_each_kind_of_bad_row_is_named_with_its_line(row: str, line: str) -> None:
    parsed = parse_members_csv(HEADER + row + "\n")

    assert _said(parsed.errors) == [line]
    assert parsed.members == []


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("", "line 1: the header must be account,display_name"),
        ("twitch:1,Alice\n", "line 1: the header must be account,display_name"),
        ("user,name\ntwitch:1,Alice\n", "line 1: the header must be account,display_name"),
    ],
)
def test_a_file_without_the_header_is_refused_on_line_1(text: str, line: str) -> None:
    assert _said(parse_members_csv(text).errors) == [line]


@pytest.mark.parametrize(
    ("row", "problem", "values"),
    [
        ("twitch:1,a,extra", "refusal-import-columns", {"count": 3}),
        ("twitch:1,tab\there", "refusal-import-display-name", {}),
        ("twitch:abc,a", "refusal-list-account", {"typed": "'twitch:abc'"}),
        ("bob!,a", "refusal-import-not-account", {"typed": "'bob!'"}),
        ("ninja_fan,a", "refusal-import-login-here", {"typed": "'ninja_fan'"}),
        ("lurker_4x,a", "refusal-list-no-user", {"typed": "'lurker_4x'"}),
        ("twitch:1001,a\nninja_fan,", "refusal-import-duplicate", {"account": "twitch:1001"}),
    ],
)
def test_each_bad_row_is_a_typed_refusal_with_its_line(
    row: str, problem: str, values: dict[str, str | int]
) -> None:
    # Typed as every refusal is (issue 22): an adapter says the line and the problem in its
    # reader's language; the line number travels as a value.
    resolve = None if problem == "refusal-import-login-here" else directory
    (bad,) = parse_members_csv(HEADER + row + "\n", resolve).errors

    assert isinstance(bad, BadRow) and bad.message_id == "refusal-import-row"
    assert bad.values["row"] == bad.row == row.count("\n") + 2
    assert bad.problem.message_id == problem
    assert values.items() <= bad.problem.values.items()


def test_a_header_in_capitals_with_spaces_is_accepted() -> None:
    parsed = parse_members_csv(" Account , Display_Name \ntwitch:1,a\n")

    assert _said(parsed.errors) == []
    assert [m.account for m in parsed.members] == ["twitch:1"]


def test_a_header_only_file_names_nobody() -> None:
    assert parse_members_csv(HEADER) == parse_members_csv(HEADER + "\n\n")
    assert parse_members_csv(HEADER).members == []
    assert parse_members_csv(HEADER).errors == []


def test_every_bad_row_is_reported_not_only_the_first() -> None:
    text = HEADER + "twitch:1,ok\nbad!,x\ntwitch:2,ok\ntwitch:x,y\ntwitch:1,again\n"

    parsed = parse_members_csv(text)

    assert _said(parsed.errors) == [
        "line 3: 'bad!' is neither an account nor a Twitch login",
        "line 5: 'twitch:x' is not an account like twitch:12345 or discord:67890",
        "line 6: twitch:1 is already on line 2",
    ]


def test_the_same_person_twice_is_a_bad_row_even_by_login_and_by_id() -> None:
    text = HEADER + "twitch:1001,Ninja\nNinja_Fan,\n"

    parsed = parse_members_csv(text, directory)

    assert _said(parsed.errors) == ["line 3: twitch:1001 is already on line 2"]


def test_logins_are_resolved_to_twitch_ids_and_keep_the_login_as_display_name() -> None:
    asked: list[list[str]] = []

    def resolve(logins: list[str]) -> Mapping[str, str]:
        asked.append(logins)
        return directory(logins)

    parsed = parse_members_csv(HEADER + "Ninja_Fan,\nlurker42,The Lurker\ntwitch:5,\n", resolve)

    assert _said(parsed.errors) == []
    assert parsed.members == [
        ListMember("twitch:1001", "Ninja_Fan"),
        ListMember("twitch:1002", "The Lurker"),
        ListMember("twitch:5", ""),
    ]
    assert asked == [["lurker42", "ninja_fan"]]  # once, lowercased, sorted


def test_a_login_nobody_has_is_a_bad_row() -> None:
    parsed = parse_members_csv(HEADER + "lurker42,\nno_such_user,\n", directory)

    assert _said(parsed.errors) == ["line 3: no Twitch user named 'no_such_user'"]


def test_logins_in_a_file_are_found_before_any_lookup() -> None:
    text = HEADER + "Ninja_Fan,\ntwitch:5,\nlurker42,\nbad!,\nlurker42,\n"

    assert logins_in_csv(text) == ["lurker42", "ninja_fan"]
    assert logins_in_csv("no header\nlurker42,\n") == []


def test_too_many_rows_is_refused_as_a_whole() -> None:
    text = HEADER + "".join(f"twitch:{n},\n" for n in range(50_001))

    assert _said(parse_members_csv(text).errors) == ["more than 50,000 rows; split the file"]


# -- a rejected import, as the use cases raise it ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "summary", "lines"),
    [
        (
            HEADER + "bad!,\n",
            "1 bad row; nothing was imported",
            ["line 2: 'bad!' is neither an account nor a Twitch login"],
        ),
        (
            HEADER + "bad!,\ntwitch:1,a,b\ntwitch:x,\n",
            "3 bad rows; nothing was imported",
            [
                "line 2: 'bad!' is neither an account nor a Twitch login",
                "line 3: 3 columns, expected at most 2",
                "line 4: 'twitch:x' is not an account like twitch:12345 or discord:67890",
            ],
        ),
        (
            "",
            "1 bad row; nothing was imported",
            ["line 1: the header must be account,display_name"],
        ),
        (
            HEADER + "twitch:1," + "x" * 200_000 + "\n",
            "1 bad row; nothing was imported",
            ["line 2: not readable as CSV: field larger than field limit (131072)"],
        ),
    ],
)
def test_a_rejected_import_says_how_many_rows_are_bad_and_lists_each(
    text: str, summary: str, lines: list[str]
) -> None:
    with pytest.raises(ListImportError) as raised:
        read_members_csv(text)

    assert str(raised.value) == summary
    assert raised.value.lines == lines
    assert isinstance(raised.value, ListError)


def test_a_spreadsheets_byte_order_mark_is_not_part_of_the_header() -> None:
    members = read_members_csv("\ufeff" + HEADER + "twitch:1,a\r\n")

    assert members == [ListMember("twitch:1", "a")]


# -- the export --------------------------------------------------------------------------------


def test_the_export_is_the_import_format() -> None:
    members = [ListMember("twitch:1", "Alice"), ListMember("discord:2", "Bob, Jr.")]

    assert members_csv(members) == 'account,display_name\ntwitch:1,Alice\ndiscord:2,"Bob, Jr."\n'


@pytest.mark.parametrize(
    ("name", "cell"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK(""http://x"")'),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_the_export_never_hands_a_spreadsheet_a_formula(name: str, cell: str) -> None:
    exported = members_csv([ListMember("twitch:1", name)])

    row = exported.splitlines()[1]
    assert row in (f"twitch:1,{cell}", f'twitch:1,"{cell}"')


def test_an_export_imports_back_to_the_same_members() -> None:
    members = [
        ListMember("twitch:1", "Alice"),
        ListMember("discord:22", 'Bob "the builder", Jr.'),
        ListMember("twitch:333", ""),
    ]

    assert read_members_csv(members_csv(members)) == members
    assert members_csv(read_members_csv(members_csv(members))) == members_csv(members)


def test_an_escaped_name_keeps_its_quote_mark_after_a_round_trip_and_stays_stable() -> None:
    once = read_members_csv(members_csv([ListMember("twitch:1", "=1+1")]))

    assert once == [ListMember("twitch:1", "'=1+1")]
    assert read_members_csv(members_csv(once)) == once


# -- accounts typed in a command ---------------------------------------------------------------


def test_accounts_typed_in_a_command_are_normalised_and_deduplicated() -> None:
    members = members_from_text([" Twitch:5 ", "discord:6", "twitch:5"])

    assert members == [ListMember("twitch:5"), ListMember("discord:6")]


def test_logins_typed_in_a_command_are_resolved_through_what_was_found() -> None:
    texts = ["Ninja_Fan", "twitch:9", "ninja_fan"]

    assert logins_named(texts) == ["ninja_fan"]
    assert members_from_text(texts, {"ninja_fan": "1001"}) == [
        ListMember("twitch:1001", "Ninja_Fan"),
        ListMember("twitch:9"),
    ]


@pytest.mark.parametrize(
    ("texts", "resolved", "message"),
    [
        (
            ["lurker42"],
            None,
            "Twitch login 'lurker42' cannot be looked up here; give it as twitch:<user id>",
        ),
        (["lurker42"], {}, "no Twitch user named 'lurker42'"),
        (
            ["twitch:x", "bad!"],
            None,
            "'twitch:x' is not an account like twitch:12345 or a Twitch login; "
            "'bad!' is not an account like twitch:12345 or a Twitch login",
        ),
        ([], None, "name at least one account"),
    ],
)
def test_a_command_with_bad_accounts_names_every_one_in_one_line(
    texts: list[str], resolved: dict[str, str] | None, message: str
) -> None:
    with pytest.raises(ListError) as raised:
        members_from_text(texts, resolved)

    assert str(raised.value) == message
