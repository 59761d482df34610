"""Sharing: a patient's invite codes, the shares they open, and the access log.

A patient makes an invite (a short code, usable once, for 48 hours) and hands it to a
clinician, who redeems it: that opens a share, read-only access to the patient's diary
within a scope (which kinds of entry; all notes, only those marked for the clinician, or
none). Either side can end a share; the clinician's reads (patients.py) stop at once,
since every read looks the share up again. Every read is logged for the patient.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import timedelta
from typing import Any

from flask import g
from flask.views import MethodView
from marshmallow import Schema, fields, post_load, validate
from sqlalchemy import or_, update
from sqlalchemy.exc import IntegrityError

from . import auth, kind_table
from .api import Blueprint
from .errors import api_abort
from .extensions import db, limiter
from .models import AccessLogEntry, Share, ShareInvite
from .schemas import StrictSchema, Text

blp = Blueprint("shares", __name__, url_prefix="/api/v1", description="Sharing with a clinician")

# Read aloud and typed by hand: no 0/O, 1/I/L. 12 characters of 31 are 59 bits, grouped
# in fours ("7KQM-4XRT-9BCD"); redeeming is rate limited, so guessing one is hopeless.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 12
CODE_GROUP = 4
INVITE_LIFETIME = timedelta(hours=48)
KINDS = tuple(kind_table.KINDS)
NOTES = ("all", "marked", "none")
INVITE_ERRORS = {
    "invite_unknown": "That code is not one we know. Check it with the person who gave it.",
    "invite_used": "That code has been used already. Ask for a new one.",
    "invite_expired": "That code has expired (codes last 48 hours). Ask for a new one.",
}

patients_only = auth.signed_in(roles=("patient",))
clinicians_only = auth.signed_in(roles=("clinician",))


def new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i:i + CODE_GROUP] for i in range(0, CODE_LENGTH, CODE_GROUP))


def code_key(code: str) -> str | None:
    """The code as it is compared (upper case, no spaces or hyphens), or None if it cannot
    be one of ours."""
    plain = "".join(code.split()).replace("-", "").upper()
    if len(plain) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in plain):
        return None
    return plain


def code_hash(key: str) -> str:
    return auth.token_hash(key)


class ScopeSchema(StrictSchema):
    """What a share shows. Everything unless narrowed."""

    kinds = fields.List(
        fields.String(validate=validate.OneOf(KINDS, error=f"Use kinds of: {', '.join(KINDS)}.")),
        load_default=lambda: list(KINDS),
        validate=validate.Length(min=1, error="Share at least one kind of entry."),
        metadata={"description": "The kinds of record the clinician sees (settings: the budget "
                                 "and symptom list the report needs). Default: all."})
    notes = fields.String(
        load_default="all", validate=validate.OneOf(NOTES, error="Use all, marked or none."),
        metadata={"description": "Which notes, meaning every prose field the person writes "
                                 "(an entry's note, a dose's reason): all, only those on "
                                 "entries marked for_clinician (marked), or none. Names "
                                 "(activities, substances, symptoms) are not notes."})

    @post_load
    def in_table_order(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        if "kinds" in data:  # absent in a partial change
            chosen = set(data["kinds"])
            data["kinds"] = [kind for kind in KINDS if kind in chosen]
        return data


def default_scope() -> dict[str, Any]:
    return {"kinds": list(KINDS), "notes": "all"}


class InviteArgsSchema(StrictSchema):
    scope = fields.Nested(ScopeSchema, load_default=default_scope)


class InviteSchema(Schema):
    code = fields.String(required=True, metadata={
        "description": f"{CODE_LENGTH} characters of {CODE_ALPHABET} in groups of "
                       f"{CODE_GROUP}; shown once, stored hashed."})
    expires_at = fields.DateTime(required=True)
    scope = fields.Nested(ScopeSchema, required=True)


class RedeemSchema(StrictSchema):
    code = Text(required=True, validate=validate.Length(min=1, max=100), metadata={
        "description": "As given; spaces, hyphens and lower case are fine."})


class PartySchema(Schema):
    id = fields.String(required=True)
    display_name = fields.String(required=True)


class ShareSchema(Schema):
    id = fields.String(required=True)
    patient = fields.Nested(PartySchema, metadata={"description": "Seen by the clinician."})
    clinician = fields.Nested(PartySchema, metadata={"description": "Seen by the patient."})
    created_at = fields.DateTime(required=True)
    scope = fields.Nested(ScopeSchema, required=True)


class ScopePatchSchema(ScopeSchema):
    """A change of scope, loaded partially: only the fields sent change, an absent one stays
    as it is (the defaults would widen a share that a client narrowed in one field only)."""


class ScopeChangeSchema(StrictSchema):
    scope = fields.Nested(ScopePatchSchema(partial=True), required=True)


class AccessSchema(Schema):
    clinician = fields.Nested(PartySchema, required=True)
    action = fields.String(required=True, metadata={
        "description": "read_entries: the clinician read entries (the diary or the report)."})
    at = fields.DateTime(required=True)
    share_id = fields.String(required=True)
    query = fields.Dict(required=True, metadata={
        "description": "What was asked for: kind, from, to (null: not narrowed)."})


def seen_from(share: Share, account_id: str) -> dict[str, Any]:
    """A share as the given party sees it: the other party, named."""
    other = share.clinician if share.patient_id == account_id else share.patient
    side = "clinician" if share.patient_id == account_id else "patient"
    return {"id": share.id, side: {"id": other.id, "display_name": other.display_name},
            "created_at": share.created_at, "scope": share.scope}


def active_share_of(share_id: str, *parties) -> Share:
    """The caller's active share by id (as any of `parties`' columns), or 404."""
    share = db.session.execute(
        db.select(Share).where(Share.id == share_id, Share.ended_at.is_(None),
                               or_(*(column == g.account.id for column in parties)))
    ).scalar_one_or_none()
    if share is None:
        api_abort(404, "share_not_found", "There is no such share, or it has ended.")
    return share


def _account_key() -> str:
    return "account:" + g.account.id


def _refused_code(response) -> bool:
    return response.status_code == 400


@blp.route("/shares/invites")
class Invites(MethodView):
    decorators = [limiter.limit("30 per hour", key_func=_account_key, methods=["POST"],
                                scope="share-invite"), patients_only]

    @blp.arguments(InviteArgsSchema)
    @blp.response(201, InviteSchema)
    @blp.doc(security=[{"bearer": []}])
    def post(self, args):
        """Make an invite code (patients): usable once, for 48 hours."""
        code = new_code()
        moment = auth.now()
        invite = ShareInvite(id=str(uuid.uuid4()), patient_id=g.account.id,
                             code_hash=code_hash(code_key(code)), scope=args["scope"],
                             created_at=moment, expires_at=moment + INVITE_LIFETIME)
        db.session.add(invite)
        db.session.commit()
        return {"code": code, "expires_at": invite.expires_at, "scope": invite.scope}


@blp.route("/shares")
class Shares(MethodView):
    # Wrong codes are counted per clinician account and per address, in the rate limiter's
    # storage (Redis when configured, shared by every worker and server, as sign-in's).
    decorators = [
        limiter.limit("10 per 15 minutes", key_func=_account_key, deduct_when=_refused_code,
                      methods=["POST"], scope="share-redeem-account"),
        limiter.limit("30 per 15 minutes", deduct_when=_refused_code, methods=["POST"],
                      scope="share-redeem-address"),
        auth.signed_in(),
    ]

    @blp.arguments(RedeemSchema)
    @blp.response(201, ShareSchema)
    @blp.alt_response(400, description="invite_unknown, invite_used or invite_expired.")
    @blp.alt_response(403, description="Only clinicians redeem codes (forbidden_role).")
    @blp.alt_response(429, description="Too many wrong codes; see Retry-After.")
    @blp.doc(security=[{"bearer": []}])
    def post(self, args):
        """Redeem an invite code (clinicians): opens a share with the patient who made it."""
        if g.account.role != "clinician":
            api_abort(403, "forbidden_role", "Only a clinician account redeems a code.")
        key = code_key(args["code"])
        invite = db.session.execute(
            db.select(ShareInvite).where(ShareInvite.code_hash == code_hash(key))
        ).scalar_one_or_none() if key else None
        moment = auth.now()
        if invite is None:
            refuse("invite_unknown")
        if invite.used_at is not None:
            refuse("invite_used")
        if invite.expires_at <= moment:
            refuse("invite_expired")
        # Claimed in one statement: of two clinicians redeeming at once, one wins.
        claimed = db.session.execute(
            update(ShareInvite).where(ShareInvite.id == invite.id, ShareInvite.used_at.is_(None))
            .values(used_at=moment)
        ).rowcount
        if not claimed:
            db.session.rollback()
            refuse("invite_used")
        share = active_pair(g.account.id, invite.patient_id)
        if share is None:
            share = Share(id=str(uuid.uuid4()), patient_id=invite.patient_id,
                          clinician_id=g.account.id, scope=invite.scope, created_at=moment)
            try:
                with db.session.begin_nested():  # the invite's claim stays if this fails
                    db.session.add(share)
            except IntegrityError:  # the same pair's other code, redeemed this moment
                share = active_pair(g.account.id, invite.patient_id)
        share.scope = invite.scope  # a new code for the same pair: its scope now holds
        db.session.commit()
        return seen_from(share, g.account.id)

    @blp.response(200, ShareSchema(many=True))
    @blp.doc(security=[{"bearer": []}])
    def get(self):
        """The caller's active shares, each naming the other party."""
        me = g.account.id
        shares = db.session.execute(
            db.select(Share).where(or_(Share.patient_id == me, Share.clinician_id == me),
                                   Share.ended_at.is_(None))
            .order_by(Share.created_at, Share.id)
        ).scalars()
        return [seen_from(share, me) for share in shares]


def active_pair(clinician_id: str, patient_id: str) -> Share | None:
    """The pair's active share (at most one: ux_shares_active_pair)."""
    return db.session.execute(
        db.select(Share).where(Share.clinician_id == clinician_id,
                               Share.patient_id == patient_id, Share.ended_at.is_(None))
    ).scalar_one_or_none()


def refuse(code: str) -> None:
    message = INVITE_ERRORS[code]
    api_abort(400, code, message, {"code": [message]})


@blp.route("/shares/<uuid:share_id>")  # a uuid: /shares/invites is not a share
class OneShare(MethodView):
    decorators = [auth.signed_in()]

    @blp.arguments(ScopeChangeSchema)
    @blp.response(200, ShareSchema)
    @blp.alt_response(404, description="Not the caller's share, or it has ended.")
    @blp.doc(security=[{"bearer": []}])
    def patch(self, change, share_id):
        """Change what a share shows (the patient): the clinician's next read sees it."""
        if g.account.role != "patient":
            api_abort(403, "forbidden_role", "Only the patient changes what a share shows.")
        share = active_share_of(str(share_id), Share.patient_id)
        share.scope = {**share.scope, **change["scope"]}  # a new dict: the JSON column sees it
        db.session.commit()
        return seen_from(share, g.account.id)

    @blp.response(204)
    @blp.alt_response(404, description="Not the caller's share, or it has ended.")
    @blp.doc(security=[{"bearer": []}])
    def delete(self, share_id):
        """End a share (either party): the clinician's next request is refused."""
        share = active_share_of(str(share_id), Share.patient_id, Share.clinician_id)
        share.ended_at = auth.now()
        db.session.commit()


@blp.route("/access-log")
class AccessLog(MethodView):
    decorators = [patients_only]

    @blp.response(200, AccessSchema(many=True))
    @blp.doc(security=[{"bearer": []}])
    def get(self):
        """Every read of the patient's diary by a clinician, newest first."""
        entries = db.session.execute(
            db.select(AccessLogEntry).where(AccessLogEntry.patient_id == g.account.id)
            .order_by(AccessLogEntry.at.desc(), AccessLogEntry.id.desc())
        ).scalars()
        return [{"clinician": {"id": entry.clinician_id, "display_name": entry.clinician_name},
                 "action": entry.action, "at": entry.at, "share_id": entry.share_id,
                 "query": entry.query} for entry in entries]
