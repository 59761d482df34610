"""Passwords, session tokens, and who is asking.

Passwords are hashed with argon2id (by default argon2-cffi's parameters, RFC 9106's
low-memory profile: 3 passes over 64 MiB, 4 lanes; ARGON2_* in the configuration). Session
tokens are 256 random bits; only their SHA-256 is stored, so a copy of the database holds
no usable token, and a session can be revoked by deleting its row.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import wraps
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, g, request
from sqlalchemy.orm import joinedload

from .errors import api_abort
from .extensions import db
from .models import Account, Session

# Renewing at most hourly keeps a write off most requests.
RENEW_AFTER = timedelta(hours=1)


def hasher() -> PasswordHasher:
    """The app's argon2id hasher, with the parameters of its configuration (ARGON2_*)."""
    found = current_app.extensions.get("envelope-hasher")
    if found is None:
        config = current_app.config
        found = current_app.extensions["envelope-hasher"] = PasswordHasher(
            time_cost=config["ARGON2_TIME_COST"],
            memory_cost=config["ARGON2_MEMORY_KIB"],
            parallelism=config["ARGON2_PARALLELISM"],
        )
    return found


def dummy_hash() -> str:
    """Verified against when the email is unknown, so a wrong email takes as long as a
    wrong password and the two cannot be told apart by timing. Made on first need, not
    at start-up: hashing takes 64 MiB and would be paid by every worker as it starts."""
    found = current_app.extensions.get("envelope-dummy-hash")
    if found is None:
        found = current_app.extensions["envelope-dummy-hash"] = hasher().hash(
            secrets.token_urlsafe(16))
    return found


def hash_password(password: str) -> str:
    return hasher().hash(password)


def check_password(account: Account | None, password: str) -> bool:
    """True when `password` is the account's; with no account, spends the same time."""
    try:
        hasher().verify(account.password_hash if account else dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        return False
    if account is None:
        return False
    if hasher().check_needs_rehash(account.password_hash):
        account.password_hash = hasher().hash(password)  # parameters were raised since
    return True


def email_key(email: str) -> str:
    """The form an email is compared in: addresses differ only in case by accident."""
    return email.strip().lower()


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def now() -> datetime:
    return datetime.now(UTC)


def session_expiry(created_at: datetime, moment: datetime) -> datetime:
    """When a session used at `moment` ends: after SESSION_IDLE_DAYS without use (renewed on
    use; at least 90 days, the contract), and never later than SESSION_MAX_DAYS after it
    began, however often it is used, so a stolen token cannot be kept alive for ever."""
    config = current_app.config
    idle = moment + timedelta(days=config["SESSION_IDLE_DAYS"])
    return min(idle, created_at + timedelta(days=config["SESSION_MAX_DAYS"]))


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
        expires_at=session_expiry(moment, moment),
    )
    db.session.add(session)
    return token, session


def purge_expired_sessions() -> int:
    """Delete every session that has ended (of any account); how many there were."""
    result = db.session.execute(db.delete(Session).where(Session.expires_at <= now()))
    return result.rowcount or 0


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
        session.expires_at = session_expiry(session.created_at, moment)
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
