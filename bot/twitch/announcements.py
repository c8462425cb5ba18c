"""What the bot says in Twitch chat for each outbox message: pure, no platform import.

`render` turns one outbox row, read as its typed notice, into chat texts, each at most 500
characters, each starting with our own words (never with a name or a title), with every
fan-controlled name passed through `chat_text`. What is never said:

- a code or a token: payloads carry none, and Twitch winners fetch theirs from the claim page;
- the seed before the draw: only the `Drawn` notice carries it, and the core reveals it only then;
- an @ in front of a name whose platform is not Twitch (it would ping a stranger).

Who is @mentioned where:

- `drawn` mentions every Twitch winner of the draw (batched) with the claim link, so `won`
  messages of the draw (`via` "draw") say nothing more in chat;
- `won` messages of a first-come claim, a guaranteed unit or a reroll mention their Twitch winner;
  consecutive ones can be rendered together with `render_won` (one batched text, not one each);
- `won` messages of Discord winners render to nothing here: the Discord adapter delivers those.

A row this release cannot read (`NoticeError`) is not rendered: the error goes to the outbox
sink, which retries and then parks the row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar, assert_never
from urllib.parse import quote

from bot.drops.model import OutboxMessage
from bot.drops.notices import (
    KINDS as NOTICE_KINDS,
)
from bot.drops.notices import (
    BeaconWaiting,
    Cancelled,
    Closed,
    ClosingSoon,
    Drawn,
    DropNews,
    Extended,
    Notice,
    NoticeError,
    Opened,
    OpenedEarly,
    OpenToEveryone,
    Paused,
    Rerolled,
    Scheduled,
    SeasonSummary,
    Settled,
    Summary,
    SummaryLine,
    TierOpening,
    Won,
    notice_of,
)
from bot.messages.catalog import Verbatim
from bot.messages.tiers import say_rule
from bot.twitch.chat_say import ChatSay
from bot.twitch.chat_text import (
    CLAIM_COMMAND,
    TWITCH_VOICE,
    batch_mentions,
    clip,
    mentionable,
    neutral_start,
    pack,
    plain,
    unmentionable,
)
from bot.twitch.steer_lines import extended_line, paused_line, rerolled_lines
from bot.twitch.summary_lines import MAX_SUMMARY, conversion_line, season_line

MAX_TITLE = 80
TWITCH = "twitch"
KINDS = frozenset(NOTICE_KINDS.values())  # every outbox kind: each has its text here
_N = TypeVar("_N", Won, Rerolled)


@dataclass(frozen=True, slots=True)
class Links:
    """Where fans are sent. `{drop}` (the drop's name) and `{drop_id}` are filled in.

    `claim_url` is the claim page where a Twitch winner logs in and gets the code;
    `verify_url` the drop's transparency page (empty: point at `fairdrop verify-draw`).
    """

    claim_url: str
    verify_url: str = ""

    def claim(self, drop: str, drop_id: int) -> str:
        return _fill(self.claim_url, drop, drop_id)

    def verify(self, drop: str, drop_id: int) -> str:
        return _fill(self.verify_url, drop, drop_id) if self.verify_url else ""


def _fill(template: str, drop: str, drop_id: int) -> str:
    # str.replace rather than str.format: a stray brace in the config cannot raise or leak.
    name = quote(drop, safe="")
    return template.replace("{drop}", name).replace("{drop_id}", str(drop_id))


def render(message: OutboxMessage, links: Links, community: str = "") -> list[str]:
    """The chat texts for `message`, in `community`'s words; [] when nothing is to be said in
    Twitch chat. `NoticeError` if the row is not a notice this release can read."""
    return render_notice(notice_of(message), message.drop_id, links, community)


def render_notice(
    notice: Notice, drop_id: int, links: Links, community: str = "", emoji: str = ""
) -> list[str]:
    """The chat texts for `notice` of drop `drop_id` in `community`'s words, with its `emoji`
    (from the config) where the catalog places it; [] when nothing is said in Twitch chat."""
    say = ChatSay(community, emoji)
    return [clip(neutral_start(t)) for t in _texts(say, notice, drop_id, links) if t]


def _texts(say: ChatSay, notice: Notice, drop_id: int, links: Links) -> list[str]:
    match notice:
        case Scheduled():
            return _scheduled(say, notice, drop_id, links)
        case Opened() | OpenedEarly():  # early: a drop created straight into early access
            return _opened(say, notice, drop_id, links)
        case OpenToEveryone():
            return _public(say, notice, drop_id, links)
        case ClosingSoon():
            return _closing(say, notice)
        case Closed():
            return _closed(say, notice)
        case Drawn():
            return _drawn(say, notice, drop_id, links)
        case Won():
            # Discord winners get their code from the Discord adapter; winners of the draw
            # were mentioned by the `drawn` message.
            return _render_won(say, drop_id, [notice], links)
        case Rerolled():
            return rerolled_lines(say, [notice])
        case Cancelled():
            title = _title(notice.title, notice.drop)
            if reason := plain(notice.reason, 200):
                return [say("twitch-cancelled-because", title=title, reason=reason)]
            return [say("twitch-cancelled", title=title)]
        case Extended():
            return [extended_line(say, notice)]
        case Paused():
            return [paused_line(say, notice)]
        case Settled():
            return [say("twitch-settled", title=_title(notice.title, notice.drop))]
        case Summary():
            figures = notice.figures
            return [conversion_line(say, figures, links.verify(figures.drop, drop_id))]
        case SummaryLine():
            line = plain(notice.text)  # a summary already in words
            return [line] if line else []
        case BeaconWaiting():
            return [beacon_waiting_text(say, notice)]
        case SeasonSummary():
            return [season_line(say, notice)]
        case _:
            assert_never(notice)


def ends_entries(notice: Notice) -> bool:
    """Whether `notice`'s line ends its drop's entries: the drop's waiting acks (`acks`) must
    be said before it, and later ones are dropped."""
    match notice:
        case Closed() | Drawn() | Cancelled() | Settled():
            return True
        case (
            Scheduled()
            | Opened()
            | OpenedEarly()
            | OpenToEveryone()
            | ClosingSoon()
            | Extended()
            | Paused()
            | Won()
            | Rerolled()
            | BeaconWaiting()
            | Summary()
            | SummaryLine()
            | SeasonSummary()
        ):
            return False
        case _:
            assert_never(notice)


def _read(message: OutboxMessage, kind: type[_N]) -> _N | None:
    """The `kind` notice of `message`; None for any other row, or one that cannot be read
    (which `render`, saying it alone, reports)."""
    if message.kind != NOTICE_KINDS[kind]:
        return None
    try:
        notice = notice_of(message)
    except NoticeError:
        return None
    return notice if isinstance(notice, kind) else None


def mentions_alone(message: OutboxMessage) -> bool:
    """True for a `won` message that @mentions its winner (rather than the `drawn` message)."""
    won = _read(message, Won)
    return won is not None and _mentions_alone(won)


def _mentions_alone(won: Won) -> bool:
    return won.platform == TWITCH and won.via != "draw"


def is_reroll(message: OutboxMessage) -> bool:
    """True for a readable `reroll` message: consecutive ones of a drop are said in one line."""
    return _read(message, Rerolled) is not None


def render_won(messages: Sequence[OutboxMessage], links: Links, community: str = "") -> list[str]:
    """One batched text (or several, past 500 characters) for consecutive `won` messages of one
    drop: `Drop <title>: you won! Get your code at <link> by HH:MM UTC: @a (#1) @b (#2)`.

    Messages that do not mention their winner alone (see `mentions_alone`) are left out.
    """
    mine = [(m.drop_id, w) for m in messages if (w := _read(m, Won)) is not None]
    mine = [(drop_id, w) for drop_id, w in mine if _mentions_alone(w)]
    if not mine:
        return []
    return _render_won(ChatSay(community), mine[0][0], [w for _, w in mine], links)


def render_rerolls(messages: Sequence[OutboxMessage], community: str = "") -> list[str]:
    """One line for consecutive `reroll` messages of one drop: `Drop <title>: #3, #5 and #7
    were not claimed in time and pass to the next entrants in line.`"""
    rerolls = [r for m in messages if (r := _read(m, Rerolled)) is not None]
    if not rerolls:
        return []
    return [clip(neutral_start(t)) for t in rerolled_lines(ChatSay(community), rerolls)]


def _render_won(say: ChatSay, drop_id: int, notices: Sequence[Won], links: Links) -> list[str]:
    mine = [w for w in notices if _mentions_alone(w)]
    if not mine:
        return []
    first = mine[0]
    title = _title(first.title, first.drop)
    link = Verbatim(links.claim(first.drop, drop_id))
    deadlines = [w.claim_deadline for w in mine if w.claim_deadline is not None]
    if deadlines:
        prefix = say("twitch-won", title=title, link=link, deadline=say.time(min(deadlines)))
    else:
        prefix = say("twitch-won-sometime", title=title, link=link)
    parts = []
    nameless = 0
    for w in mine:
        login = mentionable(w.display_name)
        if login is None:
            nameless += 1
            continue
        parts.append(f"@{login} (#{w.serial})" if w.serial else f"@{login}")
    if nameless:
        parts.append(say("twitch-won-nameless", winners=nameless))
    return [clip(t) for t in pack(prefix, parts)]


# --- one renderer per notice ----------------------------------------------------------------


def _terms(say: ChatSay, supply: int | None, mode: str) -> Verbatim:
    return Verbatim(say("twitch-drop-terms", units=supply or 0, mode=_mode(mode)))


def _enter(say: ChatSay, closes: Verbatim, keyword: str = "") -> str:
    # A drop's own keyword is the word to type (!claim works too); it is checked as the drop
    # is made (`bot.drops.keywords`: `!` and ASCII letters, digits, - or _), so it goes in as
    # it is.
    command = Verbatim(keyword or CLAIM_COMMAND)
    if closes:
        return say("twitch-enter-until", command=command, closes=closes)
    return say("twitch-enter", command=command)


def _opened(say: ChatSay, n: Opened | OpenedEarly, drop_id: int, links: Links) -> list[str]:
    title = _title(n.title, n.drop)
    terms = _terms(say, n.supply, n.mode)
    head = [say("twitch-opened", emoji=say.emoji, title=title, terms=terms)]
    head.append(_enter(say, say.time(n.closes_at), n.keyword))
    tiers = _tiers(say, n.tiers)
    if tiers:
        head.append(say("twitch-tiers", tiers=Verbatim(clip("; ".join(tiers), MAX_SUMMARY))))
    head.append(_commitment(say, n, links.verify(n.drop, drop_id)))
    return pack("", head)


def _scheduled(say: ChatSay, n: Scheduled, drop_id: int, links: Links) -> list[str]:
    starts = say.time(n.starts_at)
    title, terms = _title(n.title, n.drop), _terms(say, n.supply, n.mode)
    if starts:
        scheduled = say("twitch-scheduled", title=title, starts=starts, terms=terms)
    else:
        scheduled = say("twitch-scheduled-sometime", title=title, terms=terms)
    return pack("", [scheduled, _commitment(say, n, links.verify(n.drop, drop_id))])


def _public(say: ChatSay, n: OpenToEveryone, drop_id: int, links: Links) -> list[str]:
    title = _title(n.title, n.drop)
    parts = [
        say(
            "twitch-open-to-everyone",
            emoji=say.emoji,
            title=title,
            terms=_terms(say, n.supply, n.mode),
        ),
        _enter(say, say.time(n.closes_at), n.keyword),
        _commitment(say, n, links.verify(n.drop, drop_id)),
    ]
    return pack("", parts)


def _closing(say: ChatSay, n: ClosingSoon) -> list[str]:
    closes = say.time(n.closes_at)
    title, command = _title(n.title, n.drop), Verbatim(n.keyword or CLAIM_COMMAND)
    if closes:
        return [say("twitch-closing-at", title=title, closes=closes, command=command)]
    return [say("twitch-closing-soon", title=title, command=command)]


def _closed(say: ChatSay, n: Closed) -> list[str]:
    parts = [say("twitch-closed", title=_title(n.title, n.drop))]
    if n.entrants is not None:
        parts.append(say("twitch-closed-entrants", entrants=n.entrants))
    if n.entry_hash and n.mode == "fcfs":
        parts.append(say("twitch-closed-arrivals", hash=_hex(n.entry_hash)))
    elif n.entry_hash:
        parts.append(say("twitch-closed-frozen", hash=_hex(n.entry_hash)))
    return pack("", parts)


def _drawn(say: ChatSay, n: Drawn, drop_id: int, links: Links) -> list[str]:
    title = _title(n.title, n.drop)
    winners = n.winners
    on_twitch = [w for w, pl in zip(winners, n.winner_platforms, strict=False) if pl == TWITCH]
    elsewhere = len(winners) - len(on_twitch)
    head = [say("twitch-drawn", title=title, winners=len(winners), entrants=n.entrants or 0)]
    if n.guaranteed:
        head.append(say("twitch-drawn-guaranteed", units=len(n.guaranteed)))
    mentions = batch_mentions(say("twitch-drawn-winners", title=title), on_twitch)
    nameless = unmentionable(on_twitch)
    tail = []
    if nameless:
        tail.append(say("twitch-drawn-nameless", winners=nameless))
    if elsewhere:
        tail.append(say("twitch-drawn-on-discord", winners=elsewhere))
    if on_twitch:
        tail.append(say("twitch-drawn-claim", link=Verbatim(links.claim(n.drop, drop_id))))
    tail.append(_reveal(say, n, links.verify(n.drop, drop_id)))
    if len(mentions) <= 1:  # a small draw: as few messages as the parts fit in
        return pack("", [*head, *mentions, *tail])
    return pack("", head) + mentions + pack("", tail)


# --- fields as chat shows them --------------------------------------------------------------


def _title(title: str, drop: str) -> str:
    """What chat calls the drop: its title, or its name when it has none (typed: escaped by
    the catalog)."""
    return title or drop


def _hex(hex_text: str) -> Verbatim:
    """A commitment, seed or entry hash in full (64 hex digits: anyone can check it)."""
    return Verbatim(plain(hex_text))


def _mode(mode: str) -> str:
    return "fcfs" if mode == "fcfs" else "draw"


def _tiers(say: ChatSay, tiers: Sequence[TierOpening]) -> list[str]:
    described = []
    for tier in tiers:
        if tier.rule is not None:  # said in the community's language; else the stored words
            who = say_rule(tier.rule, TWITCH_VOICE, say.community)
        else:
            who = Verbatim(plain(tier.who or tier.name, 120))
        opens = say.time(tier.opens_at)
        if who:
            described.append(say("twitch-tier-from", who=who, opens=opens) if opens else who)
    return described


def _commitment(say: ChatSay, n: DropNews, verify_url: str) -> str:
    if not n.commitment:
        return ""
    values: dict[str, str | int] = {"commitment": _hex(n.commitment)}
    message = "twitch-commitment"
    if n.beacon_round is not None:
        message, values["round"] = "twitch-commitment-round", Verbatim(str(n.beacon_round))
    if verify_url:
        return say(message, link=Verbatim(verify_url), **values)
    return say(f"{message}-cli", **values)


def beacon_waiting_text(say: ChatSay, n: BeaconWaiting) -> str:
    """What chat is told while a draw waits for its drand round."""
    values: dict[str, str | int] = {
        "title": _title(n.title, n.drop),
        "round": Verbatim(str(n.round)),
    }
    if n.policy == "draw-without":
        return say("twitch-beacon-waiting-draw-without", wait=Verbatim(f"{n.max_wait}s"), **values)
    return say("twitch-beacon-waiting", **values)


def _reveal(say: ChatSay, n: Drawn, verify_url: str) -> str:
    bits = []
    if n.seed:
        bits.append(say("twitch-reveal-seed", hash=_hex(n.seed)))
    if n.commitment:
        bits.append(say("twitch-reveal-commitment", hash=_hex(n.commitment)))
    if n.entry_hash:
        bits.append(say("twitch-reveal-entry-list", hash=_hex(n.entry_hash)))
    if not bits:
        return ""
    hashes = Verbatim(", ".join(bits))
    if verify_url:
        return say("twitch-reveal", hashes=hashes, link=Verbatim(verify_url))
    return say("twitch-reveal-cli", hashes=hashes)
