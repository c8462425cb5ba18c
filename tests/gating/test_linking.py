"""Identity linking: a one-time code from Discord, typed in Twitch chat, joins the two accounts
into one person. On memory, SQLite and PostgreSQL, including two uses of one code at once."""

from __future__ import annotations

import asyncio
import random
import re
import threading
import time
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any, TypeVar, cast

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, text

from bot.drops import outcomes as oc
from bot.drops.model import Mode
from bot.drops.ports import UnitOfWork
from bot.gating import linking
from bot.gating.link_service import LinkService
from bot.gating.linking import (
    LINK_TTL,
    AlreadyLinked,
    CannotLinkToSelf,
    HasLinkedAccounts,
    LinkCodeInvalid,
    LinkCodeProblem,
    Linked,
    LinkedElsewhere,
)
from bot.kernel.alphabet import ALPHABET
from bot.store.database import SqlUnitOfWork, ThreadedTransactions, make_engine
from bot.store.migrate import upgrade
from tests.fakes.memory_store import InlineTransactions, MemoryData, MemoryUnitOfWork
from tests.fixtures.harness import START, Harness, ManualClock

T = TypeVar("T")
DISCORD = "discord:100"
TWITCH = "twitch:200"
MALFORMED = LinkCodeInvalid(LinkCodeProblem.MALFORMED)
UNUSABLE = LinkCodeInvalid(LinkCodeProblem.UNUSABLE)
DISPLAY_FORM = re.compile(rf"[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}")


def code_bytes(canonical: str) -> bytes:
    """The 5 random bytes that come out as `canonical` (8 Crockford symbols)."""
    value = 0
    for symbol in canonical:
        value = value * 32 + ALPHABET.index(symbol)
    return value.to_bytes(5, "big")


def memory_uow(data: MemoryData) -> UnitOfWork:
    # The fake's repositories are concrete classes, which mypy will not match against the
    # protocol's (mutable, so invariant) attributes; structurally they are the ports.
    return cast(UnitOfWork, MemoryUnitOfWork(data))


@dataclass
class Linking:
    backend: str
    service: LinkService
    clock: ManualClock
    new_uow: Callable[[], UnitOfWork]
    engine: Engine | None
    data: MemoryData | None
    queued_bytes: list[bytes] = field(default_factory=list)

    async def code_for(self, account: str, canonical: str | None = None) -> str:
        """A code asked for by `account`; `canonical` picks its symbols."""
        if canonical is not None:
            self.queued_bytes.append(code_bytes(canonical))
        return (await self.service.start(account)).code

    async def linked(self, account: str, asker: str) -> str:
        """`account` joins `asker`'s person with a fresh code; returns that person."""
        code = await self.code_for(asker)
        outcome = await self.service.complete(code, account)
        assert isinstance(outcome, Linked) and outcome.account == account, outcome
        return outcome.identity

    def read(self, fn: Callable[[UnitOfWork], T]) -> T:
        with self.new_uow() as uow:
            return fn(uow)

    def stored_codes(self) -> list[tuple[Any, ...]]:
        if self.data is not None:
            return [
                (h, c.account, c.expires_at, c.used_by) for h, c in self.data.link_codes.items()
            ]
        assert self.engine is not None
        with self.engine.connect() as conn:
            return [tuple(row) for row in conn.execute(text("SELECT * FROM link_codes"))]


@pytest.fixture(params=["memory", "sqlite", "postgres"])
async def links(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Linking]:
    clock = ManualClock()
    queued: list[bytes] = []
    rng = random.Random(3)

    def random_bytes(n: int) -> bytes:
        return queued.pop(0) if queued else rng.randbytes(n)

    engine: Engine | None = None
    data: MemoryData | None = None
    tx: Any
    if request.param == "memory":
        memory = data = MemoryData()

        def new_uow() -> UnitOfWork:
            return memory_uow(memory)

        tx = InlineTransactions(new_uow)
    else:
        if request.param == "sqlite":
            url = f"sqlite:///{tmp_path}/links.db"
        else:
            url = request.getfixturevalue("postgres_url")
        sql_engine = engine = make_engine(url)
        upgrade(engine)

        def new_uow() -> UnitOfWork:
            return SqlUnitOfWork(sql_engine)

        tx = ThreadedTransactions(new_uow)
    service = LinkService(tx, clock, random_bytes)
    yield Linking(request.param, service, clock, new_uow, engine, data, queued)
    if isinstance(tx, ThreadedTransactions):
        tx.close()
    if engine is not None:
        engine.dispose()


# -- issuing codes -------------------------------------------------------------------------------


async def test_a_code_is_eight_symbols_shown_in_two_groups_and_lasts_ten_minutes(
    links: Linking,
) -> None:
    issued = await links.service.start(DISCORD)
    assert DISPLAY_FORM.fullmatch(issued.code)
    assert issued.expires_at == START + LINK_TTL == START + timedelta(minutes=10)


async def test_only_a_hash_of_the_code_is_stored(links: Linking) -> None:
    code = await links.code_for(DISCORD, "7QX4K9MZ")
    rows = links.stored_codes()
    assert len(rows) == 1
    stored = " ".join(str(cell) for cell in rows[0]).upper()
    assert "7QX4K9MZ" not in stored and code not in stored


async def test_codes_come_from_the_random_source(links: Linking) -> None:
    codes = {await links.code_for(DISCORD) for _ in range(20)}
    assert len(codes) == 20


# -- completing a link ---------------------------------------------------------------------------


async def test_a_code_from_discord_links_the_twitch_account_to_that_person(
    links: Linking,
) -> None:
    code = await links.code_for(DISCORD)
    assert await links.service.complete(code, TWITCH) == Linked(TWITCH, DISCORD)
    assert await links.service.identity_of(TWITCH) == DISCORD
    assert await links.service.identity_of(DISCORD) == DISCORD
    assert await links.service.accounts_of_person(TWITCH) == [DISCORD, TWITCH]
    assert await links.service.accounts_of_person(DISCORD) == [DISCORD, TWITCH]


async def test_an_unlinked_account_is_its_own_person(links: Linking) -> None:
    assert await links.service.identity_of(TWITCH) == TWITCH
    assert await links.service.accounts_of_person(TWITCH) == [TWITCH]


async def test_a_code_works_once(links: Linking) -> None:
    code = await links.code_for(DISCORD)
    assert await links.service.complete(code, TWITCH) == Linked(TWITCH, DISCORD)
    assert await links.service.complete(code, "twitch:201") == UNUSABLE
    assert await links.service.identity_of("twitch:201") == "twitch:201"


async def test_a_code_works_until_ten_minutes_have_passed(links: Linking) -> None:
    code = await links.code_for(DISCORD)
    links.clock.advance(minutes=9, seconds=59)
    assert await links.service.complete(code, TWITCH) == Linked(TWITCH, DISCORD)


async def test_a_code_expires_after_ten_minutes(links: Linking) -> None:
    code = await links.code_for(DISCORD)
    links.clock.advance(minutes=10)
    assert await links.service.complete(code, TWITCH) == UNUSABLE
    assert await links.service.identity_of(TWITCH) == TWITCH


async def test_an_unknown_code_gets_the_same_answer_as_a_used_or_expired_one(
    links: Linking,
) -> None:
    await links.code_for(DISCORD, "7QX4K9MZ")
    assert await links.service.complete("7QX4-K9MA", TWITCH) == UNUSABLE


@pytest.mark.parametrize(
    "typed",
    ["", "   ", "7QX4-K9M", "7QX4-K9MZZ", "7QX4-K9MU", "7QX4_K9MZ", "7QX4-K9M!", "7\uff31X4-K9MZ"],
)
async def test_malformed_codes_are_refused_without_a_lookup(links: Linking, typed: str) -> None:
    await links.code_for(DISCORD, "7QX4K9MZ")
    assert await links.service.complete(typed, TWITCH) == MALFORMED
    # Nothing was looked up, so nothing was used up: the real code still works.
    assert await links.service.complete("7QX4-K9MZ", TWITCH) == Linked(TWITCH, DISCORD)


@pytest.mark.parametrize(
    "typed",
    [
        "01ab-cdef",
        "01ABCDEF",
        " 01AB CDEF ",
        "OLAB-CDEF",
        "oiab-cdef",
        "0 1 a b c d e f",
        "01AB\u2013CDEF",
    ],
)
async def test_codes_are_read_leniently(links: Linking, typed: str) -> None:
    code = await links.code_for(DISCORD, "01ABCDEF")
    assert code == "01AB-CDEF"
    assert await links.service.complete(typed, TWITCH) == Linked(TWITCH, DISCORD)


async def test_an_account_cannot_link_to_itself(links: Linking) -> None:
    code = await links.code_for(DISCORD)
    assert await links.service.complete(code, DISCORD) == CannotLinkToSelf()
    assert await links.service.accounts_of_person(DISCORD) == [DISCORD]


async def test_linking_again_to_the_same_person_changes_nothing(links: Linking) -> None:
    await links.linked(TWITCH, DISCORD)
    code = await links.code_for(DISCORD)
    assert await links.service.complete(code, TWITCH) == AlreadyLinked(DISCORD)
    assert await links.service.accounts_of_person(DISCORD) == [DISCORD, TWITCH]


async def test_an_account_linked_to_someone_else_must_unlink_first(links: Linking) -> None:
    await links.linked(TWITCH, DISCORD)
    code = await links.code_for("discord:101")
    assert await links.service.complete(code, TWITCH) == LinkedElsewhere(DISCORD)
    assert await links.service.identity_of(TWITCH) == DISCORD
    # The refused code was typed in public chat, so it is used up all the same.
    assert await links.service.unlink(TWITCH)
    assert await links.service.complete(code, TWITCH) == UNUSABLE


# -- links never chain ---------------------------------------------------------------------------


async def test_a_code_asked_for_by_a_linked_account_joins_its_person(links: Linking) -> None:
    await links.linked(TWITCH, DISCORD)
    code = await links.code_for(TWITCH)
    assert await links.service.complete(code, "twitch:201") == Linked("twitch:201", DISCORD)
    assert await links.service.accounts_of_person("twitch:201") == [
        DISCORD,
        TWITCH,
        "twitch:201",
    ]


async def test_an_account_others_link_to_cannot_join_another_person(links: Linking) -> None:
    await links.linked(TWITCH, DISCORD)
    code = await links.code_for("discord:101")
    assert await links.service.complete(code, DISCORD) == HasLinkedAccounts((TWITCH,))
    assert await links.service.identity_of(DISCORD) == DISCORD


async def test_the_asker_linked_after_issuing_is_followed_to_its_person(links: Linking) -> None:
    code = await links.code_for("discord:101")
    await links.linked("discord:101", DISCORD)  # the asker joins another person meanwhile
    assert await links.service.complete(code, TWITCH) == Linked(TWITCH, DISCORD)
    assert await links.service.accounts_of_person(DISCORD) == [DISCORD, "discord:101", TWITCH]


async def test_no_link_ever_points_at_a_linked_account(links: Linking) -> None:
    assert await links.linked(TWITCH, DISCORD) == DISCORD
    assert await links.linked("twitch:201", TWITCH) == DISCORD  # TWITCH's person, not TWITCH
    assert await links.linked("discord:101", "twitch:201") == DISCORD
    everyone = [DISCORD, TWITCH, "twitch:201", "discord:101"]
    identities = links.read(lambda uow: uow.links.identities(everyone))
    assert set(identities.values()) == {DISCORD}
    assert DISCORD not in identities


# -- unlinking -----------------------------------------------------------------------------------


async def test_unlinking_makes_the_account_its_own_person_again(links: Linking) -> None:
    await links.linked(TWITCH, DISCORD)
    assert await links.service.unlink(TWITCH) is True
    assert await links.service.identity_of(TWITCH) == TWITCH
    assert await links.service.accounts_of_person(DISCORD) == [DISCORD]
    assert await links.service.unlink(TWITCH) is False


async def test_unlinking_from_the_persons_own_account_releases_the_others(
    links: Linking,
) -> None:
    await links.linked(TWITCH, DISCORD)
    await links.linked("twitch:201", DISCORD)
    assert await links.service.unlink(DISCORD) is True
    assert await links.service.identity_of(TWITCH) == TWITCH
    assert await links.service.identity_of("twitch:201") == "twitch:201"
    assert await links.service.unlink(DISCORD) is False


async def test_an_unlinked_account_can_link_again(links: Linking) -> None:
    await links.linked(TWITCH, DISCORD)
    await links.service.unlink(TWITCH)
    await links.linked(TWITCH, "discord:101")
    assert await links.service.identity_of(TWITCH) == "discord:101"


# -- races ---------------------------------------------------------------------------------------

RACE_ROUNDS = 20
HOLD_OPEN = 0.02  # seconds each racer keeps its transaction open after using the code


async def test_the_same_code_typed_twice_at_once_links_once(links: Linking) -> None:
    """Two uses of one code at the same moment, from two accounts: exactly one links.

    On SQLite and PostgreSQL each use runs in its own thread and transaction, released together
    by a barrier. SQLite lets one writer in at a time (BEGIN IMMEDIATE; the other waits on the
    busy timeout) and the second finds the code used. On PostgreSQL the transactions really
    overlap: both are open before either uses the code, and each holds its transaction open a
    moment after its UPDATE. The loser's conditional UPDATE (`used_at IS NULL AND expires_at >
    now`) then waits on the winner's row lock; once the winner commits, PostgreSQL re-checks the
    WHERE clause against the committed row (READ COMMITTED's re-evaluation of an updated row),
    finds `used_at` set, updates nothing and returns no row. The in-memory store serializes
    transactions on the event loop, so there the two go through the service together.
    """
    for round_ in range(RACE_ROUNDS):
        asker = f"discord:{1000 + round_}"
        racers = (f"twitch:{2000 + round_}", f"twitch:{3000 + round_}")
        code = await links.code_for(asker)
        if links.engine is None:
            outcomes = await asyncio.gather(*(links.service.complete(code, r) for r in racers))
        else:
            outcomes = await asyncio.to_thread(_race, links.engine, links.backend, code, racers)
        linked = [o for o in outcomes if isinstance(o, Linked)]
        assert len(linked) == 1, outcomes
        assert outcomes.count(UNUSABLE) == 1, outcomes
        winner = linked[0].account
        assert linked[0].identity == asker
        assert await links.service.accounts_of_person(asker) == [asker, winner]
        loser = next(r for r in racers if r != winner)
        assert await links.service.identity_of(loser) == loser


def _race(
    engine: Engine, backend: str, code: str, racers: tuple[str, str]
) -> list[linking.LinkOutcome]:
    barrier = threading.Barrier(len(racers), timeout=10)
    now = START

    def use(account: str) -> linking.LinkOutcome:
        if backend == "sqlite":
            # BEGIN IMMEDIATE takes the write lock on entering, so meet before it, not inside.
            barrier.wait()
        with SqlUnitOfWork(engine) as uow:
            if backend == "postgres":
                uow.links.identities([account])  # both transactions are now open and working
                barrier.wait()
            outcome = linking.complete_link(uow, code, account, now)
            time.sleep(HOLD_OPEN)
            uow.commit()
            return outcome

    with ThreadPoolExecutor(max_workers=len(racers), thread_name_prefix="racer") as pool:
        futures = [pool.submit(use, account) for account in racers]
        return [f.result(timeout=30) for f in futures]


@pytest.mark.parametrize("first_commits", [True, False], ids=["first-commits", "first-rolls-back"])
def test_on_postgres_a_second_use_waits_for_the_first_then_sees_its_outcome(
    postgres_url: str, first_commits: bool
) -> None:
    """Deterministically, the interleaving the race test hopes for: the first transaction has
    used the code and is still open; the second's conditional UPDATE waits on its row lock.
    When the first commits, the second re-checks the row, finds it used and links nothing; when
    the first rolls back, the code was never used, and the second links."""
    engine = make_engine(postgres_url)
    upgrade(engine)
    try:
        with SqlUnitOfWork(engine) as uow:
            code = linking.start_link(uow, DISCORD, START, random.Random(9).randbytes).code
            uow.commit()
        used = threading.Event()
        finish = threading.Event()

        def first() -> linking.LinkOutcome:
            with SqlUnitOfWork(engine) as uow:
                outcome = linking.complete_link(uow, code, TWITCH, START)
                used.set()
                assert finish.wait(10)
                if first_commits:
                    uow.commit()
                return outcome

        def second() -> linking.LinkOutcome:
            assert used.wait(10)
            with SqlUnitOfWork(engine) as uow:
                outcome = linking.complete_link(uow, code, "twitch:201", START)
                uow.commit()
                return outcome

        with ThreadPoolExecutor(max_workers=2, thread_name_prefix="racer") as pool:
            firsts, seconds = pool.submit(first), pool.submit(second)
            try:
                _wait_for_a_lock_wait(engine)
            finally:
                finish.set()
            assert firsts.result(timeout=30) == Linked(TWITCH, DISCORD)
            if first_commits:
                assert seconds.result(timeout=30) == UNUSABLE
            else:
                assert seconds.result(timeout=30) == Linked("twitch:201", DISCORD)
        with SqlUnitOfWork(engine) as uow:
            person = linking.accounts_of_person(uow, DISCORD)
        assert person == [DISCORD, TWITCH if first_commits else "twitch:201"]
    finally:
        engine.dispose()


def _wait_for_a_lock_wait(engine: Engine) -> None:
    """Return once some session of this database waits on a lock (the second use's UPDATE)."""
    query = text(
        "SELECT count(*) FROM pg_stat_activity"
        " WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )
    deadline = time.monotonic() + 10
    with engine.connect() as conn:
        while conn.execute(query).scalar_one() == 0:
            assert time.monotonic() < deadline, "the second use never waited on the first"
            conn.rollback()  # a fresh snapshot of pg_stat_activity each time
            time.sleep(0.005)


# -- one person, one entry -----------------------------------------------------------------------


def _link_in(harness: Harness, account: str, identity: str) -> None:
    with harness.new_uow() as uow:
        issued = linking.start_link(uow, identity, harness.clock.now(), random.Random(5).randbytes)
        outcome = linking.complete_link(uow, issued.code, account, harness.clock.now())
        uow.commit()
    assert outcome == Linked(account, identity)


async def test_a_linked_person_enters_once_from_either_platform(harness: Harness) -> None:
    _link_in(harness, "twitch:7", "discord:7")
    await harness.open(tiers=())
    assert isinstance(await harness.claim("7", platform="discord"), oc.Entered)
    assert isinstance(await harness.claim("7", platform="twitch"), oc.AlreadyEntered)


async def test_a_linked_person_has_one_cap_across_platforms(harness: Harness) -> None:
    _link_in(harness, "twitch:8", "discord:8")
    await harness.open(mode=Mode.FCFS, supply=10, cap_per_person=2, tiers=())
    outcomes = [
        await harness.claim("8", platform="twitch"),
        await harness.claim("8", platform="discord"),
        await harness.claim("8", platform="twitch"),
    ]
    assert [type(o) for o in outcomes] == [oc.Won, oc.Won, oc.CapReached]


# -- typing, as a property -----------------------------------------------------------------------


@given(st.text(max_size=80))
@settings(max_examples=300)
def test_any_text_parses_to_a_code_or_to_nothing_and_never_raises(typed: str) -> None:
    canonical = linking.parse_link_code(typed)
    assert canonical is None or (len(canonical) == 8 and set(canonical) <= set(ALPHABET))


@given(st.binary(min_size=5, max_size=5), st.sampled_from(["", " ", "-", " - "]))
def test_every_issued_code_reads_back_however_it_is_spaced_or_cased(
    raw: bytes, separator: str
) -> None:
    with memory_uow(MemoryData()) as uow:
        issued = linking.start_link(uow, DISCORD, START, lambda _: raw)
    canonical = issued.code.replace("-", "")
    typed = separator.join([canonical[:4], canonical[4:]]).lower()
    assert linking.parse_link_code(typed) == canonical
    assert int.from_bytes(code_bytes(canonical), "big") == int.from_bytes(raw, "big")


@given(st.text(max_size=40))
@settings(max_examples=200)
def test_completing_with_any_text_answers_with_an_outcome(typed: str) -> None:
    with memory_uow(MemoryData()) as uow:
        linking.start_link(uow, DISCORD, START, lambda n: bytes(n))  # the code 0000-0000
        outcome = linking.complete_link(uow, typed, TWITCH, START)
    if linking.parse_link_code(typed) == "00000000":
        assert outcome == Linked(TWITCH, DISCORD)
    else:
        assert isinstance(outcome, LinkCodeInvalid)
