"""What each message variable holds, by name: typed text, a number, a choice or our own words.

`fairdrop messages list` shows it, `messages check` uses the longest value of each to find a
Twitch line that could run past 500 characters, and the escaping property test fills typed
variables with hostile text. A variable is named the same, and holds the same kind of value, in
every message that uses it (tests/messages/test_catalog.py checks that each has an entry here).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.drops.summary import REASON_KINDS

Kind = Literal["text", "number", "choice", "ours"]


@dataclass(frozen=True, slots=True)
class Variable:
    """`kind`: "text" is typed by someone (escaped for the platform, clipped to `longest`);
    "number" a count (plural rules pick the words); "choice" one of `choices` (a selector);
    "ours" fairdrop's own formatting (a time, a link, a mention), at most `longest` long."""

    kind: Kind
    about: str
    longest: int = 0
    choices: tuple[str, ...] = ()


TIME = Variable(
    "ours", "a time like 14:05 UTC, in the streamer's zone (Twitch), or a Discord timestamp", 24
)
MOMENT = Variable("ours", "a date and time like Nov 27, 2026 20:05 UTC", 36)
HASH = Variable("ours", "a commitment, seed or entry hash in full: 64 hex digits", 64)
LINK = Variable("ours", "a web address from the config", 200)
COUNT = Variable("number", "a count")

VARIABLES: dict[str, Variable] = {
    # Typed by a streamer, a moderator or a fan: made inert for the platform.
    "title": Variable("text", "the drop's title (its name when it has none)", 80),
    "name": Variable("text", "the drop's short name, as moderators type it", 40),
    "reason": Variable(
        "text", "why: a cancel or disqualification reason, or why someone cannot enter", 200
    ),
    "winner": Variable("text", "the display name of a winner a moderator disqualified", 40),
    "successor": Variable("text", "the display name of the next in line, given the unit", 40),
    "who": Variable("text", "who a tier is for, in words from the rules", 200),
    "role_name": Variable("text", "a Discord role's name, as the server calls it", 40),
    "typed": Variable("text", "what a moderator typed in a command that is not understood", 60),
    # Counts.
    "units": COUNT,
    "entrants": COUNT,
    "winners": COUNT,
    "more": COUNT,
    "count": COUNT,
    "supply": COUNT,
    "allocated": COUNT,
    "claimed": COUNT,
    "redeemed": COUNT,
    "waitlist": COUNT,
    "viewed": COUNT,
    "told": COUNT,
    "returning": COUNT,
    "new": COUNT,
    "expired": COUNT,
    "episodes": COUNT,
    "subscriptions": COUNT,
    # Choices.
    "mode": Variable("choice", "how units go", choices=("fcfs", "draw")),
    "phase": Variable(
        "choice",
        "the drop's state",
        choices=(
            "draft",
            "scheduled",
            "early",
            "public",
            "closed",
            "drawn",
            "settled",
            "cancelled",
        ),
    ),
    # fairdrop's own formatting.
    "link": LINK,
    "when": TIME,
    "until": TIME,
    "opens": TIME,
    "closes": TIME,
    "starts": TIME,
    "deadline": TIME,
    "command": Variable("ours", "the chat word to enter: !claim, or the drop's keyword", 25),
    "command_name": Variable("ours", "the drop's name inside a slash command", 40),
    "serial": Variable("ours", "a unit's number", 7),
    "id": Variable("ours", "the drop's number", 10),
    "code": Variable("ours", "a short code or link code to type", 24),
    "hash": HASH,
    "commitment": HASH,
    "seed": HASH,
    "entries": HASH,
    # "seed …, commitment …, entry list …" (twitch-reveal-*), each hash in full.
    "hashes": Variable("ours", "the draw's seed, commitment and entry list hashes", 223),
    "round": Variable("ours", "the drand round a lottery committed to", 12),
    "countdown": Variable("ours", "a countdown on the overlay, like 4:59 or 1:02:03", 9),
    "wait": Variable("ours", "how long a draw waits for its drand round (600s)", 12),
    "emoji": Variable(
        "ours", "the community's emoji and a space ([communities.NAME] emoji), or nothing", 60
    ),
    "terms": Variable("ours", "the supply and mode (twitch-drop-terms)", 48),
    "tiers": Variable("ours", "who can enter when, tier by tier", 450),
    "said": Variable("ours", "an acknowledgement's words (twitch-ack-*)", 160),
    "answer": Variable("ours", "the answer to a chatter, one line", 440),
    # Who a tier admits (tier-*): pieces of a rule already said, joined by the catalog's words.
    "left": Variable("ours", "a piece of a tier's rule, already said", 200),
    "right": Variable("ours", "a piece of a tier's rule, already said", 200),
    "ago": Variable("ours", "how long ago someone won, like 3 days ago (tier-ago)", 24),
    "age": Variable("ours", "a length of time a rule asks for, like 30d or 30 days", 24),
    "badge": Variable(
        "choice",
        "a Twitch chat badge",
        choices=("subscriber", "founder", "vip", "moderator", "broadcaster"),
    ),
    "usage": Variable("ours", "a chat command's usage line (twitch-usage-*)", 200),
    "mention": Variable("ours", "an @mention of a chatter", 26),
    "mentions": Variable("ours", "Discord mentions of winners", 1000),
    "drops": Variable("ours", "a Discord channel, shown by its name", 24),
    "summaries": Variable("ours", "a Discord channel, shown by its name", 24),
    "role": Variable("ours", "a Discord role, shown by its name (nobody is pinged)", 24),
    "share": Variable("ours", "a percentage", 5),
    "duration": Variable("ours", "a duration like 4m 10s", 12),
    "money": Variable("ours", "an amount of money", 16),
    "after": Variable("ours", "how long after the close (24 h after the close)", 32),
    "month": Variable("ours", "the month a season's summary covers, like May 2026", 24),
    "expected": Variable("ours", "how many the baseline expected, a number", 12),
    "rerolls": COUNT,
    "span": Variable("ours", "how long after the close, like 24 h", 12),
    "orders": COUNT,
    "moved": Variable(
        "choice", "which way a moderator moved the close", choices=("extended", "shortened")
    ),
    "step": Variable(
        "choice",
        "a step of the funnel",
        choices=("entrants", "eligible", "winners", "delivered", "viewed", "redeemed"),
    ),
    "reason_kind": Variable(
        "choice", "why people were kept or left out, counted in a summary", choices=REASON_KINDS
    ),
    "share_of_winners": Variable("ours", "a percentage", 5),
    "share_of_viewed": Variable("ours", "a percentage", 5),
    "entry_share": Variable("ours", "a tier's share of entries, a percentage", 5),
    "winner_share": Variable("ours", "a tier's share of winners, a percentage", 5),
    "tier": Variable("text", "a tier's name", 40),
    "list": Variable("text", "an allocation list's name", 40),
    "kind": Variable("ours", "a list's kind: early, guaranteed or deny", 10),
    "added": COUNT,
    "already": COUNT,
    "removed": COUNT,
    "members": COUNT,
    "as_of": MOMENT,
    "closed": MOMENT,
    "claim": Variable("ours", "a duration like 4m 10s", 12),
    "redeem": Variable("ours", "a duration like 4m 10s", 12),
    # The Enter reply's receipt.
    "pseudonym": Variable("ours", "the entrant's pseudonym in the transcript", 16),
    "weight": COUNT,
    "place": Variable("ours", "where the transcript lists an entrant, like waitlist[14]", 24),
    "standing": Variable("ours", "where an entry stands, in the receipt's own words", 120),
    # The season page's lift.
    "hours": COUNT,
    # Moderators' drop list, a member's history and the audit log.
    "part": Variable(
        "choice", "a part of the drop list", choices=("running", "upcoming", "recent")
    ),
    "listed": Variable("ours", "a part's drops, each by name and state", 1000),
    # A chat reply is clipped to 500 characters as a whole; a part says at most this much.
    "drops_line": Variable("ours", "a part's drops in one chat line, by name and state", 440),
    "every": Variable("ours", "a series' weekly day and time, like fri 20:00", 9),
    "next": Variable("ours", "when a series' next drop opens, like Fri 27 Nov 20:00 CET", 40),
    "series_line": Variable("ours", "running series in one line, each with its next time", 440),
    "member": Variable("ours", "a mention of a member (nobody is pinged)", 24),
    "what": Variable("ours", "what the member did in one drop (discord-history-*)", 600),
    "units_won": Variable("ours", "units won, like #3 redeemed, #9 expired", 400),
    "status": Variable("ours", "a unit's state: allocated, claimed, redeemed...", 12),
    "dates": Variable("ours", "Discord dates, comma separated", 400),
    "action": Variable("ours", "a moderator action: open, close, list-add...", 20),
    "about": Variable("ours", "the drop an action was about, after a space, or nothing", 41),
    "actor": Variable("text", "who did an action, by their platform name", 40),
    "platform": Variable("ours", "twitch, discord or cli", 7),
    "asked": Variable("ours", "an action's options in brackets, after a space, or nothing", 123),
    "result": Variable("text", "how an action went, or its refusal", 200),
    # The web pages (web-*) and the partner API (api-*).
    "login": Variable("ours", "the Twitch login of whoever is logged in, in bold", 60),
    "path": Variable("ours", "a page's address, as code", 60),
    "openapi": Variable("ours", "a link to the partner API's description", 120),
    "keys": Variable("ours", "a link to the public keys", 120),
    "field": Variable("text", "a JSON field a partner sent that the API does not know", 40),
    "code_state": Variable(
        "choice", "why a code cannot be used", choices=("redeemed", "expired", "revoked", "forged")
    ),
    "series": Variable("text", "a season's series name", 64),
    # The overlay's early-access words (overlay-who-*), put together by its page.
    "required": Variable("ours", "what a tier also requires, in overlay-who-* words", 200),
    "community": Variable("text", "a community's name", 64),
    "zone": Variable("ours", "a time zone like Europe/Madrid", 40),
    "line": Variable("ours", "the transparency page's line on the drand round", 160),
    # The engine's refusals (refusal-*): what was refused, as the engine names it.
    "rule": Variable("text", "a tier rule as someone wrote it, quoted", 200),
    "names": Variable("text", "tier names as a moderator wrote them, comma separated", 200),
    "allowed": Variable("ours", "what a setting allows instead, comma separated", 200),
    "doing": Variable(
        "choice",
        "what a moderator tried to do to a drop",
        choices=("schedule", "open", "close", "draw", "settle", "cancel"),
    ),
    "clock": Variable("ours", "a time of day in UTC, like 20:05", 5),
    "offset": Variable("ours", "how long after the start a tier opens, like 5m", 12),
    "window": Variable("ours", "how long a drop takes entries, like 10m", 12),
    "other_round": Variable("ours", "the drand round a draw was handed instead", 12),
    "key": Variable("ours", "the id of a signing key", 40),
    "file": Variable("text", "the name of a file a moderator attached", 100),
    # A CSV import's bad rows (refusal-import-*).
    "row": Variable("number", "the line of the file a bad row is on"),
    "first_row": Variable("number", "the line of the file an account was first named on"),
    "problem": Variable("ours", "what is wrong, a refusal already said (refusal-*)", 300),
    "error": Variable("text", "why Python's csv module cannot read the file, in its words", 200),
    "account": Variable("text", "an account as fairdrop keys it: twitch:<id> or discord:<id>", 28),
}
