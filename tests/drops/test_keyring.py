"""Signing keys and their rotation."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from bot.drops import paseto
from bot.drops.keyring import Keyring, KeyringError, PublicKeyring, SigningKey

T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def counting_bytes() -> Callable[[int], bytes]:
    """Deterministic 'randomness': each call returns the next counter value repeated."""
    calls = iter(range(1, 256))

    def random_bytes(n: int) -> bytes:
        return bytes([next(calls)]) * n

    return random_bytes


def test_generated_key_is_named_by_the_pid_of_its_public_key() -> None:
    key = SigningKey.generate(T0, counting_bytes())
    assert key.seed == b"\x01" * 32
    assert key.public_key == paseto.public_key_for(key.seed)
    assert key.kid == paseto.paserk_pid(key.public_key)
    assert key.kid.startswith("k4.pid.")


def test_same_randomness_gives_the_same_key() -> None:
    assert SigningKey.generate(T0, counting_bytes()) == SigningKey.generate(T0, counting_bytes())


def test_key_repr_does_not_show_the_secret_seed() -> None:
    key = SigningKey.generate(T0, counting_bytes())
    assert key.seed.hex() not in repr(key)
    assert repr(key.seed) not in repr(key)


def test_key_with_a_kid_that_is_not_its_own_is_refused() -> None:
    other = SigningKey.generate(T0, lambda n: b"\x02" * n)
    with pytest.raises(ValueError, match="kid"):
        SigningKey(other.kid, b"\x01" * 32, T0)


def test_key_needs_a_timezone_aware_creation_time() -> None:
    with pytest.raises(ValueError, match="timezone"):
        SigningKey.from_seed(b"\x01" * 32, datetime(2025, 1, 1))


def test_short_randomness_is_refused() -> None:
    with pytest.raises(ValueError, match="random_bytes"):
        SigningKey.generate(T0, lambda n: b"\x01" * (n - 1))


def test_new_keyring_signs_with_its_only_key() -> None:
    ring = Keyring.new(T0, counting_bytes())
    assert ring.keys == (ring.current,)


def test_rotation_makes_the_new_key_current_and_keeps_the_old_one() -> None:
    rand = counting_bytes()
    ring = Keyring.new(T0, rand)
    old = ring.current
    rotated = ring.rotate(T0 + timedelta(days=30), rand)
    assert rotated.current != old
    assert rotated.current.created_at == T0 + timedelta(days=30)
    assert rotated.keys == (old, rotated.current)
    assert rotated.find(old.kid) == old
    assert rotated.find(rotated.current.kid) == rotated.current
    assert ring.keys == (old,), "rotate returns a new keyring and leaves the old one alone"


def test_unknown_kid_finds_nothing() -> None:
    ring = Keyring.new(T0, counting_bytes())
    assert ring.find("k4.pid.unknown") is None
    assert ring.verify_key("k4.pid.unknown") is None


def test_empty_or_duplicated_keyring_is_refused() -> None:
    key = SigningKey.generate(T0, counting_bytes())
    with pytest.raises(ValueError, match="at least one"):
        Keyring(())
    with pytest.raises(ValueError, match="twice"):
        Keyring((key, key))


def test_public_paserks_list_every_key_oldest_first() -> None:
    rand = counting_bytes()
    ring = Keyring.new(T0, rand).rotate(T0, rand)
    assert ring.public_paserks() == [
        (key.kid, paseto.paserk_public(key.public_key)) for key in ring.keys
    ]


def test_public_keyring_built_from_published_paserks_knows_every_kid() -> None:
    rand = counting_bytes()
    ring = Keyring.new(T0, rand).rotate(T0, rand)
    public = PublicKeyring.from_paserks(paserk for _, paserk in ring.public_paserks())
    for key in ring.keys:
        assert public.verify_key(key.kid) == key.public_key
    assert public.verify_key("k4.pid.unknown") is None
    assert public == ring.public()
    assert public.to_paserks() == [paserk for _, paserk in ring.public_paserks()]


def test_public_keyring_refuses_a_secret_paserk() -> None:
    secret = paseto.paserk_secret(b"\x01" * 32)
    with pytest.raises(paseto.PaserkError, match=r"k4\.public"):
        PublicKeyring.from_paserks([secret])


def test_keyring_survives_a_json_round_trip() -> None:
    rand = counting_bytes()
    ring = Keyring.new(T0, rand).rotate(T0 + timedelta(days=1), rand)
    text = ring.to_json()
    assert Keyring.from_json(text) == ring
    document = json.loads(text)
    assert [entry["secret"] for entry in document["keys"]] == [
        paseto.paserk_secret(key.seed) for key in ring.keys
    ]


def _document() -> dict[str, object]:
    rand = counting_bytes()
    result: dict[str, object] = json.loads(Keyring.new(T0, rand).rotate(T0, rand).to_json())
    return result


def _damaged(change: Callable[[dict[str, object]], object]) -> str:
    document = _document()
    change(document)
    return json.dumps(document)


def _key(document: dict[str, object], index: int) -> dict[str, object]:
    keys = document["keys"]
    assert isinstance(keys, list)
    entry = keys[index]
    assert isinstance(entry, dict)
    return entry


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"keys": [', r"not valid JSON \(line 1, column 11\)"),
        ("[]", "must be a JSON object"),
        (_damaged(lambda d: d.update(format="other")), "'format' must be"),
        (_damaged(lambda d: d.update(version=2)), "'version' must be 1"),
        (_damaged(lambda d: d.update(keys=[])), "'keys' must be a non-empty list"),
        (_damaged(lambda d: d.update(keys=[1])), r"keys\[0\] must be a JSON object"),
        (_damaged(lambda d: _key(d, 1).pop("kid")), r"keys\[1\].kid must be a string"),
        (_damaged(lambda d: _key(d, 0).update(secret=5)), r"keys\[0\].secret must be a string"),
        (
            _damaged(lambda d: _key(d, 0).update(created_at="yesterday")),
            r"keys\[0\].created_at is not an ISO 8601 time",
        ),
        (
            _damaged(lambda d: _key(d, 0).update(created_at="2025-01-01T00:00:00")),
            r"keys\[0\].created_at has no timezone",
        ),
        (
            _damaged(lambda d: _key(d, 1).update(secret="k4.public.AAAA")),
            r"keys\[1\].secret: expected a k4.secret PASERK",
        ),
        (
            _damaged(lambda d: _key(d, 1).update(secret=str(_key(d, 1)["secret"])[:-2])),
            r"keys\[1\].secret: k4.secret key",
        ),
        (
            _damaged(lambda d: _key(d, 1).update(kid=_key(d, 0)["kid"])),
            r"keys\[1\].kid does not match its secret key",
        ),
        (
            _damaged(lambda d: d.update(keys=[_key(d, 0), _key(d, 0)])),
            r"keys\[1\] repeats an earlier key",
        ),
    ],
)
def test_damaged_keyring_file_gets_a_one_line_error_naming_the_problem(
    text: str, message: str
) -> None:
    with pytest.raises(KeyringError, match=message) as caught:
        Keyring.from_json(text)
    assert "\n" not in str(caught.value)


def test_keyring_error_never_echoes_secret_material() -> None:
    document = _document()
    secret = str(_key(document, 0)["secret"])
    _key(document, 0)["secret"] = secret.replace("k4.secret.", "")
    with pytest.raises(KeyringError) as caught:
        Keyring.from_json(json.dumps(document))
    assert secret.removeprefix("k4.secret.")[:8] not in str(caught.value)
