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
from datetime import UTC, datetime
from typing import assert_never
from urllib.parse import quote

from bot.drops.figures import ConversionSummary
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
    Settled,
    Summary,
    SummaryLine,
    TierOpening,
    Won,
    notice_of,
)
from bot.reports.numbers import after_close, duration, money, percent
from bot.twitch.chat_text import (
    batch_mentions,
    clip,
    mentionable,
    neutral_start,
    pack,
    plain,
    unmentionable,
)

CLAIM_COMMAND = "!claim"
MAX_TITLE = 80
MAX_SUMMARY = 450  # one line with room to spare under Twitch's 500
TWITCH = "twitch"
KINDS = frozenset(NOTICE_KINDS.values())  # every outbox kind: each has its text here


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


def render(message: OutboxMessage, links: Links) -> list[str]:
    """The chat texts for `message`; [] when nothing is to be said in Twitch chat.
    `NoticeError` if the row is not a notice this release can read."""
    return render_notice(notice_of(message), message.drop_id, links)


def render_notice(notice: Notice, drop_id: int, links: Links) -> list[str]:
    """The chat texts for `notice` of drop `drop_id`; [] when nothing is said in Twitch chat."""
    return [clip(neutral_start(t)) for t in _texts(notice, drop_id, links) if t]


def _texts(notice: Notice, drop_id: int, links: Links) -> list[str]:
    match notice:
        case Scheduled():
            return _scheduled(notice, drop_id, links)
        case Opened() | OpenedEarly():  # early: a drop created straight into early access
            return _opened(notice, drop_id, links)
        case OpenToEveryone():
            return _public(notice, drop_id, links)
        case ClosingSoon():
            return _closing(notice)
        case Closed():
            return _closed(notice)
        case Drawn():
            return _drawn(notice, drop_id, links)
        case Won():
            # Discord winners get their code from the Discord adapter; winners of the draw
            # were mentioned by the `drawn` message.
            return _render_won(drop_id, [notice], links)
        case Rerolled():
            return _reroll(notice)
        case Cancelled():
            reason = plain(notice.reason, 200)
            because = f" ({reason})" if reason else ""
            title = _title(notice.title, notice.drop)
            return [f"Drop {title} was cancelled{because}. Any codes issued for it are void."]
        case Extended():
            return [_extended(notice)]
        case Paused():
            return [_paused(notice)]
        case Settled():
            title = _title(notice.title, notice.drop)
            return [
                f"Drop {title} is settled: every unit is claimed or passed on. Thanks, everyone!"
            ]
        case Summary():
            figures = notice.figures
            return [summary_line(figures, links.verify(figures.drop, drop_id))]
        case SummaryLine():
            line = plain(notice.text)  # a summary already in words
            return [line] if line else []
        case BeaconWaiting():
            return [beacon_waiting_text(notice)]
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
        ):
            return False
        case _:
            assert_never(notice)


def _won(message: OutboxMessage) -> Won | None:
    """The `Won` notice of `message`; None for any other row, or one that cannot be read (which
    `render`, saying it alone, reports)."""
    if message.kind != NOTICE_KINDS[Won]:
        return None
    try:
        notice = notice_of(message)
    except NoticeError:
        return None
    return notice if isinstance(notice, Won) else None


def mentions_alone(message: OutboxMessage) -> bool:
    """True for a `won` message that @mentions its winner (rather than the `drawn` message)."""
    won = _won(message)
    return won is not None and _mentions_alone(won)


def _mentions_alone(won: Won) -> bool:
    return won.platform == TWITCH and won.via != "draw"


def render_won(messages: Sequence[OutboxMessage], links: Links) -> list[str]:
    """One batched text (or several, past 500 characters) for consecutive `won` messages of one
    drop: `Drop <title>: you won! Get your code at <link> by HH:MM UTC: @a (#1) @b (#2)`.

    Messages that do not mention their winner alone (see `mentions_alone`) are left out.
    """
    mine = [(m.drop_id, w) for m in messages if (w := _won(m)) is not None and _mentions_alone(w)]
    if not mine:
        return []
    return _render_won(mine[0][0], [w for _, w in mine], links)


def _render_won(drop_id: int, notices: Sequence[Won], links: Links) -> list[str]:
    mine = [w for w in notices if _mentions_alone(w)]
    if not mine:
        return []
    first = mine[0]
    title = _title(first.title, first.drop)
    deadlines = [d for w in mine if (d := _hhmm(w.claim_deadline))]
    by = f" by {min(deadlines)}" if deadlines else ""
    prefix = f"Drop {title}: you won! Get your code at {links.claim(first.drop, drop_id)}{by}:"
    parts = []
    nameless = 0
    for w in mine:
        login = mentionable(w.display_name)
        if login is None:
            nameless += 1
            continue
        parts.append(f"@{login} (#{w.serial})" if w.serial else f"@{login}")
    if nameless:
        parts.append(f"and {_count(nameless, 'winner')} whose name cannot be shown")
    return [clip(t) for t in pack(prefix, parts)]


# --- one renderer per notice ----------------------------------------------------------------


def _opened(n: Opened | OpenedEarly, drop_id: int, links: Links) -> list[str]:
    head = [f"Drop open: {_title(n.title, n.drop)}! {_supply(n.supply)}, {_mode(n.mode)}."]
    closes = _hhmm(n.closes_at)
    head.append(f"Type {CLAIM_COMMAND} to enter" + (f" until {closes}." if closes else "."))
    tiers = _tiers(n.tiers)
    if tiers:
        head.append("Who can enter when: " + "; ".join(tiers) + ".")
    head.append(_commitment(n, links.verify(n.drop, drop_id)))
    return pack("", head)


def _scheduled(n: Scheduled, drop_id: int, links: Links) -> list[str]:
    starts = _hhmm(n.starts_at)
    when = f" for {starts}" if starts else ""
    title = _title(n.title, n.drop)
    scheduled = f"Drop {title} is scheduled{when}: {_supply(n.supply)}, {_mode(n.mode)}."
    return pack("", [scheduled, _commitment(n, links.verify(n.drop, drop_id))])


def _public(n: OpenToEveryone, drop_id: int, links: Links) -> list[str]:
    closes = _hhmm(n.closes_at)
    title = _title(n.title, n.drop)
    parts = [
        f"Drop {title} is now open to everyone! {_supply(n.supply)}, {_mode(n.mode)}.",
        f"Type {CLAIM_COMMAND} to enter" + (f" until {closes}." if closes else "."),
        _commitment(n, links.verify(n.drop, drop_id)),
    ]
    return pack("", parts)


def _closing(n: ClosingSoon) -> list[str]:
    closes = _hhmm(n.closes_at)
    when = f"at {closes}" if closes else "soon"
    return [f"Drop {_title(n.title, n.drop)} closes {when}: type {CLAIM_COMMAND} now to enter."]


def _closed(n: Closed) -> list[str]:
    parts = [f"Drop {_title(n.title, n.drop)} is closed: no more entries."]
    if n.entrants is not None:
        parts.append(f"{_count(n.entrants, 'entrant')}.")
    if n.entry_hash and n.mode == "fcfs":
        parts.append(f"Arrivals recorded, chain head {n.entry_hash}; units went in order.")
    elif n.entry_hash:
        parts.append(f"Entry list frozen, hash {n.entry_hash}; the draw follows.")
    return pack("", parts)


def _drawn(n: Drawn, drop_id: int, links: Links) -> list[str]:
    title = _title(n.title, n.drop)
    winners = n.winners
    on_twitch = [w for w, pl in zip(winners, n.winner_platforms, strict=False) if pl == TWITCH]
    elsewhere = len(winners) - len(on_twitch)
    drawn = f"{_count(len(winners), 'winner')} from {_count(n.entrants or 0, 'entrant')}"
    head = [f"Drop {title} is drawn: {drawn}."]
    if n.guaranteed:
        head.append(f"{_count(len(n.guaranteed), 'unit')} went to guaranteed lists first.")
    mentions = batch_mentions(f"Winners of {title}:", on_twitch)
    nameless = unmentionable(on_twitch)
    tail = []
    if nameless:
        tail.append(f"Plus {_count(nameless, 'Twitch winner')} whose name cannot be shown.")
    if elsewhere:
        tail.append(f"{_count(elsewhere, 'winner')} on Discord get their code there.")
    if on_twitch:
        tail.append(f"Winners: log in at {links.claim(n.drop, drop_id)} to get your code.")
    tail.append(_reveal(n, links.verify(n.drop, drop_id)))
    if len(mentions) <= 1:  # a small draw: as few messages as the parts fit in
        return pack("", [*head, *mentions, *tail])
    return pack("", head) + mentions + pack("", tail)


def _reroll(n: Rerolled) -> list[str]:
    unit = f"#{n.serial}" if n.serial else "A unit"
    # The successor's platform is unknown here: no name, no mention. Their `won` message
    # (via "reroll") mentions them if they are on Twitch.
    if n.passed_to:
        after = "passes to the next entrant in line."
    else:
        after = "has nobody left in line to pass to."
    if n.disqualified:
        # The reason is a moderator's free text: `plain` keeps it to words on one line.
        why = f" ({plain(n.reason, 120)})" if n.reason.strip() else ""
        return [
            f"Drop {_title('', n.drop)}: the winner of {unit} was disqualified by a moderator"
            f"{why} and it {after}"
        ]
    return [f"Drop {_title('', n.drop)}: {unit} was not claimed in time and {after}"]


def _extended(n: Extended) -> str:
    title = _title(n.title, n.drop)
    moved = "extended" if (n.seconds or 0) >= 0 else "shortened"
    by = f" by {duration(abs(n.seconds))}" if n.seconds else ""
    until = f"; entries now close at {_hhmm(n.closes_at)}" if n.closes_at else ""
    return f"Drop {title}: a moderator {moved} the entry window{by}{until}."


def _paused(n: Paused) -> str:
    title = _title(n.title, n.drop)
    if n.paused:
        return f"Drop {title} is paused by a moderator: no entries until it resumes."
    until = f"; entries close at {_hhmm(n.closes_at)}" if n.closes_at else ""
    return f"Drop {title} is running again: type !claim to enter{until}."


def summary_line(s: ConversionSummary, verify_url: str) -> str:
    """The summary in one chat line of at most `MAX_SUMMARY` characters: the headline figures
    and where to read the rest. Lesser figures are left out, last first, when it runs long."""
    head = f'Drop "{plain(s.title or s.drop, MAX_TITLE)}", {after_close(s.label)}:'
    entrants = _many(s.entrants, "entrant")
    if s.returning:
        entrants += f" ({s.new:,} new, {s.returning:,} back)"
    redeemed = f"{s.redeemed:,} redeemed"
    if s.redeemed_per_winner is not None:
        redeemed += f" ({percent(s.redeemed_per_winner)} of winners)"
    needed = [f"{entrants}, {_many(s.winners, 'winner')}, {redeemed}."]
    extra = [f"{s.delivered:,} told, {s.viewed:,} saw their code."]
    if s.median_claim_seconds is not None:
        extra.append(f"Median time to claim {duration(s.median_claim_seconds)}.")
    if s.median_redeem_seconds is not None:
        extra.append(f"Median time to redeem {duration(s.median_redeem_seconds)}.")
    if s.orders_with_value:
        extra.append(f"Orders worth {money(s.revenue_cents)}.")
    tail = (
        f"Full figures and the fair draw: {verify_url}"
        if verify_url
        else "Check the draw with fairdrop verify-draw."
    )
    while True:
        line = " ".join([head, *needed, *extra, tail])
        if len(line) <= MAX_SUMMARY or not extra:
            return clip(line, MAX_SUMMARY)
        extra.pop()


# --- fields as chat shows them --------------------------------------------------------------


def hhmm(iso: str) -> str:
    """An ISO time as `HH:MM UTC`; "" if empty or unreadable."""
    if not iso:
        return ""
    try:
        at = datetime.fromisoformat(iso)
    except ValueError:
        return ""
    return _hhmm(at)


def _hhmm(at: datetime | None) -> str:
    if at is None:
        return ""
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return at.astimezone(UTC).strftime("%H:%M UTC")


def _title(title: str, drop: str) -> str:
    shown = plain(title or drop, MAX_TITLE)
    return f'"{shown}"' if shown else "(untitled)"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _many(n: int, noun: str) -> str:
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def _supply(supply: int | None) -> str:
    return _count(supply, "unit") if supply is not None else "limited supply"


def _mode(mode: str) -> str:
    if mode == "fcfs":
        return "first come, first served"
    return "winners drawn at close"


def _tiers(tiers: Sequence[TierOpening]) -> list[str]:
    described = []
    for tier in tiers:
        who = plain(tier.who or tier.name, 120)
        opens = _hhmm(tier.opens_at)
        if who:
            described.append(f"{who} from {opens}" if opens else who)
    return described


def _commitment(n: DropNews, verify_url: str) -> str:
    if not n.commitment:
        return ""
    check = f"check it at {verify_url}" if verify_url else "check it with fairdrop verify-draw"
    if n.beacon_round is not None:
        return (
            f"Fair draw: commitment {n.commitment}, bound to drand round {n.beacon_round} "
            f"(public randomness published after the close); seed revealed after the draw; "
            f"{check}."
        )
    return f"Fair draw: commitment {n.commitment}, seed revealed after the draw; {check}."


def beacon_waiting_text(n: BeaconWaiting) -> str:
    """What chat (and Discord) are told while a draw waits for its drand round."""
    title = _title(n.title, n.drop)
    if n.policy == "draw-without":
        after = f"after {n.max_wait}s it draws without it (recorded in the transcript)"
    else:
        after = "it draws only once the round can be fetched"
    return (
        f"The draw of {title} waits for public randomness (drand round {n.round}), which "
        f"cannot be fetched yet; {after}."
    )


def _reveal(n: Drawn, verify_url: str) -> str:
    bits = []
    if n.seed:
        bits.append(f"seed {n.seed}")
    if n.commitment:
        bits.append(f"commitment {n.commitment}")
    if n.entry_hash:
        bits.append(f"entry list {n.entry_hash}")
    if not bits:
        return ""
    check = f"verify at {verify_url}" if verify_url else "verify with fairdrop verify-draw"
    return "Fair draw: " + ", ".join(bits) + f"; {check}."
