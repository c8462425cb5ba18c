"""The simulated fans: who they are on each platform, and what gets them into the early tier.

Two thirds watch on Twitch, one third is in the Discord server. Subscribers and VIPs carry
their Twitch badges, Supporters their Discord role; a few regulars are on the moderators'
early-access list; a few people link their Discord and Twitch accounts; and a few Twitch
accounts made yesterday are bots the anti-bot rule keeps out. One Discord member is a sponsor
on the moderators' guaranteed list: a unit is theirs before the draw (they do not enter), so
Discord always has a winner whatever the draw gives. The crowd is the same for the same seed;
the draw's randomness never is.
"""

from __future__ import annotations

import random
import zlib
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from bot.demo.world import Stage

if TYPE_CHECKING:
    from fakeplatforms.discord import FakeMember
    from fakeplatforms.twitch import FakeUser

LINKED_PEOPLE = 4
BOT_AGE = timedelta(days=1)

# Handles are a word, a thing and a number: cozyotter42.
_WORDS = (
    "pixel", "neon", "lucky", "cozy", "frost", "ember", "lunar", "retro", "turbo", "mint",
    "velvet", "echo", "nova", "quiet", "solar", "dusty", "brave", "tiny", "wild", "sunny",
)  # fmt: skip
_THINGS = (
    "fox", "otter", "pilot", "wizard", "panda", "comet", "gecko", "raven", "bard", "moth",
    "knight", "tiger", "noodle", "sprout", "falcon", "koala", "mango", "pebble", "owl", "yeti",
)  # fmt: skip


class Kind(StrEnum):
    """Why a fan is in the tier they are in (or kept out)."""

    SUBSCRIBER = "subscriber"
    VIP = "vip"
    SUPPORTER = "supporter"  # the Discord role
    LISTED = "listed"  # on the moderators' early-access list
    LINKED = "linked"  # has a Twitch and a Discord account, linked into one person
    REGULAR = "regular"
    BOT = "bot"  # a Twitch account younger than the anti-bot rule allows
    SPONSOR = "sponsor"  # on the guaranteed list: holds a unit before the draw, never enters

    @property
    def early(self) -> bool:
        return self in (Kind.SUBSCRIBER, Kind.VIP, Kind.SUPPORTER, Kind.LISTED)

    @property
    def plural(self) -> str:
        return _PLURALS[self]


_PLURALS = {
    Kind.SUBSCRIBER: "subscribers",
    Kind.VIP: "VIPs",
    Kind.SUPPORTER: "Supporters",
    Kind.LISTED: "early-list members",
    Kind.LINKED: "fans with linked accounts",
    Kind.REGULAR: "regulars",
    Kind.BOT: "bots",
    Kind.SPONSOR: "sponsors",
}


@dataclass(frozen=True, slots=True)
class TwitchFan:
    user: FakeUser
    kind: Kind

    @property
    def badges(self) -> tuple[str, ...]:
        return {Kind.SUBSCRIBER: ("subscriber/0/7",), Kind.VIP: ("vip",)}.get(self.kind, ())

    @property
    def login(self) -> str:
        return self.user.login


@dataclass(frozen=True, slots=True)
class DiscordFan:
    member: FakeMember
    kind: Kind

    @property
    def name(self) -> str:
        return self.member.username


@dataclass(frozen=True, slots=True)
class LinkedPerson:
    """One person with both accounts; after `/link` and `!link` they hold one entry."""

    twitch: TwitchFan
    discord: DiscordFan


@dataclass
class Crowd:
    twitch: list[TwitchFan] = field(default_factory=list)
    discord: list[DiscordFan] = field(default_factory=list)
    linked: list[LinkedPerson] = field(default_factory=list)
    sponsor: DiscordFan | None = None  # not among `discord`: they hold a unit without entering

    def twitch_of(self, kind: Kind) -> list[TwitchFan]:
        return [f for f in self.twitch if f.kind is kind]

    def discord_of(self, kind: Kind) -> list[DiscordFan]:
        return [f for f in self.discord if f.kind is kind]

    @property
    def size(self) -> int:
        return len(self.twitch) + len(self.discord)


def gather_crowd(stage: Stage, fans: int, seed: int) -> Crowd:
    """Register `fans` people with the fakes (accounts, badges, roles) and return them."""
    rng = random.Random(seed)
    names = _Handles(rng)
    on_twitch = round(fans * 2 / 3)
    crowd = Crowd()
    for kind in _kinds(rng, on_twitch, {Kind.SUBSCRIBER: 14, Kind.VIP: 3, Kind.LISTED: 2}):
        crowd.twitch.append(_twitch_fan(stage, rng, names.next(), kind))
    for _ in range(max(1, on_twitch // 60)):
        crowd.twitch.append(_twitch_fan(stage, rng, names.next(bot=True), Kind.BOT))
    for kind in _kinds(rng, fans - on_twitch, {Kind.SUPPORTER: 15, Kind.LISTED: 2}):
        crowd.discord.append(_discord_fan(stage, names.next(), kind))
    for _ in range(LINKED_PEOPLE):
        handle = names.next()
        person = LinkedPerson(
            _twitch_fan(stage, rng, handle, Kind.LINKED),
            _discord_fan(stage, handle, Kind.LINKED),
        )
        crowd.linked.append(person)
    crowd.sponsor = _discord_fan(stage, names.next(), Kind.SPONSOR)
    return crowd


def _kinds(rng: random.Random, count: int, percents: dict[Kind, int]) -> list[Kind]:
    """`count` kinds in random order: each kind's percent of them, the rest regulars."""
    kinds = [kind for kind, pct in percents.items() for _ in range(count * pct // 100)]
    kinds += [Kind.REGULAR] * (count - len(kinds))
    rng.shuffle(kinds)
    return kinds


def _twitch_fan(stage: Stage, rng: random.Random, login: str, kind: Kind) -> TwitchFan:
    age = BOT_AGE if kind is Kind.BOT else timedelta(days=rng.randint(30, 3000))
    return TwitchFan(stage.twitch.add_user(login, age=age), kind)


def _discord_fan(stage: Stage, username: str, kind: Kind) -> DiscordFan:
    roles = [stage.supporters] if kind is Kind.SUPPORTER else []
    # Discord accounts are as old as their ids say, and the anti-bot age rule applies to them
    # too: a month to eight years, from the name (the crowd's random draws stay as they were).
    age = timedelta(days=30 + zlib.crc32(username.encode()) % 2970)
    member = stage.discord.add_member(stage.guild, username, roles=roles, age=age)
    return DiscordFan(member, kind)


class _Handles:
    """Unique, readable handles like `cozyotter42`; bots get the numbered kind bots get."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.taken: set[str] = set()

    def next(self, *, bot: bool = False) -> str:
        while True:
            if bot:
                handle = f"free_hoodies_{self.rng.randint(10_000, 99_999)}"
            else:
                word, thing = self.rng.choice(_WORDS), self.rng.choice(_THINGS)
                handle = f"{word}{thing}{self.rng.randint(1, 999)}"
            if handle not in self.taken:
                self.taken.add(handle)
                return handle
