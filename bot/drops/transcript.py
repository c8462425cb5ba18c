"""The transcript of a draw: everything needed to re-derive and check it, as JSON.

A transcript is published once a drop is drawn (seed revealed). Its format is a contract with
whoever checks it, in any language: ``to_json`` writes it, ``from_json`` reads it back, and both
refuse a malformed one with a one-line ``TranscriptError`` naming the bad field. Whether the
contents add up is ``bot.drops.verify``'s job.

Version 1 is what fairdrop wrote before public randomness; version 2 adds ``drand`` (the round
committed at open and what the draw did with it, or null when the drop opted out),
``closed_at`` and ``announcements`` (where and when the commitment was announced), always
carries ``guaranteed_digest``, ``guaranteed_committed``, ``claim_window_seconds`` and
``holders`` (the first two are bound into its commitment with the claim window), and its
winners come from the v2 stream input (``bot.drops.drawinput``). ``beacon`` is null in v2.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, NotRequired, TypedDict

from bot.drops.lottery import DrawEntries, DrawEntry, DrawResult, columns, commitment
from bot.drops.transcript_fields import (
    HEX64,
    MAX_SECONDS,
    TranscriptError,
    check_keys,
    require_each,
    require_list,
    require_str,
    require_timestamp,
    short,
)
from bot.drops.transcript_v2 import (
    AnnouncementRecord,
    DrandRecord,
    check_announcement,
    check_drand,
)

__all__ = [
    "DISQUALIFIED",
    "EXCLUDED",
    "MERGED",
    "VERSIONS",
    "WITHDRAWN",
    "Adjustment",
    "Holder",
    "RerollRecord",
    "Transcript",
    "TranscriptError",
    "weight_change",
]

VERSIONS = (1, 2)


# What the re-check at close can change, as ``Adjustment.change`` says it (``weight_change``
# for a re-weighted entry): each kind is checked against the lists it changed.
EXCLUDED = "excluded"  # the entrant's entry was left out of the draw
MERGED = "merged with an earlier entry"  # a later entry of the same (linked) person, left out
WITHDRAWN = "guaranteed unit withdrawn"  # a unit committed at open was taken back


def weight_change(before: int, after: int) -> str:
    """The ``change`` of an entry the re-check at close drew with another weight."""
    return f"weight {before} -> {after}"


class Adjustment(TypedDict):
    """What the re-check at close changed for one entrant (``change``: ``EXCLUDED``,
    ``MERGED``, ``WITHDRAWN`` or ``weight_change(a, b)``) and why (``reason``)."""

    entrant: str
    change: str
    reason: str


_ADJUSTMENT_KEYS = frozenset(Adjustment.__annotations__)


class RerollRecord(TypedDict):
    """A prize passed on after the draw, e.g. because its winner did not claim in time.

    ``serial`` numbers the prize (1..supply, first held by ``winners[serial - 1]``);
    ``from_entrant`` held it and ``to_entrant`` is the next on the waitlist, or None when the
    waitlist is used up. ``at`` is an ISO 8601 timestamp with a UTC offset.

    A disqualification is a reroll whose ``reason`` starts with ``DISQUALIFIED`` (then the
    moderator's words) and which names the moderator in ``by``: it may come before the holder's
    claim window ended, and only a disqualification has a ``by``.
    """

    serial: int
    from_entrant: str
    to_entrant: str | None
    at: str
    reason: str
    by: NotRequired[str]


# "disqualified" alone, or "disqualified: <the moderator's reason>".
DISQUALIFIED = "disqualified"
_REROLL_KEYS = frozenset(RerollRecord.__annotations__) - {"by"}


class Holder(TypedDict):
    """Who holds unit ``serial`` as the transcript was taken (None: nobody was left to pass it
    to), and whether they have claimed it. Derivable from ``guaranteed``, ``winners`` and
    ``rerolls``, which is what makes a dropped or invented reroll visible."""

    serial: int
    entrant: str | None
    claimed: bool


_HOLDER_KEYS = frozenset(Holder.__annotations__)


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
    # Held as DrawEntries (two columns) whatever sequence of DrawEntry items is given.
    entries: Sequence[DrawEntry]
    winners: list[str]
    waitlist: list[str]
    drawn_at: str
    rerolls: list[RerollRecord] = field(default_factory=list)
    # Members of guaranteed lists: serials 1..len(guaranteed), before the drawn winners.
    guaranteed: list[str] = field(default_factory=list)
    # What the re-check at close changed: entries left out or re-weighted, and why.
    adjustments: list[Adjustment] = field(default_factory=list)
    # Absent (None) in transcripts written before they existed; verify-draw then says what it
    # could not check. The digest published at open and the units it commits to (pseudonyms in
    # serial order, withdrawn ones included):
    guaranteed_digest: str | None = None
    guaranteed_committed: list[str] | None = None
    # How long each holder had to claim: a reroll before its holder's window ended is invented.
    claim_window_seconds: int | None = None
    # Every unit's holder as the transcript was taken, serials 1..supply.
    holders: list[Holder] | None = None
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
            self._check_v2_fields()
        for name in ("drop_id", "title", "mode"):
            require_str(name, getattr(self, name))
        if type(self.supply) is not int or self.supply < 0:
            raise TranscriptError(f"supply: must be a non-negative integer, got {self.supply!r}")
        for name in ("commitment", "seed_hex", "entry_list_hash"):
            value = getattr(self, name)
            if type(value) is not str or not HEX64.fullmatch(value):
                raise TranscriptError(f"{name}: must be 64 lowercase hex characters")
        if self.beacon is not None:
            require_str("beacon", self.beacon)
        if not isinstance(self.entries, DrawEntries):
            require_list("entries", self.entries)
            for i, entry in enumerate(self.entries):
                if not isinstance(entry, DrawEntry):
                    raise TranscriptError(f"entries[{i}]: must be a DrawEntry, got {short(entry)}")
            object.__setattr__(self, "entries", DrawEntries.of(self.entries))
        require_each("winners", self.winners, require_str)
        require_each("waitlist", self.waitlist, require_str)
        require_timestamp("drawn_at", self.drawn_at)
        require_each("rerolls", self.rerolls, check_reroll)
        require_each("guaranteed", self.guaranteed, require_str)
        require_list("adjustments", self.adjustments)
        for i, adjustment in enumerate(self.adjustments):
            if not isinstance(adjustment, dict) or set(adjustment) != _ADJUSTMENT_KEYS:
                raise TranscriptError(
                    f"adjustments[{i}]: must have exactly {', '.join(sorted(_ADJUSTMENT_KEYS))}"
                )
            for key, value in sorted(dict(adjustment).items()):
                require_str(f"adjustments[{i}].{key}", value)
        self._check_committed_fields()

    def _check_committed_fields(self) -> None:
        if self.guaranteed_digest is not None and not (
            type(self.guaranteed_digest) is str and HEX64.fullmatch(self.guaranteed_digest)
        ):
            raise TranscriptError("guaranteed_digest: must be 64 lowercase hex characters")
        if self.guaranteed_committed is not None:
            require_each("guaranteed_committed", self.guaranteed_committed, require_str)
        window = self.claim_window_seconds
        if window is not None and (type(window) is not int or not 0 <= window <= MAX_SECONDS):
            raise TranscriptError(
                f"claim_window_seconds: must be an integer in 0..{MAX_SECONDS}, got {short(window)}"
            )
        if self.holders is not None:
            require_each("holders", self.holders, check_holder)

    def _check_v2_fields(self) -> None:
        if self.beacon is not None:
            raise TranscriptError("beacon: must be null in version 2 (see drand)")
        require_timestamp("closed_at", self.closed_at)
        if self.drand is not None:
            check_drand("drand", self.drand)
        require_each("announcements", self.announcements, check_announcement)
        # Bound into the v2 commitment (or derived from what is): never optional, so leaving
        # one out cannot skip its check.
        for name in _V2_REQUIRED:
            if getattr(self, name) is None:
                raise TranscriptError(f"{name}: required in version 2")

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
        guaranteed_digest: str | None = None,
        claim_window_seconds: int | None = None,
    ) -> Transcript:
        """Build the transcript of a finished draw (as returned by ``draw``), seed revealed.

        With ``closed_at`` it is a version 2 transcript of a draw without guaranteed units or
        rerolls: ``commitment_hex`` then is the v2 commitment published at open, ``drand`` the
        committed round (None if opted out), ``guaranteed_digest`` the digest of no units and
        ``claim_window_seconds`` the claim window, both as bound into the commitment."""
        v2 = closed_at is not None
        winners = [entries[i].entrant for i in result.winners]
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
            entries=DrawEntries.of(entries),
            winners=winners,
            waitlist=[entries[i].entrant for i in result.waitlist],
            drawn_at=drawn_at,
            guaranteed_digest=guaranteed_digest,
            guaranteed_committed=[] if guaranteed_digest is not None else None,
            claim_window_seconds=claim_window_seconds,
            holders=(
                [{"serial": n, "entrant": w, "claimed": False} for n, w in enumerate(winners, 1)]
                if v2
                else None
            ),
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
        names, weights = columns(self.entries)
        lines.append(
            _json_list(
                "entries", [f"[{dumps(n)}, {w}]" for n, w in zip(names, weights, strict=True)]
            )
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
                    **({"by": r["by"]} if "by" in r else {}),
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
        lines.append(_json_list("adjustments", adjustments))
        if self.guaranteed_digest is not None:
            lines.append(f'  "guaranteed_digest": {dumps(self.guaranteed_digest)},')
        if self.guaranteed_committed is not None:
            committed = [dumps(g) for g in self.guaranteed_committed]
            lines.append(_json_list("guaranteed_committed", committed))
        if self.claim_window_seconds is not None:
            lines.append(f'  "claim_window_seconds": {self.claim_window_seconds},')
        if self.holders is not None:
            holders = [
                dumps({"serial": h["serial"], "entrant": h["entrant"], "claimed": h["claimed"]})
                for h in self.holders
            ]
            lines.append(_json_list("holders", holders))
        if self.version >= 2:
            lines.append(f'  "drand": {dumps(self.drand)},')
            lines.append(f'  "closed_at": {dumps(self.closed_at)},')
            announcements = [
                dumps({"platform": a["platform"], "message_id": a["message_id"], "at": a["at"]})
                for a in self.announcements
            ]
            lines.append(_json_list("announcements", announcements))
        lines[-1] = lines[-1].removesuffix(",")
        lines.append("}")
        return "\n".join(lines) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Transcript:
        """Parse a transcript written by ``to_json`` (any equivalent JSON layout is accepted).

        Raises ``TranscriptError`` with a one-line message naming the bad field.
        """
        return cls.from_dict(load_json(text))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Transcript:
        """Read a parsed JSON object; ``TranscriptError`` names the bad field."""
        version = data.get("version")
        if type(version) is not int or version not in VERSIONS:
            raise TranscriptError(f"version: unsupported transcript version {version!r}")
        fields = _FIELDS if version == 2 else _FIELDS - _V2_ONLY
        required = fields - _OPTIONAL
        for name in sorted(required - data.keys()):
            raise TranscriptError(f"{name}: missing")
        for name in sorted(data.keys() - fields):
            raise TranscriptError(f"{name}: unknown field")

        entries = _read_entries(data["entries"])
        rerolls = data.get("rerolls", [])
        require_list("rerolls", rerolls)
        for i, reroll in enumerate(rerolls):
            check_reroll(f"rerolls[{i}]", reroll)
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
            guaranteed_digest=data.get("guaranteed_digest"),
            guaranteed_committed=data.get("guaranteed_committed"),
            claim_window_seconds=data.get("claim_window_seconds"),
            holders=data.get("holders"),
            drand=data.get("drand"),
            closed_at=data.get("closed_at"),
            announcements=data.get("announcements", []),
        )


_FIELDS = frozenset(Transcript.__dataclass_fields__)
_OPTIONAL = frozenset(
    {
        "rerolls",
        "guaranteed",
        "adjustments",
        "guaranteed_digest",
        "guaranteed_committed",
        "claim_window_seconds",
        "holders",
    }
)
_V2_ONLY = frozenset({"drand", "closed_at", "announcements"})
_V2_REQUIRED = ("guaranteed_digest", "guaranteed_committed", "claim_window_seconds", "holders")


def load_json(text: str) -> dict[str, Any]:
    """Parse a transcript's JSON text into its object, or raise a one-line ``TranscriptError``."""
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
    return data


def _read_entries(raw: object) -> DrawEntries:
    """The JSON ``entries`` as columns; ``TranscriptError`` names the first bad entry."""
    require_list("entries", raw)
    assert isinstance(raw, list)
    if all(isinstance(pair, list) and len(pair) == 2 for pair in raw):
        try:
            return DrawEntries([pair[0] for pair in raw], [pair[1] for pair in raw])
        except ValueError:
            pass  # worded below, with the entry's position
    for i, pair in enumerate(raw):
        if not (isinstance(pair, list) and len(pair) == 2):
            raise TranscriptError(f"entries[{i}]: must be an [entrant, weight] pair")
        try:
            DrawEntry(pair[0], pair[1])
        except ValueError as exc:
            raise TranscriptError(f"entries[{i}]: {exc}") from None
    raise AssertionError("unreachable: DrawEntries refused an entry DrawEntry accepts")


def _json_list(key: str, items: list[str]) -> str:
    if not items:
        return f"  {json.dumps(key)}: [],"
    return f"  {json.dumps(key)}: [\n    " + ",\n    ".join(items) + "\n  ],"


def check_reroll(where: str, reroll: object) -> None:
    """Refuse ``reroll`` (at ``where``) unless it is a well-formed ``RerollRecord``."""
    check_keys(where, reroll, _REROLL_KEYS, optional=frozenset({"by"}))  # by: who disqualified
    assert isinstance(reroll, dict)
    serial = reroll["serial"]
    if type(serial) is not int or serial < 1:
        raise TranscriptError(f"{where}.serial: must be a positive integer, got {short(serial)}")
    require_str(f"{where}.from_entrant", reroll["from_entrant"])
    if reroll["to_entrant"] is not None:
        require_str(f"{where}.to_entrant", reroll["to_entrant"])
    require_timestamp(f"{where}.at", reroll["at"])
    require_str(f"{where}.reason", reroll["reason"])
    if "by" in reroll:
        require_str(f"{where}.by", reroll["by"])


def is_disqualification(reroll: RerollRecord) -> bool:
    """Whether ``reroll`` says a moderator disqualified its holder (rather than a lapse)."""
    reason = reroll["reason"]
    return reason == DISQUALIFIED or reason.startswith(DISQUALIFIED + ":")


def check_holder(where: str, holder: object) -> None:
    """Refuse ``holder`` (at ``where``) unless it is a well-formed ``Holder``."""
    if not isinstance(holder, dict) or set(holder) != _HOLDER_KEYS:
        raise TranscriptError(f"{where}: must have exactly {', '.join(sorted(_HOLDER_KEYS))}")
    serial = holder["serial"]
    if type(serial) is not int or serial < 1:
        raise TranscriptError(f"{where}.serial: must be a positive integer, got {short(serial)}")
    if holder["entrant"] is not None:
        require_str(f"{where}.entrant", holder["entrant"])
    if type(holder["claimed"]) is not bool:
        raise TranscriptError(f"{where}.claimed: must be true or false")
