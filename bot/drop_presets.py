"""A drop spec from what a streamer typed, a `[drops.templates.NAME]` preset and the defaults.

Chat and Discord share it; the HTML templates are elsewhere (`bot/web/templates/`).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.config import Settings
from bot.drops.editing import DropEdit
from bot.drops.keywords import check_free, keyword_of
from bot.drops.model import DropSpec, Mode
from bot.drops.recurrence import SeriesOptions
from bot.drops.recurring import SpecFor
from bot.drops.starts import parse_start
from bot.gating.rules import EVERYONE, Tier


def drop_spec(
    settings: Settings,
    channel: str,
    name: str,
    *,
    title: str | None = None,
    supply: int | None = None,
    entry_window: timedelta | None = None,
    early: timedelta | None = None,
    mode: Mode | None = None,
    beacon: bool | None = None,
    keyword: str | None = None,
) -> DropSpec:
    """The config's drop defaults with the typed overrides applied.

    `early` is how long the early-access windows run before everyone may enter: it moves the
    public windows to that offset (and no early window may open after the public one).
    A template named `name` in the config (and meant for this channel) fills in what was not
    typed. A `keyword` is checked here against the community's aliases of !claim (InvalidSpec),
    and by the core against the bot's commands and the other drops' keywords.
    """
    template = settings.drops.templates.get(name)
    if template is not None and template.channels and channel not in template.channels:
        template = None  # meant for other communities
    if template is not None:
        title = title or template.title or None
        supply = supply if supply is not None else template.supply
        entry_window = entry_window if entry_window is not None else template.entry_window
        early = early if early is not None else template.early
        mode = mode if mode is not None else template.mode
        beacon = beacon if beacon is not None else template.beacon
    overrides: dict[str, object] = {}
    if template is not None:
        if template.cap_per_person is not None:
            overrides["cap_per_person"] = template.cap_per_person
        if template.redemption_url is not None:
            overrides["redemption_url"] = template.redemption_url
    if supply is not None:
        overrides["supply"] = supply
    if entry_window is not None:
        overrides["entry_window"] = entry_window
    if mode is not None:
        overrides["mode"] = mode
    if beacon is not None:
        overrides["beacon"] = beacon
    if keyword:
        word = keyword_of(keyword)
        aliases = settings.community(channel).claim_aliases
        check_free(word, ((alias, "") for alias in aliases))
        overrides["keyword"] = word
    spec = settings.drop_spec(name, title or name, channel, **overrides)
    if early is not None:
        spec = replace(spec, tiers=tuple(_with_public_at(t, early) for t in spec.tiers))
    return spec


def _with_public_at(tier: Tier, early: timedelta) -> Tier:
    if EVERYONE.any_of[0] in tier.rule.any_of:
        return replace(tier, opens_after=early)
    return replace(tier, opens_after=min(tier.opens_after, early))


def start_time(settings: Settings, text: str, now: datetime) -> datetime:
    """When a drop typed as starting `at=text` opens, in the streamer's configured time zone."""
    return parse_start(text, now, ZoneInfo(settings.scheduler.timezone))


def drop_edit(
    settings: Settings,
    tiers: tuple[Tier, ...],
    now: datetime,
    *,
    title: str | None = None,
    supply: int | None = None,
    entry_window: timedelta | None = None,
    early: timedelta | None = None,
    at: str | None = None,
) -> DropEdit:
    """An edit of a draft or scheduled drop from what a moderator typed: `early` moves the
    public windows of the drop's `tiers`, `at` is read as `start_time` reads it."""
    return DropEdit(
        title=title,
        supply=supply,
        entry_window=entry_window,
        tiers=tuple(_with_public_at(t, early) for t in tiers) if early is not None else None,
        start_at=start_time(settings, at, now) if at is not None else None,
    )


def series_spec(settings: Settings) -> SpecFor:
    """How a recurring series' occurrence is specified: like `!drop open SERIES` with the
    series' options (a `[drops.templates.SERIES]` preset fills in the rest), under the
    occurrence's own name and in the series' season."""

    def spec_for(channel: str, name: str, series: str, options: SeriesOptions) -> DropSpec:
        spec = drop_spec(
            settings,
            channel,
            series,
            title=options.title,
            supply=options.supply,
            entry_window=options.entry_window,
            early=options.early,
            mode=options.mode,
            beacon=options.beacon,
        )
        return replace(spec, name=name, title=spec.title or series, series=series)

    return spec_for
