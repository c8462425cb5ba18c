"""`Settings`: every section together, each community's settings, and what a drop is built from
(its tiers, its spec, a season's read)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from pydantic import Field

from bot.communities import NO_LOOK, CommunitySettings
from bot.config.drops import ClaimSettings, DropDefaults
from bot.config.fields import Section
from bot.config.platforms import DiscordSettings, TwitchSettings
from bot.config.running import BeaconSettings, LogSettings, OutboxSettings, SchedulerSettings
from bot.config.storage import DatabaseSettings, HotStateSettings, KeysSettings
from bot.config.web import WebSettings
from bot.config.words import MessagesSettings, SeasonSettings
from bot.drops.model import DropSpec
from bot.drops.ports import UnitOfWork
from bot.drops.season import SeasonReport, read_season
from bot.gating.antibot import AntiBot
from bot.gating.rules import Tier, parse_rule, with_cooldown
from bot.overlay_theme import OverlaySettings, OverlayTheme


class Settings(Section):
    database: DatabaseSettings = DatabaseSettings()
    hot_state: HotStateSettings = HotStateSettings()
    keys: KeysSettings = KeysSettings()
    claims: ClaimSettings = ClaimSettings()
    drops: DropDefaults = DropDefaults()
    twitch: TwitchSettings = TwitchSettings()
    discord: DiscordSettings = DiscordSettings()
    web: WebSettings = WebSettings()
    log: LogSettings = LogSettings()
    scheduler: SchedulerSettings = SchedulerSettings()
    outbox: OutboxSettings = OutboxSettings()
    messages: MessagesSettings = MessagesSettings()
    seasons: SeasonSettings = SeasonSettings()
    beacon: BeaconSettings = BeaconSettings()
    overlay: OverlaySettings = OverlaySettings()
    # By community name: its drops' look and its aliases of !claim (bot/communities.py).
    communities: dict[str, CommunitySettings] = Field(default_factory=dict)

    def community(self, name: str) -> CommunitySettings:
        """The `[communities.NAME]` settings of `name`, or the defaults."""
        return self.communities.get(name, NO_LOOK)

    def overlay_theme(self, community: str) -> OverlayTheme:
        """The theme of `community`'s overlay: `[overlay]`, changed by its own
        `[communities.NAME.overlay]`."""
        return self.community(community).overlay.applied_to(self.overlay.base())

    def tiers(self) -> tuple[Tier, ...]:
        return tuple(
            Tier(
                name=t.name,
                rule=parse_rule(t.rules, t.require),
                opens_after=t.opens_after,
                weight=t.weight,
            )
            for t in self.drops.tiers
        )

    def season_reads(
        self, series: str, channel: str | None, now: datetime
    ) -> Callable[[UnitOfWork], SeasonReport]:
        """The read of a season's report, in this community's time zone and with the supply
        variants configured for it (for a read-only transaction)."""

        def read(uow: UnitOfWork) -> SeasonReport:
            return read_season(
                uow.seasons,
                series,
                channel,
                time_zone=self.scheduler.timezone,
                now=now,
                variants=self.seasons.variants.get(series, {}),
                audience=uow.audience if self.seasons.lift else None,
                lift_baseline=self.seasons.lift_baseline,
            )

        return read

    def drop_spec(self, name: str, title: str, channel: str, **overrides: Any) -> DropSpec:
        d = self.drops
        values: dict[str, Any] = {
            "name": name,
            "title": title,
            "channel": channel,
            "supply": d.supply,
            "mode": d.mode,
            "cap_per_person": d.cap_per_person,
            "tiers": with_cooldown(self.tiers(), d.cooldowns.get(channel, d.cooldown)),
            "entry_window": d.entry_window,
            "claim_window": d.claim_window,
            "code_ttl": d.code_ttl,
            "redemption_url": d.redemption_url,
            "series": d.series,
            "guaranteed": tuple(d.guaranteed),
            "anti_bot": AntiBot(d.min_account_age, d.min_follow_age, d.refuse_suspicious),
            "beacon": self.beacon.enabled,
        }
        values.update(overrides)
        return DropSpec(**values)


def community_names(settings: Settings) -> set[str]:
    """Every community's name: its [[twitch.channels]] and [[discord.guilds]] names."""
    return {c.name for c in settings.twitch.channels} | {g.name for g in settings.discord.guilds}
