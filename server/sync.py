"""Sync: push changes, pull the account's change feed, export the account (streamed).

Push applies each change by the merge rule (merge.py) and answers for each one;
a bad change is rejected with its reasons and the rest of the batch still
applies. Every record that changes gets the account's next change number, taken
from the account's counter row, which the push locks first: so change numbers
follow commit order per account, and a pull cursor (a change number) never
skips a change whose transaction committed late.
"""

from __future__ import annotations

import functools
import json
import re
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import current_app, g
from flask.views import MethodView
from marshmallow import Schema, fields, pre_load, validate
from sqlalchemy import Text as SqlText
from sqlalchemy import bindparam, cast, insert, select, update

from . import auth, kind_table, kinds, metrics, openapi, streams
from .api import Blueprint
from .errors import api_abort
from .extensions import db
from .fields import Refusal
from .hlc import STAMP, STAMP_PATTERN, iso, stamp_of, stamp_time
from .merge import RecordState, apply_change, is_deleted
from .models import ChangeCounter, Record, utcnow
from .schemas import UNSTORABLE, Flag, StrictSchema, Text, unstorable_text

blp = Blueprint("sync", __name__, url_prefix="/api/v1", description="Sync")

# The protocol's constants are in the one table the app reads too (kind_table.SYNC).
PROTOCOL = kind_table.SYNC["protocol"]
MAX_CHANGES = kind_table.SYNC["max_changes"]
PULL_LIMIT_DEFAULT = kind_table.SYNC["pull_limit_default"]
PULL_LIMIT_MAX = kind_table.SYNC["pull_limit_max"]
# A stamp further ahead of the server's clock than this is refused: a device
# whose clock runs fast would otherwise win every merge for as long as it is off.
MAX_SKEW = timedelta(milliseconds=kind_table.SYNC["max_skew_ms"])
# Patterns as the OpenAPI document shows them (anchored, ASCII digits, as JSON Schema reads
# them); the server matches with the same strings.
DEVICE_ID = re.compile(r"^[0-9a-f]{16}$")
# A change number of at most 18 digits: it always fits a signed 64-bit integer.
CURSOR = re.compile(r"^v1\.(0|[1-9][0-9]{0,17})$")
STATUSES = ("applied", "stale", "rejected")
REJECTION_CODES = ("clock_skew", "unknown_kind", "invalid_id")

patients_only = auth.signed_in(roles=("patient",))


def statement_by_statement(view: Any) -> Any:
    """A read that needs no transaction: each statement commits on its own (autocommit).

    A pull is the session's lookup and one SELECT, whose snapshot is all the page needs
    (the cursor carries on from it); a transaction around them cost a BEGIN and a
    ROLLBACK, two of the request's five round trips to the database.
    """

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        db.session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
        return view(*args, **kwargs)

    return wrapper


class ChangeSchema(StrictSchema):
    """One change as sent. Its shape is checked with the push (a malformed one refuses the
    push, 422); what it says is checked alone (a bad one is `rejected`, the rest apply)."""

    id = Text(required=True, metadata={
        "description": "The record's id. One that is not 1-64 of A-Za-z0-9_- is rejected "
                       "with code invalid_id."})
    kind = Text(required=True, metadata={
        "description": f"One of {', '.join(kinds.KINDS)}; any other is rejected with code "
                       "unknown_kind."})
    data = fields.Dict(required=True, metadata={
        "description": "The fields this change sets (null clears one), checked by the kind's "
                       "schema; a change that fails is rejected with errors by field. A "
                       "delete sends {}."})
    hlc = Text(required=True, metadata={
        "description": "The change's HLC stamp, such as "
                       "2026-11-25T08:30:00.000Z-0000-0123456789abcdef; one more than 5 "
                       "minutes ahead of the server is rejected with code clock_skew."})
    deleted = Flag(load_default=False)


class PushSchema(StrictSchema):
    protocol = fields.Integer(required=True, strict=True,
                              metadata={"enum": [PROTOCOL],
                                        "description": "Another one: 400 unsupported_protocol."})
    device_id = Text(
        required=True,
        pattern=DEVICE_ID.pattern,
        validate=validate.Regexp(DEVICE_ID, error="Use the device's 16 hex digit node id."),
    )
    changes = fields.List(fields.Nested(ChangeSchema), required=True, metadata={
        "maxItems": MAX_CHANGES, "description": f"At most {MAX_CHANGES} (more: 413).",
        "openapi": {"items": openapi.ref("PushChange")}})

    @pre_load
    def protocol_first(self, data: Any, **kwargs: Any) -> Any:
        # Before the changes' shape: another protocol may shape them otherwise, and its
        # app must hear "update the app", not which fields look wrong.
        protocol = data.get("protocol") if isinstance(data, dict) else None
        if isinstance(protocol, int) and not isinstance(protocol, bool) and protocol != PROTOCOL:
            api_abort(400, "unsupported_protocol",
                      "This version of the app is too old or too new for this server. "
                      "Please update the app.", {"protocol": [f"Use protocol {PROTOCOL}."]})
        return data


class CodeSchema(Schema):
    code = fields.String(required=True, metadata={
        "description": "As the app's validator says it: range, type, required, length, enum, "
                       "step, format, future, too_many, unknown_field, before_start, ..."})
    params = fields.Dict(required=True, metadata={"description": "Such as {min, max}."})


class ResultSchema(Schema):
    id = fields.String(required=True)
    status = fields.String(required=True, validate=validate.OneOf(STATUSES))
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()),
                         metadata={"description": "Why it was rejected, by field."})
    code = fields.String(validate=validate.OneOf(REJECTION_CODES),
                         metadata={"description": "A problem with the change as a whole."})
    codes = fields.Dict(keys=fields.String(), values=fields.List(fields.Nested(CodeSchema)),
                        metadata={"description": "The same refusals as codes with parameters, "
                                                 "by field (an extension), for the app to word."})


class PushResultSchema(Schema):
    results = fields.List(fields.Nested(ResultSchema), required=True,
                          metadata={"description": "One per change, in the order sent."})
    server_hlc = fields.String(required=True, metadata={"pattern": STAMP_PATTERN})


class PullArgsSchema(StrictSchema):
    # Checked by the view (400 invalid_cursor, a contract), not here (422).
    cursor = fields.String(metadata={
        "pattern": CURSOR.pattern,
        "description": "From an earlier pull; none: from the beginning. Another: 400 "
                       "invalid_cursor."})
    limit = fields.Integer(load_default=PULL_LIMIT_DEFAULT,
                           validate=validate.Range(min=1, max=PULL_LIMIT_MAX))


def _stamp(**options: Any) -> fields.String:
    return fields.String(metadata={"pattern": STAMP_PATTERN, **options.pop("metadata", {})},
                         **options)


def _stamps() -> fields.Dict:
    return fields.Dict(keys=fields.String(), values=_stamp(), required=True,
                       metadata={"description": "The stamp of each field."})


class PulledChangeSchema(Schema):
    """A record as the pull feed gives it: whole and merged."""

    id = fields.String(required=True)
    kind = fields.String(required=True)
    data = fields.Dict(required=True)
    deleted = fields.Boolean(required=True)
    hlc = _stamp(required=True, metadata={"description": "The newest of its stamps."})
    field_hlcs = _stamps()
    seq = fields.Integer(required=True, metadata={"description": "Its change number."})


class PullSchema(Schema):
    changes = fields.List(fields.Nested(PulledChangeSchema), required=True,
                          metadata={"openapi": {"items": openapi.ref("PulledChangeOfAKind")}})
    cursor = fields.String(required=True, metadata={"pattern": CURSOR.pattern})
    has_more = fields.Boolean(required=True)


class ExportedRecordSchema(Schema):
    """A record in the app's export format."""

    id = fields.String(required=True)
    kind = fields.String(required=True)
    data = fields.Dict(required=True)
    deleted = fields.Boolean(required=True)
    created_at = fields.DateTime(required=True)
    updated_at = fields.DateTime(required=True)
    field_hlcs = _stamps()
    deleted_hlc = _stamp(metadata={"description": "The stamp of its delete, if it had one."})


class ExportSchema(Schema):
    format = fields.String(required=True, metadata={"openapi": {"const": "envelope-export"}})
    version = fields.Integer(required=True, metadata={"openapi": {"const": 1}})
    exported_at = fields.DateTime(required=True)
    records = fields.List(fields.Nested(ExportedRecordSchema), required=True,
                          metadata={"openapi": {"items": openapi.ref("ExportedRecordOfAKind")}})


def rejected(change_id: str, errors: dict[str, list[str]] | None = None,
             code: str | None = None) -> dict[str, Any]:
    result: dict[str, Any] = {"id": change_id, "status": "rejected"}
    if errors:
        result["errors"] = errors
        # An extension of the contract: what each message says as kinds.js's code and
        # params, so the app words the refusal in the person's language.
        result["codes"] = kinds.codes_of(errors)
    if code:
        result["code"] = code
    return result


def unstorable(value: Any, path: str = "") -> str | None:
    """The path of text no database can keep (a NUL, or half of a surrogate pair), if any.

    JSON allows both; PostgreSQL refuses them, and one such change must not fail
    the whole push (the app would send the same batch again and again). Iterative:
    the body's depth is bounded (jsonbody), but no recursion is needed to walk it.
    """
    stack = [(value, path)]
    while stack:
        item, where = stack.pop()
        if isinstance(item, str):
            if unstorable_text(item):
                return where or "_schema"
        elif isinstance(item, dict):
            for key, inner in item.items():
                if unstorable_text(key):
                    return where or "_schema"
                stack.append((inner, f"{where}.{key}" if where else key))
        elif isinstance(item, list):
            stack.extend((inner, f"{where}.{i}" if where else str(i))
                         for i, inner in enumerate(item))
    return None


def check_change(change: dict, now: datetime) -> dict | None:
    """The result that rejects a (well-formed) change on its own, or None."""
    change_id = change["id"]
    if not kinds.is_record_id(change_id):
        return rejected(change_id, {"id": [kinds.RECORD_ID]}, "invalid_id")
    if found := unstorable(change["data"]):
        return rejected(change_id, {found: [Refusal(UNSTORABLE, "unstorable")]})
    if change["kind"] not in kinds.KINDS:
        return rejected(change_id, {"kind": [Refusal(
            f"The kinds are: {', '.join(kinds.KINDS)}.", "unknown_kind")]}, "unknown_kind")
    if not STAMP.fullmatch(change["hlc"]):
        return rejected(change_id, {"hlc": [Refusal(
            "Use a stamp such as 2026-11-25T08:30:00.000Z-0000-0123456789abcdef.",
            "invalid_stamp")]})
    try:
        ahead = stamp_time(change["hlc"]) - now
    except ValueError:
        return rejected(change_id, {"hlc": [Refusal("The stamp's time is not a real time.",
                                                    "invalid_stamp")]})
    if ahead > MAX_SKEW:
        return rejected(change_id, code="clock_skew", errors={"hlc": [Refusal(
            "This device's clock is ahead of the server's; the app corrects for it and retries.",
            "clock_skew")]})
    return None


def validate_against(change: dict, held: RecordState | None, check: kinds.EntryChecker,
                     batch_fields: set[str]) -> dict | None:
    """Field errors of a change given what the server holds, or None."""
    if held is not None and held.kind != change["kind"]:
        return {"kind": [Refusal(f"This record is a {held.kind}, not a {change['kind']}.",
                                 "kind_mismatch", {"kind": held.kind})]}
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
        if len(push["changes"]) > MAX_CHANGES:
            api_abort(413, "too_many_changes", f"Send at most {MAX_CHANGES} changes at a time.")
        account_id = g.account.id
        now = datetime.now(UTC)
        last_seq = lock_counter(account_id)

        checked = [(change, check_change(change, now)) for change in push["changes"]]
        ids = {change["id"] for change, refusal in checked if not refusal}
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
        for change, refusal in checked:
            if not refusal and not change["deleted"]:
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
        metrics.pushed(results)
        return {"results": results, "server_hlc": stamp_of(datetime.now(UTC))}


# json.dumps of a string, without its per-call set-up (three a change, a hundred changes a
# page): the encoder's own C function, the same output (ASCII, escaped).
json_string = json.encoder.encode_basestring_ascii


def json_flag(value: bool) -> str:
    return "true" if value else "false"


def pulled_change(row: Any) -> str:
    """One change of a pull as JSON, its data and stamps spliced in as stored."""
    deleted = row.deleted_hlc is not None and is_deleted(row.deleted_hlc,
                                                          json.loads(row.field_hlcs))
    return "".join((
        '{"id":', json_string(row.id), ',"kind":', json_string(row.kind),
        ',"data":', row.data, ',"deleted":', json_flag(deleted),
        ',"hlc":', json_string(row.hlc), ',"field_hlcs":', row.field_hlcs,
        ',"seq":', str(row.seq), "}",
    ))


@blp.route("/sync/pull")
class Pull(MethodView):
    decorators = [patients_only, statement_by_statement]  # the last runs first

    @blp.arguments(PullArgsSchema, location="query")
    @blp.response(200, PullSchema)
    @blp.alt_response(400, description="invalid_cursor")
    @blp.doc(security=[{"bearer": []}])
    def get(self, args):
        """The account's changes after `cursor`, oldest first, at most `limit`."""
        cursor = args.get("cursor")
        if cursor is None:
            after = 0
        elif match := CURSOR.fullmatch(cursor):
            after = int(match.group(1))
        else:
            api_abort(400, "invalid_cursor", "That sync position is not one this server gave.",
                      {"cursor": ["Send a cursor from an earlier pull, or none."]})
        limit = args["limit"]
        table = Record.__table__
        # The JSON columns as the database holds them, as text: decoding them only to
        # encode them again was a third of a pull's time (bench/sync_wrk.py). They go
        # into the answer as they are; only a tombstone's stamps are read.
        rows = db.session.execute(
            select(table.c.id, table.c.kind, cast(table.c.data, SqlText).label("data"),
                   cast(table.c.field_hlcs, SqlText).label("field_hlcs"),
                   table.c.deleted_hlc, table.c.hlc, table.c.seq)
            .where(table.c.account_id == g.account.id, table.c.seq > after)
            .order_by(table.c.seq)
            .limit(limit + 1)
        ).all()
        page = rows[:limit]
        position = page[-1].seq if page else after
        # Already the documented shape (PullSchema), written directly.
        body = "".join((
            '{"changes":[',
            ",".join(pulled_change(row) for row in page),
            f'],"cursor":"v1.{position}","has_more":{json_flag(len(rows) > limit)}}}',
        ))
        return current_app.response_class(body, mimetype="application/json")


def exported(row: Any) -> dict[str, Any]:
    """A records row in the app's export format (ExportedRecordSchema)."""
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
    return record


@blp.route("/account/export")
class Export(MethodView):
    decorators = [auth.signed_in()]

    @blp.response(200, ExportSchema)
    @blp.doc(security=[{"bearer": []}])
    def get(self):
        """Everything of the account in the app's export format (importable in the app)."""
        table = Record.__table__
        # Streamed (streams.py), and the bytes jsonify wrote whole: the app's JSON provider
        # (keys sorted, so "records" comes before "version"), compact, a newline at the end.
        dumps = functools.partial(current_app.json.dumps, separators=(",", ":"))
        return streams.streamed_json(
            select(table.c.id, table.c.kind, table.c.data, table.c.field_hlcs,
                   table.c.deleted_hlc, table.c.created_at, table.c.updated_at)
            .where(table.c.account_id == g.account.id).order_by(table.c.id),
            key=table.c.id,
            head=(f'{{"exported_at":{dumps(iso(datetime.now(UTC)))},'
                  '"format":"envelope-export","records":['),
            write=lambda row: dumps(exported(row)),
            tail='],"version":1}\n')
