"""What the bot says in Twitch chat for each outbox message: pure, no platform import.

`render` turns one `OutboxMessage` into chat texts, each at most 500 characters, each starting
with our own words (never with a name or a title), with every fan-controlled name passed through
`chat_text`. What is never said:

- a code or a token: payloads carry none, and Twitch winners fetch theirs from the claim page;
- the seed before the draw: only the `drawn` message reads it, and the core reveals it only then;
- an @ in front of a name whose platform is not Twitch (it would ping a stranger).

Who is @mentioned where:

- `drawn` mentions every Twitch winner of the draw (batched) with the claim link, so `won`
  messages of the draw (`via` "draw") say nothing more in chat;
- `won` messages of a first-come claim, a guaranteed unit or a reroll mention their Twitch winner;
  consecutive ones can be rendered together with `render_won` (one batched text, not one each);
- `won` messages of Discord winners render to nothing here: the Discord adapter delivers those.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote

from bot.drops.model import OutboxMessage
from bot.drops.summary import ConversionSummary
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

log = logging.getLogger(__name__)

CLAIM_COMMAND = "!claim"
SHORT_HASH = 16  # hex characters of a commitment, seed or entry hash shown in chat
MAX_TITLE = 80
MAX_SUMMARY = 450  # one line with room to spare under Twitch's 500
TWITCH = "twitch"


@dataclass(frozen=True, slots=True)
class Links:
    """Where fans are sent. `{drop}` (the drop's name) and `{drop_id}` are filled in.

    `claim_url` is the claim page where a Twitch winner logs in and gets the code;
    `verify_url` the drop's transparency page (empty: point at `fairdrop verify-draw`).
    """

    claim_url: str
    verify_url: str = ""

    def claim(self, message: OutboxMessage) -> str:
        return _fill(self.claim_url, message)

    def verify(self, message: OutboxMessage) -> str:
        return _fill(self.verify_url, message) if self.verify_url else ""


def _fill(template: str, message: OutboxMessage) -> str:
    # str.replace rather than str.format: a stray brace in the config cannot raise or leak.
    name = quote(_text(message.payload, "drop"), safe="")
    return template.replace("{drop}", name).replace("{drop_id}", str(message.drop_id))


def render(message: OutboxMessage, links: Links) -> list[str]:
    """The chat texts for `message`; [] when nothing is to be said in Twitch chat."""
    renderer = _RENDERERS.get(message.kind)
    if renderer is None:
        log.warning("no Twitch text for outbox kind %r (message %s)", message.kind, message.id)
        return []
    return [clip(neutral_start(t)) for t in renderer(message, links) if t]


def is_twitch_winner(message: OutboxMessage) -> bool:
    return message.kind == "won" and _text(message.payload, "platform") == TWITCH


def mentions_alone(message: OutboxMessage) -> bool:
    """True for a `won` message that @mentions its winner (rather than the `drawn` message)."""
    return is_twitch_winner(message) and _text(message.payload, "via") != "draw"


def render_won(messages: Sequence[OutboxMessage], links: Links) -> list[str]:
    """One batched text (or several, past 500 characters) for consecutive `won` messages of one
    drop: `Drop <title>: you won! Get your code at <link> by HH:MM UTC: @a (#1) @b (#2)`.

    Messages that do not mention their winner alone (see `mentions_alone`) are left out.
    """
    mine = [m for m in messages if mentions_alone(m)]
    if not mine:
        return []
    first = mine[0]
    title = _title(first.payload)
    deadlines = [d for m in mine if (d := _time(m.payload, "claim_deadline"))]
    by = f" by {min(deadlines)}" if deadlines else ""
    prefix = f"Drop {title}: you won! Get your code at {links.claim(first)}{by}:"
    parts = []
    nameless = 0
    for m in mine:
        login = mentionable(_text(m.payload, "display_name"))
        serial = _int(m.payload, "serial")
        if login is None:
            nameless += 1
            continue
        parts.append(f"@{login} (#{serial})" if serial else f"@{login}")
    if nameless:
        parts.append(f"and {_count(nameless, 'winner')} whose name cannot be shown")
    return [clip(t) for t in pack(prefix, parts)]


# --- one renderer per kind ------------------------------------------------------------------


def _opened(message: OutboxMessage, links: Links) -> list[str]:
    p = message.payload
    title = _title(p)
    head = [f"Drop open: {title}! {_supply(p)}, {_mode(p)}."]
    closes = _time(p, "closes_at")
    head.append(f"Type {CLAIM_COMMAND} to enter" + (f" until {closes}." if closes else "."))
    tiers = _tiers(p)
    if tiers:
        head.append("Who can enter when: " + "; ".join(tiers) + ".")
    head.append(_commitment(message, links))
    return pack("", head)


def _scheduled(message: OutboxMessage, links: Links) -> list[str]:
    p = message.payload
    starts = _time(p, "starts_at")
    when = f" for {starts}" if starts else ""
    scheduled = f"Drop {_title(p)} is scheduled{when}: {_supply(p)}, {_mode(p)}."
    return pack("", [scheduled, _commitment(message, links)])


def _public(message: OutboxMessage, links: Links) -> list[str]:
    p = message.payload
    closes = _time(p, "closes_at")
    parts = [
        f"Drop {_title(p)} is now open to everyone! {_supply(p)}, {_mode(p)}.",
        f"Type {CLAIM_COMMAND} to enter" + (f" until {closes}." if closes else "."),
        _commitment(message, links),
    ]
    return pack("", parts)


def _closing(message: OutboxMessage, links: Links) -> list[str]:
    p = message.payload
    closes = _time(p, "closes_at")
    when = f"at {closes}" if closes else "soon"
    return [f"Drop {_title(p)} closes {when}: type {CLAIM_COMMAND} now to enter."]


def _closed(message: OutboxMessage, links: Links) -> list[str]:
    p = message.payload
    parts = [f"Drop {_title(p)} is closed: no more entries."]
    entrants = _int(p, "entrants")
    if entrants is not None:
        parts.append(f"{_count(entrants, 'entrant')}.")
    entry_hash = _text(p, "entry_hash")
    if entry_hash:
        parts.append(f"Entry list frozen, hash {_short(entry_hash)}; the draw follows.")
    return pack("", parts)


def _drawn(message: OutboxMessage, links: Links) -> list[str]:
    p = message.payload
    title = _title(p)
    winners = _strings(p, "winners")
    platforms = _strings(p, "winner_platforms")
    guaranteed = _strings(p, "guaranteed")
    entrants = _int(p, "entrants") or 0
    on_twitch = [w for w, pl in zip(winners, platforms, strict=False) if pl == TWITCH]
    elsewhere = len(winners) - len(on_twitch)
    drawn = f"{_count(len(winners), 'winner')} from {_count(entrants, 'entrant')}"
    head = [f"Drop {title} is drawn: {drawn}."]
    if guaranteed:
        head.append(f"{_count(len(guaranteed), 'unit')} went to guaranteed lists first.")
    mentions = batch_mentions(f"Winners of {title}:", on_twitch)
    nameless = unmentionable(on_twitch)
    tail = []
    if nameless:
        tail.append(f"Plus {_count(nameless, 'Twitch winner')} whose name cannot be shown.")
    if elsewhere:
        tail.append(f"{_count(elsewhere, 'winner')} on Discord get their code there.")
    if on_twitch:
        tail.append(f"Winners: log in at {links.claim(message)} to get your code.")
    tail.append(_reveal(message, links))
    if len(mentions) <= 1:  # a small draw: as few messages as the parts fit in
        return pack("", [*head, *mentions, *tail])
    return pack("", head) + mentions + pack("", tail)


def _won(message: OutboxMessage, links: Links) -> list[str]:
    # Discord winners get their code from the Discord adapter; winners of the draw were
    # mentioned by the `drawn` message.
    return render_won([message], links)


def _reroll(message: OutboxMessage, links: Links) -> list[str]:
    p = message.payload
    serial = _int(p, "serial")
    unit = f"#{serial}" if serial else "A unit"
    # The successor's platform is unknown here: no name, no mention. Their `won` message
    # (via "reroll") mentions them if they are on Twitch.
    if p.get("to"):
        after = "passes to the next entrant in line."
    else:
        after = "has nobody left in line to pass to."
    return [f"Drop {_title(p)}: {unit} was not claimed in time and {after}"]


def _cancelled(message: OutboxMessage, links: Links) -> list[str]:
    p = message.payload
    reason = plain(_text(p, "reason"), 200)
    because = f" ({reason})" if reason else ""
    return [f"Drop {_title(p)} was cancelled{because}. Any codes issued for it are void."]


def _settled(message: OutboxMessage, links: Links) -> list[str]:
    p = message.payload
    return [f"Drop {_title(p)} is settled: every unit is claimed or passed on. Thanks, everyone!"]


def _summary(message: OutboxMessage, links: Links) -> list[str]:
    p = message.payload
    try:
        figures = ConversionSummary.from_payload(p)
    except ValueError:
        line = plain(_text(p, "text") or _text(p, "line"))  # a summary already in words
        return [line] if line else []
    return [summary_line(figures, links.verify(message))]


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


_RENDERERS = {
    "scheduled": _scheduled,
    "opened": _opened,
    "early": _opened,  # a drop created straight into its early-access phase
    "public": _public,
    "closing": _closing,
    "closed": _closed,
    "drawn": _drawn,
    "won": _won,
    "reroll": _reroll,
    "cancelled": _cancelled,
    "settled": _settled,
    "summary": _summary,
}

KINDS = frozenset(_RENDERERS)


# --- payload reading: tolerant, since payloads come back from JSON --------------------------


def _text(payload: dict[str, object], key: str) -> str:
    value = payload.get(key)
    return value if isinstance(value, str) else ""


def _int(payload: dict[str, object], key: str) -> int | None:
    value = payload.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _strings(payload: dict[str, object], key: str) -> list[str]:
    value = payload.get(key)
    if not isinstance(value, list):
        return []
    return [v if isinstance(v, str) else "" for v in value]


def _time(payload: dict[str, object], key: str) -> str:
    """An ISO time from the payload as `HH:MM UTC`; "" if absent or unreadable."""
    return hhmm(_text(payload, key))


def hhmm(iso: str) -> str:
    if not iso:
        return ""
    try:
        at = datetime.fromisoformat(iso)
    except ValueError:
        return ""
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return at.astimezone(UTC).strftime("%H:%M UTC")


def _title(payload: dict[str, object]) -> str:
    title = plain(_text(payload, "title") or _text(payload, "drop"), MAX_TITLE)
    return f'"{title}"' if title else "(untitled)"


def _short(hex_text: str) -> str:
    hex_text = plain(hex_text)
    return hex_text[:SHORT_HASH] + ("…" if len(hex_text) > SHORT_HASH else "")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _many(n: int, noun: str) -> str:
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def _supply(payload: dict[str, object]) -> str:
    supply = _int(payload, "supply")
    return _count(supply, "unit") if supply is not None else "limited supply"


def _mode(payload: dict[str, object]) -> str:
    if _text(payload, "mode") == "fcfs":
        return "first come, first served"
    return "winners drawn at close"


def _tiers(payload: dict[str, object]) -> list[str]:
    tiers = payload.get("tiers")
    if not isinstance(tiers, list):
        return []
    described = []
    for tier in tiers:
        if not isinstance(tier, dict):
            continue
        who = plain(str(tier.get("who") or tier.get("name") or ""), 120)
        opens_at = tier.get("opens_at")
        opens = hhmm(opens_at) if isinstance(opens_at, str) else ""
        if who:
            described.append(f"{who} from {opens}" if opens else who)
    return described


def _commitment(message: OutboxMessage, links: Links) -> str:
    commitment = _text(message.payload, "commitment")
    if not commitment:
        return ""
    where = links.verify(message)
    check = f"check it at {where}" if where else "check it with fairdrop verify-draw"
    return f"Fair draw: seed committed as {_short(commitment)}, revealed after the draw; {check}."


def _reveal(message: OutboxMessage, links: Links) -> str:
    p = message.payload
    seed, commitment = _text(p, "seed"), _text(p, "commitment")
    entry_hash = _text(p, "entry_hash")
    bits = []
    if seed:
        bits.append(f"seed {_short(seed)}")
    if commitment:
        bits.append(f"commitment {_short(commitment)}")
    if entry_hash:
        bits.append(f"entry list {_short(entry_hash)}")
    if not bits:
        return ""
    where = links.verify(message)
    check = f"verify at {where}" if where else "verify with fairdrop verify-draw"
    return "Fair draw: " + ", ".join(bits) + f"; {check}."
