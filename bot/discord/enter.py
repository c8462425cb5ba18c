"""The Enter button on a drop post, bound to its drop by custom id, so it survives restarts.

Pressing it before the draw enters the drop (or takes a unit, first come first served); after
the draw it hands a winner their code. Roles and the server-join time come from the interaction
itself (the member's role ids and `joined_at`), and the account's age from its id, so gating
needs no privileged intent and no API call.
"""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.discord import text
from bot.discord.cogs.guard import role_ids
from bot.discord.replies import Reply, answer, codes_reply
from bot.discord.shared import DiscordContext
from bot.drops import outcomes as oc
from bot.drops.claiming import ClaimRequest
from bot.drops.model import OPEN_STATES, Drop, DropState, Mode
from bot.gating.antibot import AccountFacts
from bot.gating.context import Claimant

ENTER_ID = "fairdrop:enter:{drop_id}"
TAKING_CLAIMS = (*OPEN_STATES, DropState.SCHEDULED)


class EnterButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"fairdrop:enter:(?P<drop_id>[0-9]+)"
):
    def __init__(
        self,
        drop_id: int,
        *,
        label: str = "Enter",
        disabled: bool = False,
        emoji: discord.PartialEmoji | str | None = None,
    ) -> None:
        super().__init__(
            discord.ui.Button(
                label=label,
                style=discord.ButtonStyle.primary,
                custom_id=ENTER_ID.format(drop_id=drop_id),
                disabled=disabled,
                emoji=emoji,
            )
        )
        self.drop_id = drop_id

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction,
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> EnterButton:
        return cls(int(match["drop_id"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        context: DiscordContext = interaction.client.fairdrop  # type: ignore[attr-defined]
        await answer(interaction, lambda: press(context, self.drop_id, interaction))


async def press(context: DiscordContext, drop_id: int, interaction: discord.Interaction) -> Reply:
    drop = await context.recent.get(drop_id)
    user = interaction.user
    account = f"discord:{user.id}"
    if drop.state in TAKING_CLAIMS:
        claimant = Claimant(
            "discord", str(user.id), user.display_name, roles=frozenset(role_ids(user))
        )
        request = ClaimRequest(
            f"discord:{interaction.id}",
            drop.spec.channel,
            claimant,
            drop.name,
            facts=member_facts(user),
            drop_id=drop.id,
        )
        outcome = await context.drops.claim(request)
        context.touches.touch(drop.id)
        if isinstance(outcome, oc.Closed):
            # The drop closed since it was last read (it is read at most once a second): a
            # winner pressing right after the draw came for their code.
            drop = await context.drops.get(drop_id)
        elif not isinstance(outcome, oc.Won):
            return Reply(text.outcome_text(outcome, drop.spec.title, drop.spec.channel))
    return await _codes(context, drop, account)


def member_facts(user: discord.User | discord.Member) -> AccountFacts:
    """What age rules need, from the interaction alone: the account was made when its id says
    (`created_at` is the snowflake's time), the member joined when Discord says (`joined_at`)."""
    joined_at = user.joined_at if isinstance(user, discord.Member) else None
    return AccountFacts(created_at=user.created_at, joined_at=joined_at)


async def _codes(context: DiscordContext, drop: Drop, account: str) -> Reply:
    title, community = drop.spec.title, drop.spec.channel
    if drop.state is DropState.CANCELLED:
        return Reply(text.say("discord-cancelled", community, title=title))
    collected = await context.drops.collect_for_account(drop.id, account)
    if collected.codes:
        return codes_reply(title, collected.codes, drop.spec.redemption_url, community)
    if collected.missed:
        return Reply(text.missed_text(title, collected, community))
    if drop.spec.mode is Mode.FCFS:
        return Reply(text.say("discord-closed-empty-handed", community, title=title))
    return Reply(text.say("discord-not-drawn", community, title=title))
