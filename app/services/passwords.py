"""Password hashing with argon2id (argon2-cffi's defaults follow RFC 9106)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from app.errors import Plural, UserError

MIN_LENGTH = 8
_hasher = PasswordHasher()  # argon2id

# Verified against when the user name is unknown, so both cases take as long.
_DUMMY_HASH = _hasher.hash("sila-no-such-user")


def check_strength(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise UserError("weak-password",
                        Plural("The password must have at least {n} character.",
                               "The password must have at least {n} characters.", "n"),
                        field="password", n=MIN_LENGTH)
    if password.strip() != password:
        raise UserError("password-spaces", "The password cannot start or end with a space.",
                        field="password")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False
