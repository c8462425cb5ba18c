"""What fairdrop says and reports: `[messages]` (override files, languages) and `[seasons]`."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, ConfigDict, Field, ValidationInfo, field_validator

from bot.config.fields import Section
from bot.drops.lift import KINDS as LIFT_KINDS
from bot.drops.season_summary import SummaryPlan, When
from bot.messages.catalog import LANGUAGE, shipped_languages


def _shipped_language(value: str) -> str:
    shipped = shipped_languages()
    if value not in shipped:
        raise ValueError(f"not a shipped language; use one of {', '.join(shipped)}")
    return value


Language = Annotated[str, AfterValidator(_shipped_language)]


class MessagesSettings(Section):
    # The folder of per-community overrides (`<community>.ftl`), relative to the config file's
    # folder (see `overrides_folder`). A folder that does not exist means no overrides.
    overrides: str = "messages"
    # The language every community is spoken to in (a shipped one: en, es...), unless
    # `languages` names its own: community name -> language.
    language: Language = LANGUAGE
    languages: dict[str, Language] = Field(default_factory=dict)


def _variants(value: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    for series, episodes in value.items():
        for drop, variant in episodes.items():
            if not variant.strip() or len(variant) > 40:
                raise ValueError(
                    f'{series}.{drop}: a variant is a short label like "supply 100" '
                    "(1 to 40 characters)"
                )
    return value


def _lift_baseline(value: dict[str, float]) -> dict[str, float]:
    for kind, expected in value.items():
        if kind not in LIFT_KINDS:
            raise ValueError(f"{kind}: lift_baseline names {', '.join(LIFT_KINDS)}")
        if not 0 <= expected <= 1_000_000:
            raise ValueError(f"{kind}: the expected count per 72 h is a number from 0 up")
    return value


class SeasonSummarySettings(Section):
    """`[seasons.NAME]`: when series NAME's season is summarized in its community."""

    summary: When = "off"
    # The season's length: "after-last" posts 72 h after this many episodes have closed.
    episodes: int | None = Field(None, ge=1, le=10_000, validate_default=True)

    @field_validator("episodes")
    @classmethod
    def _length_known(cls, value: int | None, info: ValidationInfo) -> int | None:
        if value is None and info.data.get("summary") == "after-last":
            raise ValueError('summary = "after-last" needs the season\'s length: episodes = N')
        return value

    def plan(self) -> SummaryPlan:
        return SummaryPlan(self.summary, self.episodes)


class SeasonSettings(Section):
    """Season reports (`fairdrop report --series`, /series/<name>), and `[seasons.NAME]`
    tables: each series' summary in its community (a series cannot be called lift,
    lift_baseline or variants)."""

    model_config = ConfigDict(extra="allow", frozen=True)
    __pydantic_extra__: dict[str, SeasonSummarySettings] = Field(init=False)

    # Subscriber lift, where the broadcaster granted channel:read:subscriptions.
    lift: bool = False
    # Expected subscriptions / resubscriptions / follows per 72 h, instead of the weeks before.
    lift_baseline: Annotated[dict[str, float], AfterValidator(_lift_baseline)] = Field(
        default_factory=dict
    )

    # Supply experiments: series name -> drop name -> the variant (arm) that episode belongs
    # to. The report compares every variant with the first one named.
    variants: Annotated[dict[str, dict[str, str]], AfterValidator(_variants)] = Field(
        default_factory=dict
    )

    def summaries(self) -> dict[str, SummaryPlan]:
        """Series name -> when its season is summarized (`[seasons.NAME]`)."""
        return {name: table.plan() for name, table in (self.model_extra or {}).items()}
