"""What Twitch chat and Discord saw, in order: the whole of it to a file, a readable sample to
the terminal.

Fans' words are recorded as the demo makes them say things; the bot's words are read back from
the fakes afterwards (chat messages it sent, Discord posts, edits, DMs), so the transcript shows
what the platforms received, not what the bot meant to say. Codes are secrets even in a demo:
every short code is masked.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from bot.demo.timing import DemoClock, since_open
from bot.demo.world import Stage

if TYPE_CHECKING:
    from fakeplatforms.discord import FakeInteraction, FakeMessage

WIDTH = 150  # characters of a repeated line shown in the terminal; the file has it all
INDENT = " " * 34  # where a message's text starts
# A short code (its check symbol may be * ~ $ = U, which no \b can end on) or a signed token.
_CODE = re.compile(r"(?<![0-9A-Z])([0-9A-Z]{4})(?:-[0-9A-Z]{4}){3}-[0-9A-Z*~$=]")
_TOKEN = re.compile(r"v4\.public\.[A-Za-z0-9_\-.]+")
_USER_MENTION = re.compile(r"<@!?(\d+)>")


@dataclass(frozen=True, slots=True)
class Line:
    wall: datetime
    where: str  # "twitch", "discord #drops", "discord DM", "discord private"
    who: str
    text: str
    topic: str = ""  # lines of one topic repeat (a thousand "!claim"): the terminal shows a few
    budget: int = 0  # how many of the topic the terminal shows (0: all)


@dataclass
class Transcript:
    clock: DemoClock
    fans: list[Line] = field(default_factory=list)
    opened: datetime | None = None  # drop time of the opening: lines are shown as T+offsets
    # Discord messages as first posted: the drop post is edited in place as the drop moves.
    first_seen: dict[int, str] = field(default_factory=dict)

    def said(self, where: str, who: str, text: str, *, topic: str = "", budget: int = 0) -> None:
        """A fan (or the streamer, or a moderator) says or does something now."""
        self.fans.append(Line(datetime.now(UTC), where, who, text, topic, budget))

    def posted(self, message: FakeMessage) -> None:
        """Keep a message as it looks now, before edits change it."""
        self.first_seen[message.id] = _describe(message)

    def answered(self, ix: FakeInteraction, who: str, *, topic: str = "") -> None:
        """The private answer to an interaction, as its user saw it."""
        shown = ix.messages[-1].timestamp if ix.messages else datetime.now(UTC)
        text = ix.content or "(no answer)"
        self.fans.append(Line(shown, "discord private", f"fairdrop → {who}", text, topic, 2))

    # -- reading back ----------------------------------------------------------------------

    def lines(self, stage: Stage) -> list[Line]:
        """Everything, oldest first: the fans' lines and what the bot said on both platforms."""
        discord = _discord_lines(stage, self.first_seen)
        everything = [*self.fans, *_twitch_lines(stage), *discord]
        # Discord shows a mention <@id> as @name; so does the transcript.
        names = {user.id: user.username for user in stage.discord.users.values()}

        def named(line: Line) -> Line:
            text = _USER_MENTION.sub(lambda m: f"@{names.get(int(m[1]), m[1])}", line.text)
            return replace(line, text=text)

        return sorted((named(line) for line in everything), key=lambda line: line.wall)

    def render(self, line: Line, *, one_line: bool = False) -> str:
        """`T+00:02:13  twitch  login: text`; a text of several lines continues indented, or
        (`one_line`) is joined and clipped, for lines of a repeating topic."""
        at = since_open(self.clock.drop_time(line.wall), self.opened)
        text = mask(line.text)
        if one_line:
            return _clip(f"{at:>14}  {line.where:<16} {line.who}: {' ⏎ '.join(text.splitlines())}")
        return f"{at:>14}  {line.where:<16} {line.who}: {text}".replace("\n", "\n" + INDENT)

    def full_text(self, stage: Stage) -> str:
        """The transcript file: every line, in full."""
        return "\n".join(self.render(line) for line in self.lines(stage)) + "\n"

    def sample(self, stage: Stage) -> list[str]:
        """The terminal's view: each repeating topic shown up to its budget, the rest counted
        just before the next line that is always shown (an announcement, a command)."""
        shown: Counter[str] = Counter()
        held: Counter[str] = Counter()
        out: list[str] = []
        for line in self.lines(stage):
            if line.topic and line.budget:
                shown[line.topic] += 1
                if shown[line.topic] > line.budget:
                    held[line.topic] += 1
                    continue
            else:
                out += _held_back(held)
            out.append(self.render(line, one_line=bool(line.topic and line.budget)))
        return out + _held_back(held)


def mask(text: str) -> str:
    """Short codes keep their first group only; signed tokens are not shown at all."""
    return _TOKEN.sub("v4.public.…", _CODE.sub(r"\1-••••-••••-••••-•", text))


def _held_back(held: Counter[str]) -> list[str]:
    out = [f"{'':>14}  {'':<16} … {n:,} more: {topic}" for topic, n in held.items()]
    held.clear()
    return out


def _clip(text: str) -> str:
    return text if len(text) <= WIDTH else text[: WIDTH - 1] + "…"


def _twitch_lines(stage: Stage) -> list[Line]:
    bot = stage.bot_account
    return [
        Line(m.sent_at, "twitch", bot.login, m.message, _bot_topic(m.message), 3)
        for m in stage.twitch.sent_messages
        if m.sender_id == bot.id
    ]


_REPEATING = {  # what the bot says again and again, by what it is about
    "not claimed in time": "units passed to the waitlist",
    "you won! Get your code at": "waitlisted fans told they won",
    "came back and it's yours": "waitlisted fans told they won",
}


def _bot_topic(text: str) -> str:
    """Acknowledgements (our words, then a batch of @mentions) repeat all through a rush, and
    so do the notices of units passed on; announcements are each said once, always shown."""
    for repeating, topic in _REPEATING.items():
        if repeating in text:
            return topic
    words, _, mentions = text.partition(": @")
    if not mentions or words.startswith(("Winners of", "Drop ")):
        return ""
    return f'acknowledgements "{" ".join(words.split()[:4])} …"'


def _discord_lines(stage: Stage, first_seen: dict[int, str]) -> list[Line]:
    lines: list[Line] = []
    for channel in (stage.announcements, stage.news):
        where = f"discord #{channel.name}"
        for message in stage.discord.messages_in(channel):
            text = first_seen.get(message.id) or _describe(message)
            lines.append(Line(message.timestamp, where, "fairdrop", text, _bot_topic(text), 3))
            lines += _edit_lines(message, where)
    for member in stage.guild.members.values():
        for message in stage.discord.dms_to(member):
            to = f"fairdrop → {member.username}"
            text = _describe(message)
            lines.append(Line(message.timestamp, "discord DM", to, text, "DMs with codes", 2))
    return lines


def _describe(message: FakeMessage) -> str:
    parts = [message.content] if message.content else []
    parts += [_embed_text(embed) for embed in message.embeds]
    extras = [f"[attached {a.filename}]" for a in message.attachments]
    extras += [f"[button {label}]" for label in _buttons(message.components)]
    if extras:
        parts.append(" ".join(extras))
    return "\n".join(parts)


def _embed_text(embed: dict[str, Any]) -> str:
    """An embed as its reader sees it: title, text, then each field on a line of its own."""
    lines = [f"[embed] {embed.get('title', '')}"]
    if embed.get("description"):
        lines.append(str(embed["description"]))
    for f in embed.get("fields", []):
        lines.append(f"{f['name']}: {' '.join(str(f['value']).split())}")
    if embed.get("image"):
        lines.append(f"[image {embed['image'].get('url', '')}]")
    return "\n".join(lines)


def _buttons(components: Iterable[dict[str, Any]]) -> list[str]:
    labels = []
    for row in components:
        labels += [str(c.get("label", "")) for c in row.get("components", []) if c.get("label")]
    return labels


def _edit_lines(message: FakeMessage, where: str) -> list[Line]:
    """The drop post is edited as the drop moves: each change of its state is worth a line."""
    lines: list[Line] = []
    last_state = ""
    for edit in message.edits:
        embeds = edit.changes.get("embeds")
        state = _state(embeds) if isinstance(embeds, list) else last_state
        if state == last_state:
            continue
        last_state = state
        entrants = _field(embeds, "Entrants") if isinstance(embeds, list) else ""
        text = f"✎ post now shows: {state}" + (f", {entrants} entrants" if entrants else "")
        lines.append(Line(edit.timestamp, where, "fairdrop", text))
    return lines


def _state(embeds: list[dict[str, Any]]) -> str:
    return _field(embeds, "State")


def _field(embeds: list[dict[str, Any]], name: str) -> str:
    for embed in embeds:
        for f in embed.get("fields", []):
            if f.get("name") == name:
                return str(f.get("value", ""))
    return ""
