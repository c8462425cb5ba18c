"""The provably fair draw behind a microdrop (commit-reveal), reproducible bit for bit.

When a drop opens the bot picks a secret 32-byte seed and publishes ``commitment(seed)``. At close
it freezes the entry list (in entry order) and publishes ``entry_list_hash(entries)``. The draw's
randomness is a SHAKE-256 stream over the seed, that hash and an optional public beacon value, so
nobody (the bot included) can steer the result once the commitment and entry list are public.
After the draw the seed is revealed and a JSON ``Transcript`` (``bot.drops.transcript``) lets
anyone re-derive the winners and the waitlist with ``verify_transcript`` (``bot.drops.verify``,
``fairdrop verify-draw FILE``).

Everything here is integer-only and specified exactly so that an independent implementation in any
language reproduces the result bit for bit:

* Stream input, v1: ``b"fairdrop/draw/v1\\n" + seed.hex() + "\\n" + entry_hash + "\\n" + beacon``
  (the hex strings are lowercase ASCII, the beacon is UTF-8, and a missing beacon is the empty
  string); v2 (with a ``DrawBinding``): ``bot.drops.drawinput.stream_input_v2``. The stream is
  SHAKE-256 output read as consecutive unsigned 64-bit little-endian words.
* ``uniform(m)``: take the next word ``x``; if ``x >= 2**64 - (2**64 % m)`` discard it and take the
  next; otherwise the result is ``x % m``.
* ``draw_order``: see its docstring.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain, islice
from typing import overload

from bot.drops.drawinput import DrawBinding, stream_input_v2

__all__ = [
    "DOMAIN",
    "MAX_WEIGHT",
    "SEED_BYTES",
    "DrawEntries",
    "DrawEntry",
    "DrawResult",
    "columns",
    "commitment",
    "draw",
    "draw_order",
    "entry_list_hash",
    "new_seed",
    "random_words",
    "stream_input",
    "uniform",
]

DOMAIN = b"fairdrop/draw/v1\n"
SEED_BYTES = 32
# Caps a weight so that sum(weight) over any list that fits in memory stays below 2**64, which is
# the largest range a single 64-bit stream word can pick from.
MAX_WEIGHT = 2**32 - 1

_TWO64 = 2**64
_WORD = 8
_BIG_ENDIAN = sys.byteorder == "big"
_HEX64 = re.compile(r"[0-9a-f]{64}")
# Index arrays use 4-byte items where the platform has them: the Fisher-Yates swaps hit random
# positions, and a 4 MB array per million entries stays in cache far better than a list of
# pointers to int objects (measured about 1.7x faster).
_INDEX_CODE = "I" if array("I").itemsize >= 4 else "L"
_HASH_BATCH = 65_536
# Tab and every character str.splitlines() breaks on: the canonical encoding is one
# tab-separated line per entry, and a reimplementation that splits lines must not be fooled.
_FORBIDDEN_IN_ENTRANT = re.compile("[\t\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")

if array("Q").itemsize != _WORD:  # pragma: no cover - no supported platform has this
    raise ImportError("bot.drops.lottery needs array('Q') with 8-byte items")


@dataclass(frozen=True, slots=True)
class DrawEntry:
    """One entry in a drop: a pseudonymous entrant id and its tier weight (1..MAX_WEIGHT).

    The entrant must be a non-empty string without tabs or line breaks (the canonical entry-list
    encoding is tab- and line-separated) and must be encodable as UTF-8.
    """

    entrant: str
    weight: int = 1

    def __post_init__(self) -> None:
        entrant = self.entrant
        if type(entrant) is not str or not entrant:
            raise ValueError(f"entrant must be a non-empty string, got {entrant!r}")
        # isprintable() is a fast accept for the usual ids; only unusual strings pay for the
        # precise checks below.
        if not entrant.isprintable():
            if _FORBIDDEN_IN_ENTRANT.search(entrant):
                raise ValueError(f"entrant must not contain tabs or line breaks: {entrant!r}")
            try:
                entrant.encode("utf-8")
            except UnicodeEncodeError:
                raise ValueError(f"entrant is not encodable as UTF-8: {entrant!r}") from None
        weight = self.weight
        if type(weight) is not int or not 1 <= weight <= MAX_WEIGHT:
            raise ValueError(f"weight must be an integer in 1..{MAX_WEIGHT}, got {weight!r}")


class DrawEntries(Sequence[DrawEntry]):
    """An entry list held as two parallel columns, ``entrants`` and ``weights``.

    A checked transcript of a million entries holds it this way: one ``DrawEntry`` object per
    entry costs about 56 MB more and seconds to build. Indexing or iterating it still yields
    ``DrawEntry`` items; ``entry_list_hash`` and ``draw_order`` read the columns directly.
    """

    __slots__ = ("entrants", "weights")

    def __init__(self, entrants: list[str], weights: list[int]) -> None:
        """Hold ``entrants`` and ``weights`` (as given, not copied); ``ValueError`` as
        ``DrawEntry`` words it, for the first entry that is not a valid one."""
        if len(entrants) != len(weights):
            raise ValueError(f"{len(entrants)} entrants but {len(weights)} weights")
        # Checked in bulk (a million entries), entry by entry only to word the first bad one.
        fine = all(type(name) is str and name for name in entrants) and all(
            type(weight) is int and 1 <= weight <= MAX_WEIGHT for weight in weights
        )
        if not (fine and "".join(entrants).isprintable()):
            for name, weight in zip(entrants, weights, strict=True):
                DrawEntry(name, weight)
        self.entrants = entrants
        self.weights = weights

    @classmethod
    def of(cls, entries: Iterable[DrawEntry]) -> DrawEntries:
        """The columns of ``entries`` (already checked ``DrawEntry`` items)."""
        if isinstance(entries, DrawEntries):
            return entries
        listed = list(entries)
        columns = cls.__new__(cls)
        columns.entrants = [e.entrant for e in listed]
        columns.weights = [e.weight for e in listed]
        return columns

    def __len__(self) -> int:
        return len(self.entrants)

    @overload
    def __getitem__(self, index: int) -> DrawEntry: ...

    @overload
    def __getitem__(self, index: slice) -> DrawEntries: ...

    def __getitem__(self, index: int | slice) -> DrawEntry | DrawEntries:
        if isinstance(index, slice):
            return DrawEntries(self.entrants[index], self.weights[index])
        return DrawEntry(self.entrants[index], self.weights[index])

    def __iter__(self) -> Iterator[DrawEntry]:
        return map(DrawEntry, self.entrants, self.weights)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, DrawEntries):
            return NotImplemented
        return self.entrants == other.entrants and self.weights == other.weights

    __hash__ = None  # type: ignore[assignment]  # mutable columns, like a list

    def __repr__(self) -> str:
        return f"DrawEntries({len(self)} entries)"


def columns(entries: Sequence[DrawEntry]) -> tuple[list[str], list[int]]:
    """``entries``' entrants and weights as two lists (the columns themselves for ``DrawEntries``,
    which must then not be changed)."""
    if isinstance(entries, DrawEntries):
        return entries.entrants, entries.weights
    return [e.entrant for e in entries], [e.weight for e in entries]


@dataclass(frozen=True)
class DrawResult:
    """The outcome of a draw as indices into the entry list.

    ``order`` is every index exactly once; ``winners`` is its first ``supply`` items and
    ``waitlist`` the rest, in the order in which waitlisted entrants move up.
    """

    order: list[int]
    winners: list[int]
    waitlist: list[int]


def new_seed(random_bytes: Callable[[int], bytes] = os.urandom) -> bytes:
    """Return a fresh secret 32-byte seed from ``random_bytes`` (the OS CSPRNG by default)."""
    seed = random_bytes(SEED_BYTES)
    _check_seed(seed)
    return seed


def commitment(seed: bytes) -> str:
    """Return the public commitment to ``seed``: ``hashlib.sha256(seed).hexdigest()``."""
    _check_seed(seed)
    return hashlib.sha256(seed).hexdigest()


def entry_list_hash(entries: Iterable[DrawEntry]) -> str:
    """Return the lowercase SHA-256 hex digest of the canonical encoding of ``entries``.

    Canonical encoding: for each entry, in entry order, the line ``f"{entrant}\\t{weight}\\n"``,
    i.e. the entrant id, one TAB (0x09), the weight in decimal ASCII digits without sign or
    leading zeros, and one LF (0x0A); all lines concatenated and encoded as UTF-8, with no header,
    separator or trailer. The empty list therefore hashes to ``sha256(b"")``.

    Example: entries ``[("ann", 1), ("bob", 3)]`` are encoded as ``b"ann\\t1\\nbob\\t3\\n"``.
    """
    digest = hashlib.sha256()
    # Batches keep memory flat on huge lists while still joining in C rather than per entry.
    if isinstance(entries, DrawEntries):
        names, weights = entries.entrants, entries.weights
        for start in range(0, len(names), _HASH_BATCH):
            end = start + _HASH_BATCH
            digest.update(_encoded(names[start:end], weights[start:end]))
        return digest.hexdigest()
    it = iter(entries)
    while batch := list(islice(it, _HASH_BATCH)):
        digest.update(_encoded([e.entrant for e in batch], [e.weight for e in batch]))
    return digest.hexdigest()


def _encoded(names: list[str], weights: list[int]) -> bytes:
    # The canonical lines of one batch (see entry_list_hash).
    if weights.count(weights[0]) == len(weights):
        # All one weight (the common case): joining the ids with the shared "\t{w}\n"
        # suffix gives the same bytes about twice as fast as formatting every line.
        suffix = f"\t{weights[0]}\n"
        return (suffix.join(names) + suffix).encode("utf-8")
    return "".join([f"{n}\t{w}\n" for n, w in zip(names, weights, strict=True)]).encode("utf-8")


def stream_input(seed: bytes, entry_hash: str, beacon: str | None) -> bytes:
    """Return the domain-separated SHAKE-256 input for a draw.

    ``b"fairdrop/draw/v1\\n" + seed.hex() + "\\n" + entry_hash + "\\n" + (beacon or "")`` with the
    text parts encoded as UTF-8. A ``None`` beacon and an empty beacon give the same stream.
    """
    _check_seed(seed)
    _check_entry_hash(entry_hash)
    if beacon is not None and type(beacon) is not str:
        raise ValueError(f"beacon must be a string or None, got {beacon!r}")
    tail = f"{seed.hex()}\n{entry_hash}\n{beacon or ''}"
    return DOMAIN + tail.encode("utf-8")


def random_words(
    seed: bytes,
    entry_hash: str,
    beacon: str | None,
    *,
    first_chunk: int = 4096,
    binding: DrawBinding | None = None,
) -> Iterator[int]:
    """Return the draw's endless stream of unsigned 64-bit words (SHAKE-256, little-endian).

    With ``binding`` the stream input is format v2 (``beacon`` must then be None); without, v1.
    ``first_chunk`` only tunes how many words are generated up front; the stream is the same.
    """
    if binding is None:
        data = stream_input(seed, entry_hash, beacon)
    elif beacon is not None:
        raise ValueError("a v2 draw takes its beacon from the binding, not a beacon string")
    else:
        data = stream_input_v2(seed, entry_hash, binding)
    return chain.from_iterable(_word_chunks(data, first_chunk))


def _word_chunks(data: bytes, first_chunk: int) -> Iterator[array[int]]:
    xof = hashlib.shake_256(data)
    done = 0
    want = max(first_chunk, 1)
    while True:
        # SHAKE output is prefix-stable (digest(n) starts with digest(k) for k < n), so a longer
        # digest extends the stream and only its new tail is used. Doubling keeps the rehashing
        # overhead below 2x even if the first estimate was far too small.
        chunk = array("Q")
        chunk.frombytes(memoryview(xof.digest(_WORD * want))[_WORD * done :])
        if _BIG_ENDIAN:  # pragma: no cover - the stream is little-endian by definition
            chunk.byteswap()
        yield chunk
        done, want = want, want * 2


def uniform(words: Iterator[int], m: int) -> int:
    """Return an exactly uniform integer in ``[0, m)`` drawn from ``words`` by rejection.

    Consumes words until one is below ``2**64 - (2**64 % m)`` and returns it modulo ``m``;
    ``m`` must be in ``1..2**64``.
    """
    if type(m) is not int or not 1 <= m <= _TWO64:
        raise ValueError(f"m must be an integer in 1..2**64, got {m!r}")
    limit = _TWO64 - _TWO64 % m
    for x in words:
        if x < limit:
            return x % m
    raise ValueError("random word stream ended")


def _accept(x: int, m: int, words: Iterator[int]) -> int:
    # Slow path of the inlined uniform(): the caller saw a word at or above its shared "safe"
    # bound, so apply the exact rejection limit for this m, drawing further words as needed.
    limit = _TWO64 - _TWO64 % m
    while x >= limit:
        x = next(words)
    return x


def draw_order(
    seed: bytes,
    entry_hash: str,
    beacon: str | None,
    entries: Sequence[DrawEntry],
    binding: DrawBinding | None = None,
) -> list[int]:
    """Return the draw order of all entries as indices into ``entries``: winners first, then the
    waitlist in order.

    ``entry_hash`` must be ``entry_list_hash(entries)`` (it is not recomputed here). With ``words``
    the stream of ``random_words(seed, entry_hash, beacon, binding=binding)`` and ``uniform``
    as in the module docstring, the order is, exactly:

    a) Group entry indices by weight into classes, ordered by weight descending; within a class
       the indices are in entry order.
    b) Shuffle each class in that class order with descending Fisher-Yates: for ``i`` from
       ``len - 1`` down to ``1``: ``j = uniform(i + 1)``, swap positions ``i`` and ``j``.
    c) While at least two classes have entries left: let ``r_k`` be the entries left in class
       ``k`` and ``total = sum(weight_k * r_k)``; draw ``x = uniform(total)`` and pick the first
       class ``k`` (in class order) with ``x < sum(weight_i * r_i for i <= k)``; append that
       class's next unused index (from the front of its shuffled list). Then append what is left
       of the last class, in its shuffled order.

    Each remaining entry is thus the next pick with probability ``weight / total`` (sequential
    weighted sampling without replacement).
    """
    _check_entry_hash(entry_hash)
    n = len(entries)
    if n == 0:
        _check_seed(seed)
        if binding is not None:
            stream_input_v2(seed, entry_hash, binding)  # refuses a bad binding all the same
        return []
    # Read only (for DrawEntries, its own column).
    weights = entries.weights if isinstance(entries, DrawEntries) else [e.weight for e in entries]
    # list.count is several times faster than Counter and settles the common one-weight case.
    counts = {weights[0]: n} if weights.count(weights[0]) == n else Counter(weights)
    class_weights = sorted(counts, reverse=True)
    total = sum(w * counts[w] for w in class_weights)
    if total > _TWO64:
        raise ValueError("the sum of all weights must not exceed 2**64")

    classes: list[array[int]]
    if len(class_weights) == 1:
        classes = [array(_INDEX_CODE, range(n))]
    else:
        # A stable sort by descending weight lays the classes out back to back, heaviest first,
        # each in entry order; it runs in C and beats grouping in a Python loop.
        by_weight = array(_INDEX_CODE, sorted(range(n), key=weights.__getitem__, reverse=True))
        classes = []
        start = 0
        for w in class_weights:
            classes.append(by_weight[start : start + counts[w]])
            start += counts[w]
        del by_weight
    del weights

    # Enough words for every Fisher-Yates step and every sampling step, so normally the stream
    # is generated by a single SHAKE call; rejections are rare enough (p < total / 2**64 per
    # word) that the small slack almost never triggers a second chunk.
    need = n - len(classes) + (n if len(classes) > 1 else 0) + 64
    words = random_words(seed, entry_hash, beacon, first_chunk=need, binding=binding)
    # Every range drawn from is at most `total`, and any word below 2**64 - m is accepted for
    # every m <= total (the rejection limit 2**64 - 2**64 % m is larger), so one comparison
    # against this bound replaces computing the exact limit per draw.
    safe = _TWO64 - total

    for seq in classes:
        # Descending Fisher-Yates; zip stops on the range before pulling another word, and
        # _accept may pull extra words from the same iterator, keeping the stream in order.
        for m, x in zip(range(len(seq), 1, -1), words, strict=False):
            if x >= safe:
                x = _accept(x, m, words)
            j = x % m
            i = m - 1
            seq[i], seq[j] = seq[j], seq[i]

    if len(classes) == 1:
        return classes[0].tolist()

    # Picking a class with probability weight_c * r_c / total and then its next shuffled index
    # (a uniformly random one of its r_c remaining entries, since the class was shuffled with
    # independent randomness) picks each remaining entry with probability weight_c / total,
    # which is exactly sequential weighted sampling without replacement: within a class all
    # weights are equal, so only how many are left matters, not which. Once a single class is
    # left every further pick is from it with probability 1, so its remainder is appended in
    # one go instead of spending a word per entry.
    widths = [w * len(seq) for w, seq in zip(class_weights, classes, strict=True)]
    steps = list(class_weights)
    rests = [iter(seq) for seq in classes]
    takes = [rest.__next__ for rest in rests]
    out = array(_INDEX_CODE)
    append = out.append
    for x in words:
        if x >= safe:
            x = _accept(x, total, words)
        r = x % total
        k = 0
        width = widths[0]
        while r >= width:
            r -= width
            k += 1
            width = widths[k]
        append(takes[k]())
        step = steps[k]
        total -= step
        width -= step
        if width:
            widths[k] = width
        else:
            # An exhausted class has width 0 and could never be picked again; dropping it keeps
            # the scan short without changing any outcome.
            del widths[k], steps[k], rests[k], takes[k]
            if len(widths) == 1:
                break
    out.extend(rests[0])
    return out.tolist()


def draw(
    seed: bytes,
    entries: Sequence[DrawEntry],
    supply: int,
    beacon: str | None = None,
    binding: DrawBinding | None = None,
) -> tuple[str, DrawResult]:
    """Draw ``supply`` winners from ``entries``; return ``(entry_list_hash, result)``.

    Deterministic in ``(seed, entries, beacon, binding)`` (``binding``: format v2).
    ``supply`` must be >= 0; if it is at least the number of entries, everyone wins and the
    waitlist is empty. Entrants are expected to be
    unique (``verify_transcript`` reports duplicates); the draw itself works on indices.
    """
    if type(supply) is not int or supply < 0:
        raise ValueError(f"supply must be a non-negative integer, got {supply!r}")
    entry_hash = entry_list_hash(entries)
    order = draw_order(seed, entry_hash, beacon, entries, binding)
    return entry_hash, DrawResult(order=order, winners=order[:supply], waitlist=order[supply:])


def _check_seed(seed: bytes) -> None:
    if type(seed) is not bytes or len(seed) != SEED_BYTES:
        raise ValueError(f"seed must be {SEED_BYTES} bytes")


def _check_entry_hash(entry_hash: str) -> None:
    if type(entry_hash) is not str or not _HEX64.fullmatch(entry_hash):
        raise ValueError("entry_hash must be 64 lowercase hex characters")
