"""Sync: push changes, pull the account's change feed, export the account.

Push applies each change by the merge rule (merge.py) and answers for each one;
a bad change is rejected with its reasons and the rest of the batch still
applies. Every record that changes gets the account's next change number, taken
from the account's counter row, which the push locks first: so change numbers
follow commit order per account, and a pull cursor (a change number) never
skips a change whose transaction committed late.
"""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import current_app, g, jsonify
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, ValidationError, fields, validate
from sqlalchemy import bindparam, insert, select, update

from . import auth, kinds
from .errors import api_abort
from .extensions import db
from .merge import RecordState, apply_change, is_deleted
from .models import ChangeCounter, Record, utcnow

blp = Blueprint("sync", __name__, url_prefix="/api/v1", description="Sync")

PROTOCOL = 1
MAX_CHANGES = 500
PULL_LIMIT_DEFAULT = 500
PULL_LIMIT_MAX = 1000
# A stamp further ahead of the server's clock than this is refused: a device
# whose clock runs fast would otherwise win every merge for as long as it is off.
MAX_SKEW = timedelta(minutes=5)
STAMP = re.compile(r"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3})Z-[0-9a-f]{4}-[0-9a-f]{16}",
                   re.ASCII)
SERVER_NODE = "0" * 16
CURSOR = re.compile(r"v1\.(0|[1-9]\d{0,18})", re.ASCII)

patients_only = auth.signed_in(roles=("patient",))


class ChangeSchema(Schema):
    id = fields.Raw(required=True, metadata={"description": "1-64 of A-Za-z0-9_-"})
    kind = fields.String(required=True,
                         metadata={"description": "One of " + ", ".join(kinds.KINDS)})
    data = fields.Dict(required=True, metadata={"description": "The fields this change sets."})
    hlc = fields.String(required=True, metadata={"description": "The change's HLC stamp."})
    deleted = fields.Boolean(load_default=False)


# Schemas copy their fields when built: one instance serves every change.
CHANGE_SCHEMA = ChangeSchema()


class PushSchema(Schema):
    protocol = fields.Integer(required=True, strict=True)
    device_id = fields.String(
        required=True,
        validate=validate.Regexp(r"^[0-9a-f]{16}$", error="Use the device's 16 hex digit node id."),
    )
    # Each change is checked on its own (a bad one is rejected, not the batch).
    changes = fields.List(fields.Raw(), required=True,
                          metadata={"description": f"At most {MAX_CHANGES} changes."})


class ResultSchema(Schema):
    id = fields.Raw()
    status = fields.String(metadata={"description": "applied, stale or rejected"})
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))
    code = fields.String(metadata={"description": "clock_skew, unknown_kind or invalid_id"})


class PushResultSchema(Schema):
    results = fields.List(fields.Nested(ResultSchema))
    server_hlc = fields.String()


class PullArgsSchema(Schema):
    cursor = fields.String(load_default=None)
    limit = fields.Integer(load_default=PULL_LIMIT_DEFAULT,
                           validate=validate.Range(min=1, max=PULL_LIMIT_MAX))


class PulledChangeSchema(Schema):
    id = fields.String()
    kind = fields.String()
    data = fields.Dict()
    deleted = fields.Boolean()
    hlc = fields.String()
    field_hlcs = fields.Dict(keys=fields.String(), values=fields.String())
    seq = fields.Integer()


class PullSchema(Schema):
    changes = fields.List(fields.Nested(PulledChangeSchema))
    cursor = fields.String()
    has_more = fields.Boolean()


def stamp_of(moment: datetime) -> str:
    return f"{iso(moment)}-0000-{SERVER_NODE}"


def stamp_time(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp[:23]).replace(tzinfo=UTC)


def rejected(change_id: Any, errors: dict[str, list[str]] | None = None,
             code: str | None = None) -> dict[str, Any]:
    result: dict[str, Any] = {"id": change_id, "status": "rejected"}
    if errors:
        result["errors"] = errors
    if code:
        result["code"] = code
    return result


def unstorable(value: Any, path: str = "") -> str | None:
    """The path of text no database can keep (a NUL, or half of a surrogate pair), if any.

    JSON allows both; PostgreSQL refuses them, and one such change must not fail
    the whole push (the app would send the same batch again and again).
    """
    if isinstance(value, str):
        if "\x00" in value:
            return path or "_schema"
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return path or "_schema"
    elif isinstance(value, dict):
        for key, inner in value.items():
            found = unstorable(key, path) or unstorable(inner, f"{path}.{key}" if path else key)
            if found:
                return found
    elif isinstance(value, list):
        for i, inner in enumerate(value):
            if found := unstorable(inner, f"{path}.{i}" if path else str(i)):
                return found
    return None


def check_change(raw: Any, now: datetime) -> tuple[dict | None, dict | None]:
    """The change, loaded, or the result that rejects it."""
    if not isinstance(raw, dict):
        return None, rejected(None, {"_schema": ["Send each change as an object."]})
    change_id = raw.get("id")
    try:
        change = CHANGE_SCHEMA.load(raw)
    except ValidationError as error:
        messages = {k: v if isinstance(v, list) else [str(v)] for k, v in error.messages.items()}
        return None, rejected(change_id, messages)
    if not kinds.is_record_id(change["id"]):
        return None, rejected(change_id, {"id": [kinds.RECORD_ID]}, "invalid_id")
    if found := unstorable(change["data"]):
        return None, rejected(change_id, {found: [
            "This text has a character that cannot be stored (a null or a broken one)."]})
    if change["kind"] not in kinds.KINDS:
        return None, rejected(change_id, {"kind": [f"The kinds are: {', '.join(kinds.KINDS)}."]},
                              "unknown_kind")
    if not STAMP.fullmatch(change["hlc"]):
        return None, rejected(change_id, {"hlc": [
            "Use a stamp such as 2026-11-25T08:30:00.000Z-0000-0123456789abcdef."]})
    try:
        ahead = stamp_time(change["hlc"]) - now
    except ValueError:
        return None, rejected(change_id, {"hlc": ["The stamp's time is not a real time."]})
    if ahead > MAX_SKEW:
        return None, rejected(change_id, code="clock_skew", errors={"hlc": [
            "This device's clock is ahead of the server's; the app corrects for it and retries."]})
    return change, None


def validate_against(change: dict, held: RecordState | None, check: kinds.EntryChecker,
                     batch_fields: set[str]) -> dict | None:
    """Field errors of a change given what the server holds, or None."""
    if held is not None and held.kind != change["kind"]:
        return {"kind": [f"This record is a {held.kind}, not a {change['kind']}."]}
    if change["deleted"]:
        return None  # a delete carries no fields to check
    # A record the server has not seen must have its kind's required fields: in this
    # change, or in the batch's other changes to it (an upload sends one change per
    # stamp, so a record edited since its creation arrives in several).
    complete = held is not None or kinds.required_fields(change["kind"]) <= batch_fields
    errors = check(change["kind"], change["data"], record_id=change["id"], partial=complete)
    return errors or None


def lock_counter(account_id: str) -> int:
    """Lock the account's counter row for this transaction; its last change number."""
    # An UPDATE takes the row lock on PostgreSQL and the write lock on SQLite,
    # before anything is read: concurrent pushes of one account run one at a time.
    return db.session.execute(
        update(ChangeCounter)
        .where(ChangeCounter.account_id == account_id)
        .values(last_seq=ChangeCounter.last_seq)
        .returning(ChangeCounter.last_seq)
    ).scalar_one()


def save(account_id: str, states: dict[str, RecordState], rows: dict[str, Record],
         touched: set[str], last_seq: int) -> int:
    """Write the records a push changed, each with the next change number; the last one.

    Core statements, one executemany for new records and one for changed ones: the
    ORM's unit of work cost more than the merge itself for a batch of 500.
    """
    moment = utcnow()
    new, changed = [], []
    for record_id in sorted(touched):  # a stable order: the feed is easier to read
        state = states[record_id]
        last_seq += 1
        values = {"data": state.data, "field_hlcs": state.field_hlcs,
                  "deleted_hlc": state.deleted_hlc, "hlc": state.hlc, "seq": last_seq,
                  "updated_at": moment}
        if record_id in rows:
            changed.append({"key_account": account_id, "key_id": record_id, **values})
        else:
            new.append({"account_id": account_id, "id": record_id, "kind": state.kind,
                        "created_at": moment, **values})
    table = Record.__table__
    if changed:
        # Changed rows first: their new numbers are all above the old ones, and a new
        # number cannot collide with an old one still in place (the counter only grows).
        db.session.execute(
            update(table).where(table.c.account_id == bindparam("key_account"),
                                table.c.id == bindparam("key_id")),
            changed,
        )
    if new:
        db.session.execute(insert(table), new)
    return last_seq


@blp.route("/sync/push")
class Push(MethodView):
    decorators = [patients_only]

    @blp.arguments(PushSchema)
    @blp.response(200, PushResultSchema)
    @blp.alt_response(400, description="unsupported_protocol")
    @blp.alt_response(413, description=f"More than {MAX_CHANGES} changes")
    @blp.doc(security=[{"bearer": []}])
    def post(self, push):
        """Apply a batch of changes; each gets applied, stale or rejected."""
        if push["protocol"] != PROTOCOL:
            api_abort(400, "unsupported_protocol",
                      "This version of the app is too old or too new for this server. "
                      "Please update the app.", {"protocol": [f"Use protocol {PROTOCOL}."]})
        if len(push["changes"]) > MAX_CHANGES:
            api_abort(413, "too_many_changes", f"Send at most {MAX_CHANGES} changes at a time.")
        account_id = g.account.id
        now = datetime.now(UTC)
        last_seq = lock_counter(account_id)

        checked = [check_change(raw, now) for raw in push["changes"]]
        ids = {change["id"] for change, _ in checked if change}
        rows = {
            row.id: row
            for row in db.session.execute(
                db.select(Record).where(Record.account_id == account_id, Record.id.in_(ids))
            ).scalars()
        } if ids else {}
        states = {
            row_id: RecordState(row.kind, row.data, row.field_hlcs, row.deleted_hlc)
            for row_id, row in rows.items()
        }
        check = kinds.EntryChecker(now)
        # Per record, the fields set (not to null) by any change of this batch.
        batch_fields: dict[str, set[str]] = {}
        for change, _ in checked:
            if change and not change["deleted"] and isinstance(change["data"], dict):
                batch_fields.setdefault(change["id"], set()).update(
                    name for name, value in change["data"].items() if value is not None)
        touched: set[str] = set()
        results = []
        for change, refusal in checked:
            if refusal:
                results.append(refusal)
                continue
            held = states.get(change["id"])
            errors = validate_against(change, held, check, batch_fields.get(change["id"], set()))
            if errors:
                results.append(rejected(change["id"], errors))
                continue
            outcome = apply_change(held, change["kind"], change["data"], change["hlc"],
                                   change["deleted"])
            if outcome.changed or held is None:
                states[change["id"]] = outcome.state
                touched.add(change["id"])
            results.append({"id": change["id"], "status": outcome.status})

        last_seq = save(account_id, states, rows, touched, last_seq)
        db.session.execute(
            update(ChangeCounter).where(ChangeCounter.account_id == account_id)
            .values(last_seq=last_seq)
        )
        if delay := current_app.config["TEST_PUSH_COMMIT_DELAY"]:
            time.sleep(delay)  # tests only (config refuses it otherwise): a kill lands here
        db.session.commit()
        return {"results": results, "server_hlc": stamp_of(datetime.now(UTC))}


@blp.route("/sync/pull")
class Pull(MethodView):
    decorators = [patients_only]

    @blp.arguments(PullArgsSchema, location="query")
    @blp.response(200, PullSchema)
    @blp.alt_response(400, description="invalid_cursor")
    @blp.doc(security=[{"bearer": []}])
    def get(self, args):
        """The account's changes after `cursor`, oldest first, at most `limit`."""
        cursor = args["cursor"]
        if cursor is None:
            after = 0
        elif match := CURSOR.fullmatch(cursor):
            after = int(match.group(1))
        else:
            api_abort(400, "invalid_cursor", "That sync position is not one this server gave.",
                      {"cursor": ["Send a cursor from an earlier pull, or none."]})
        limit = args["limit"]
        table = Record.__table__
        rows = db.session.execute(
            select(table.c.id, table.c.kind, table.c.data, table.c.field_hlcs,
                   table.c.deleted_hlc, table.c.hlc, table.c.seq)
            .where(table.c.account_id == g.account.id, table.c.seq > after)
            .order_by(table.c.seq)
            .limit(limit + 1)
        ).all()
        page = rows[:limit]
        changes = [
            {
                "id": row.id,
                "kind": row.kind,
                "data": row.data,
                "deleted": is_deleted(row.deleted_hlc, row.field_hlcs),
                "hlc": row.hlc,
                "field_hlcs": row.field_hlcs,
                "seq": row.seq,
            }
            for row in page
        ]
        position = page[-1].seq if page else after
        # Already the documented shape: serialised directly, as dumping a page of
        # 1000 through PullSchema took longer than reading it from the database.
        return jsonify(changes=changes, cursor=f"v1.{position}", has_more=len(rows) > limit)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@blp.route("/account/export")
class Export(MethodView):
    decorators = [auth.signed_in()]

    @blp.response(200)
    @blp.doc(security=[{"bearer": []}])
    def get(self):
        """Everything of the account in the app's export format (importable in the app)."""
        rows = db.session.execute(
            db.select(Record).where(Record.account_id == g.account.id).order_by(Record.id)
        ).scalars()
        records = []
        for row in rows:
            record = {
                "id": row.id,
                "kind": row.kind,
                "data": row.data,
                "deleted": is_deleted(row.deleted_hlc, row.field_hlcs),
                "created_at": iso(row.created_at),
                "updated_at": iso(row.updated_at),
                "field_hlcs": row.field_hlcs,
            }
            if row.deleted_hlc:
                record["deleted_hlc"] = row.deleted_hlc
            records.append(record)
        return {"format": "envelope-export", "version": 1,
                "exported_at": iso(datetime.now(UTC)), "records": records}
