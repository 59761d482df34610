"""A clinician's read-only view of a patient's entries, through an active share.

Every read looks the share up again (an ended share is refused on the next request) and
is logged for the patient before anything is sent. Anyone without an active share, a
patient included, gets 404, never 403: patient ids cannot be probed. The entries are
streamed (streams.py), so a worker's memory does not grow with the diary.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from typing import Any

from flask import Response, g
from flask.views import MethodView
from marshmallow import Schema, ValidationError, fields, validates_schema
from sqlalchemy import Row, Select, select

from . import auth, kind_table, streams
from .api import Blueprint
from .errors import api_abort
from .extensions import db
from .hlc import iso
from .merge import is_deleted
from .models import AccessLogEntry, Record, Share
from .schemas import StrictSchema

blp = Blueprint("patients", __name__, url_prefix="/api/v1",
                description="A patient's entries, read by their clinician")

KINDS = tuple(kind_table.KINDS)
TIME_FIELD = kind_table.TIME_FIELD
# A day, or a time whose date part is taken (entries are filtered by their local day, as
# text: "2026-02-30" sorts where it would be, so it need not be a real date to compare).
DAY_PATTERN = r"^([0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01]))(T[0-9:.+Z-]*)?$"
DAY = re.compile(DAY_PATTERN, re.ASCII)


def _day(value: str | None, name: str) -> str | None:
    """YYYY-MM-DD of a `from`/`to` value, None when empty (the contract's `?from=`)."""
    if not value:
        return None
    match = DAY.fullmatch(value)
    if not match:
        raise ValidationError("Use a date such as 2026-11-25.", field_name=name)
    return match.group(1)


class EntriesArgsSchema(StrictSchema):
    kind = fields.String(metadata={"enum": ["", *KINDS], "description": "One kind; empty: "
                                   "all that the share allows."})
    from_ = fields.String(data_key="from", metadata={
        "pattern": f"^$|{DAY_PATTERN}",
        "description": "The first day (YYYY-MM-DD, the entry's local day), included; a time "
                       "counts as its date. Empty: from the beginning."})
    to = fields.String(metadata={"pattern": f"^$|{DAY_PATTERN}",
                                 "description": "The last day, included. Empty: to the end."})

    @validates_schema
    def readable(self, data: dict[str, Any], **kwargs: Any) -> None:
        kind = data.get("kind")
        if kind and kind not in KINDS:
            raise ValidationError(f"Use one of: {', '.join(KINDS)}.", field_name="kind")
        first, last = _day(data.get("from_"), "from"), _day(data.get("to"), "to")
        if first and last and last < first:
            raise ValidationError("The last day is before the first.", field_name="to")


class SharedEntrySchema(Schema):
    id = fields.String(required=True)
    kind = fields.String(required=True)
    data = fields.Dict(required=True, metadata={"description": "Its fields, as the scope allows."})
    updated_at = fields.DateTime(required=True)


class SharedEntriesSchema(Schema):
    entries = fields.List(fields.Nested(SharedEntrySchema), required=True)


def entry_day(kind: str, data: dict[str, Any]) -> str | None:
    """The entry's local calendar day (the date part of its time), or None (settings)."""
    field = TIME_FIELD.get(kind)
    value = data.get(field) if field else None
    return value[:10] if isinstance(value, str) else None


def visible(kind: str, data: dict[str, Any], notes: str) -> dict[str, Any]:
    """The fields the scope shows. "Notes" is every prose field the person writes (a note,
    a dose's reason: kind_table.PROSE_FIELDS): all, only on entries marked for_clinician, or none.
    Names and labels (an activity's name, a substance, symptoms) are not prose: the report
    and the look-back are built from them."""
    prose = kind_table.PROSE_FIELDS.get(kind, ())
    if notes == "all" or not any(name in data for name in prose):
        return data
    if notes == "marked" and data.get("for_clinician") is True:
        return data
    return {name: value for name, value in data.items() if name not in prose}


def entries_query(patient_id: str, kinds: list[str]) -> Select:
    table = Record.__table__
    return (select(table.c.id, table.c.kind, table.c.data, table.c.field_hlcs,
                   table.c.deleted_hlc, table.c.updated_at)
            .where(table.c.account_id == patient_id, table.c.kind.in_(kinds))
            .order_by(table.c.id))


def entry_writer(notes: str, first: str | None, last: str | None) -> Callable[[Row], str | None]:
    """A row's entry as JSON text, or None when it is deleted or outside the days."""

    def write(row: Row) -> str | None:
        if is_deleted(row.deleted_hlc, row.field_hlcs):
            return None
        day = entry_day(row.kind, row.data)
        if day is not None and ((first and day < first) or (last and day > last)):
            return None
        entry = {"id": row.id, "kind": row.kind, "data": visible(row.kind, row.data, notes),
                 "updated_at": iso(row.updated_at)}
        return json.dumps(entry, ensure_ascii=False, separators=(",", ":"))

    return write


def with_active_share(view):
    """The caller's active share with the patient in g.share, or 404: looked up before the
    query is read, so that "no share" or "not a clinician" is always the contract's 404,
    never a 422 that would answer for a patient id."""

    @functools.wraps(view)
    def checked(*args, patient_id, **kwargs):
        share = None
        if g.account.role == "clinician":
            share = db.session.execute(
                db.select(Share).where(Share.clinician_id == g.account.id,
                                       Share.patient_id == patient_id, Share.ended_at.is_(None))
            ).scalar_one_or_none()
        if share is None:
            api_abort(404)  # the same answer as for an id that does not exist
        g.share = share
        return view(*args, patient_id=patient_id, **kwargs)

    return checked


@blp.route("/patients/<patient_id>/entries")
class PatientEntries(MethodView):
    decorators = [with_active_share, auth.signed_in()]  # signed in first, then the share

    @blp.arguments(EntriesArgsSchema, location="query")
    @blp.response(200, SharedEntriesSchema)
    @blp.alt_response(404, description="No active share with this patient, or not a clinician.")
    @blp.doc(security=[{"bearer": []}])
    def get(self, args, patient_id):
        """The patient's live entries that the share allows, by kind and day (clinicians)."""
        share = g.share
        kind = args.get("kind") or None
        first, last = _day(args.get("from_"), "from"), _day(args.get("to"), "to")
        kinds = [k for k in share.scope["kinds"] if kind in (None, k)]
        notes = share.scope["notes"]
        # Logged and committed before anything is sent: no read goes unrecorded.
        db.session.add(AccessLogEntry(
            patient_id=patient_id, clinician_id=g.account.id,
            clinician_name=g.account.display_name, share_id=share.id, action="read_entries",
            query={"kind": kind, "from": first, "to": last}, at=auth.now()))
        db.session.commit()
        if not kinds:
            return Response('{"entries":[]}', mimetype="application/json")
        return streams.streamed_json(entries_query(patient_id, kinds), Record.__table__.c.id,
                                     head='{"entries":[', write=entry_writer(notes, first, last),
                                     tail="]}")
