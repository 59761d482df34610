"""Nothing a person entrusts to the server reaches its logs: no email, password, token,
password hash or diary text, on SQLite and PostgreSQL, in process and under gunicorn; and
every request has its one line (server/requestlog.py), with its id, among those searched.

Each test runs a whole life of an account through the API at the most talkative log levels
(SQLAlchemy's statements included), with the failures that log the most: wrong passwords,
hostile bodies, and database errors whose statements carry those values as parameters.
Every line logged is collected and searched for every secret the session used.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from server.auth import token_hash
from server.extensions import db
from server.models import Account
from tests.support import Gunicorn, make_app

EMAIL = "Ada.Lovelace@example.org"
PASSWORD = "correct horse battery staple"  # noqa: S105
NEW_PASSWORD = "an even longer passphrase"  # noqa: S105
DIARY = "Walked to the letterbox; knees ached after"  # a note only the diary holds
DEVICE = "0123456789abcdef"


def stamp() -> str:
    moment = datetime.now(UTC)
    return f"{moment:%Y-%m-%dT%H:%M:%S}.{moment.microsecond // 1000:03d}Z-0000-{DEVICE}"


class Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))

    def emit(self, record):
        self.lines.append(self.format(record))  # exc_info and stack included


def leaks(text_: str, secrets: list[str]) -> list[str]:
    found = [secret for secret in secrets if secret and secret.lower() in text_.lower()]
    if "$argon2" in text_:
        found.append("an argon2 hash")
    return found


def life_of_an_account(call) -> list[str]:
    """Drive the API as a person and a hostile client would; the secrets it used.

    `call(method, path, body=None, token=None)` returns (status, body)."""
    assert call("POST", "/api/v1/accounts", {"email": EMAIL, "password": PASSWORD,
                                             "display_name": "Ada"})[0] == 201
    assert call("POST", "/api/v1/accounts", {"email": EMAIL, "password": PASSWORD})[0] == 409
    assert call("POST", "/api/v1/sessions", {"email": EMAIL, "password": "wrong guess"})[0] == 401
    status, session = call("POST", "/api/v1/sessions",
                           {"email": EMAIL, "password": PASSWORD, "device_name": "phone"})
    assert status == 201
    token = session["token"]
    change = {"id": "d1", "kind": "dose", "hlc": stamp(), "deleted": False,
              "data": {"taken_at": "2026-11-25T21:00:00+01:00", "substance": "LDN",
                       "amount": 1.5, "unit": "mg", "note": DIARY}}
    body = {"protocol": 1, "device_id": DEVICE, "changes": [change]}
    assert call("POST", "/api/v1/sync/push", body, token)[1]["results"][0]["status"] == "applied"
    bad = {**change, "id": "d2", "data": {**change["data"], "amount": DIARY}}
    assert call("POST", "/api/v1/sync/push", {**body, "changes": [bad]}, token)[0] == 200
    assert call("GET", "/api/v1/sync/pull", None, token)[0] == 200
    assert call("GET", "/api/v1/account/export", None, token)[0] == 200
    assert call("POST", "/api/v1/sessions", {"email": EMAIL, "password": PASSWORD + "\u0000"})[
        0] == 422
    assert call("DELETE", "/api/v1/account", {"password": "wrong guess"}, token)[0] == 403
    assert call("PUT", "/api/v1/account/password",
                {"password": PASSWORD, "new_password": NEW_PASSWORD}, token)[0] == 204
    return [EMAIL, PASSWORD, NEW_PASSWORD, "wrong guess", token, token_hash(token), DIARY]


def secrets_in_urls(call, token: str) -> list[str]:
    """Requests that carry secrets where no client of ours puts them, in the path and the
    query: the request line names the URL rule, never the path or the query (ASVS 7.1.1,
    8.3.1). Gunicorn's own access line, when turned on, has the whole request line."""
    assert call("GET", f"/api/v1/account?email={EMAIL}&password={PASSWORD}&token={token}",
                None, token)[0] == 200
    assert call("GET", f"/api/v1/patients/{EMAIL}/entries?from=2026-11-01&note={DIARY}",
                None, token)[0] == 404
    assert call("GET", f"/api/v1/{token}?{PASSWORD}")[0] == 404
    return [EMAIL, PASSWORD, token, DIARY, DIARY.replace(" ", "%20")]


@pytest.fixture
def collected():
    handler = Collect()
    root = logging.getLogger()
    saved = root.level, logging.getLogger("sqlalchemy.engine").level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    # SQLAlchemy's own statement log: the statements and (were they not hidden) their values.
    logging.getLogger("sqlalchemy.engine").setLevel(logging.INFO)
    yield handler
    root.removeHandler(handler)
    root.setLevel(saved[0])
    logging.getLogger("sqlalchemy.engine").setLevel(saved[1])


def request_lines(lines: list[str]) -> dict[str, list[str]]:
    """The request lines (logger server.request) by the id they end with."""
    found: dict[str, list[str]] = {}
    for line in lines:
        if line.startswith("server.request "):
            found.setdefault(line.rsplit("id=", 1)[1], []).append(line)
    return found


def test_no_secret_in_any_log_line_in_process(database_url, collected):
    app = make_app(database_url, LOG_LEVEL="DEBUG", PROPAGATE_EXCEPTIONS=False)
    client = app.test_client()
    ids = []

    def call(method, path, body=None, token=None):
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = client.open(path, method=method, json=body, headers=headers)
        ids.append(response.headers["X-Request-Id"])
        return response.status_code, response.get_json(silent=True)

    secrets = life_of_an_account(call)
    secrets += secrets_in_urls(call, secrets[4])
    with app.app_context():
        secrets.append(db.session.execute(db.select(Account.password_hash)).scalar_one())
        # A database error whose statement carries those values as parameters (an email, a
        # fresh argon2 hash): a column gone, so the sign-up's INSERT fails and is logged.
        db.session.execute(text("ALTER TABLE accounts RENAME COLUMN display_name TO shown"))
        db.session.commit()
    other = {"email": "bo.secret@example.org", "password": "another long passphrase"}
    assert call("POST", "/api/v1/accounts", other)[0] == 500
    secrets += [other["email"], other["password"]]
    everything = "\n".join(collected.lines)
    assert "Unhandled error" in everything and "INSERT INTO accounts" in everything
    # One line per request, by its id, naming the URL rule and the status.
    lines = request_lines(collected.lines)
    assert len(set(ids)) == len(ids) == 15 and sorted(lines) == sorted(ids)
    assert all(len(found) == 1 for found in lines.values())
    assert "POST /api/v1/sync/push 200" in lines[ids[4]][0]
    assert [lines[i][0].split(" ", 2)[2].rsplit(" ", 3)[0] for i in ids[11:14]] == [
        "GET /api/v1/account 200", "GET /api/v1/patients/<patient_id>/entries 404",
        "GET unmatched 404"]
    assert "POST /api/v1/accounts 500" in lines[ids[-1]][0]
    assert leaks(everything, secrets) == []
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_no_secret_in_gunicorns_logs(tmp_path):
    access = tmp_path / "access.log"
    server = Gunicorn(tmp_path, workers=1, LOG_LEVEL="DEBUG", ACCESS_LOG=str(access),
                      LOG_FORMAT="json").start()
    ids = []

    def call(method, path, body=None, token=None):
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(server.url + path, data=data, method=method,
                                         headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                raw = response.read()
                ids.append(response.headers["X-Request-Id"])
                return response.status, json.loads(raw) if raw else None
        except urllib.error.HTTPError as error:
            ids.append(error.headers["X-Request-Id"])
            return error.code, json.loads(error.read() or b"null")

    try:
        secrets = life_of_an_account(call)
    finally:
        server.stop()
    logs = server.log.read_text() + access.read_text()
    assert "POST /api/v1/sessions" in logs  # the access log was written
    # The app's lines are JSON, one per request, each with its request's id.
    lines = [json.loads(line) for line in server.log.read_text().splitlines()
             if line.startswith("{")]
    by_id = {}
    for line in lines:
        if line["logger"] == "server.request":
            by_id.setdefault(line["request_id"], []).append(line)
    assert len(set(ids)) == len(ids) == 11 and set(ids) <= set(by_id)
    assert all(len(by_id[request_id]) == 1 for request_id in ids)
    assert {(line["method"], line["route"], line["status"]) for [line] in
            (by_id[i] for i in ids)} >= {("POST", "/api/v1/sync/push", 200),
                                         ("DELETE", "/api/v1/account", 403)}
    assert ids[0] in access.read_text()  # gunicorn's own line carries the id too
    assert leaks(logs, secrets) == []
