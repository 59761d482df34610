"""The OpenAPI document tells the truth: schemathesis, every check, every operation.

schemathesis generates requests from /api/v1/openapi.json, valid ones and ones the document
says are invalid, and holds every answer to the document: valid requests are accepted, invalid
ones refused with a 4xx, no 5xx, every response (errors included) in its documented schema,
auth enforced where documented, 405 with Allow for other methods. It runs against the app on
SQLite and on PostgreSQL, signed in as a patient and as a clinician, with a fresh session for
every request (operations that end sessions are among those tested).

Bounded for CI: ENVELOPE_SCHEMATHESIS_EXAMPLES examples per operation and phase (default 15).
"""

from __future__ import annotations

import os
import uuid
from collections import Counter

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from server import create_app
from server.auth import start_session
from server.extensions import db
from server.models import Account, ChangeCounter
from tests.conftest import empty_database
from tests.support import app_config, make_app

EXAMPLES = int(os.environ.get("ENVELOPE_SCHEMATHESIS_EXAMPLES", "15"))
# What was sent, by (database, role) and operation: printed at the end, for the note.
SENT: Counter = Counter()


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def api_app(request, tmp_path_factory):
    with empty_database(request.param, tmp_path_factory.mktemp("openapi")) as url:
        # A 500 shows as a 500, as in production.
        app = make_app(url, PROPAGATE_EXCEPTIONS=False)
        app.database_name = request.param
        yield app
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture(scope="module", params=["patient", "clinician"])
def api_account(request, api_app):
    with api_app.app_context():
        account = Account(id=str(uuid.uuid4()), email=f"{request.param}@example.org",
                          email_key=f"{request.param}@example.org", password_hash="-",
                          role=request.param, display_name=request.param)
        db.session.add(account)
        db.session.add(ChangeCounter(account_id=account.id, last_seq=0))
        db.session.commit()
        return account.id, request.param


# The document is the same for every app: read from one that is never sent a request. Each
# case is sent to the app of its database (call_and_validate(app=...)).
schema = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json", create_app(app_config("sqlite://")))


# The app and account the running case is sent as (set by the test, read by the auth).
CURRENT: dict = {}


@schema.auth(refresh_interval=None)
class FreshSession:
    """A new session for every request: signing out (one device or all) is tested too.
    Through schemathesis's auth, so it leaves the header out where a case means to."""

    def get(self, case, context):
        if not CURRENT:
            return "no-session-yet"  # asked once as the tests are collected
        app, account_id = CURRENT["app"], CURRENT["account"]
        with app.app_context():
            token, _ = start_session(db.session.get(Account, account_id), "schemathesis")
            db.session.commit()
            return token

    def set(self, case, data, context):
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_the_api_does_what_its_document_says(case, api_app, api_account):
    account_id, role = api_account
    operation = f"{case.operation.method.upper()} {case.operation.path}"
    SENT[(api_app.database_name, role, operation)] += 1
    CURRENT.update(app=api_app, account=account_id)
    # A code that fits the document is still, all but surely, one nobody was given: 400
    # invite_unknown is the contract's answer, so "valid data is accepted" cannot hold there.
    # Every other check still runs on it; tests/test_shares.py redeems real codes.
    excluded = [positive_data_acceptance] if operation == "POST /api/v1/shares" else []
    # The WSGI client does not decode br or gzip; what is checked is the JSON itself.
    case.call_and_validate(app=api_app, headers={"Accept-Encoding": "identity"},
                           excluded_checks=excluded)


def test_zz_schemathesis_sent_something_to_every_operation(api_app, api_account):
    """Runs after the generated tests of its (database, role): every operation was tried."""
    _, role = api_account
    spec = api_app.test_client().get("/api/v1/openapi.json").get_json()
    operations = {f"{method.upper()} {path}" for path, methods in spec["paths"].items()
                  for method in methods if method != "parameters"}  # path-level, not a method
    tried = {op for (database, who, op) in SENT if database == api_app.database_name
             and who == role}
    assert operations <= tried
    total = sum(n for (database, who, _), n in SENT.items()
                if database == api_app.database_name and who == role)
    print(f"\nschemathesis, {api_app.database_name}, {role}: {len(operations)} operations, "
          f"{total} requests")


def test_times_are_documented_as_the_server_reads_them():
    spec = create_app(app_config("sqlite://")).test_client().get("/api/v1/openapi.json").json
    started = spec["components"]["schemas"]["ActivityData"]["properties"]["started_at"]
    assert "format" not in started  # RFC 3339 would refuse 2026-11-25T08:30+01:00
    assert started["pattern"].startswith("^[0-9]{4}-")
