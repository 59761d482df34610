"""The request id: echoed when plain, made when absent or not plain, on every response; the
line per request in JSON, and the id on every line logged during its request."""

from __future__ import annotations

import io
import json
import re

import pytest

from server import create_app
from tests.support import make_app


@pytest.fixture
def json_app(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'envelope.db'}", LOG_FORMAT="json", LOG_LEVEL="INFO",
                   PROPAGATE_EXCEPTIONS=False)
    yield app
    create_app({"TESTING": True, "DATABASE_URL": "sqlite://"})  # the logger as others expect


def test_a_plain_request_id_is_echoed_and_any_other_replaced(client):
    assert client.get("/healthz", headers={"X-Request-Id": "edge-7.a_1"}).headers[
        "X-Request-Id"] == "edge-7.a_1"
    made = {client.get("/healthz").headers["X-Request-Id"] for _ in range(3)}
    assert len(made) == 3 and all(re.fullmatch(r"[0-9a-f]{32}", i) for i in made)
    for unplain in ("ada@example.org", "a b", "x" * 65, "id\tforged=line", ""):
        answered = client.get("/api/v1/nowhere", headers={"X-Request-Id": unplain})
        assert answered.status_code == 404
        assert re.fullmatch(r"[0-9a-f]{32}", answered.headers["X-Request-Id"])


def test_json_lines_carry_the_request_id_on_every_line_of_the_request(json_app):
    client = json_app.test_client()
    stream = io.StringIO()

    @json_app.get("/boom")
    def boom():
        json_app.logger.warning("about to fail")
        raise RuntimeError("on purpose")

    failed = client.get("/boom", headers={"X-Request-Id": "r-1"},
                        environ_overrides={"wsgi.errors": stream})
    # ASVS 7.4.1: a generic message, and the id that finds the request's lines in the log.
    assert failed.status_code == 500 and failed.headers["X-Request-Id"] == "r-1"
    assert b"on purpose" not in failed.data and b"RuntimeError" not in failed.data
    assert client.get("/healthz", environ_overrides={"wsgi.errors": stream}).status_code == 200
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    *failing, logged, healthz = lines
    # The view's warning, then the errors Flask and errors.py log, then the request's line.
    assert [(line["logger"], line["level"]) for line in failing] == [
        ("server", "WARNING"), ("server", "ERROR"), ("server", "ERROR")]
    assert {line["request_id"] for line in [*failing, logged]} == {"r-1"}
    assert all("RuntimeError: on purpose" in line["exception"] for line in failing[1:])
    assert {k: logged[k] for k in ("logger", "method", "route", "status")} == {
        "logger": "server.request", "method": "GET", "route": "/boom", "status": 500}
    assert healthz["route"] == "/healthz" and healthz["request_id"] != "r-1"
    assert isinstance(healthz["duration_ms"], float)
    # ASVS 7.3.4: every line's time is UTC, to the millisecond.
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", line["time"])
               for line in lines)


def test_an_unknown_log_format_is_refused_by_name():
    with pytest.raises(RuntimeError, match="ENVELOPE_LOG_FORMAT"):
        create_app({"TESTING": True, "DATABASE_URL": "sqlite://", "LOG_FORMAT": "xml"})
