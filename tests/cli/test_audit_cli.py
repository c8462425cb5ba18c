"""`fairdrop audit`: the audit log from the command line, with the CLI's own list changes in it,
on a real SQLite file."""

from __future__ import annotations

from tests.cli.test_lists_cli import Setup, error_line, setup  # noqa: F401 (the fixture)


def test_list_changes_and_their_refusals_are_in_the_audit_log(setup: Setup) -> None:  # noqa: F811
    setup.ok("lists", "create", "vips", "--kind", "early")
    setup.ok("lists", "add", "vips", "twitch:1", "twitch:2")
    error_line(setup.invoke("lists", "add", "nope", "twitch:3"))
    setup.ok("lists", "show", "vips")  # a read: not an action
    lines = setup.ok("audit").splitlines()
    assert lines[0].split() == [
        "#", "at", "(UTC)", "community", "platform", "who", "action", "drop", "asked", "result",
    ]  # fmt: skip
    rows = lines[2:]
    assert len(rows) == 3
    assert "list-add" in rows[0] and "name=nope members=twitch:3" in rows[0]
    assert "refused: " in rows[0] and "nope" in rows[0]
    assert "list-add" in rows[1] and rows[1].rstrip().endswith("ok")
    assert "list-create" in rows[2] and "name=vips kind=early" in rows[2]
    assert all(" cli " in row and " default " in row for row in rows)


def test_the_audit_log_of_one_drop_and_a_bad_drop_id(setup: Setup) -> None:  # noqa: F811
    assert setup.ok("audit", "--drop", "5") == "no moderator actions recorded for drop 5\n"
    result = setup.invoke("audit", "--drop", "0")
    assert result.exit_code == 2  # click's usage error, like every bad argument
    assert "Invalid value for '--drop': 0 is not in the range x>=1" in result.stderr
