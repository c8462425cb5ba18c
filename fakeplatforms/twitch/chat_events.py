"""The ``channel.chat.message`` events the fake Twitch sends: Twitch's event shape with badges,
fragments (``@mentions`` of known users) and reply threads, and the events sent so far, kept by
chat message id so a reply can quote its parent."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from fakeplatforms.twitch.model import MENTION, FakeUser, text_fragment

if TYPE_CHECKING:
    from fakeplatforms.twitch.server import FakeTwitch


class ChatEvents:
    """Builds chat events for one :class:`FakeTwitch` and remembers them by chat message id."""

    def __init__(self, fake: FakeTwitch) -> None:
        self.fake = fake
        self._by_id: dict[str, dict[str, Any]] = {}

    def __contains__(self, message_id: object) -> bool:
        return message_id in self._by_id

    def _badges(
        self, chan: FakeUser, user: FakeUser, badges: Iterable[str | Mapping[str, str]]
    ) -> list[dict[str, str]]:
        out: list[dict[str, str]] = []
        for badge in badges:
            if isinstance(badge, Mapping):
                out.append(
                    {
                        "set_id": str(badge["set_id"]),
                        "id": str(badge.get("id", "1")),
                        "info": str(badge.get("info", "")),
                    }
                )
                continue
            set_id, _, rest = badge.partition("/")
            badge_id, _, info = rest.partition("/")
            if set_id in ("subscriber", "founder"):
                badge_id, info = badge_id or "0", info or "1"
            out.append({"set_id": set_id, "id": badge_id or "1", "info": info})
        if user.id == chan.id and not any(b["set_id"] == "broadcaster" for b in out):
            out.insert(0, {"set_id": "broadcaster", "id": "1", "info": ""})
        return out

    def _fragments(self, text: str) -> list[dict[str, Any]]:
        frags: list[dict[str, Any]] = []
        pos = 0
        for m in MENTION.finditer(text):
            try:
                mentioned = self.fake.user(m.group(1))
            except KeyError:
                continue
            if m.start() > pos:
                frags.append(text_fragment(text[pos : m.start()]))
            frags.append(
                {
                    "type": "mention",
                    "text": m.group(0),
                    "cheermote": None,
                    "emote": None,
                    "mention": {
                        "user_id": mentioned.id,
                        "user_login": mentioned.login,
                        "user_name": mentioned.display_name,
                    },
                }
            )
            pos = m.end()
        if pos < len(text) or not frags:
            frags.append(text_fragment(text[pos:]))
        return frags

    def build(
        self,
        chan: FakeUser,
        user: FakeUser,
        text: str,
        *,
        badges: Iterable[str | Mapping[str, str]],
        message_id: str,
        color: str,
        message_type: str,
        reply_to: str | None,
        fragments: Sequence[Mapping[str, Any]] | None,
    ) -> dict[str, Any]:
        reply = None
        if reply_to is not None:
            parent = self._by_id[reply_to]
            thread = parent["reply"] or {
                "thread_message_id": parent["message_id"],
                "thread_user_id": parent["chatter_user_id"],
                "thread_user_login": parent["chatter_user_login"],
                "thread_user_name": parent["chatter_user_name"],
            }
            reply = {
                "parent_message_id": parent["message_id"],
                "parent_message_body": parent["message"]["text"],
                "parent_user_id": parent["chatter_user_id"],
                "parent_user_login": parent["chatter_user_login"],
                "parent_user_name": parent["chatter_user_name"],
                "thread_message_id": thread["thread_message_id"],
                "thread_user_id": thread["thread_user_id"],
                "thread_user_login": thread["thread_user_login"],
                "thread_user_name": thread["thread_user_name"],
            }
        event = {
            "broadcaster_user_id": chan.id,
            "broadcaster_user_login": chan.login,
            "broadcaster_user_name": chan.display_name,
            "source_broadcaster_user_id": None,
            "source_broadcaster_user_login": None,
            "source_broadcaster_user_name": None,
            "chatter_user_id": user.id,
            "chatter_user_login": user.login,
            "chatter_user_name": user.display_name,
            "message_id": message_id,
            "source_message_id": None,
            "is_source_only": None,
            "message": {
                "text": text,
                "fragments": [dict(f) for f in fragments] if fragments else self._fragments(text),
            },
            "color": color,
            "badges": self._badges(chan, user, badges),
            "source_badges": None,
            "message_type": message_type,
            "cheer": None,
            "reply": reply,
            "channel_points_custom_reward_id": None,
            "channel_points_animation_id": None,
        }
        self._by_id[message_id] = event
        return event
