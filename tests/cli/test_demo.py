"""`fairdrop demo`: the whole product offline against the local fake Twitch and Discord, run end
to end with a small crowd, and what it leaves behind."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from bot.cli import cli
from bot.reports.chart import PNG_MAGIC

pytestmark = pytest.mark.timeout(180)  # a whole drop, three days of it, through both fakes

FANS = 300
SHORT_CODE = re.compile(r"[0-9A-Z]{4}(?:-[0-9A-Z]{4}){3}-[0-9A-Z*~$=]")


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Result, Path]:
    out = tmp_path_factory.mktemp("demo") / "fairdrop-demo"
    result = CliRunner().invoke(cli, ["demo", "--out", str(out), "--fans", str(FANS)])
    return result, out


@pytest.fixture
def output(run: tuple[Result, Path]) -> str:
    result, _ = run
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def transcript(run: tuple[Result, Path], output: str) -> list[str]:
    _, out = run
    return (out / "transcript.txt").read_text(encoding="utf-8").splitlines()


def _said(lines: list[str], where: str, fragment: str) -> list[str]:
    return [line for line in lines if f" {where} " in line and fragment in line]


def test_the_streamer_opens_the_drop_in_chat_and_it_is_posted_in_discord(
    transcript: list[str],
) -> None:
    assert _said(transcript, "twitch", "nova_streams: !drop open hoodie")
    assert _said(transcript, "twitch", 'fairdropbot: Drop open: "Signed tour hoodie"!')
    assert _said(transcript, "discord #drops", "fairdrop: [embed] Signed tour hoodie")


def test_fans_enter_on_both_platforms_and_the_bots_are_kept_out(
    transcript: list[str], output: str
) -> None:
    # One name per drop (issue 22 item 6): Twitch chat calls it by its title, as Discord does.
    assert _said(transcript, "twitch", "You're in the Signed tour hoodie drop")
    assert _said(transcript, "discord private", "You're in the **Signed tour hoodie** drop")
    # A fan who linked their accounts and entered in chat is one person in Discord too.
    assert _said(transcript, "twitch", "linked: your Twitch and Discord accounts are now one")
    assert _said(transcript, "discord private", "You're already in the **Signed tour hoodie**")
    assert _said(transcript, "twitch", "Not this one (account age)")
    assert "kept out when claiming  account_age" in output


def test_the_scheduler_draws_with_the_committed_drand_round_and_both_platforms_hear_of_it(
    transcript: list[str], output: str
) -> None:
    assert "the draw waits for drand round 1000, committed to at open" in output
    assert _said(transcript, "twitch", "bound to drand round 1000")
    assert _said(transcript, "twitch", '"Signed tour hoodie" is drawn')
    # The sponsor on the guaranteed list is on Discord: Discord always has a winner to name.
    assert _said(transcript, "discord #drops", "**Signed tour hoodie** is drawn!")
    assert "list 'sponsors' guarantees" in output


@pytest.mark.parametrize("label", ["24 h", "72 h"])
def test_both_summaries_are_posted_in_chat_and_in_discord(
    transcript: list[str], label: str
) -> None:
    assert _said(transcript, "twitch", f'Drop "Signed tour hoodie", {label} after the close:')
    posted = _said(transcript, "discord #news", f"[embed] Signed tour hoodie: {label} after")
    assert len(posted) == 1  # once, whatever the speed of the clock


def test_winners_fetch_codes_and_the_partner_redemptions_are_counted(
    transcript: list[str], output: str
) -> None:
    assert _said(transcript, "web claim page", "logs in with Twitch, sees their code")
    assert _said(transcript, "discord DM", "Your code for Signed tour hoodie")
    (partner,) = re.findall(r"Partner redemptions through the API: (\d+)", output)
    (redeemed,) = re.findall(r"^codes redeemed\s+(\d+)$", output, re.MULTILINE)
    assert int(partner) > 0 and redeemed == partner
    assert _said(transcript, "partner API", "again: 409 already_redeemed")


def test_it_leaves_the_transparency_page_a_checkable_draw_and_the_chart(
    run: tuple[Result, Path], output: str
) -> None:
    _, out = run
    page = out / "transparency.html"
    assert "Signed tour hoodie" in page.read_text(encoding="utf-8")
    assert (out / "funnel.png").read_bytes().startswith(PNG_MAGIC)
    for path in (page, out / "transcript.txt", out / "funnel.png"):
        assert str(path) in output
    # A beacon-backed draw: committed at open to drand round 1000 (genuine, from the fake
    # relay), its signature checked by the demo and by verify-draw with the demo chain's times.
    assert "drand quicknet round 1000" in page.read_text(encoding="utf-8")
    assert "drand round 1000, whose BLS signature checks out" in output
    (command,) = re.findall(r"check it yourself: fairdrop (verify-draw .+)$", output, re.M)
    checked = CliRunner().invoke(cli, command.split())
    assert checked.exit_code == 0 and checked.output.startswith("OK:"), checked.output
    assert "matches the announced commitment" in checked.output
    assert "drand round 1000" in checked.output
    # Where the commitment was announced: the Twitch message id, and the Discord post's id,
    # which carries its own time (snowflake), before the close.
    drawn = json.loads((out / "draw-transcript.json").read_text(encoding="utf-8"))
    receipts = {a["platform"]: a for a in drawn["announcements"]}
    assert set(receipts) == {"twitch", "discord"}
    # A Discord id's time: (id >> 22) ms after 2015-01-01 (Discord's epoch).
    ms = (int(receipts["discord"]["message_id"]) >> 22) + 1_420_070_400_000
    posted = datetime.fromtimestamp(ms / 1000, UTC)
    assert abs(posted - datetime.fromisoformat(receipts["discord"]["at"])) < timedelta(seconds=1)
    assert datetime.fromisoformat(receipts["twitch"]["at"]) < datetime.fromisoformat(
        drawn["closed_at"]
    )


def test_the_cli_reads_the_demo_afterwards(run: tuple[Result, Path], output: str) -> None:
    _, out = run
    config = str(out / "fairdrop.toml")
    report = CliRunner().invoke(cli, ["--config", config, "report", "hoodie", "--after", "72h"])
    assert report.exit_code == 0, report.output
    (redeemed,) = re.findall(r"^codes redeemed\s+(\d+)$", report.output, re.MULTILINE)
    assert f"Partner redemptions through the API: {redeemed} " in output


def test_no_code_is_shown_in_the_clear(run: tuple[Result, Path], output: str) -> None:
    _, out = run
    assert not SHORT_CODE.search(output)
    assert not SHORT_CODE.search((out / "transcript.txt").read_text(encoding="utf-8"))


def test_a_folder_holding_other_files_is_left_alone(tmp_path: Path) -> None:
    (tmp_path / "fairdrop.db").write_text("a real bot's record", encoding="utf-8")
    result = CliRunner().invoke(cli, ["demo", "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and len(result.output.splitlines()) == 1
    assert (tmp_path / "fairdrop.db").exists()


def test_the_demo_stages_both_fakes_without_the_tests(tmp_path: Path) -> None:
    # As from an installed wheel: nothing under tests/ can be imported, and the demo still
    # starts the fake Twitch and Discord (they ship in the fakeplatforms package).
    script = (
        "import asyncio, sys\n"
        "sys.modules['tests'] = None\n"
        "from bot.demo.world import staged\n"
        "async def main():\n"
        "    async with staged() as stage:\n"
        "        print(stage.twitch.port > 0, stage.discord.port > 0)\n"
        "asyncio.run(main())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "True"]


def test_it_leaves_a_screenshot_of_the_obs_overlay_at_the_draw(
    run: tuple[Result, Path], output: str
) -> None:
    from tests.web.overlay.png import read_alpha

    _, out = run
    shot = out / "overlay-draw.png"
    # Driven by the live feed, the overlay shows the draw: its winners, revealed one by one.
    assert re.search(rf"the OBS overlay at the draw, .*{re.escape(str(shot))}", output), output
    alpha = read_alpha(shot)
    assert (alpha.width, alpha.height) == (800, 450) and alpha.at(0, 0) == 0


def test_a_moderator_extends_the_entries_and_the_streamer_disqualifies_a_winner(
    transcript: list[str], output: str
) -> None:
    assert _said(transcript, "discord", "/drop extend by:2m")
    assert _said(
        transcript, "twitch", 'fairdropbot: Drop "Signed tour hoodie": a moderator extended'
    )
    (asked,) = _said(transcript, "twitch", "nova_streams: !drop disqualify @")
    out = asked.split("!drop disqualify @", 1)[1].split()[0]
    assert _said(transcript, "twitch", "was disqualified by a moderator (a second account)")
    assert f"the streamer disqualified {out} (a second account)" in output
    assert "extended the entries by 2m in Discord" in output


def test_the_demo_prints_its_season_and_the_cli_reads_it(
    run: tuple[Result, Path], output: str
) -> None:
    _, out = run
    assert "Season 'tour' in default: 1 episodes" in output
    assert "report --series tour" in output
    config = str(out / "fairdrop.toml")
    report = CliRunner().invoke(cli, ["--config", config, "report", "--series", "tour"])
    assert report.exit_code == 0, report.output
    assert "Season 'tour' in default: 1 episodes" in report.output


def test_the_demo_runs_in_spanish(tmp_path: Path) -> None:
    out = tmp_path / "demo-es"
    result = CliRunner().invoke(
        cli, ["demo", "--out", str(out), "--fans", "100", "--language", "es"]
    )

    assert result.exit_code == 0, result.output
    said = (out / "transcript.txt").read_text(encoding="utf-8").splitlines()
    assert _said(said, "twitch", 'fairdropbot: ¡Drop abierto: "Signed tour hoodie"!')
    assert _said(said, "twitch", "fairdropbot: Estás en el drop Signed tour hoodie:")
    assert _said(said, "twitch", 'fairdropbot: Drop "Signed tour hoodie" sorteado:')
    assert _said(said, "twitch", "24 h después del cierre")
    assert _said(said, "discord #drops", "ya está sorteado")
    assert not _said(said, "twitch", "You're in the")
