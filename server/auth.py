"""Passwords, session tokens, and who is asking.

Passwords are hashed with argon2id (argon2-cffi's defaults, which follow RFC
9106's recommendations). Session tokens are 256 random bits; only their SHA-256
is stored, so a copy of the database holds no usable token, and a session can
be revoked by deleting its row.
"""

from __future__ import annotations

import functools
import hashlib
import secrets
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import wraps
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import g, request
from sqlalchemy.orm import joinedload

from .errors import api_abort
from .extensions import db
from .models import Account, Session

hasher = PasswordHasher()
# Sessions last at least 90 days and renew on use (the contract); renewing at
# most hourly keeps a write off most requests.
SESSION_LIFETIME = timedelta(days=90)
RENEW_AFTER = timedelta(hours=1)


@functools.cache
def dummy_hash() -> str:
    """Verified against when the email is unknown, so a wrong email takes as long as a
    wrong password and the two cannot be told apart by timing. Made on first need, not
    at import: hashing takes 64 MiB and would be paid by every worker as it starts."""
    return hasher.hash(secrets.token_urlsafe(16))


def hash_password(password: str) -> str:
    return hasher.hash(password)


def check_password(account: Account | None, password: str) -> bool:
    """True when `password` is the account's; with no account, spends the same time."""
    try:
        hasher.verify(account.password_hash if account else dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        return False
    if account is None:
        return False
    if hasher.check_needs_rehash(account.password_hash):
        account.password_hash = hasher.hash(password)  # parameters were raised since
    return True


def email_key(email: str) -> str:
    """The form an email is compared in: addresses differ only in case by accident."""
    return email.strip().lower()


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def now() -> datetime:
    return datetime.now(UTC)


def start_session(account: Account, device_name: str) -> tuple[str, Session]:
    """A new session for `account`; returns the token (shown once) and the row."""
    token = secrets.token_urlsafe(32)
    moment = now()
    session = Session(
        id=str(uuid.uuid4()),
        account=account,
        token_hash=token_hash(token),
        device_name=device_name,
        created_at=moment,
        last_used_at=moment,
        expires_at=moment + SESSION_LIFETIME,
    )
    db.session.add(session)
    return token, session


def unauthorized() -> None:
    api_abort(401, "unauthorized", headers={"WWW-Authenticate": 'Bearer realm="envelope"'})


def authenticate() -> tuple[Account, Session]:
    """The account and session of the request's bearer token, or a 401."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        unauthorized()
    session = db.session.execute(
        db.select(Session)
        .options(joinedload(Session.account))  # one round trip, not two
        .where(Session.token_hash == token_hash(token.strip()))
    ).scalar_one_or_none()
    moment = now()
    if session is None or session.expires_at <= moment:
        unauthorized()
    if moment - session.last_used_at >= RENEW_AFTER:
        session.last_used_at = moment
        session.expires_at = moment + SESSION_LIFETIME
        db.session.commit()
    return session.account, session


def signed_in(*, roles: tuple[str, ...] | None = None) -> Callable:
    """Views under this need a valid bearer token (and, given `roles`, one of them).

    The account and session are on `flask.g` as `account` and `session`.
    """

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            g.account, g.session = authenticate()
            if roles and g.account.role not in roles:
                api_abort(403, "forbidden_role", "This account's role may not do that.")
            return view(*args, **kwargs)

        return wrapper

    return decorate
