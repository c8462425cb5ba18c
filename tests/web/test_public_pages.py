"""Public keys, the transparency page and transcript, /healthz and /metrics."""

from __future__ import annotations

import json
from datetime import timedelta

import pyseto
import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot.drops.arrivals import ArrivalTranscript
from bot.drops.disqualify import WinnerRef
from bot.drops.model import Mode
from bot.drops.transcript import Transcript
from bot.drops.verify import verify_transcript
from bot.drops.verify_arrivals import verify_arrivals
from bot.gating.rules import EVERYONE, Tier, parse_rule
from bot.store.figures import totals
from bot.web.metrics import Metrics
from tests.fixtures.harness import CHANNEL, spec
from tests.web.conftest import Web

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


async def test_public_keys_verify_a_code_offline_with_any_paseto_library(web_env: Web) -> None:
    fan = web_env.twitch.add_user("fan")
    drop = await web_env.drawn_drop(fan)
    code = (await web_env.service.collect_for_account(drop.id, f"twitch:{fan.id}")).codes[0]
    async with web_env.client.get("/.well-known/fairdrop-keys.json") as response:
        document = await response.json()
    assert response.status == 200 and "max-age" in response.headers["Cache-Control"]
    (key,) = document["keys"]
    assert key["paserk"].startswith("k4.public.") and key["kid"].startswith("k4.pid.")
    assert (document["current"], key["status"]) == (key["kid"], "current")
    decoded = pyseto.decode(pyseto.Key.from_paserk(key["paserk"]), code.token)
    # Bytes, as no deserializer was given (pyseto types both as bytes or a deserialized dict).
    assert isinstance(decoded.payload, bytes) and isinstance(decoded.footer, bytes)
    claims = json.loads(decoded.payload)
    assert claims["serial"] == code.serial
    assert key["kid"] in decoded.footer.decode()


async def test_previous_keys_stay_published_after_a_rotation(web_env: Web) -> None:
    rotated = web_env.keyring.rotate(web_env.clock.now())
    web_env.service.keyring = rotated
    async with web_env.client.get("/.well-known/fairdrop-keys.json") as response:
        document = await response.json()
    assert [k["status"] for k in document["keys"]] == ["previous", "current"]
    assert document["current"] == rotated.current.kid


async def test_the_transparency_page_shows_the_draw_and_how_to_verify_it(web_env: Web) -> None:
    fans = [web_env.twitch.add_user(f"fan{i}") for i in range(5)]
    tiers = (
        Tier("subs", parse_rule(["badge:subscriber"]), timedelta(0), 2),
        Tier("public", EVERYONE, timedelta(0), 1),
    )
    drop = await web_env.drawn_drop(*fans, supply=2, tiers=tiers)
    async with web_env.client.get(f"/drops/{drop.id}") as response:
        html = await response.text()
    stored = await web_env.service.get(drop.id)
    assert response.status == 200
    for fact in (stored.commitment, stored.seed_hex, stored.entry_hash, "fairdrop verify-draw"):
        assert fact in html
    assert "<td>public</td><td>5</td>" in html and "<td>subs</td><td>0</td>" in html
    record = await web_env.service.public_record(drop.id)
    assert all(w.display_name in html for w in record.winners)
    async with web_env.client.get(f"/drops/{drop.id}/transcript.json") as response:
        transcript = Transcript.from_json(await response.text())
    assert "attachment" in response.headers["Content-Disposition"]
    assert verify_transcript(transcript) == []


async def test_hostile_names_are_escaped_on_the_transparency_page(web_env: Web) -> None:
    fan = web_env.twitch.add_user("hostile", display_name=HOSTILE)
    drop = await web_env.drawn_drop(fan, title=f"Drop {HOSTILE}")
    async with web_env.client.get(f"/drops/{drop.id}") as response:
        html = await response.text()
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    # Only our own script files (the in-browser check, the live page's), never inline script.
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self';" in csp and "unsafe" not in csp


async def test_the_seed_stays_secret_until_the_draw(web_env: Web) -> None:
    public = (Tier("public", EVERYONE, timedelta(0), 1),)
    drop = await web_env.service.create(spec(tiers=public))
    await web_env.claim(web_env.twitch.add_user("early"))
    async with web_env.client.get(f"/drops/{drop.id}") as response:
        html = await response.text()
    assert drop.commitment in html and drop.seed_hex not in html
    assert drop.guaranteed_digest and drop.guaranteed_digest in html  # committed at open
    assert "revealed after the draw" in html
    async with web_env.client.get(f"/drops/{drop.id}/transcript.json") as response:
        assert response.status == 404
    async with web_env.client.get("/drops/999") as response:
        assert response.status == 404


@pytest.mark.parametrize("web_overrides", [{"mask_winners": True}])
async def test_winners_are_masked_where_configured(web_env: Web) -> None:
    fan = web_env.twitch.add_user("secretive", display_name="SecretiveFan")
    drop = await web_env.drawn_drop(fan)
    async with web_env.client.get(f"/drops/{drop.id}") as response:
        html = await response.text()
    assert "SecretiveFan" not in html and "S***n" in html


async def test_first_come_drops_say_there_is_no_draw(web_env: Web) -> None:
    public = (Tier("public", EVERYONE, timedelta(0), 1),)
    drop = await web_env.service.create(spec(mode=Mode.FCFS, tiers=public, channel=CHANNEL))
    async with web_env.client.get(f"/drops/{drop.id}") as response:
        assert "no draw" in await response.text()


async def test_a_closed_first_come_drop_links_its_arrivals_transcript(web_env: Web) -> None:
    public = (Tier("public", EVERYONE, timedelta(0), 1),)
    drop = await web_env.service.create(spec(mode=Mode.FCFS, tiers=public, supply=2))
    for i in range(3):
        await web_env.claim(web_env.twitch.add_user(f"fan{i}"))
    web_env.clock.advance(minutes=10)
    await web_env.service.close(CHANNEL)
    async with web_env.client.get(f"/drops/{drop.id}") as response:
        assert f"/drops/{drop.id}/transcript.json" in await response.text()
    async with web_env.client.get(f"/drops/{drop.id}/transcript.json") as response:
        transcript = ArrivalTranscript.from_dict(json.loads(await response.text()))
    assert len(transcript.arrivals) == 3 and len(transcript.units) == 2
    assert verify_arrivals(transcript) == []


async def test_healthz_is_ok_when_every_check_passes(web_env: Web) -> None:
    async with web_env.client.get("/healthz") as response:
        body = await response.json()
    assert response.status == 200 and body == {"status": "ok", "checks": {"database": "ok"}}


async def test_healthz_fails_when_a_platform_connection_is_down(web_env: Web) -> None:
    async def twitch_down() -> bool:
        return False

    async def broken() -> bool:
        raise ConnectionError("refused")

    web_env.health.add("twitch", twitch_down)
    web_env.health.add("discord", broken)
    async with web_env.client.get("/healthz") as response:
        body = await response.json()
    assert response.status == 503
    assert body["checks"] == {"database": "ok", "twitch": "failing", "discord": "failing"}


@pytest.mark.parametrize("web_overrides", [{"metrics_allow": ["127.0.0.1"]}])
async def test_metrics_are_prometheus_text_with_the_store_totals(web_env: Web) -> None:
    fans = [web_env.twitch.add_user(f"m{i}") for i in range(3)]
    drop = await web_env.drawn_drop(*fans, supply=2)
    await web_env.service.collect_for_account(drop.id, f"twitch:{fans[0].id}")

    async def figures() -> dict[str, object]:
        return {**totals(web_env.engine), "outbound_queue_depth": {"twitch": 4}}

    web_env.metrics.figures = figures  # type: ignore[assignment]
    web_env.metrics.reconnected("twitch")
    async with web_env.client.get("/healthz"):
        pass
    async with web_env.client.get("/metrics") as response:
        text = await response.text()
    assert response.headers["Content-Type"].startswith("text/plain")
    samples = {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }
    assert samples[("fairdrop_entries", ())] == 3
    assert samples[("fairdrop_allocations", (("status", "claimed"),))] == 1
    assert samples[("fairdrop_allocations", (("status", "pending"),))] == 1
    assert samples[("fairdrop_codes_delivered", ())] == 1
    assert samples[("fairdrop_redemptions", ())] == 0
    assert samples[("fairdrop_outbound_queue_depth", (("sink", "twitch"),))] == 4
    assert samples[("fairdrop_platform_reconnects_total", (("platform", "twitch"),))] == 1
    assert any(
        name == "fairdrop_http_request_duration_seconds_count" and ("route", "/healthz") in labels
        for name, labels in samples
    )


def test_each_app_has_its_own_registry() -> None:
    assert Metrics().registry is not Metrics().registry


async def test_the_page_shows_moderators_changes_and_disqualifications_escaped(
    web_env: Web,
) -> None:
    fans = [web_env.twitch.add_user(f"fan{i}") for i in range(3)]
    drop = await web_env.service.create(
        spec(supply=1, tiers=(Tier("public", EVERYONE, timedelta(0), 1),))
    )
    for fan in fans:
        await web_env.claim(fan)
    await web_env.service.steering.extend(CHANNEL, timedelta(minutes=5), HOSTILE)
    web_env.clock.advance(minutes=15)
    await web_env.service.close(CHANNEL)
    (winner,) = await web_env.service.holders(drop.id)
    await web_env.service.steering.disqualify(
        CHANNEL, WinnerRef(account=winner), "ModAnna", HOSTILE
    )

    async with web_env.client.get(f"/drops/{drop.id}") as response:
        html = await response.text()

    assert "Changes by moderators" in html and "(extended by 5m)" in html
    assert "disqualified: &lt;script&gt;" in html and "(by ModAnna)" in html
    assert "<script>" not in html and "<img" not in html


@pytest.mark.parametrize("masked", [False, True])
def test_a_winner_known_only_by_account_is_shown_by_pseudonym_never_the_account_id(
    masked: bool,
) -> None:
    from bot.drops.model import AllocationStatus
    from bot.drops.public_record import Winner
    from bot.web.transparency_routes import winner_name

    def winner(name: str) -> Winner:
        return Winner(1, name, "discord", "7f3a9c21", "guaranteed", AllocationStatus.PENDING)

    # A guaranteed member listed by id: fairdrop never saw a name, only the account.
    assert winner_name(winner("discord:1295818591202968557"), masked) == "7f3a9c21"
    assert winner_name(winner(""), masked) == "7f3a9c21"
    assert winner_name(winner("Nova"), masked) == ("N***a" if masked else "Nova")
