"""The message catalog: shipped messages, a community's overrides, checked loading and reload."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.discord.text import DISCORD_VOICE
from bot.messages import catalog as messages
from bot.messages import live
from bot.messages.catalog import MessageError, Verbatim, current, parse, shipped_catalog
from bot.messages.check import load_checked, variables_of
from bot.messages.variables import VARIABLES
from bot.twitch.chat_text import TWITCH_VOICE


@pytest.fixture(autouse=True)
def _shipped_words_again() -> Iterator[None]:
    yield
    messages.install(shipped_catalog())  # no test leaves its overrides to the next


def write(folder: Path, community: str, text: str) -> None:
    folder.mkdir(exist_ok=True)
    (folder / f"{community}.ftl").write_text(text, encoding="utf-8")


def test_every_variable_of_every_message_is_described() -> None:
    used = {name for m in shipped_catalog().defaults.values() for name in variables_of(m)}

    assert used - VARIABLES.keys() == set()


def test_a_message_has_named_variables_and_plural_rules() -> None:
    say = shipped_catalog().say

    assert say(TWITCH_VOICE, "twitch-closed-entrants", entrants=1) == "1 entrant."
    assert say(TWITCH_VOICE, "twitch-closed-entrants", entrants=1057) == "1,057 entrants."


def test_an_unknown_id_or_a_missing_value_is_an_error_not_a_line() -> None:
    with pytest.raises(MessageError, match="no message 'twitch-nope'"):
        shipped_catalog().say(TWITCH_VOICE, "twitch-nope")
    with pytest.raises(MessageError, match="twitch-settled"):
        shipped_catalog().say(TWITCH_VOICE, "twitch-settled")


def test_an_override_changes_its_own_community_only(tmp_path: Path) -> None:
    write(tmp_path, "stream", 'twitch-settled = All done with "{ $title }", thank you!\n')

    catalog = load_checked(tmp_path)

    assert catalog.say(TWITCH_VOICE, "twitch-settled", "stream", title="Hoodie") == (
        'All done with "Hoodie", thank you!'
    )
    assert catalog.say(TWITCH_VOICE, "twitch-settled", "other", title="Hoodie") == (
        'Drop "Hoodie" is settled: every unit is claimed or passed on. Thanks, everyone!'
    )


def test_a_bad_override_is_refused_with_its_first_problem_in_one_line(tmp_path: Path) -> None:
    write(tmp_path, "stream", "twitch-settled = Done\ntwitch-hello = hi\n")

    with pytest.raises(MessageError) as refused:
        load_checked(tmp_path)

    assert str(refused.value) == (
        f"{tmp_path / 'stream.ftl'}: twitch-settled: leaves out $title; put {{ $title }} in the "
        "text (and 1 more: run `fairdrop messages check`)"
    )


def test_a_file_that_is_not_fluent_is_refused_with_its_line(tmp_path: Path) -> None:
    write(tmp_path, "stream", "# fine\n\ntwitch-settled Done\n")

    with pytest.raises(MessageError, match=r"stream\.ftl line 3: "):
        load_checked(tmp_path)


def test_a_reload_swaps_in_good_overrides_and_keeps_the_old_on_a_bad_one(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write(tmp_path, "stream", "twitch-settled = First words for { $title }.\n")
    live.start(tmp_path)
    write(tmp_path, "stream", "twitch-settled = Second words for { $title }.\n")

    assert live.reload(tmp_path)
    assert current().say(TWITCH_VOICE, "twitch-settled", "stream", title="x") == (
        "Second words for x."
    )

    write(tmp_path, "stream", "twitch-settled = Third words for { $titel }.\n")
    with caplog.at_level(logging.ERROR):
        assert not live.reload(tmp_path)

    assert current().say(TWITCH_VOICE, "twitch-settled", "stream", title="x") == (
        "Second words for x."
    )
    assert "not reloaded, the ones in use stay" in caplog.text
    assert "unknown variable $titel" in caplog.text


def test_no_overrides_folder_means_the_shipped_words(tmp_path: Path) -> None:
    catalog = load_checked(tmp_path / "missing")

    assert catalog.communities == frozenset()


def test_words_a_streamer_wrote_cannot_ping_on_discord_even_unchecked() -> None:
    # The check refuses these; the Discord voice defuses them anyway (a second guard).
    override = parse("discord-no-codes = @everyone @here <@&123> nothing yet\n", "test")
    catalog = messages.Catalog([parse(t, n) for n, t in messages.shipped_files()], {"s": override})

    said = catalog.say(DISCORD_VOICE, "discord-no-codes", "s")

    assert "@everyone" not in said and "@here" not in said


def test_a_twitch_override_cannot_start_a_command_or_a_second_line_even_unchecked() -> None:
    override = parse("twitch-settled = /ban { $title }\n    second line\n", "test")
    catalog = messages.Catalog([parse(t, n) for n, t in messages.shipped_files()], {"s": override})

    said = catalog.say(TWITCH_VOICE, "twitch-settled", "s", title="x")

    assert said == "» /ban x second line"


def test_our_own_formatting_goes_in_as_it_is_and_typed_text_is_escaped() -> None:
    said = shipped_catalog().say(
        DISCORD_VOICE, "discord-rerolled-to-you", mentions=Verbatim("<@42>"), title="<@&7> **x**"
    )

    assert said.startswith("<@42>: a unit of **\\<@\u200b&7\\> \\*\\*x\\*\\*** came back")


def test_a_button_label_past_discords_80_characters_is_refused(tmp_path: Path) -> None:
    write(tmp_path, "stream", f"discord-button-enter = {'Enter ' * 14}\n")

    with pytest.raises(MessageError) as refused:
        load_checked(tmp_path)

    assert str(refused.value) == (
        f"{tmp_path / 'stream.ftl'}: discord-button-enter: a button label of 83 characters; "
        "Discord takes 80"
    )
    write(tmp_path, "stream", "discord-button-enter = 🎁 Grab one\n")
    assert load_checked(tmp_path).say(DISCORD_VOICE, "discord-button-enter", "stream") == (
        "🎁 Grab one"
    )


def test_the_communitys_emoji_leads_the_open_line_in_chat_where_the_catalog_puts_it() -> None:
    from bot.drops.notices import OpenToEveryone
    from bot.twitch.announcements import Links, render_notice

    opened = OpenToEveryone(drop="hoodie", title="Hoodie", supply=2, mode="lottery")
    links = Links("https://x.example/{drop}")

    (plain,) = render_notice(opened, 1, links, "stream")
    (with_emoji,) = render_notice(opened, 1, links, "stream", "🧥")

    assert plain.startswith('Drop "Hoodie" is now open to everyone!')
    assert with_emoji == "🧥 " + plain


def test_an_override_of_a_web_page_may_not_hold_markup(tmp_path: Path) -> None:
    write(tmp_path, "stream", 'web-claim-none = <script src="x"></script> nothing yet\n')

    with pytest.raises(MessageError, match="web-claim-none: holds markup"):
        load_checked(tmp_path)
