"""After the draw: winners fetch their codes, a partner redeems some, the claim window runs
out for the rest and their units pass to the waitlist, and the summaries are posted."""

from __future__ import annotations

import asyncio
import re

from bot.demo import browser
from bot.demo.acting import ANSWER_SECONDS
from bot.demo.crowd import DiscordFan, TwitchFan
from bot.demo.story import DISCORD_MENTION, TWITCH_MENTION, Story, Winners
from bot.demo.timing import within
from bot.demo.world import PARTNER, DemoError

BROWSERS = 6  # winners on the claim page at once
CLAIM_PAGE_SHARE = 0.75  # of Twitch winners, log in soon after the draw; the rest never do
VALUED_ORDERS = 2 / 3  # of redemptions, come with an order value
DISQUALIFIED_FOR = "a second account"  # why the streamer disqualifies a winner
_SERIAL = re.compile(r"#\d+")
_SHORT_CODE = re.compile(r"`([0-9A-Z]{4}(?:-[0-9A-Z]{4}){3}-[0-9A-Z*~$=])`")


def units_passed_on(text: str, passed_on: str) -> int:
    """How many units a chat line says were passed on (`passed_on`: what such a line says
    after them): its `#serial`s (one line lists a drop's rerolls together), or one for a unit
    without a number; 0 for any other line."""
    if passed_on not in text:
        return 0
    return max(1, len(_SERIAL.findall(text.split(passed_on, 1)[0])))


async def fetch_codes(story: Story, winners: Winners) -> None:
    """Discord winners get their code by DM, and half of them press Get my code as well;
    most Twitch winners log in on the claim page. A fan who did not win presses too."""
    await _by_dm(story, winners.discord)
    await _get_my_code(story, winners.discord[: len(winners.discord) // 2], "winners")
    await _on_the_claim_page(story, winners.twitch, CLAIM_PAGE_SHARE)
    loser = next(f for f in story.crowd.discord if f not in winners.discord)
    await _get_my_code(story, [loser], "a fan who was not drawn")
    held = story.codes
    from_page = sum(k.startswith("twitch:") for k in held)
    story.say(
        f"{story.at()} codes in hand: {len(held)} of {story.supply} ({len(held) - from_page} "
        f"in Discord, {from_page} from the claim page)"
    )


async def _by_dm(story: Story, winners: list[DiscordFan]) -> None:
    discord = story.cast.stage.discord
    await story.cast.until(
        "the winners' DMs", lambda: all(discord.dms_to(f.member) for f in winners)
    )
    for fan in winners:
        found = _SHORT_CODE.search(discord.dms_to(fan.member)[-1].content)
        if found:
            story.codes[f"discord:{fan.name}"] = found[1]


async def _get_my_code(story: Story, fans: list[DiscordFan], who: str) -> None:
    """Fans press Get my code on the drop post; a winner is shown their code privately."""
    if not fans:
        return
    members = [f.member for f in fans]
    presses = await story.cast.press(members, story.post, "Get my code", [who] * len(fans))
    for fan, ix in zip(fans, presses, strict=True):
        if found := _SHORT_CODE.search(ix.content or ""):
            story.codes[f"discord:{fan.name}"] = found[1]


async def _on_the_claim_page(story: Story, winners: list[TwitchFan], share: float) -> None:
    """Twitch winners open the claim link, log in with Twitch and read their code."""
    drop_id, stage = story.drop.id, story.cast.stage
    visiting = winners[: round(len(winners) * share)]
    browsers = asyncio.Semaphore(BROWSERS)

    async def visit(fan: TwitchFan) -> None:
        async with browsers:
            code = await browser.code_from_claim_page(stage, drop_id, fan.login)
        seen = "sees their code" if code else "sees no code"
        said = f"logs in with Twitch, {seen}"
        story.cast.transcript.said(
            "web claim page", fan.login, said, topic="claim page visits", budget=3
        )
        if code:
            story.codes[f"twitch:{fan.login}"] = code

    visits = [visit(fan) for fan in visiting]
    await within(ANSWER_SECONDS * 2, "winners on the claim page", lambda: asyncio.gather(*visits))


async def redeem(story: Story, share: float, key: str) -> list[browser.Redemption]:
    """The partner's till redeems a share of the codes not redeemed yet, through the API; two
    orders in three report their value."""
    done = {r.code for r in story.redeemed}
    waiting = [code for code in story.codes.values() if code not in done]
    now: list[browser.Redemption] = []
    for code in waiting[: round(len(waiting) * share)]:
        cents = story.rng.randrange(2500, 12000, 50) if story.rng.random() < VALUED_ORDERS else None
        order = f"order-{len(story.redeemed) + len(now) + 1}"
        result = await browser.redeem(story.cast.stage, key, code, cents, order=order)
        if result.status != 200:
            raise DemoError(f"the partner API refused a fresh code: {result.answer}")
        worth = f" (order of {cents / 100:.2f})" if cents else ""
        said = f"redeems {code}{worth}: {result.answer}"
        story.cast.transcript.said(
            "partner API", PARTNER, said, topic="partner redemptions", budget=3
        )
        now.append(result)
    story.redeemed += now
    return now


async def scanned_twice(story: Story, key: str) -> None:
    """A code shown at the till a second time: the API answers that it was redeemed, when."""
    if not story.redeemed:
        return
    first = story.redeemed[0].code
    again = await browser.redeem(story.cast.stage, key, first, None, order="order-again")
    said = f"scans {again.code} again: {again.status} {again.answer}"
    story.cast.transcript.said("partner API", PARTNER, said)
    if again.status != 409:
        raise DemoError(f"a code redeemed twice was answered {again.status} {again.answer}")


async def successors(story: Story) -> None:
    """When the claim window ends, units whose winners never fetched their code pass to the
    best-ranked on the waitlist; the new winners are told, and fetch theirs."""
    unclaimed = story.supply - len(story.codes)
    if unclaimed <= 0:
        return
    stage = story.cast.stage

    def told() -> Winners | None:
        passed = sum(
            units_passed_on(text, story.heard.passed_on) for text in stage.twitch.chat_texts()
        )
        named = _told_not_holding(story)
        ready = passed >= unclaimed and len(named.twitch) + len(named.discord) >= unclaimed
        return named if ready else None

    await story.cast.until("the waitlist to be told", told)
    found = told()
    assert found is not None
    story.say(
        f"{story.at()} {_count(unclaimed, 'winner')} never fetched their code: the claim "
        f"window ran out and the units passed to the waitlist ({len(found.twitch)} on Twitch, "
        f"{len(found.discord)} on Discord), who fetch theirs now"
    )
    await _on_the_claim_page(story, found.twitch, 1.0)
    await _get_my_code(story, found.discord, "winners from the waitlist")


def _told_not_holding(story: Story) -> Winners:
    """The fans told a unit came to them (a reroll's or a disqualification's new winners, in
    Twitch chat or Discord) who hold no code yet."""
    stage = story.cast.stage
    chat, heard = stage.twitch.chat_texts(), story.heard
    said = [text.split(heard.won_in_chat, 1)[1] for text in chat if heard.won_in_chat in text]
    logins = {m.lower() for text in said for m in TWITCH_MENTION.findall(text)}
    posts = [m.content for m in stage.discord.messages_in(stage.announcements)]
    told_in_discord = [text for text in posts if heard.won_in_discord in text]
    ids = {int(i) for text in told_in_discord for i in DISCORD_MENTION.findall(text)}
    named = story.fans_named(logins, ids)
    return Winners(
        [f for f in named.twitch if f"twitch:{f.login}" not in story.codes],
        [f for f in named.discord if f"discord:{f.name}" not in story.codes],
    )


async def disqualify(story: Story, winners: Winners) -> Winners:
    """The streamer disqualifies a Twitch winner in chat (a Discord one with /drop disqualify
    if none won on Twitch) before they fetch a code: the code is revoked, the unit passes to the
    first on the waitlist, who is told and fetches theirs. The winners left are returned."""
    cast, stage = story.cast, story.cast.stage
    left = Winners(list(winners.twitch), list(winners.discord))
    if left.twitch:
        fan = left.twitch.pop(0)
        out = fan.login
        await cast.chat(stage.streamer, f"!drop disqualify @{out} {DISQUALIFIED_FOR}")
    else:
        member = left.discord.pop(0).member
        out = member.username
        shown = f"member:{member.mention} reason:{DISQUALIFIED_FOR}"
        await cast.slash(
            stage.moderator, "drop disqualify", shown, member=member, reason=DISQUALIFIED_FOR
        )
    await cast.heard_in_chat(story.heard.disqualified, "the disqualification in chat")

    def told() -> bool:
        found = _told_not_holding(story)
        return bool(found.twitch or found.discord)

    await cast.until("the new winner to be told", told)
    found = _told_not_holding(story)
    names = [f.login for f in found.twitch] + [f.name for f in found.discord]
    story.say(
        f"{story.at()} the streamer disqualified {out} ({DISQUALIFIED_FOR}): their code is "
        f"revoked, the unit passes to the first on the waitlist ({', '.join(names)}), who is "
        "told and fetches it"
    )
    await _on_the_claim_page(story, found.twitch, 1.0)
    await _get_my_code(story, found.discord, "the disqualified unit's new winner")
    return left


async def summary_posted(story: Story, label: str) -> None:
    """The scheduler posts the summary by itself: a line in Twitch chat with the transparency
    page's link, and an embed with the funnel chart in Discord's #news."""
    cast = story.cast
    in_chat, in_discord = story.heard.summary(f"{label[:-1]} {label[-1]}")  # "24 h after the close"
    await cast.heard_in_chat(in_chat, f"the {label} summary in Twitch chat")
    await cast.seen_in_discord(
        cast.stage.news,
        lambda m: any(in_discord in str(e.get("title", "")) for e in m.embeds),
        f"the {label} summary in Discord",
    )
    story.say(f"{story.at()} the {label} summary is posted in Twitch chat and Discord #news")


def _count(count: int, noun: str) -> str:
    return f"{count:,} {noun}" + ("" if count == 1 else "s")
