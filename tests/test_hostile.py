"""Every field of every endpoint, sent what a hostile client would send, on SQLite and PostgreSQL.

Each case must come back as a 4xx in the one error shape, naming the field at fault where
there is one, and leave everything saved as it was: no 500, nothing half-written. The cases
are built from a table of endpoints and the text and number fields each takes, crossed with
a set of bad values, plus whole-body attacks (nesting, huge numbers, not-JSON).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlalchemy import func, select

from server.extensions import db
from server.models import Account, Record, Session
from tests.conftest import empty_database
from tests.support import make_app

PASSWORD = "correct horse battery"  # noqa: S105
EMAIL = "ada@example.org"
DEVICE = "0123456789abcdef"
STAMP = "2026-11-25T08:30:00.000Z-0000-0123456789abcdef"
# An integer of 5,000 digits, past Python's int-string conversion limit (4300 digits):
# written into the JSON text where this marker stands, since no Python int can hold it here.
HUGE = "<5000 digits>"
HUGE_DIGITS = "9" * 5000


def to_json(value: Any) -> str:
    """JSON text, with the markers of HUGE and nested() written out."""
    text = json.dumps(value).replace(json.dumps(HUGE), HUGE_DIGITS)
    for depth in re.findall(r'"<nested (\d+)>"', text):
        text = text.replace(f'"<nested {depth}>"', "[" * int(depth) + "1" + "]" * int(depth))
    return text


def nested(depth: int) -> str:
    """A marker for arrays nested `depth` deep (json.dumps itself would recurse too deep)."""
    return f"<nested {depth}>"


def dose(record_id: str = "d1", **fields: Any) -> dict:
    data = {"taken_at": "2026-11-25T21:00:00+01:00", "substance": "LDN", "amount": 1.5,
            "unit": "mg"}
    return {"id": record_id, "kind": "dose", "data": {**data, **fields}, "hlc": STAMP,
            "deleted": False}


def push(**fields: Any) -> dict:
    return {"protocol": 1, "device_id": DEVICE, "changes": [dose()], **fields}


# Text that JSON allows and no database keeps (or argon2 cannot hash), and values of the
# wrong JSON type. Sent in place of every text field.
BAD_TEXT = {
    "nul": "a\u0000b@example.org",
    "lone surrogate": "a\ud800b@example.org",
    "number": 12345678901,
    "huge number": HUGE,
    "list": ["a"],
    "object": {"a": "b"},
    "true": True,
    "null": None,
    "too long": "x" * 5000,
}


@dataclass
class Endpoint:
    method: str
    path: str
    body: dict | None  # a good body; each case spoils one field of it
    text_fields: tuple[str, ...] = ()
    signed_in: bool = True
    # Values that are right for a field after all (a display name of 5000 is too long, a
    # null display name is not allowed, ...): none so far, kept for clarity.
    allowed: dict[str, set[str]] = field(default_factory=dict)


ENDPOINTS = {
    "sign up": Endpoint("POST", "/api/v1/accounts",
                        {"email": "bo@example.org", "password": PASSWORD, "display_name": "Bo"},
                        ("email", "password", "display_name", "role"), signed_in=False),
    "sign in": Endpoint("POST", "/api/v1/sessions",
                        {"email": EMAIL, "password": PASSWORD, "device_name": "phone"},
                        ("email", "password", "device_name"), signed_in=False),
    "delete account": Endpoint("DELETE", "/api/v1/account", {"password": PASSWORD},
                               ("password",)),
    "push": Endpoint("POST", "/api/v1/sync/push", push(), ("device_id",)),
}


def field_cases():
    for name, endpoint in ENDPOINTS.items():
        for text_field in endpoint.text_fields:
            for what, value in BAD_TEXT.items():
                if what == "too long" and text_field in ("role",):
                    continue
                yield pytest.param(name, text_field, value, id=f"{name}-{text_field}-{what}")


class World:
    """Ada, signed in, with one record; a way to see that nothing of it changed."""

    def __init__(self, app, client):
        self.app = app
        self.client = client
        assert client.post("/api/v1/accounts",
                           json={"email": EMAIL, "password": PASSWORD}).status_code == 201
        answer = client.post("/api/v1/sessions", json={"email": EMAIL, "password": PASSWORD})
        self.headers = {"Authorization": f"Bearer {answer.get_json()['token']}"}
        saved = self.send("POST", "/api/v1/sync/push", push(changes=[dose("kept")]))
        assert saved.get_json()["results"][0]["status"] == "applied"

    def send(self, method: str, path: str, body: Any = None, *, raw: bytes | None = None,
             signed_in: bool = True, query: dict | None = None):
        headers = dict(self.headers) if signed_in else {}
        if raw is not None:
            return self.client.open(path, method=method, data=raw, headers=headers,
                                    content_type="application/json", query_string=query)
        data = None if body is None else to_json(body)
        return self.client.open(path, method=method, data=data, headers=headers,
                                content_type="application/json", query_string=query)

    def state(self) -> str:
        """A digest of every account, session and record: equal before and after."""
        with self.app.app_context():
            rows = [
                [(a.id, a.email, a.password_hash, a.display_name) for a in
                 db.session.execute(select(Account).order_by(Account.id)).scalars()],
                db.session.execute(select(func.count()).select_from(Session)).scalar_one(),
                [(r.id, json.dumps(r.data, sort_keys=True), r.seq) for r in
                 db.session.execute(select(Record).order_by(Record.id)).scalars()],
            ]
        return hashlib.sha256(repr(rows).encode()).hexdigest()


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def world(request, tmp_path_factory):
    """One world per database for the whole module: no case may change it (each checks),
    and signing up for each of some 300 cases would spend most of the run in argon2."""
    with empty_database(request.param, tmp_path_factory.mktemp("hostile")) as url:
        # A 500 shows as a 500, as in production.
        app = make_app(url, PROPAGATE_EXCEPTIONS=False)
        yield World(app, app.test_client())
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def refused(response, status: int | tuple[int, ...], field: str | None = None) -> dict:
    statuses = status if isinstance(status, tuple) else (status,)
    assert response.status_code in statuses, (response.status_code, response.get_data()[:300])
    body = response.get_json()
    assert set(body) == {"error"} and set(body["error"]) <= {"code", "message", "fields"}
    assert body["error"]["message"] and body["error"]["code"]
    if field is not None:
        assert field in body["error"].get("fields", {}), body
    return body["error"]


@pytest.mark.parametrize(("endpoint", "name", "value"), list(field_cases()))
def test_a_bad_value_in_any_field_is_named_and_changes_nothing(world, endpoint, name, value):
    spec = ENDPOINTS[endpoint]
    before = world.state()
    body = {**spec.body, name: value}
    response = world.send(spec.method, spec.path, body, signed_in=spec.signed_in)
    refused(response, 422, name)
    assert world.state() == before


@pytest.mark.parametrize("text", ["a\u0000b", "a\ud800b"], ids=["nul", "lone surrogate"])
@pytest.mark.parametrize("name", ["device_name", "password"])
def test_sign_in_refuses_unstorable_text_even_with_the_right_password(world, text, name):
    before = world.state()
    body = {"email": EMAIL, "password": PASSWORD, "device_name": "phone"}
    body[name] = PASSWORD + text if name == "password" else text
    refused(world.send("POST", "/api/v1/sessions", body, signed_in=False), 422, name)
    assert world.state() == before


# Whole bodies no client of ours sends. (name, endpoint, raw body, status, field or None)
BODIES = [
    ("push nested 10,000 deep", "push", to_json(push(changes=nested(10_000))), 400, None),
    ("push with data nested 5,000 deep", "push",
     to_json(push(changes=[{**dose(), "data": {"note": nested(5_000)}}])), 400, None),
    ("push nested 40 deep (past the limit, under recursion's)", "push",
     to_json(push(changes=[{**dose(), "data": {"note": nested(40)}}])), 400, None),
    ("a 5,000-digit protocol", "push", to_json(push(protocol=HUGE)), 422, "protocol"),
    ("a 5,000-digit amount", "push", to_json(push(changes=[dose(amount=HUGE)])), 200, None),
    ("a 5,000-digit id", "push",
     to_json(push(changes=[{**dose(), "id": HUGE}])), 422, "changes.0.id"),
    ("a 5,000-digit password", "sign in", to_json({"email": EMAIL, "password": HUGE}), 422,
     "password"),
    ("a 5,000-digit number as the whole body", "sign up", HUGE_DIGITS, 422, None),
    ("NaN", "push", to_json(push(protocol=float("nan"))), 400, None),
    ("Infinity", "push", '{"protocol": Infinity, "device_id": "x", "changes": []}', 400, None),
    ("1e999", "push", to_json(push())[:-1] + ', "x": 1e999}', 422, "x"),
    ("deleted as a string", "push",
     to_json(push(changes=[{**dose(), "deleted": "yes"}])), 422, "changes.0.deleted"),
    ("deleted as 1", "push",
     to_json(push(changes=[{**dose(), "deleted": 1}])), 422, "changes.0.deleted"),
    ("not JSON", "push", "{not json", 400, None),
    ("a byte-order mark", "push", "\ufeff" + to_json(push()), 400, None),
    ("not UTF-8", "sign in", b'{"email": "\xff\xfe"}', 400, None),
    ("a list", "push", "[]", 422, None),
    ("a string", "sign up", '"hello"', 422, None),
    ("null", "delete account", "null", 422, None),
    ("changes not a list", "push", to_json(push(changes={"0": dose()})), 422, "changes"),
    ("a change with a NUL id", "push",
     to_json(push(changes=[{**dose(), "id": "d\u0000"}])), 422, "changes.0.id"),
    ("a change with a lone surrogate kind", "push",
     to_json(push(changes=[{**dose(), "kind": "dose\ud800"}])), 422, "changes.0.kind"),
    ("protocol true", "push", to_json(push(protocol=True)), 422, "protocol"),
    ("protocol 1.5", "push", to_json(push(protocol=1.5)), 422, "protocol"),
    ("protocol 2", "push", to_json(push(protocol=2, changes=[{"shape": "new"}])), 400,
     "protocol"),
    ("501 changes", "push", to_json(push(changes=[dose(f"d{i}") for i in range(501)])),
     413, None),
]


@pytest.mark.parametrize(("name", "endpoint", "raw", "status", "field"), BODIES,
                         ids=[case[0] for case in BODIES])
def test_a_hostile_body_is_refused_whole(world, name, endpoint, raw, status, field):
    spec = ENDPOINTS[endpoint]
    before = world.state()
    raw = raw.encode() if isinstance(raw, str) else raw
    response = world.send(spec.method, spec.path, raw=raw, signed_in=spec.signed_in)
    if status == 200:
        # A push answers per change: the huge number is that change's field error.
        result = response.get_json()["results"][0]
        assert result["status"] == "rejected" and "amount" in result["errors"]
    else:
        refused(response, status, field)
    assert world.state() == before


@pytest.mark.parametrize("cursor", [
    "v1.9999999999999999999",  # past a signed 64-bit integer
    "v1.99999999999999999999999999",
    "v1.1\u0000",
    "v1.\u0661\u0662",  # Arabic-Indic digits, which Python's int() reads
    "v1. 1",
    "",
])
def test_a_cursor_from_no_pull_is_400(world, cursor):
    response = world.send("GET", "/api/v1/sync/pull", query={"cursor": cursor})
    assert refused(response, 400, "cursor")["code"] == "invalid_cursor"


@pytest.mark.parametrize("limit", ["1e3", "-1", "0", "1001", HUGE_DIGITS, "\u0661", "1.0", ""])
def test_a_limit_outside_1_to_1000_is_named(world, limit):
    response = world.send("GET", "/api/v1/sync/pull", query={"limit": limit})
    # Python reads "١" as 1: within the range, so it is taken, as the number it is.
    if limit == "\u0661":
        assert response.status_code == 200
    else:
        refused(response, 422, "limit")


@pytest.mark.parametrize("authorization", [
    "Bearer", "Bearer ", "Basic abc", "Bearer " + "é" * 300, "bearer x y z", "Bearer \t",
])
def test_a_malformed_authorization_header_is_401(world, authorization):
    for path in ("/api/v1/account", "/api/v1/sync/pull", "/api/v1/account/export"):
        response = world.client.get(path, headers={"Authorization": authorization})
        refused(response, 401)
