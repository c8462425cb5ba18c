"""Answering an interaction: defer at once, do the work, then one private follow-up.

Discord fails an interaction that gets no response within 3 s, so the response is a deferral
sent before any database work; the answer follows as an ephemeral follow-up. A refusal (any
`Refusal`: a DropError, ListError or RuleError) becomes its one-line message in the member's
language; anything else is logged and the member is told it failed, never shown a trace.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field

import discord
import segno

from bot.discord import text
from bot.drops.entitlements import DeliveredCode
from bot.gating.list_admin import ListImportError
from bot.kernel.errors import Refusal

log = logging.getLogger(__name__)

MAX_FILES = 10  # attachments per Discord message
SHOWN_ROWS = 10  # bad rows of a rejected import listed in the reply


@dataclass
class Reply:
    text: str
    files: list[discord.File] = field(default_factory=list)


async def answer(interaction: discord.Interaction, work: Callable[[], Awaitable[Reply]]) -> None:
    """Defer (ephemeral, "thinking"), run `work`, send its reply privately, in the member's
    own language when it is shipped (else the community's)."""
    reading = text.reader_locale.set(interaction.locale.value)
    try:
        await _answer(interaction, work)
    finally:
        text.reader_locale.reset(reading)


async def _answer(interaction: discord.Interaction, work: Callable[[], Awaitable[Reply]]) -> None:
    if not interaction.response.is_done():
        try:
            await interaction.response.defer(ephemeral=True, thinking=True)
        except discord.NotFound:
            # Discord gave up on the interaction (10062: not answered within 3 s). Nothing was
            # done yet, so nothing is half-done: the member sees "interaction failed" and can
            # press again. Counted, logged quietly: under overload there can be many.
            context = getattr(interaction.client, "fairdrop", None)
            if context is not None:
                context.late_presses += 1
            log.info("interaction %s expired before it was answered", interaction.id)
            return
    try:
        reply = await work()
    except ListImportError as rejected:  # the summary, then each bad row (as the CLI prints)
        reply = Reply(_rejected_import(rejected, _community(interaction)))
    except Refusal as refused:  # any kind, in the member's language, else the community's
        reply = Reply(one_line(text.refusal_said(refused, _community(interaction))))
    except Exception:
        log.exception("interaction %s failed", interaction.id)
        reply = Reply(text.say("discord-failed"))
    await send_private(interaction, reply)


def _rejected_import(rejected: ListImportError, community: str) -> str:
    """The summary, then the first bad rows one per line, in the member's language: each row's
    words are the catalog's, its values (what the file said) made inert by the Discord voice."""
    rows = rejected.rows[:SHOWN_ROWS]
    shown = [f"• {one_line(text.refusal_said(row, community))}" for row in rows]
    more = len(rejected.rows) - len(shown)
    tail = [text.say("discord-more-rows", community, more=more)] if more > 0 else []
    return "\n".join([one_line(text.refusal_said(rejected, community)) + ":", *shown, *tail])


def _community(interaction: discord.Interaction) -> str:
    """The community of the server the interaction came from ("" in a DM or another server):
    whose words and language a refusal is said in."""
    context = getattr(interaction.client, "fairdrop", None)
    if context is None:
        return ""
    return context.communities.community_of(interaction.guild_id) or ""


async def answer_failure(
    interaction: discord.Interaction, error: discord.app_commands.AppCommandError
) -> None:
    """The command tree's error handler: a command that failed before its work ran (an option
    discord.py could not resolve, such as a channel its cache does not hold yet) still gets one
    private line, never Discord's "the application did not respond"."""
    command = interaction.command.qualified_name if interaction.command else "?"
    # The error's kind only: its text may quote what was typed.
    log.error("command /%s failed before it ran (%s)", command, type(error).__name__)
    reading = text.reader_locale.set(interaction.locale.value)
    try:
        said = text.say("discord-failed")
    finally:
        text.reader_locale.reset(reading)
    if interaction.response.is_done():
        await send_private(interaction, Reply(said))
    else:
        await interaction.response.send_message(
            said, ephemeral=True, allowed_mentions=discord.AllowedMentions.none()
        )


async def send_private(interaction: discord.Interaction, reply: Reply) -> None:
    files = reply.files[:MAX_FILES]
    await interaction.followup.send(
        text.clip_message(reply.text),
        ephemeral=True,
        files=files,
        allowed_mentions=discord.AllowedMentions.none(),
    )


def one_line(message: str) -> str:
    return text.clip_message(" ".join(message.split()))


def codes_reply(
    title: str, codes: Sequence[DeliveredCode], redemption_url: str, community: str = ""
) -> Reply:
    """The codes as text (short code, redemption link) with one QR image of each token."""
    parts = []
    files = []
    for code in codes[:MAX_FILES]:
        link = text.redeem_link(redemption_url, code.token)
        parts.append(text.code_text(title, code, link, community))
        files.append(qr_file(code))
    return Reply("\n\n".join(parts), files)


def qr_file(code: DeliveredCode) -> discord.File:
    buffer = io.BytesIO()
    segno.make(code.token, error="m").save(buffer, kind="png", scale=4, border=2)
    buffer.seek(0)
    return discord.File(buffer, filename=f"code-{code.drop_id}-{code.serial}.png")
