"""The transcript of a draw: everything needed to re-derive and check it, as JSON.

A transcript is published once a drop is drawn (seed revealed). Its format is a contract with
whoever checks it, in any language: ``to_json`` writes it, ``from_json`` reads it back, and both
refuse a malformed one with a one-line ``TranscriptError`` naming the bad field. Whether the
contents add up is ``bot.drops.verify``'s job.

Version 1 is what fairdrop wrote before public randomness; version 2 adds ``drand`` (the round
committed at open and what the draw did with it, or null when the drop opted out),
``closed_at`` and ``announcements`` (where and when the commitment was announced), and its
winners come from the v2 stream input (``bot.drops.drawinput``). ``beacon`` is null in v2.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypedDict

from bot.drops.beacon import BeaconRound, CommittedRound
from bot.drops.lottery import DrawEntry, DrawResult, commitment
from bot.kernel.errors import FairdropError

__all__ = [
    "VERSIONS",
    "Adjustment",
    "AnnouncementRecord",
    "DrandRecord",
    "Reroll",
    "Transcript",
    "TranscriptError",
    "drand_record",
]

VERSIONS = (1, 2)

_HEX64 = re.compile(r"[0-9a-f]{64}")
_HEX = re.compile(r"(?:[0-9a-f]{2})+")


class TranscriptError(FairdropError, ValueError):
    """A transcript is malformed; the message is one line naming the offending field."""


class Adjustment(TypedDict):
    """An entry the re-check at close changed: ``change`` is "excluded" or "weight A -> B"."""

    entrant: str
    change: str
    reason: str


_ADJUSTMENT_KEYS = frozenset(Adjustment.__annotations__)


class Reroll(TypedDict):
    """A prize passed on after the draw, e.g. because its winner did not claim in time.

    ``serial`` numbers the prize (1..supply, first held by ``winners[serial - 1]``);
    ``from_entrant`` held it and ``to_entrant`` is the next on the waitlist, or None when the
    waitlist is used up. ``at`` is an ISO 8601 timestamp with a UTC offset.
    """

    serial: int
    from_entrant: str
    to_entrant: str | None
    at: str
    reason: str


_REROLL_KEYS = frozenset(Reroll.__annotations__)


class DrandRecord(TypedDict):
    """The drand round a v2 lottery committed to at open, and what its draw did with it.

    ``randomness`` and ``signature`` (hex) are null when the draw went ahead without the round
    (``outcome`` then says why and after how long); ``round_at`` is the round's publication time
    (``genesis + (round - 1) * period``) as ISO 8601.
    """

    chain_hash: str
    genesis: int
    period: int
    round: int
    round_at: str
    randomness: str | None
    signature: str | None
    outcome: str


_DRAND_KEYS = frozenset(DrandRecord.__annotations__)


def drand_record(
    committed: CommittedRound, fetched: BeaconRound | None, outcome: str
) -> DrandRecord:
    """The transcript's record of the committed round and of what the draw did with it."""
    return {
        "chain_hash": committed.chain.chain_hash,
        "genesis": committed.chain.genesis,
        "period": committed.chain.period,
        "round": committed.round,
        "round_at": committed.at.isoformat(),
        "randomness": fetched.randomness if fetched else None,
        "signature": fetched.signature if fetched else None,
        "outcome": outcome,
    }


class AnnouncementRecord(TypedDict):
    """One opening announcement that carried the commitment: the platform ("twitch" or
    "discord"), its message id there and when the platform says it was posted."""

    platform: str
    message_id: str
    at: str


_ANNOUNCEMENT_KEYS = frozenset(AnnouncementRecord.__annotations__)


@dataclass(frozen=True, kw_only=True)
class Transcript:
    """Everything needed to re-derive and check a drop's draw; see ``verify_transcript``.

    ``winners`` and ``waitlist`` are entrant ids as drawn (before any reroll); ``rerolls`` logs
    later replacements in order. Construction checks the structure (types and formats) and raises
    ``TranscriptError``; whether the contents are consistent is ``verify_transcript``'s job.
    """

    version: int = 1
    drop_id: str
    title: str
    mode: str
    supply: int
    commitment: str
    seed_hex: str
    beacon: str | None
    entry_list_hash: str
    entries: list[DrawEntry]
    winners: list[str]
    waitlist: list[str]
    drawn_at: str
    rerolls: list[Reroll] = field(default_factory=list)
    # Members of guaranteed lists: serials 1..len(guaranteed), before the drawn winners.
    guaranteed: list[str] = field(default_factory=list)
    # What the re-check at close changed: entries left out or re-weighted, and why.
    adjustments: list[Adjustment] = field(default_factory=list)
    # Version 2 only (absent from v1 JSON).
    drand: DrandRecord | None = None
    closed_at: str | None = None
    announcements: list[AnnouncementRecord] = field(default_factory=list)

    def __post_init__(self) -> None:
        if type(self.version) is not int or self.version not in VERSIONS:
            raise TranscriptError(f"version: unsupported transcript version {self.version!r}")
        if self.version == 1 and (self.drand or self.closed_at or self.announcements):
            raise TranscriptError(
                "version: a version 1 transcript has no drand, closed_at or announcements"
            )
        if self.version == 2:
            if self.beacon is not None:
                raise TranscriptError("beacon: must be null in version 2 (see drand)")
            _require_timestamp("closed_at", self.closed_at)
            if self.drand is not None:
                _check_drand(self.drand)
            _require_list("announcements", self.announcements)
            for i, announcement in enumerate(self.announcements):
                _check_keys(f"announcements[{i}]", announcement, _ANNOUNCEMENT_KEYS)
                _require_str(f"announcements[{i}].platform", announcement["platform"])
                _require_str(f"announcements[{i}].message_id", announcement["message_id"])
                _require_timestamp(f"announcements[{i}].at", announcement["at"])
        for name in ("drop_id", "title", "mode"):
            _require_str(name, getattr(self, name))
        if type(self.supply) is not int or self.supply < 0:
            raise TranscriptError(f"supply: must be a non-negative integer, got {self.supply!r}")
        for name in ("commitment", "seed_hex", "entry_list_hash"):
            value = getattr(self, name)
            if type(value) is not str or not _HEX64.fullmatch(value):
                raise TranscriptError(f"{name}: must be 64 lowercase hex characters")
        if self.beacon is not None:
            _require_str("beacon", self.beacon)
        _require_list("entries", self.entries)
        for i, entry in enumerate(self.entries):
            if not isinstance(entry, DrawEntry):
                raise TranscriptError(f"entries[{i}]: must be a DrawEntry, got {_short(entry)}")
        for name in ("winners", "waitlist"):
            values = getattr(self, name)
            _require_list(name, values)
            for i, value in enumerate(values):
                _require_str(f"{name}[{i}]", value)
        _require_timestamp("drawn_at", self.drawn_at)
        _require_list("rerolls", self.rerolls)
        for i, reroll in enumerate(self.rerolls):
            _check_reroll(f"rerolls[{i}]", reroll)
        _require_list("guaranteed", self.guaranteed)
        for i, value in enumerate(self.guaranteed):
            _require_str(f"guaranteed[{i}]", value)
        _require_list("adjustments", self.adjustments)
        for i, adjustment in enumerate(self.adjustments):
            if not isinstance(adjustment, dict) or set(adjustment) != _ADJUSTMENT_KEYS:
                raise TranscriptError(
                    f"adjustments[{i}]: must have exactly {', '.join(sorted(_ADJUSTMENT_KEYS))}"
                )
            for key, value in sorted(dict(adjustment).items()):
                _require_str(f"adjustments[{i}].{key}", value)

    @classmethod
    def from_draw(
        cls,
        *,
        drop_id: str,
        title: str,
        mode: str,
        supply: int,
        seed: bytes,
        beacon: str | None,
        entries: Sequence[DrawEntry],
        entry_hash: str,
        result: DrawResult,
        drawn_at: str,
        drand: DrandRecord | None = None,
        closed_at: str | None = None,
        commitment_hex: str | None = None,
    ) -> Transcript:
        """Build the transcript of a finished draw (as returned by ``draw``), seed revealed.

        With ``closed_at`` it is a version 2 transcript (``commitment_hex`` then is the v2
        commitment published at open; ``drand`` the committed round, None if opted out)."""
        v2 = closed_at is not None
        return cls(
            version=2 if v2 else 1,
            drand=drand,
            closed_at=closed_at,
            drop_id=drop_id,
            title=title,
            mode=mode,
            supply=supply,
            commitment=commitment_hex if v2 and commitment_hex else commitment(seed),
            seed_hex=seed.hex(),
            beacon=beacon,
            entry_list_hash=entry_hash,
            entries=list(entries),
            winners=[entries[i].entrant for i in result.winners],
            waitlist=[entries[i].entrant for i in result.waitlist],
            drawn_at=drawn_at,
        )

    def to_json(self) -> str:
        """Return the transcript as JSON text: a pretty-printed object, one list item per line,
        entries as compact ``[entrant, weight]`` pairs. ``from_json`` reads it back unchanged."""
        dumps = json.dumps
        lines = ["{"]
        scalars: list[tuple[str, Any]] = [
            ("version", self.version),
            ("drop_id", self.drop_id),
            ("title", self.title),
            ("mode", self.mode),
            ("supply", self.supply),
            ("commitment", self.commitment),
            ("seed_hex", self.seed_hex),
            ("beacon", self.beacon),
            ("entry_list_hash", self.entry_list_hash),
        ]
        lines.extend(f"  {dumps(key)}: {dumps(value)}," for key, value in scalars)
        lines.append(
            _json_list("entries", [f"[{dumps(e.entrant)}, {e.weight}]" for e in self.entries])
        )
        lines.append(_json_list("winners", [dumps(w) for w in self.winners]))
        lines.append(_json_list("waitlist", [dumps(w) for w in self.waitlist]))
        lines.append(f'  "drawn_at": {dumps(self.drawn_at)},')
        rerolls = [
            dumps(
                {
                    "serial": r["serial"],
                    "from_entrant": r["from_entrant"],
                    "to_entrant": r["to_entrant"],
                    "at": r["at"],
                    "reason": r["reason"],
                }
            )
            for r in self.rerolls
        ]
        lines.append(_json_list("rerolls", rerolls))
        lines.append(_json_list("guaranteed", [dumps(g) for g in self.guaranteed]))
        adjustments = [
            dumps({"entrant": a["entrant"], "change": a["change"], "reason": a["reason"]})
            for a in self.adjustments
        ]
        if self.version == 1:
            lines.append(_json_list("adjustments", adjustments).removesuffix(","))
        else:
            lines.append(_json_list("adjustments", adjustments))
            lines.append(f'  "drand": {dumps(self.drand)},')
            lines.append(f'  "closed_at": {dumps(self.closed_at)},')
            announcements = [
                dumps({"platform": a["platform"], "message_id": a["message_id"], "at": a["at"]})
                for a in self.announcements
            ]
            lines.append(_json_list("announcements", announcements).removesuffix(","))
        lines.append("}")
        return "\n".join(lines) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Transcript:
        """Parse a transcript written by ``to_json`` (any equivalent JSON layout is accepted).

        Raises ``TranscriptError`` with a one-line message naming the bad field.
        """
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise TranscriptError(f"transcript is not valid JSON: {exc}") from None
        except (TypeError, UnicodeDecodeError) as exc:
            raise TranscriptError(f"transcript is not JSON text: {exc}") from None
        except RecursionError:
            # The parser recurses per level; a crafted file nests deeper than Python allows.
            raise TranscriptError("transcript is not a transcript: nested too deeply") from None
        if not isinstance(data, dict):
            raise TranscriptError("transcript: must be a JSON object")
        version = data.get("version")
        if type(version) is not int or version not in VERSIONS:
            raise TranscriptError(f"version: unsupported transcript version {version!r}")
        fields = _FIELDS if version == 2 else _FIELDS - _V2_ONLY
        required = fields - {"rerolls", "guaranteed", "adjustments"}
        for name in sorted(required - data.keys()):
            raise TranscriptError(f"{name}: missing")
        for name in sorted(data.keys() - fields):
            raise TranscriptError(f"{name}: unknown field")

        raw_entries = data["entries"]
        _require_list("entries", raw_entries)
        entries = []
        for i, pair in enumerate(raw_entries):
            if not (isinstance(pair, list) and len(pair) == 2):
                raise TranscriptError(f"entries[{i}]: must be an [entrant, weight] pair")
            try:
                entries.append(DrawEntry(pair[0], pair[1]))
            except ValueError as exc:
                raise TranscriptError(f"entries[{i}]: {exc}") from None
        rerolls = data.get("rerolls", [])
        _require_list("rerolls", rerolls)
        for i, reroll in enumerate(rerolls):
            _check_reroll(f"rerolls[{i}]", reroll)
        return cls(
            version=version,
            drop_id=data["drop_id"],
            title=data["title"],
            mode=data["mode"],
            supply=data["supply"],
            commitment=data["commitment"],
            seed_hex=data["seed_hex"],
            beacon=data["beacon"],
            entry_list_hash=data["entry_list_hash"],
            entries=entries,
            winners=data["winners"],
            waitlist=data["waitlist"],
            drawn_at=data["drawn_at"],
            rerolls=rerolls,
            guaranteed=data.get("guaranteed", []),
            adjustments=data.get("adjustments", []),
            drand=data.get("drand"),
            closed_at=data.get("closed_at"),
            announcements=data.get("announcements", []),
        )


_FIELDS = frozenset(Transcript.__dataclass_fields__)
_V2_ONLY = frozenset({"drand", "closed_at", "announcements"})


def _json_list(key: str, items: list[str]) -> str:
    if not items:
        return f"  {json.dumps(key)}: [],"
    return f"  {json.dumps(key)}: [\n    " + ",\n    ".join(items) + "\n  ],"


def _require_str(name: str, value: object) -> str:
    if not isinstance(value, str):
        raise TranscriptError(f"{name}: must be a string, got {_short(value)}")
    return value


def _require_list(name: str, value: object) -> None:
    if type(value) is not list:
        raise TranscriptError(f"{name}: must be a list, got {_short(value)}")


def _require_timestamp(name: str, value: object) -> None:
    try:
        parsed = datetime.fromisoformat(_require_str(name, value))
    except ValueError:
        raise TranscriptError(f"{name}: not an ISO 8601 timestamp: {_short(value)}") from None
    if parsed.tzinfo is None:
        raise TranscriptError(f"{name}: timestamp needs a UTC offset: {_short(value)}")


def _check_keys(where: str, value: object, keys: frozenset[str]) -> None:
    if not isinstance(value, dict):
        raise TranscriptError(f"{where}: must be an object, got {_short(value)}")
    missing = sorted(keys - value.keys())
    if missing:
        raise TranscriptError(f"{where}.{missing[0]}: missing")
    unknown = sorted(str(k) for k in value.keys() - keys)
    if unknown:
        raise TranscriptError(f"{where}.{unknown[0]}: unknown field")


def _check_drand(drand: object) -> None:
    _check_keys("drand", drand, _DRAND_KEYS)
    assert isinstance(drand, dict)
    chain_hash = drand["chain_hash"]
    if type(chain_hash) is not str or not _HEX64.fullmatch(chain_hash):
        raise TranscriptError("drand.chain_hash: must be 64 lowercase hex characters")
    for name, least in (("genesis", 0), ("period", 1), ("round", 1)):
        value = drand[name]
        if type(value) is not int or value < least:
            raise TranscriptError(
                f"drand.{name}: must be an integer >= {least}, got {_short(value)}"
            )
    _require_timestamp("drand.round_at", drand["round_at"])
    for name in ("randomness", "signature"):
        value = drand[name]
        if value is not None and (type(value) is not str or not _HEX.fullmatch(value)):
            raise TranscriptError(f"drand.{name}: must be lowercase hex or null")
    if (drand["randomness"] is None) != (drand["signature"] is None):
        raise TranscriptError("drand: randomness and signature are both given or both null")
    _require_str("drand.outcome", drand["outcome"])


def _check_reroll(where: str, reroll: object) -> None:
    _check_keys(where, reroll, _REROLL_KEYS)
    assert isinstance(reroll, dict)
    serial = reroll["serial"]
    if type(serial) is not int or serial < 1:
        raise TranscriptError(f"{where}.serial: must be a positive integer, got {_short(serial)}")
    _require_str(f"{where}.from_entrant", reroll["from_entrant"])
    if reroll["to_entrant"] is not None:
        _require_str(f"{where}.to_entrant", reroll["to_entrant"])
    _require_timestamp(f"{where}.at", reroll["at"])
    _require_str(f"{where}.reason", reroll["reason"])


def _short(value: object) -> str:
    # Keeps error messages on one line and short even for huge or multi-line values.
    text = (
        json.dumps(value)
        if isinstance(value, str | int | float | bool | None)
        else type(value).__name__
    )
    return text if len(text) <= 60 else text[:57] + "..."
