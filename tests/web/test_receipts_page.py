"""The claim page shows every logged-in entrant their receipt, winner or not (issue 20 item 4):
pseudonym, tier, weight, where it stands, and after the draw its place in the transcript, with
the pseudonym linking there. One entrant never sees another's."""

from __future__ import annotations

from bot.drops.transcript import Transcript
from bot.web.claim import MINE
from fakeplatforms.twitch import FakeUser
from tests.web.conftest import Web
from tests.web.test_claim_page import _callback, _page, _twitch_answers, log_in


async def test_a_loser_sees_their_receipt_and_finds_it_in_the_transcript(web_env: Web) -> None:
    fans = [web_env.twitch.add_user(f"fan{i}") for i in range(5)]
    drop = await web_env.drawn_drop(*fans, supply=1)
    transcript_url = f"/drops/{drop.id}/transcript.json"
    async with web_env.client.get(transcript_url) as response:
        transcript = Transcript.from_json(await response.text())
    receipts = {
        fan.login: await web_env.service.receipts.in_drop(drop.id, f"twitch:{fan.id}")
        for fan in fans
    }
    loser = next(f for f in fans if (r := receipts[f.login]) is not None and not r.serials)
    mine = receipts[loser.login]
    assert mine is not None and mine.place.startswith("waitlist[")

    await log_in(web_env, loser, drop.id)
    status, html, headers = await _page(web_env, f"/claim/{drop.id}")

    assert status == 200 and headers["Cache-Control"] == "no-store"
    assert "No code for you" in html and "Your entry" in html
    assert f'<a href="{transcript_url}">{mine.pseudonym}</a>' in html
    assert f"<code>{mine.place}</code> in" in html
    assert "<dt>Tier</dt><dd>public</dd>" in html and "<dt>Weight</dt><dd>1</dd>" in html
    assert "Not drawn; on the waitlist" in html
    index = int(mine.place.removeprefix("waitlist[").rstrip("]"))
    assert transcript.waitlist[index] == mine.pseudonym
    for other in fans:
        theirs = receipts[other.login]
        if other is not loser:
            assert theirs is not None and theirs.pseudonym not in html


async def test_a_winner_sees_their_code_and_their_receipt(web_env: Web) -> None:
    fan = web_env.twitch.add_user("lucky")
    drop = await web_env.drawn_drop(fan)
    await log_in(web_env, fan, drop.id)

    _, html, _ = await _page(web_env, f"/claim/{drop.id}")

    assert "Ready to use" in html and "Your entry" in html and "Won: #1." in html
    assert "<code>winners[0]</code>" in html


async def test_someone_who_did_not_enter_sees_no_receipt(web_env: Web) -> None:
    fan, outsider = web_env.twitch.add_user("fan"), web_env.twitch.add_user("outsider")
    drop = await web_env.drawn_drop(fan)
    await log_in(web_env, outsider, drop.id)

    _, html, _ = await _page(web_env, f"/claim/{drop.id}")

    assert "No code for you" in html and "Your entry" not in html


async def log_in_from_my_drops(web: Web, user: FakeUser) -> None:
    web.twitch.oauth.signed_in = user.login
    async with web.client.get(f"/auth/twitch/login?drop={MINE}", allow_redirects=False) as r:
        authorize_url = r.headers["Location"]
    response = await _callback(web.client, await _twitch_answers(authorize_url))
    assert response.status == 303 and response.headers["Location"] == "/mydrops"


async def test_my_drops_lists_every_recent_receipt_of_the_logged_in_viewer_only(
    web_env: Web,
) -> None:
    ann, bob = web_env.twitch.add_user("ann"), web_env.twitch.add_user("bob")
    first = await web_env.drawn_drop(ann, bob, supply=1, title="First print")
    second = await web_env.drawn_drop(ann, bob, supply=1, title="Second print")
    status, html, _ = await _page(web_env, "/mydrops")
    assert status == 200 and f"/auth/twitch/login?drop={MINE}" in html

    await log_in_from_my_drops(web_env, ann)
    status, html, headers = await _page(web_env, "/mydrops")

    assert status == 200 and headers["Cache-Control"] == "no-store"
    for drop in (first, second):
        anns = await web_env.service.receipts.in_drop(drop.id, f"twitch:{ann.id}")
        bobs = await web_env.service.receipts.in_drop(drop.id, f"twitch:{bob.id}")
        assert anns is not None and bobs is not None
        assert f'<a href="/drops/{drop.id}/transcript.json">{anns.pseudonym}</a>' in html
        assert f'<a href="/claim/{drop.id}">{drop.spec.title}</a>' in html
        assert bobs.pseudonym not in html
    assert html.index("Second print") < html.index("First print")  # newest first


async def test_my_drops_for_someone_who_entered_nothing(web_env: Web) -> None:
    fan, outsider = web_env.twitch.add_user("fan"), web_env.twitch.add_user("outsider")
    await web_env.drawn_drop(fan)
    await log_in_from_my_drops(web_env, outsider)

    _, html, _ = await _page(web_env, "/mydrops")

    assert "You have not entered any recent drop." in html and "Your entry" not in html
