"""The drop up to its draw: the moderators prepare, the streamer opens it in chat, the crowd
enters on both platforms, the scheduler closes entries and draws.

The demo reads the database only to show progress and to know when the drop's windows open
and close; everything fans and staff do goes through Twitch chat and Discord.
"""

from __future__ import annotations

import asyncio
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING

from bot.demo.acting import Cast
from bot.demo.crowd import Crowd, DiscordFan, Kind, TwitchFan
from bot.demo.heard import Heard, heard_for
from bot.demo.record import Record
from bot.demo.timing import DemoClock, since_open, within
from bot.demo.world import EARLY_LIST, SPONSORS, DemoError
from bot.drops.model import Drop

if TYPE_CHECKING:
    from bot.demo.browser import Redemption
    from fakeplatforms.discord import FakeMember, FakeMessage
    from fakeplatforms.twitch import FakeUser

Say = Callable[[str], None]

DROP, TITLE = "hoodie", "Signed tour hoodie"
ENTRY_WINDOW, EARLY_WINDOW = "10m", "2m"
EXTENSION = "2m"  # what a moderator adds to the entry window once every fan is in
EAGER = 5  # regulars who try during early access, are told when their window opens, come back
MENTIONS_PER_COMMAND = 40  # members named in one /alloc add
BATCH = 25  # chat messages the crowd sends before it lets the bot catch up
SETTLE_SECONDS = 90.0  # for the bot to record the last claims of the rush
# If the bot is still working through the rush this close to the end of the window, the clock
# slows down: the lag is the demo's own (crowd, fakes and bot share one process), and a fan who
# typed !claim in time must not be turned away for it.
CATCH_UP_MARGIN = timedelta(minutes=1)
CATCH_UP_SCALE = 5.0

_LINK_CODE = re.compile(r"`!link ([0-9A-Z-]+)`")
DISCORD_MENTION = re.compile(r"<@(\d+)>")
TWITCH_MENTION = re.compile(r"@([A-Za-z0-9_]+)")


@dataclass
class Winners:
    twitch: list[TwitchFan] = field(default_factory=list)
    discord: list[DiscordFan] = field(default_factory=list)


@dataclass
class Story:
    cast: Cast
    crowd: Crowd
    clock: DemoClock
    record: Record
    say: Say
    rng: random.Random
    supply: int
    _drop: Drop | None = None
    _post: FakeMessage | None = None
    heard: Heard = field(default_factory=lambda: heard_for(TITLE))  # fairdrop's words to find
    codes: dict[str, str] = field(default_factory=dict)  # "twitch:login" -> short code held
    redeemed: list[Redemption] = field(default_factory=list)

    @property
    def drop(self) -> Drop:
        """The drop as last read from the record."""
        if self._drop is None:
            raise DemoError("the drop has not been opened yet")
        return self._drop

    @property
    def post(self) -> FakeMessage:
        """The drop's post in Discord, with its Enter (later Get my code) button."""
        if self._post is None:
            raise DemoError("the drop has no Discord post yet")
        return self._post

    def at(self) -> str:
        """Now, as an offset from the opening (what progress lines start with)."""
        return since_open(self.clock.now(), self.cast.transcript.opened)

    def fans_named(self, logins: set[str], discord_ids: set[int]) -> Winners:
        """The fans behind the names a bot message mentions."""
        twitch = [*self.crowd.twitch, *(p.twitch for p in self.crowd.linked)]
        discord = [*self.crowd.discord, *(p.discord for p in self.crowd.linked)]
        discord += [self.crowd.sponsor] if self.crowd.sponsor else []
        return Winners(
            [f for f in twitch if f.login in logins],
            [f for f in discord if f.member.id in discord_ids],
        )

    # -- before the drop ------------------------------------------------------------------

    async def prepare(self) -> None:
        """The moderator keeps an early-access list (a CSV of Twitch logins, then Discord
        members by mention) and a guaranteed list with the sponsor; a few fans link their
        Discord and Twitch accounts."""
        cast, mod = self.cast, self.cast.stage.moderator
        named = f"name:{EARLY_LIST}"
        await cast.slash(mod, "alloc create", f"{named} kind:early", name=EARLY_LIST, kind="early")
        listed = self.crowd.twitch_of(Kind.LISTED)
        if listed:
            rows = "".join(f"{f.login},{f.user.display_name}\n" for f in listed)
            csv = ("regulars.csv", ("account,display_name\n" + rows).encode())
            shown = f"{named} file:regulars.csv"
            answer = await cast.slash(mod, "alloc import", shown, name=EARLY_LIST, file=csv)
            if "added" not in answer:
                raise DemoError(f"the early list's import was refused: {answer}")
        members = [f.member for f in self.crowd.discord_of(Kind.LISTED)]
        for start in range(0, len(members), MENTIONS_PER_COMMAND):
            some = " ".join(m.mention for m in members[start : start + MENTIONS_PER_COMMAND])
            shown = f"{named} members:{some}"
            await cast.slash(mod, "alloc add", shown, name=EARLY_LIST, members=some)
        sponsor = await self._sponsor()
        for person in self.crowd.linked:
            await self._link(person.discord.member, person.twitch.user)
        self.say(
            f"moderators prepared: list {EARLY_LIST!r} with {len(listed)} Twitch logins (CSV) "
            f"and {len(members)} Discord members; list {SPONSORS!r} guarantees {sponsor} a "
            f"unit; {len(self.crowd.linked)} fans linked their Discord and Twitch accounts"
        )

    async def _sponsor(self) -> str:
        """The guaranteed list, with the Discord sponsor on it: whatever the draw gives, a
        Discord member holds a unit."""
        cast, mod, sponsor = self.cast, self.cast.stage.moderator, self.crowd.sponsor
        if sponsor is None:
            raise DemoError("the crowd has no sponsor for the guaranteed list")
        named = f"name:{SPONSORS}"
        await cast.slash(
            mod, "alloc create", f"{named} kind:guaranteed", name=SPONSORS, kind="guaranteed"
        )
        mention = sponsor.member.mention
        answer = await cast.slash(
            mod, "alloc add", f"{named} members:{mention}", name=SPONSORS, members=mention
        )
        if not answer.startswith("Added 1 "):
            raise DemoError(f"the sponsor was not added to the guaranteed list: {answer}")
        return sponsor.name

    async def _link(self, member: FakeMember, account: FakeUser) -> None:
        answer = await self.cast.slash(member, "link", "")
        found = _LINK_CODE.search(answer)
        if found is None:
            raise DemoError(f"/link gave no code: {answer}")
        await self.cast.chat(account, f"!link {found[1]}")
        await self.cast.heard_in_chat(f"(@{account.login})", f"the answer to {account.login}")

    # -- the drop -------------------------------------------------------------------------

    async def open(self) -> Drop:
        """The streamer opens the drop in chat; it is announced there and posted in Discord."""
        cast, streamer = self.cast, self.cast.stage.streamer
        await cast.chat(
            streamer,
            f"!drop open {DROP} supply={self.supply} for={ENTRY_WINDOW} early={EARLY_WINDOW} "
            f'title="{TITLE}"',
        )
        await cast.heard_in_chat(self.heard.opened, "the drop's announcement in Twitch chat")
        post = await cast.seen_in_discord(
            cast.stage.announcements, lambda m: bool(m.custom_ids), "the drop's Discord post"
        )
        cast.transcript.posted(post)  # as first posted: edits change it in place
        drop_id = int(post.custom_ids[0].rsplit(":", 1)[1])  # fairdrop:enter:<drop id>
        self._post, self._drop = post, await self.record.drop(drop_id)
        cast.transcript.opened = self.drop.opened_at
        self.say(
            f"{self.at()} {streamer.display_name} opened {TITLE!r} in chat: {self.supply} "
            f"units, entries for {ENTRY_WINDOW}, the first {EARLY_WINDOW} for subscribers, "
            "VIPs, Supporters and the early list"
        )
        return self.drop

    async def early_access(self) -> None:
        """The early tier enters on both platforms; a few regulars try too soon."""
        crowd = self.crowd
        twitch = [f for f in crowd.twitch if f.kind.early]
        eager = crowd.twitch_of(Kind.REGULAR)[:EAGER]
        discord = [f for f in crowd.discord if f.kind.early]
        await self._rush(twitch + eager, discord, "early access")
        standing = await self.record.standing(self.drop.id)
        self.say(f"{self.at()} early access: {standing.entrants:,} entrants so far")

    async def everyone(self, expected: int) -> None:
        """From the public window on: everyone else, the linked fans (whose second account is
        told they are in already), and the bots the anti-bot rule keeps out."""
        public_at = self.drop.public_opens_at()
        assert public_at is not None
        await self.clock.until(public_at)
        crowd = self.crowd
        twitch = [*crowd.twitch_of(Kind.REGULAR), *crowd.twitch_of(Kind.BOT)]
        twitch += [p.twitch for p in crowd.linked]
        self.rng.shuffle(twitch)  # bots hide in the crowd
        discord = [*crowd.discord_of(Kind.REGULAR), *(p.discord for p in crowd.linked)]
        watch = asyncio.create_task(self._hold_the_close(expected))
        try:
            await self._rush(twitch, discord, "open to everyone")
            await self._settle(expected)
        finally:
            watch.cancel()

    async def _rush(self, twitch: list[TwitchFan], discord: list[DiscordFan], phase: str) -> None:
        ticker = asyncio.create_task(self._progress(phase))
        try:
            presses = asyncio.create_task(self._press_enter(discord))
            await self._claim_in_chat(twitch)
            await presses
        finally:
            ticker.cancel()

    async def _claim_in_chat(self, fans: list[TwitchFan]) -> None:
        for start in range(0, len(fans), BATCH):
            for fan in fans[start : start + BATCH]:
                topic = f"!claim from Twitch {fan.kind.plural}"
                await self.cast.chat(fan.user, "!claim", badges=fan.badges, topic=topic, budget=2)
            await asyncio.sleep(0.01)  # a moment for the bot, which shares this process

    async def _press_enter(self, fans: list[DiscordFan]) -> None:
        if fans:
            kinds = [f"Discord {f.kind.plural}" for f in fans]
            await self.cast.press([f.member for f in fans], self.post, "Enter", kinds)

    async def _progress(self, phase: str) -> None:
        while True:
            await asyncio.sleep(1.0)
            standing = await self.record.standing(self.drop.id)
            self.say(
                f"{self.at()} {phase}: {standing.entrants:,} entrants, "
                f"{standing.kept_out:,} kept out by the anti-bot rule"
            )

    async def _settle(self, expected: int) -> None:
        """Wait until the bot has recorded every entry of the rush: none is lost."""
        drop_id = self.drop.id

        async def all_in() -> None:
            while True:  # the database is the record of who is in
                if (await self.record.standing(drop_id)).entrants >= expected:
                    return
                await asyncio.sleep(0.1)

        await within(SETTLE_SECONDS, f"{expected:,} entries to be recorded", all_in)
        standing = await self.record.standing(drop_id)
        self.say(
            f"{self.at()} every fan is in: {standing.entrants:,} entrants, "
            f"{standing.kept_out:,} kept out by the anti-bot rule"
        )

    async def _hold_the_close(self, expected: int) -> None:
        closes_at = self.drop.closes_at
        assert closes_at is not None
        await self.clock.until(closes_at - CATCH_UP_MARGIN)
        if (await self.record.standing(self.drop.id)).entrants < expected:
            self.clock.set_scale(CATCH_UP_SCALE)
            self.say(f"{self.at()} the bot is still catching up with the crowd: time slows down")

    async def extend(self) -> None:
        """Every fan is in, but the streamer wants more: a moderator gives the entries more
        time with /drop extend; chat and Discord hear the new close."""
        cast, mod = self.cast, self.cast.stage.moderator
        by = f"by:{EXTENSION}"
        answer = await cast.slash(mod, "drop extend", by, by=EXTENSION)
        if "extended by" not in answer:
            raise DemoError(f"/drop extend was refused: {answer}")
        await cast.heard_in_chat(self.heard.extended, "the extension in Twitch chat")
        self._drop = await self.record.drop(self.drop.id)
        self.say(f"{self.at()} {mod.username} extended the entries by {EXTENSION} in Discord")

    async def draw(self, waiting_scale: float) -> Winners:
        """The scheduler closes entries at the end of the window; the draw waits for the drand
        round the drop committed to at open (time runs at `waiting_scale` meanwhile), fetches
        it from the beacon, checks its signature and draws; the winners are mentioned in chat
        and in Discord."""
        cast, closes_at = self.cast, self.drop.closes_at
        assert closes_at is not None
        await self.clock.until(closes_at)
        committed = self.drop.committed_round
        if committed is None:
            self.say(f"{self.at()} entries close: the scheduler freezes the list and draws")
        else:
            self.say(
                f"{self.at()} entries close: the scheduler freezes the list; the draw waits for "
                f"drand round {committed.round}, committed to at open, published at "
                f"{since_open(committed.at, self.drop.opened_at)}"
            )
            await cast.heard_in_chat(self.heard.closed, "the close in Twitch chat")
            pace = self.clock.paces[-1].scale
            self.clock.set_scale(waiting_scale)
            await self.clock.until(committed.at)
            self.clock.set_scale(pace)
            self.say(
                f"{self.at()} drand round {committed.round} is out: the scheduler fetches it "
                "from the beacon, checks its BLS signature against the pinned key and draws"
            )
        drawn = await cast.heard_in_chat(self.heard.drawn, "the draw in Twitch chat")
        announced = await cast.seen_in_discord(
            cast.stage.announcements,
            lambda m: any(said in m.content for said in self.heard.drawn_in_discord),
            "the draw in Discord",
        )
        self._drop = await self.record.drop(self.drop.id)
        winners = self._winners(announced)
        headline = drawn[0].split(". ", 1)[0].rstrip(".")  # Drop "…" is drawn: 48 winners …
        self.say(f"{self.at()} in chat: {headline}.")
        self.say(
            f"{self.at()} winners: {len(winners.twitch)} on Twitch (told in chat to log in on "
            f"the claim page), {len(winners.discord)} on Discord (code by DM and button)"
        )
        return winners

    def _winners(self, announced: FakeMessage) -> Winners:
        """Who won, as the fans learn it: @mentions in chat, <@id> mentions in Discord."""
        marker = f'Winners of "{TITLE}":'
        said = [t.split(marker, 1)[1] for t in self.cast.stage.twitch.chat_texts() if marker in t]
        logins = {m.lower() for text in said for m in TWITCH_MENTION.findall(text)}
        ids = {int(i) for i in DISCORD_MENTION.findall(announced.content)}
        return self.fans_named(logins, ids)


def expected_entrants(crowd: Crowd) -> int:
    """One entry per person: every fan but the bots, and a linked person once."""
    people = sum(f.kind is not Kind.BOT for f in crowd.twitch) + len(crowd.discord)
    return people + len(crowd.linked)
