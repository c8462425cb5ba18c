"""The partner redemption API through aiohttp's test client, on SQLite."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from bot.drops.entitlements import DeliveredCode
from bot.store.database import SqlUnitOfWork, make_engine
from tests.fixtures.harness import CHANNEL
from tests.web.conftest import Web

CHECK, REDEEM = "/api/v1/codes/check", "/api/v1/codes/redeem"


async def _winner_code(web: Web, **spec: Any) -> tuple[int, DeliveredCode]:
    """A drawn drop where `fan` won and collected; a second winner has not collected yet."""
    fan = web.twitch.add_user(f"fan{web.messages}")
    other = web.twitch.add_user(f"other{web.messages}")
    drop = await web.drawn_drop(fan, other, **spec)
    collected = await web.service.collect_for_account(drop.id, f"twitch:{fan.id}")
    return drop.id, collected.codes[0]


async def _post(
    web: Web, path: str, key: str | None, body: Any, **headers: str
) -> tuple[int, dict[str, Any], Any]:
    if key is not None:
        headers["Authorization"] = f"Bearer {key}"
    async with web.client.post(path, json=body, headers=headers) as response:
        return response.status, await response.json(), response.headers


async def test_a_valid_code_checks_as_valid_then_redeems_exactly_once(web_env: Web) -> None:
    drop_id, code = await _winner_code(web_env)
    key = await web_env.partner_key(drops=(drop_id,))
    status, body, _ = await _post(web_env, CHECK, key, {"code": code.short_code})
    assert status == 200 and body["status"] == "valid"
    assert (body["drop_id"], body["serial"]) == (drop_id, code.serial)
    status, body, _ = await _post(web_env, REDEEM, key, {"code": code.token})
    assert status == 200 and body["status"] == "redeemed" and body["redeemed_at"]
    # The other form of the same entitlement is the same entitlement.
    status, body, _ = await _post(web_env, REDEEM, key, {"code": code.short_code})
    assert status == 409 and body["error"]["code"] == "already_redeemed"
    assert body["error"]["redeemed_at"] == web_env.clock.now().isoformat(timespec="seconds")


async def test_a_retried_redeem_with_its_idempotency_key_gets_the_first_answer(
    web_env: Web,
) -> None:
    drop_id, code = await _winner_code(web_env)
    key = await web_env.partner_key(drops=(drop_id,))
    request = {"code": code.token, "order_value_cents": 2500}
    first = await _post(web_env, REDEEM, key, request, **{"Idempotency-Key": "order-17"})
    again = await _post(web_env, REDEEM, key, request, **{"Idempotency-Key": "order-17"})
    assert first[0] == again[0] == 200 and first[1] == again[1]
    assert again[2]["Idempotent-Replayed"] == "true"
    plain = await _post(web_env, REDEEM, key, request)
    assert plain[0] == 409


async def test_a_retry_after_a_crash_that_lost_the_stored_answer_is_still_redeemed(
    web_env: Web,
) -> None:
    # The redemption commits before its answer is stored; a crash between the two leaves the
    # redemption and no answer. Deleting the answer row is that crash's state on disk.
    drop_id, code = await _winner_code(web_env)
    key = await web_env.partner_key(drops=(drop_id,))
    request = {"code": code.short_code, "order_value_cents": 1999}
    first = await _post(web_env, REDEEM, key, request, **{"Idempotency-Key": "order-21"})
    assert first[0] == 200
    with web_env.engine.begin() as conn:
        assert conn.exec_driver_sql("DELETE FROM idempotency_records").rowcount == 1
    web_env.clock.advance(minutes=3)
    retry = await _post(web_env, REDEEM, key, request, **{"Idempotency-Key": "order-21"})
    assert retry[0] == 200 and retry[1] == first[1]  # "redeemed", at the first time
    # The retry's answer is stored now, and replayed from there.
    again = await _post(web_env, REDEEM, key, request, **{"Idempotency-Key": "order-21"})
    assert again[1] == first[1] and again[2]["Idempotent-Replayed"] == "true"
    # Another key, or the same key with another request, is not that request.
    other = await _post(web_env, REDEEM, key, request, **{"Idempotency-Key": "order-22"})
    assert other[0] == 409 and other[1]["error"]["code"] == "already_redeemed"
    with web_env.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM idempotency_records")
    changed = {"code": code.short_code, "order_value_cents": 1}
    reused = await _post(web_env, REDEEM, key, changed, **{"Idempotency-Key": "order-21"})
    assert reused[0] == 409 and reused[1]["error"]["redeemed_at"] == first[1]["redeemed_at"]


async def test_concurrent_copies_of_one_retry_all_get_the_one_success(web_env: Web) -> None:
    drop_id, code = await _winner_code(web_env)
    key = await web_env.partner_key(drops=(drop_id,))
    answers = await asyncio.gather(
        *(
            _post(web_env, REDEEM, key, {"code": code.short_code}, **{"Idempotency-Key": "k1"})
            for _ in range(8)
        )
    )
    assert {status for status, _, _ in answers} == {200}
    assert len({str(body) for _, body, _ in answers}) == 1


async def test_an_idempotency_key_reused_for_another_request_is_refused(web_env: Web) -> None:
    drop_id, code = await _winner_code(web_env)
    key = await web_env.partner_key(drops=(drop_id,))
    await _post(web_env, REDEEM, key, {"code": code.token}, **{"Idempotency-Key": "same"})
    status, body, _ = await _post(
        web_env,
        REDEEM,
        key,
        {"code": code.token, "order_value_cents": 1},
        **{"Idempotency-Key": "same"},
    )
    assert status == 422 and body["error"]["code"] == "idempotency_key_reused"


async def test_each_refusal_names_its_cause(web_env: Web) -> None:
    drop_id, code = await _winner_code(web_env)
    key = await web_env.partner_key(drops=(drop_id,))
    forged = (
        code.short_code[:-2] + ("0" if code.short_code[-2] != "0" else "1") + code.short_code[-1]
    )
    status, body, _ = await _post(web_env, CHECK, key, {"code": forged})
    assert (status, body["error"]["code"]) == (404, "unknown_code")
    status, body, _ = await _post(web_env, CHECK, key, {"code": "v4.public.AAAA"})
    assert (status, body["error"]["code"]) == (404, "unknown_code")
    web_env.clock.advance(days=31)
    status, body, _ = await _post(web_env, REDEEM, key, {"code": code.token})
    assert (status, body["error"]["code"]) == (410, "code_expired")


async def test_a_code_of_a_cancelled_drop_is_revoked(web_env: Web) -> None:
    drop_id, code = await _winner_code(web_env)
    key = await web_env.partner_key(drops=(drop_id,))
    await web_env.service.cancel(CHANNEL, "hoodie", reason="merch delayed")
    status, body, _ = await _post(web_env, REDEEM, key, {"code": code.short_code})
    assert (status, body["error"]["code"]) == (410, "code_revoked")


async def test_a_key_only_reaches_the_drops_and_series_it_covers(web_env: Web) -> None:
    drop_id, code = await _winner_code(web_env, series="spring-tour")
    other = await web_env.partner_key("other-shop", drops=(drop_id + 1,))
    status, body, _ = await _post(web_env, REDEEM, other, {"code": code.token})
    assert (status, body["error"]["code"]) == (403, "out_of_scope")
    assert "serial" not in body["error"]  # nothing about another partner's code leaks
    by_series = await web_env.partner_key("tour-shop", series=("spring-tour",))
    status, body, _ = await _post(web_env, REDEEM, by_series, {"code": code.token})
    assert status == 200


async def test_requests_without_a_live_key_are_unauthorized(web_env: Web) -> None:
    drop_id, code = await _winner_code(web_env)
    for key in (None, "nonsense", "fdp_aaaaaaaaaaaaaaaa_" + "b" * 32):
        status, body, _ = await _post(web_env, CHECK, key, {"code": code.token})
        assert (status, body["error"]["code"]) == (401, "unauthorized")
    key = await web_env.partner_key(drops=(drop_id,))
    web_env.partners.sql.revoke(1, web_env.clock.now())
    web_env.app[_key_cache()].seconds = 0  # a revoked key stops at once in the test
    web_env.app[_key_cache()]._known.clear()
    status, _, _ = await _post(web_env, CHECK, key, {"code": code.token})
    assert status == 401


def _key_cache() -> Any:
    from bot.web.partner_api import KEY_CACHE

    return KEY_CACHE


@pytest.mark.parametrize(
    ("body", "content_type", "message"),
    [
        ("not json", "application/json", "not valid JSON"),
        ("[1]", "application/json", "JSON object"),
        ('{"code": 5}', "application/json", "'code' must be"),
        ('{"code": "x", "order_value_cents": -1}', "application/json", "order_value_cents"),
        ('{"code": "x", "order_value_cents": 1.5}', "application/json", "order_value_cents"),
        ('{"code": "x", "order_value_cents": 2147483648}', "application/json", "order_value_cents"),
        ('{"code": "x", "shop": 1}', "application/json", "unknown field 'shop'"),
        ('{"code": "x"}', "text/plain", "Content-Type"),
    ],
)
async def test_a_malformed_request_is_refused_in_one_line_and_changes_nothing(
    web_env: Web, body: str, content_type: str, message: str
) -> None:
    drop_id, code = await _winner_code(web_env)
    key = await web_env.partner_key(drops=(drop_id,))
    async with web_env.client.post(
        REDEEM,
        data=body.replace('"x"', f'"{code.token}"'),
        headers={"Authorization": f"Bearer {key}", "Content-Type": content_type},
    ) as response:
        answer = await response.json()
    assert response.status == 400 and answer["error"]["code"] == "invalid_request"
    assert message in answer["error"]["message"] and "\n" not in answer["error"]["message"]
    with SqlUnitOfWork(web_env.engine) as uow:
        assert uow.redemptions.for_drop(drop_id) == []


async def test_the_order_value_is_recorded_as_revenue(web_env: Web) -> None:
    drop_id, code = await _winner_code(web_env)
    key = await web_env.partner_key("popup", drops=(drop_id,))
    status, body, _ = await _post(
        web_env, REDEEM, key, {"code": code.token, "order_value_cents": 4250}
    )
    assert status == 200 and body["order_value_cents"] == 4250
    with SqlUnitOfWork(web_env.engine) as uow:
        (redemption,) = uow.redemptions.for_drop(drop_id)
    assert (redemption.partner, redemption.order_value_cents) == ("popup", 4250)
    summary = await web_env.service.summary(drop_id)
    assert (summary.revenue_cents, summary.orders_with_value) == (4250, 1)


@pytest.mark.parametrize("web_overrides", [{"failed_attempts_per_key": 3}])
async def test_failed_attempts_per_key_are_limited(web_env: Web) -> None:
    drop_id, code = await _winner_code(web_env)
    key = await web_env.partner_key(drops=(drop_id,))
    for i in range(3):
        status, _, _ = await _post(web_env, CHECK, key, {"code": f"0000-0000-0000-000{i}"})
        assert status == 404
    status, body, headers = await _post(web_env, CHECK, key, {"code": code.token})
    assert (status, body["error"]["code"]) == (429, "too_many_failures")
    assert int(headers["Retry-After"]) > 0
    # Another partner from the same address is not held up by this key's failures.
    other = await web_env.partner_key("b", drops=(drop_id,))
    assert (await _post(web_env, CHECK, other, {"code": code.token}))[0] == 200


@pytest.mark.parametrize("web_overrides", [{"failed_attempts_per_address": 2}])
async def test_requests_without_a_live_key_are_limited_per_address_and_never_block_a_key(
    web_env: Web,
) -> None:
    drop_id, code = await _winner_code(web_env)
    key = await web_env.partner_key(drops=(drop_id,))
    for _ in range(2):
        assert (await _post(web_env, CHECK, "fdp_wrong", {"code": code.token}))[0] == 401
    status, body, headers = await _post(web_env, CHECK, None, {"code": code.token})
    assert (status, body["error"]["code"]) == (429, "too_many_failures")
    assert int(headers["Retry-After"]) > 0
    # The partner shares the address (a proxy's, say) and is not held up by the keyless.
    assert (await _post(web_env, CHECK, key, {"code": code.token}))[0] == 200


async def test_the_openapi_document_lists_the_api(web_env: Web) -> None:
    async with web_env.client.get("/api/v1/openapi.json") as response:
        document = await response.json()
    assert response.status == 200 and document["openapi"].startswith("3.")
    assert set(document["paths"]) == {"/codes/check", "/codes/redeem"}
    assert document["servers"][0]["url"] == f"{web_env.base_url}/api/v1"
    codes = document["components"]["schemas"]["Error"]["properties"]["error"]["properties"]
    assert {"unknown_code", "code_expired", "already_redeemed", "code_revoked"} <= set(
        codes["code"]["enum"]
    )
    redeem = document["paths"]["/codes/redeem"]["post"]
    assert {"200", "401", "403", "404", "409", "410", "422", "429"} <= set(redeem["responses"])


async def test_concurrent_redeems_are_judged_together_and_on_disk_once_answered(
    web_env: Web,
) -> None:
    fans = [web_env.twitch.add_user(f"crowd{i}") for i in range(2)]
    drop = await web_env.drawn_drop(*fans)
    first, second = [
        (await web_env.service.collect_for_account(drop.id, f"twitch:{fan.id}")).codes[0]
        for fan in fans
    ]
    key = await web_env.partner_key(drops=(drop.id,))
    bodies = [{"code": first.token}, {"code": first.short_code}] * 3 + [
        {"code": second.short_code},
        {"code": "0000-0000-0000-0000-0"},
    ]
    answers = await asyncio.gather(*(_post(web_env, REDEEM, key, body) for body in bodies))
    statuses = [status for status, _, _ in answers]
    assert sorted(statuses[:6]) == [200, 409, 409, 409, 409, 409]  # one code, redeemed once
    assert statuses[6:] == [200, 404]
    when = web_env.clock.now().isoformat(timespec="seconds")
    for _, body, _ in answers[:6]:
        assert (body.get("redeemed_at") or body["error"]["redeemed_at"]) == when
    # Answered means committed: a new engine, with its own connections, sees both.
    fresh = make_engine(web_env.engine.url.render_as_string(hide_password=False))
    try:
        with SqlUnitOfWork(fresh) as uow:
            stored = uow.redemptions.for_drop(drop.id)
    finally:
        fresh.dispose()
    assert sorted(r.serial for r in stored) == sorted([first.serial, second.serial])
