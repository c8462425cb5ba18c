"""`fairdrop lists`: moderators' allocation lists from the command line, on a real SQLite file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from bot.cli import cli
from bot.config import ENV_DATABASE_URL
from bot.keystore import ENV_KEYRING

CLEAN_ENV: dict[str, str | None] = {ENV_KEYRING: None, ENV_DATABASE_URL: None}
HEADER = "account,display_name\n"


@dataclass(frozen=True)
class Setup:
    root: Path
    config: Path

    def invoke(self, *args: str, input: str | bytes | None = None) -> Result:
        return CliRunner(env=CLEAN_ENV).invoke(cli, ["-c", str(self.config), *args], input=input)

    def ok(self, *args: str, input: str | bytes | None = None) -> str:
        result = self.invoke(*args, input=input)
        assert result.exit_code == 0, result.output
        return result.stdout

    def csv(self, name: str, text: str | bytes) -> str:
        path = self.root / name
        if isinstance(text, str):
            path.write_text(text, encoding="utf-8", newline="")
        else:
            path.write_bytes(text)
        return str(path)


def configured(root: Path) -> Setup:
    config = root / "fairdrop.toml"
    config.write_text(f'[database]\nurl = "sqlite:///{root}/x.db"\n', encoding="utf-8")
    return Setup(root, config)


@pytest.fixture
def setup(tmp_path: Path) -> Setup:
    ready = configured(tmp_path)
    ready.ok("db", "upgrade")
    return ready


def error_line(result: Result) -> str:
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_a_moderator_creates_fills_shows_and_deletes_a_list(setup: Setup) -> None:
    created = setup.ok("lists", "create", "vips", "--kind", "early")
    added = setup.ok("lists", "add", "vips", "twitch:1", "discord:22", "twitch:1")
    again = setup.ok("lists", "add", "vips", "twitch:1", "twitch:3")
    shown = setup.ok("lists", "show", "vips")
    removed = setup.ok("lists", "remove", "vips", "twitch:3", "twitch:99")
    listed = setup.ok("lists", "all")
    deleted = setup.ok("lists", "delete", "vips")

    assert created == "created early list 'vips' in channel 'default'\n"
    assert added == "added 2 to 'vips'\n"
    assert again == "added 1 to 'vips' (1 already on it)\n"
    first, header, _rule, *rows = shown.splitlines()
    assert first.startswith("vips: early list in channel 'default', 3 members, created ")
    assert first.endswith(" UTC by cli")
    assert header.split() == ["account", "display", "name", "added", "by"]
    assert [row.split()[0] for row in rows] == ["twitch:1", "discord:22", "twitch:3"]
    assert all(row.split()[-1] == "cli" for row in rows)
    assert removed == "removed 1 from 'vips' (1 were not on it)\n"
    assert listed.splitlines()[0].split() == ["list", "kind", "members"]
    assert listed.splitlines()[2].split() == ["vips", "early", "2"]
    assert deleted == "deleted list 'vips' (2 members)\n"
    assert setup.ok("lists", "all").startswith("no lists in channel 'default'")


def test_lists_belong_to_the_channel_given(setup: Setup) -> None:
    setup.ok("lists", "create", "vips", "--kind", "deny", "--channel", "somestreamer")

    assert setup.ok("lists", "all").startswith("no lists in channel 'default'")
    assert "vips" in setup.ok("lists", "all", "--channel", "somestreamer")


def test_a_second_list_with_the_same_name_is_one_line_of_error(setup: Setup) -> None:
    setup.ok("lists", "create", "vips", "--kind", "early")

    line = error_line(setup.invoke("lists", "create", "vips", "--kind", "guaranteed"))

    assert line == "Error: list 'vips' already exists"


@pytest.mark.parametrize(
    "args",
    [
        ("add", "ghost", "twitch:1"),
        ("remove", "ghost", "twitch:1"),
        ("show", "ghost"),
        ("delete", "ghost"),
        ("export", "ghost"),
    ],
)
def test_a_list_that_does_not_exist_says_how_to_create_it(
    setup: Setup, args: tuple[str, ...]
) -> None:
    line = error_line(setup.invoke("lists", *args))

    assert line == (
        "Error: no list named 'ghost' in channel 'default'; "
        "create it with `lists create ghost --kind <early|guaranteed|deny>`"
    )


def test_a_bad_account_in_a_command_is_one_line_and_adds_nobody(setup: Setup) -> None:
    setup.ok("lists", "create", "vips", "--kind", "early")

    line = error_line(setup.invoke("lists", "add", "vips", "twitch:2", "some_login"))

    assert line == (
        "Error: Twitch login 'some_login' cannot be looked up here; give it as twitch:<user id>"
    )
    assert "0 members" in setup.ok("lists", "show", "vips")


def test_an_unknown_kind_is_a_usage_error(setup: Setup) -> None:
    result = setup.invoke("lists", "create", "vips", "--kind", "gold")

    assert result.exit_code == 2
    assert "'gold' is not one of 'early', 'guaranteed', 'deny'" in result.stderr


def test_an_import_adds_members_and_reports_counts(setup: Setup) -> None:
    setup.ok("lists", "create", "picks", "--kind", "guaranteed")
    setup.ok("lists", "add", "picks", "twitch:1")
    file = setup.csv("picks.csv", "\ufeff" + HEADER + "twitch:1,Alice\r\ndiscord:2,Bob\r\n")

    out = setup.ok("lists", "import", "picks", file)

    assert out == "imported into 'picks': 1 added, 1 already on it\n"
    assert "2 members" in setup.ok("lists", "show", "picks")


def test_an_import_with_bad_rows_prints_each_and_changes_nothing(setup: Setup) -> None:
    setup.ok("lists", "create", "vips", "--kind", "early")
    setup.ok("lists", "add", "vips", "twitch:1", "twitch:2")
    before = setup.ok("lists", "export", "vips")
    file = setup.csv("bad.csv", HEADER + "twitch:3,\nbad!,\ntwitch:4,x,y\nsome_login,\n")

    result = setup.invoke("lists", "import", "vips", file, "--replace")

    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "line 3: 'bad!' is neither an account nor a Twitch login",
        "line 4: 3 columns, expected at most 2",
        "line 5: Twitch login 'some_login' cannot be looked up here",
        "Error: 3 bad rows; nothing was imported",
    ]
    assert setup.ok("lists", "export", "vips") == before


def test_an_import_with_replace_leaves_exactly_the_files_members(setup: Setup) -> None:
    setup.ok("lists", "create", "vips", "--kind", "early")
    setup.ok("lists", "add", "vips", "twitch:1", "twitch:2", "twitch:3")
    file = setup.csv("new.csv", HEADER + "twitch:3,\ntwitch:4,\n")

    out = setup.ok("lists", "import", "vips", file, "--replace")

    assert out == "imported into 'vips': 1 added, 1 already on it, 2 removed\n"
    assert setup.ok("lists", "export", "vips") == HEADER + "twitch:3,\ntwitch:4,\n"


def test_an_import_reads_standard_input_for_a_dash(setup: Setup) -> None:
    setup.ok("lists", "create", "vips", "--kind", "early")

    out = setup.ok("lists", "import", "vips", "-", input=HEADER + "twitch:7,Seven\n")

    assert out == "imported into 'vips': 1 added, 0 already on it\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"account,display_name\ntwitch:1,caf\xe9\n", "not UTF-8 text; save the CSV as UTF-8"),
        (None, "cannot read: No such file or directory"),
    ],
)
def test_an_unreadable_import_file_is_one_line(
    setup: Setup, content: bytes | None, message: str
) -> None:
    setup.ok("lists", "create", "vips", "--kind", "early")
    file = setup.csv("latin1.csv", content) if content is not None else str(setup.root / "no.csv")

    line = error_line(setup.invoke("lists", "import", "vips", file))

    assert line == f"Error: {file}: {message}"


def test_an_export_to_a_file_imports_back_into_another_list(setup: Setup) -> None:
    setup.ok("lists", "create", "vips", "--kind", "early")
    source = setup.csv("in.csv", HEADER + 'twitch:1,Alice\ndiscord:2,"Bob, Jr."\ntwitch:3,@x\n')
    setup.ok("lists", "import", "vips", source)
    out = setup.root / "out.csv"

    assert setup.ok("lists", "export", "vips", str(out)) == f"wrote list 'vips' to {out}\n"
    assert out.read_text(encoding="utf-8") == (
        HEADER + 'twitch:1,Alice\ndiscord:2,"Bob, Jr."\n' + "twitch:3,'@x\n"
    )
    setup.ok("lists", "create", "copy", "--kind", "deny")
    setup.ok("lists", "import", "copy", str(out))
    assert setup.ok("lists", "export", "copy") == out.read_text(encoding="utf-8")


def test_lists_need_an_upgraded_database(tmp_path: Path) -> None:
    setup = configured(tmp_path)

    missing = error_line(setup.invoke("lists", "all"))
    (tmp_path / "x.db").touch()
    behind = error_line(setup.invoke("lists", "all"))

    assert missing == f"Error: no database at {tmp_path}/x.db; run `fairdrop db upgrade` first"
    assert behind == "Error: database schema is behind: run `fairdrop db upgrade`"
