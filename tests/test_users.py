"""Console passwords are kept as Argon2id hashes with the library's recommended cost."""

from __future__ import annotations

from argon2 import PasswordHasher

from bot.users import hash_password, verify_password
from tests.conftest import REAL_PASSWORD_HASHER


def test_the_real_hasher_uses_argon2id_at_the_recommended_cost() -> None:
    # The suite swaps in a cheap hasher (tests/conftest.py); the product's own must not be.
    (real,) = REAL_PASSWORD_HASHER
    assert isinstance(real, PasswordHasher)
    encoded = real.hash("correct horse battery")
    assert encoded.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert real.verify(encoded, "correct horse battery")


def test_a_password_verifies_only_against_its_own_hash() -> None:
    stored = hash_password("correct horse battery")
    assert "correct horse battery" not in stored
    assert verify_password(stored, "correct horse battery")
    assert not verify_password(stored, "correct horse batterY")
    assert not verify_password("not a hash", "correct horse battery")
