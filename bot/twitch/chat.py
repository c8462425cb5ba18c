"""From a chat message to a service call and the words to say back, without twitchio.

The twitchio layer hands each chat message over as an `IncomingChat`; this module parses it,
checks privileges (broadcaster and moderators only, checked here, not by Twitch), calls the drop
and link services, and returns what to say. Acknowledgements to `!claim` are not one message per
claim: they are gathered for a moment in an `AckBook` and said as one line of batched mentions,
so a rush of claims never floods the channel past Twitch's limits (the outbound sender says them,
never after the line that closes their drop: see `bot.twitch.acks`).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from bot.config import Settings
from bot.drop_presets import drop_edit, drop_spec, start_time
from bot.drops import outcomes as oc
from bot.drops.audit import Act, Actor
from bot.drops.claiming import ClaimRequest
from bot.drops.disqualify import WinnerRef
from bot.drops.model import Drop
from bot.drops.service import DropService
from bot.gating import linking
from bot.gating.context import Claimant
from bot.gating.link_service import LinkService
from bot.kernel.errors import DropError
from bot.outbox.sink import error_kind
from bot.twitch import commands as cmd
from bot.twitch.acks import AckBook
from bot.twitch.chat_text import clip, disqualified_reply, drop_list_line, mention, plain

log = logging.getLogger(__name__)

BADGES = ("subscriber", "founder", "vip", "moderator", "broadcaster")


@dataclass(frozen=True, slots=True)
class IncomingChat:
    """A chat message as the twitchio layer saw it (ids, never logins, identify people)."""

    message_id: str
    channel: str  # fairdrop's name for the community this Twitch channel belongs to
    user_id: str
    login: str
    display_name: str
    badges: frozenset[str]
    text: str


Say = Callable[[str, str], Awaitable[None]]  # (channel, text): through the outbound sender


class ChatGateway:
    def __init__(
        self,
        drops: DropService,
        links: LinkService,
        settings: Settings,
        say: Say,
        acks: AckBook | None = None,
    ) -> None:
        self.drops, self.links, self.settings, self.say = drops, links, settings, say
        # Acks wait here until the outbound sender says them (`OutboundSender.say_acks`).
        self.acks = AckBook() if acks is None else acks

    async def handle(self, chat: IncomingChat) -> None:
        """React to one chat message; never raises for anything a chatter typed."""
        try:
            command = cmd.parse(chat.text)
        except cmd.UsageError as usage:
            await self.reply(chat, str(usage))
            return
        if command is None:
            return
        if cmd.is_privileged(command) and not ({"moderator", "broadcaster"} & chat.badges):
            await self.reply(chat, "only the broadcaster and moderators can run drops")
            return
        try:
            action = AUDITED.get(type(command))
            if action is None:
                await self._run(chat, command)
            else:
                actor = Actor(f"twitch:{chat.user_id}", chat.login)
                name = getattr(command, "name", None) or ""
                audit = self.drops.book.audit
                async with audit.action(
                    actor, action, chat.channel, chat.text, drop_name=name
                ) as act:
                    await self._run(chat, command, act)
        except DropError as refused:
            await self.reply(chat, str(refused))
        except Exception as error:
            # The store failed (the database restarting, Redis gone past its retries): nothing
            # is acknowledged that was not stored, and the chatter is told, not left waiting.
            # The error's kind only: its text may quote a request's parameters (a link code).
            log.error("chat command from %s failed (%s)", chat.login, error_kind(error))
            again = "!claim" if isinstance(command, cmd.ClaimCommand) else "it"
            await self.reply(chat, f"that didn't go through on our side; try {again} again soon")

    async def reply(self, chat: IncomingChat, text: str) -> None:
        # Our words first, the mention after: a message never starts with user text.
        await self.say(chat.channel, clip(f"{plain(text)} ({mention(chat.login)})"))

    async def _run(
        self, chat: IncomingChat, command: cmd.ChatCommand, act: Act | None = None
    ) -> None:
        """Run the command; a moderator action says in `act` what it did (the audit log)."""
        if isinstance(command, cmd.ClaimCommand):
            await self._claim(chat, command)
        elif isinstance(command, cmd.LinkCommand):
            await self._link(chat, command)
        elif isinstance(command, cmd.OpenDrop):
            spec = drop_spec(
                self.settings,
                chat.channel,
                command.name,
                title=command.title,
                supply=command.supply,
                entry_window=command.entry_window,
                early=command.early,
                mode=command.mode,
                beacon=command.beacon,
            )
            start_at = None
            if command.at is not None:
                start_at = start_time(self.settings, command.at, self.drops.clock.now())
            # The announcement ("opened", or "scheduled" for later) comes from the outbox.
            drop = await self.drops.create(spec, start_at=start_at)
            _did(act, drop.state.value, drop)
        elif isinstance(command, cmd.CloseDrop):
            closing = await self.drops.close(chat.channel, command.name)
            _did(act, "closed and drawn" if closing.draw else "closed", closing.drop)
        elif isinstance(command, cmd.CancelDrop):
            _did(
                act,
                "cancelled",
                await self.drops.cancel(chat.channel, command.name, command.reason),
            )
        elif isinstance(command, cmd.RerollNow):
            rerolls = await self.drops.reroll()
            if act is not None:
                act.done(f"{len(rerolls)} units passed to the waitlist")
            await self.reply(chat, f"{len(rerolls)} unclaimed units passed to the waitlist")
        elif isinstance(command, cmd.ListDrops):
            await self.reply(chat, drop_list_line(await self.drops.book.listing(chat.channel)))
        elif isinstance(command, cmd.DisqualifyWinner):
            done = await self.drops.steering.disqualify(
                chat.channel, WinnerRef(name=command.login), chat.display_name, command.reason
            )
            if act is not None:
                act.done(f"unit #{done.serial} taken from {done.disqualified}")
            await self.reply(
                chat, disqualified_reply(done.disqualified, done.serial, done.passed_to)
            )
        elif isinstance(command, cmd.ExtendDrop):
            # Everyone hears the new close from the outbox; the moderator gets it in a line too.
            drop = await self.drops.steering.extend(
                chat.channel, command.by, chat.display_name, command.name
            )
            _did(act, drop.changes[-1].what, drop)
            await self.reply(chat, drop.changes[-1].what)
        elif isinstance(command, cmd.PauseDrop):
            change = self.drops.steering.resume if command.resume else self.drops.steering.pause
            drop = await change(chat.channel, chat.display_name, command.name)
            _did(act, drop.changes[-1].what, drop)
            await self.reply(chat, drop.changes[-1].what)
        elif isinstance(command, cmd.EditDrop):
            typed = command.changes
            drop = await self.drops.find(chat.channel, typed.name)
            edit = drop_edit(
                self.settings,
                drop.spec.tiers,
                self.drops.clock.now(),
                title=typed.title,
                supply=typed.supply,
                entry_window=typed.entry_window,
                early=typed.early,
                at=typed.at,
            )
            drop = await self.drops.steering.edit(chat.channel, typed.name, edit, chat.display_name)
            _did(act, drop.changes[-1].what, drop)
            await self.reply(chat, f"drop {drop.name} {drop.changes[-1].what}")
        elif isinstance(command, cmd.DropStatusRequest):
            status = await self.drops.status(chat.channel, command.name)
            await self.reply(
                chat,
                f"drop {status.drop.name}: {status.phase.value}, {status.entrants} entrants, "
                f"{status.allocated} of {status.drop.spec.supply} allocated, "
                f"{status.claimed} claimed",
            )
        else:
            await self.reply(chat, cmd.HELP)

    async def _claim(self, chat: IncomingChat, command: cmd.ClaimCommand) -> None:
        claimant = Claimant(
            "twitch", chat.user_id, chat.display_name, chat.badges & frozenset(BADGES)
        )
        request = ClaimRequest(f"twitch:{chat.message_id}", chat.channel, claimant, command.name)
        outcome = await self.drops.claim(request)
        prefix = acknowledgement(outcome)
        if prefix:
            self.acks.add(chat.channel, prefix, chat.login, entry_drop(outcome))

    async def _link(self, chat: IncomingChat, command: cmd.LinkCommand) -> None:
        outcome = await self.links.complete(command.code, f"twitch:{chat.user_id}")
        await self.reply(chat, link_reply(outcome))


# Moderator commands that change something, by the action the audit log names them with.
AUDITED: dict[type, str] = {
    cmd.OpenDrop: "open",
    cmd.CloseDrop: "close",
    cmd.CancelDrop: "cancel",
    cmd.RerollNow: "reroll",
    cmd.DisqualifyWinner: "disqualify",
    cmd.ExtendDrop: "extend",
    cmd.PauseDrop: "pause",  # a resume too: the detail keeps the command as typed
    cmd.EditDrop: "edit",
}


def _did(act: Act | None, result: str, drop: Drop) -> None:
    if act is not None:
        act.done(result, drop_id=drop.id, drop_name=drop.name)


def acknowledgement(outcome: oc.EntryOutcome) -> str | None:
    """The words said before a batch of mentions, for one kind of outcome (None: say nothing)."""
    if isinstance(outcome, oc.Entered):
        return f"You're in the {outcome.drop_name} drop:"
    if isinstance(outcome, oc.AlreadyEntered):
        return f"Already in the {outcome.drop_name} drop, one entry each:"
    if isinstance(outcome, oc.Won):
        return f"You got one of the {outcome.drop_name} units! Fetch your code on the claim page:"
    if isinstance(outcome, oc.SoldOut):
        return f"The {outcome.drop_name} drop is sold out, you're on the waitlist:"
    if isinstance(outcome, oc.CapReached):
        return f"That's the most one person can take in the {outcome.drop_name} drop:"
    if isinstance(outcome, oc.NotEligibleYet):
        if not outcome.early_access_for:  # no window open yet: there is nobody to name
            return f"The {outcome.drop_name} drop opens for you at {_hhmm(outcome.opens_at)} UTC:"
        return (
            f"Early access is for {outcome.early_access_for}; everyone can enter the "
            f"{outcome.drop_name} drop from {_hhmm(outcome.opens_at)} UTC:"
        )
    if isinstance(outcome, oc.NotEligible):
        return f"Not this one ({outcome.reason}):"
    if isinstance(outcome, oc.Closed):
        return f"The {outcome.drop_name} drop has closed:"
    if isinstance(outcome, oc.Paused):
        return f"The {outcome.drop_name} drop is paused, try again once it resumes:"
    if isinstance(outcome, oc.NotOpen):
        return f"The {outcome.drop_name} drop has not opened yet:"
    if isinstance(outcome, oc.NoDrop):
        return "No drop is running right now:"
    if isinstance(outcome, oc.RateLimited):
        return "Slow down, one claim is enough:"
    return None  # a redelivered message: it was answered the first time


def entry_drop(outcome: oc.EntryOutcome) -> int | None:
    """The drop an acknowledgement speaks of entering, which must be said before that drop's
    closing line; None for one that may follow it ("has closed", "no drop", "slow down")."""
    if isinstance(
        outcome,
        oc.Entered
        | oc.AlreadyEntered
        | oc.Won
        | oc.SoldOut
        | oc.CapReached
        | oc.NotEligibleYet
        | oc.NotEligible
        | oc.NotOpen,
    ):
        return outcome.drop_id
    return None


def link_reply(outcome: linking.LinkOutcome) -> str:
    if isinstance(outcome, linking.Linked):
        return "linked: your Twitch and Discord accounts are now one person in drops"
    if isinstance(outcome, linking.AlreadyLinked):
        return "already linked"
    if isinstance(outcome, linking.CannotLinkToSelf):
        return "that code is your own; type it from your other account"
    if isinstance(outcome, linking.LinkedElsewhere | linking.HasLinkedAccounts):
        return "this account is linked elsewhere; unlink it first, then run /link again"
    return "that link code is unknown, used or expired; run /link in Discord for a new one"


def _hhmm(at: datetime) -> str:
    return at.strftime("%H:%M")
