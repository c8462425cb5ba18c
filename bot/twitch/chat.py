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
from datetime import timedelta

from bot.config import Settings
from bot.drop_presets import drop_edit, drop_spec, start_time
from bot.drops import outcomes as oc
from bot.drops.audit import Act, Actor, closed_result, disqualified_result, rerolled_result
from bot.drops.book import DropList, next_moment
from bot.drops.claiming import ClaimRequest
from bot.drops.disqualify import Disqualification, WinnerRef
from bot.drops.model import Drop
from bot.drops.recurrence import Series, SeriesOptions
from bot.drops.recurring import RecurringDrops
from bot.drops.service import DropService
from bot.gating import linking
from bot.gating.context import Claimant
from bot.gating.link_service import LinkService
from bot.kernel.errors import DropError, Refusal
from bot.messages.catalog import Verbatim, current
from bot.messages.figures import weekday_in
from bot.messages.refusals import refusal_words
from bot.messages.tiers import say_refusal, say_rules
from bot.outbox.sink import error_kind
from bot.reports.numbers import duration
from bot.twitch import commands as cmd
from bot.twitch.acks import AckBook
from bot.twitch.chat_text import TWITCH_VOICE, clip, mention, plain, safe_name
from bot.twitch.entry_words import EntryWordBook

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
        words: EntryWordBook,
        acks: AckBook | None = None,
        recurring: RecurringDrops | None = None,
    ) -> None:
        self.drops, self.links, self.settings, self.say = drops, links, settings, say
        self.recurring = recurring  # series of weekly drops (None: not offered here)
        # Acks wait here until the outbound sender says them (`OutboundSender.say_acks`).
        self.acks = AckBook() if acks is None else acks
        # Drops' keywords and the communities' aliases of !claim: the one book `build_twitch`
        # makes and keeps reading (`EntryWordBook.run`).
        self.words = words

    async def handle(self, chat: IncomingChat) -> None:
        """React to one chat message; never raises for anything a chatter typed."""
        try:
            command = cmd.parse(chat.text, self.words.of(chat.channel))
            # Not one of ours, unless it is a drop's keyword and the book is not read yet (the
            # first moments after a start): then it is judged once it is read.
            if (
                command is None
                and not self.words.is_read()
                and chat.text.lstrip()[:1] == cmd.PREFIX
                and await self.words.first_read()
            ):
                command = cmd.parse(chat.text, self.words.of(chat.channel))
        except cmd.UsageError as usage:
            await self.reply(chat, usage.said(chat.channel))
            return
        if command is None:
            return
        if cmd.is_privileged(command) and not ({"moderator", "broadcaster"} & chat.badges):
            await self.reply(chat, self._words(chat, "twitch-reply-mods-only"))
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
        except Refusal as refused:  # any of the core's refusals, in the community's language
            await self.reply(chat, refusal_words(TWITCH_VOICE, refused, chat.channel))
        except Exception as error:
            # The store failed (the database restarting, Redis gone past its retries): nothing
            # is acknowledged that was not stored, and the chatter is told, not left waiting.
            # The error's kind only: its text may quote a request's parameters (a link code).
            log.error("chat command from %s failed (%s)", chat.login, error_kind(error))
            if isinstance(command, cmd.ClaimCommand):
                failed = self._words(chat, "twitch-reply-failed-claim", command=Verbatim("!claim"))
            else:
                failed = self._words(chat, "twitch-reply-failed")
            await self.reply(chat, failed)

    async def reply(self, chat: IncomingChat, text: str) -> None:
        """Say `text` (our words, or a refusal's one line) to the chatter: the words first, the
        mention after, so a message never starts with user text."""
        line = self._words(
            chat,
            "twitch-reply",
            answer=Verbatim(plain(text)),
            mention=Verbatim(mention(chat.login)),
        )
        await self.say(chat.channel, clip(line))

    def _words(self, chat: IncomingChat, message_id: str, **values: str | int) -> str:
        return current().say(TWITCH_VOICE, message_id, chat.channel, **values)

    def _disqualified(self, chat: IncomingChat, done: Disqualification) -> str:
        # Names reduced to a login's letters: the moderator's reply pings nobody.
        winner, serial = safe_name(done.disqualified), Verbatim(str(done.serial))
        if done.passed_to is None:
            return self._words(
                chat, "twitch-reply-disqualified-nobody", winner=winner, serial=serial
            )
        successor = safe_name(done.passed_to)
        return self._words(
            chat, "twitch-reply-disqualified", winner=winner, serial=serial, successor=successor
        )

    def _paused(self, chat: IncomingChat, drop: Drop) -> str:
        if drop.paused_at is not None and drop.closes_at is not None:
            left = Verbatim(duration((drop.closes_at - drop.paused_at).total_seconds()))
            return self._words(chat, "twitch-reply-paused", name=drop.name, duration=left)
        closes = current().time_of(drop.closes_at, chat.channel)
        return self._words(chat, "twitch-reply-resumed", name=drop.name, closes=closes)

    def _edited(self, chat: IncomingChat, drop: Drop) -> str:
        """The drop as it is after an edit: what fans will see when it opens."""
        spec = drop.spec
        values: dict[str, str | int] = {
            "name": drop.name,
            "title": spec.title or drop.name,
            "supply": spec.supply,
            "duration": Verbatim(duration(spec.entry_window.total_seconds())),
        }
        if drop.scheduled_for is not None:
            starts = current().time_of(drop.scheduled_for, chat.channel)
            return self._words(chat, "twitch-reply-edited-starts", starts=starts, **values)
        return self._words(chat, "twitch-reply-edited", **values)

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
                keyword=command.keyword,
            )
            start_at = None
            if command.at is not None:
                start_at = start_time(self.settings, command.at, self.drops.clock.now())
            # The announcement ("opened", or "scheduled" for later) comes from the outbox.
            drop = await self.drops.create(spec, start_at=start_at)
            if spec.keyword:
                await self.words.reread()  # its keyword works from the next message on
            _did(act, drop.state.value, drop)
        elif isinstance(command, cmd.CloseDrop):
            closing = await self.drops.close(chat.channel, command.name)
            _did(act, closed_result(closing.draw is not None), closing.drop)
        elif isinstance(command, cmd.CancelDrop):
            _did(
                act,
                "cancelled",
                await self.drops.cancel(chat.channel, command.name, command.reason),
            )
        elif isinstance(command, cmd.RerollNow):
            rerolls = await self.drops.reroll()
            if act is not None:
                act.done(rerolled_result(len(rerolls)))
            await self.reply(chat, self._words(chat, "twitch-reply-rerolled", units=len(rerolls)))
        elif isinstance(command, cmd.ListDrops):
            listing = await self.drops.book.listing(chat.channel)
            await self.reply(chat, drop_list_line(listing, chat.channel))
        elif isinstance(command, cmd.DisqualifyWinner):
            done = await self.drops.steering.disqualify(
                chat.channel, WinnerRef(name=command.login), chat.display_name, command.reason
            )
            if act is not None:
                act.done(disqualified_result(done.serial, done.disqualified))
            await self.reply(chat, self._disqualified(chat, done))
        elif isinstance(command, cmd.ExtendDrop):
            # Everyone hears the new close from the outbox; the moderator gets it in a line too.
            drop = await self.drops.steering.extend(
                chat.channel, command.by, chat.display_name, command.name
            )
            _did(act, drop.changes[-1].what, drop)
            moved = "extended" if command.by > timedelta(0) else "shortened"
            words = self._words(
                chat,
                "twitch-reply-extended",
                name=drop.name,
                closes=current().time_of(drop.closes_at, chat.channel),
                moved=moved,
                duration=Verbatim(duration(abs(command.by.total_seconds()))),
            )
            await self.reply(chat, words)
        elif isinstance(command, cmd.PauseDrop):
            change = self.drops.steering.resume if command.resume else self.drops.steering.pause
            drop = await change(chat.channel, chat.display_name, command.name)
            _did(act, drop.changes[-1].what, drop)
            await self.reply(chat, self._paused(chat, drop))
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
            await self.reply(chat, self._edited(chat, drop))
        elif isinstance(command, cmd.ScheduleSeries | cmd.ListSeries | cmd.StopSeries):
            await self.reply(chat, await self._series(chat, command, act))
        elif isinstance(command, cmd.DropStatusRequest):
            status = await self.drops.status(chat.channel, command.name)
            drop = status.drop
            figures = {
                "entrants": status.entrants,
                "allocated": status.allocated,
                "supply": drop.spec.supply,
                "claimed": status.claimed,
            }
            # Moderators ask by the name they typed, so the answer names the drop that way.
            name, phase = drop.name, status.phase.value
            words = self._words(chat, "twitch-reply-status", name=name, phase=phase, **figures)
            await self.reply(chat, words)
        else:
            await self.reply(chat, self._words(chat, "twitch-help"))

    async def _series(
        self,
        chat: IncomingChat,
        command: cmd.ScheduleSeries | cmd.ListSeries | cmd.StopSeries,
        act: Act | None,
    ) -> str:
        """Start, list or stop the channel's series of weekly drops; the words to reply."""
        recurring = self.recurring
        if recurring is None:
            raise DropError(self._words(chat, "twitch-series-none"))
        if isinstance(command, cmd.ListSeries):
            running = await recurring.listing(chat.channel)
            listed = [
                self._words(chat, "twitch-series-listed", **self._series_values(chat, s, recurring))
                for s in running
            ]
            if not listed:
                return self._words(chat, "twitch-series-none")
            line = Verbatim(", ".join(listed))
            return self._words(chat, "twitch-series-list", series_line=line)
        if isinstance(command, cmd.StopSeries):
            stopped = await recurring.stop(chat.channel, command.name, chat.display_name)
            if act is not None:
                act.done("stopped")
            return self._words(chat, "twitch-reply-series-stopped", name=stopped.name)
        typed = command.options
        options = SeriesOptions(
            typed.supply, typed.entry_window, typed.early, typed.mode, typed.title, typed.beacon
        )
        series = await recurring.start(
            chat.channel, typed.name, command.every, options, chat.display_name
        )
        values = self._series_values(chat, series, recurring)
        if act is not None:
            act.done(f"every {series.every.text}, first {series.next_at.isoformat()}")
        return self._words(chat, "twitch-reply-series-started", **values)

    @staticmethod
    def _series_values(
        chat: IncomingChat, series: Series, recurring: RecurringDrops
    ) -> dict[str, str | int]:
        # The weekday and month in the community's language, in the series' own zone.
        local = series.next_at.astimezone(recurring.zone)
        language = current().language_of(chat.channel)
        return {
            "name": series.name,
            "every": Verbatim(series.every.text),
            "next": Verbatim(weekday_in(local, language)),
        }

    async def _claim(self, chat: IncomingChat, command: cmd.ClaimCommand) -> None:
        claimant = Claimant(
            "twitch", chat.user_id, chat.display_name, chat.badges & frozenset(BADGES)
        )
        request = ClaimRequest(f"twitch:{chat.message_id}", chat.channel, claimant, command.name)
        outcome = await self.drops.claim(request)
        prefix = acknowledgement(outcome, chat.channel)
        if prefix:
            self.acks.add(chat.channel, prefix, chat.login, entry_drop(outcome))

    async def _link(self, chat: IncomingChat, command: cmd.LinkCommand) -> None:
        outcome = await self.links.complete(command.code, f"twitch:{chat.user_id}")
        await self.reply(chat, link_reply(outcome, chat.channel))


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
    cmd.ScheduleSeries: "series-start",
    cmd.StopSeries: "series-stop",
}


def _did(act: Act | None, result: str, drop: Drop) -> None:
    if act is not None:
        act.done(result, drop_id=drop.id, drop_name=drop.name)


def drop_list_line(listing: DropList, community: str = "") -> str:
    """`!drop list` in one line: running, upcoming and recent drops by name and state."""
    parts = [
        current().say(TWITCH_VOICE, "twitch-drops-part", community, part=label, drops_line=listed)
        for label, drops in listing.parts()
        if (listed := Verbatim(", ".join(_listed(d, community) for d in drops)))
    ]
    return (
        "; ".join(parts) if parts else current().say(TWITCH_VOICE, "twitch-drops-none", community)
    )


def _listed(drop: Drop, community: str) -> str:
    moment = next_moment(drop)
    values: dict[str, str] = {"name": drop.name, "phase": drop.state.value}
    if moment is None:
        return current().say(TWITCH_VOICE, "twitch-drops-listed", community, **values)
    word, at = moment
    when = current().time_of(at, community)
    return current().say(
        TWITCH_VOICE, f"twitch-drops-listed-{word}", community, when=when, **values
    )


def acknowledgement(outcome: oc.EntryOutcome, community: str = "") -> str | None:
    """The words said before a batch of mentions, for one kind of outcome (None: say nothing)."""
    found = _ACKS.get(type(outcome))
    if found is None:
        return None  # a redelivered message: it was answered the first time
    message_id, values = found
    if isinstance(outcome, oc.NotEligibleYet):
        opens = current().time_of(outcome.opens_at, community)
        if outcome.early_access_for:
            message_id = "twitch-ack-early-access"
            who = outcome.early_access_for  # the English words of a drop without its rules
            if outcome.early_access_rules:
                who = say_rules(outcome.early_access_rules, TWITCH_VOICE, community)
            values = {"who": who, "opens": opens}
        else:  # no window open yet: there is nobody to name
            values = {"opens": opens}
    elif isinstance(outcome, oc.NotEligible):
        values = {"reason": say_refusal(outcome, TWITCH_VOICE, community)}
    if hasattr(outcome, "drop_name"):
        values = {"title": getattr(outcome, "title", "") or outcome.drop_name, **values}
    return current().say(TWITCH_VOICE, message_id, community, **values)


_ACKS: dict[type, tuple[str, dict[str, str]]] = {
    oc.Entered: ("twitch-ack-entered", {}),
    oc.AlreadyEntered: ("twitch-ack-already", {}),
    oc.Won: ("twitch-ack-won", {}),
    oc.SoldOut: ("twitch-ack-sold-out", {}),
    oc.CapReached: ("twitch-ack-cap", {}),
    oc.NotEligibleYet: ("twitch-ack-opens-at", {}),
    oc.NotEligible: ("twitch-ack-not-eligible", {}),
    oc.Closed: ("twitch-ack-closed", {}),
    oc.Paused: ("twitch-ack-paused", {}),
    oc.NotOpen: ("twitch-ack-not-open", {}),
    oc.NoDrop: ("twitch-ack-no-drop", {}),
    oc.RateLimited: ("twitch-ack-slow-down", {}),
}


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


def link_reply(outcome: linking.LinkOutcome, community: str = "") -> str:
    if isinstance(outcome, linking.Linked):
        message_id = "twitch-reply-linked"
    elif isinstance(outcome, linking.AlreadyLinked):
        message_id = "twitch-reply-already-linked"
    elif isinstance(outcome, linking.CannotLinkToSelf):
        message_id = "twitch-reply-link-self"
    elif isinstance(outcome, linking.LinkedElsewhere | linking.HasLinkedAccounts):
        message_id = "twitch-reply-linked-elsewhere"
    else:
        message_id = "twitch-reply-link-unknown"
    return current().say(TWITCH_VOICE, message_id, community)
