"""Accounts: sign up, read your own, delete your own with everything in it."""

from __future__ import annotations

import uuid

from flask import g, request
from flask.views import MethodView
from sqlalchemy import or_
from sqlalchemy.exc import IntegrityError

from . import auth
from .api import Blueprint
from .errors import api_abort
from .extensions import db, limiter
from .models import (
    AccessLogEntry,
    Account,
    ChangeCounter,
    Record,
    Session,
    Share,
    ShareInvite,
)
from .schemas import AccountSchema, PasswordChangeSchema, PasswordSchema

blp = Blueprint("accounts", __name__, url_prefix="/api/v1", description="Accounts")

EMAIL_TAKEN = "An account with this email already exists. Sign in instead."
WRONG_PASSWORD = "That password is not this account's."  # noqa: S105 (a message)


@blp.route("/accounts")
class Accounts(MethodView):
    decorators = [limiter.limit("60 per minute", methods=["POST"])]

    @blp.arguments(AccountSchema)
    @blp.response(201, AccountSchema)
    @blp.alt_response(409, description="An account with this email exists.")
    def post(self, new):
        """Create an account (patient by default, or clinician)."""
        key = auth.email_key(new["email"])
        if db.session.execute(db.select(Account.id).where(Account.email_key == key)).first():
            api_abort(409, "email_taken", EMAIL_TAKEN, {"email": [EMAIL_TAKEN]})
        account = Account(
            id=str(uuid.uuid4()),
            email=new["email"].strip(),
            email_key=key,
            password_hash=auth.hash_password(new["password"]),
            role=new["role"],
            display_name=new["display_name"].strip(),
        )
        db.session.add(account)
        db.session.add(ChangeCounter(account_id=account.id, last_seq=0))
        try:
            db.session.commit()
        except IntegrityError:  # the same email signed up at the same moment
            db.session.rollback()
            api_abort(409, "email_taken", EMAIL_TAKEN, {"email": [EMAIL_TAKEN]})
        return account


def _token_tried() -> str:
    # The token is the key: whoever holds a stolen one may not guess the
    # password without end. Hashed, so no usable token sits in the counters.
    _, _, token = request.headers.get("Authorization", "").partition(" ")
    return "token:" + auth.token_hash(token.strip())


def _wrong_password(response) -> bool:
    return response.status_code == 403


def password_confirmed(method: str, scope: str) -> list:
    """Limits on wrong passwords where a signed-in person confirms theirs: per session and
    per address, 10 in 15 minutes, as for sign-in (a session is needed, so this cannot be
    used to lock anyone out)."""
    return [
        limiter.limit("10 per 15 minutes", key_func=_token_tried, deduct_when=_wrong_password,
                      methods=[method], scope=f"{scope}-failed-token"),
        limiter.limit("10 per 15 minutes", deduct_when=_wrong_password, methods=[method],
                      scope=f"{scope}-failed-address"),
    ]


def confirm_password(password: str) -> None:
    if not auth.check_password(g.account, password):
        # 403, not 401: the app must not take this for being signed out.
        api_abort(403, "wrong_password", WRONG_PASSWORD, {"password": [WRONG_PASSWORD]})


@blp.route("/account")
class CurrentAccount(MethodView):
    # Outermost last: who is asking is known (or 401) before any limit is counted.
    decorators = [*password_confirmed("DELETE", "delete-account"), auth.signed_in()]

    @blp.response(200, AccountSchema)
    @blp.doc(security=[{"bearer": []}])
    def get(self):
        """The signed-in account."""
        return g.account

    @blp.arguments(PasswordSchema)
    @blp.response(204)
    @blp.alt_response(403, description="The password is wrong (you stay signed in).")
    @blp.alt_response(429, description="Too many wrong passwords; see Retry-After.")
    @blp.doc(security=[{"bearer": []}])
    def delete(self, confirm):
        """Delete the account and every record, share and session of it, for good."""
        account = g.account
        confirm_password(confirm["password"])
        # Explicit deletes: SQLite enforces no foreign keys unless told to, and
        # this must leave nothing behind on either database.
        for model in (Record, Session, ChangeCounter):
            db.session.execute(db.delete(model).where(model.account_id == account.id))
        # Shares on either side end with the account; the access log of a patient goes with
        # them, a clinician's reads stay in their patients' logs (copied there, by name).
        db.session.execute(db.delete(Share).where(or_(Share.patient_id == account.id,
                                                      Share.clinician_id == account.id)))
        for model in (ShareInvite, AccessLogEntry):
            db.session.execute(db.delete(model).where(model.patient_id == account.id))
        db.session.execute(db.delete(Account).where(Account.id == account.id))
        db.session.commit()


@blp.route("/account/password")
class AccountPassword(MethodView):
    decorators = [*password_confirmed("PUT", "change-password"), auth.signed_in()]

    @blp.arguments(PasswordChangeSchema)
    @blp.response(204)
    @blp.alt_response(403, description="The current password is wrong (you stay signed in).")
    @blp.alt_response(429, description="Too many wrong passwords; see Retry-After.")
    @blp.doc(security=[{"bearer": []}])
    def put(self, change):
        """Change the password: this session stays, every other session of the account ends."""
        confirm_password(change["password"])
        g.account.password_hash = auth.hash_password(change["new_password"])
        db.session.execute(db.delete(Session).where(Session.account_id == g.account.id,
                                                    Session.id != g.session.id))
        db.session.commit()
