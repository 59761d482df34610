"""A gunicorn worker killed in the middle of a push, on PostgreSQL: nothing acknowledged is lost,
nothing half-written stays, and the retry applies the rest exactly once."""

from __future__ import annotations

import http.client
import json
import os
import signal
import threading
import time

import pytest

from tests.conftest import reset_postgres
from tests.support import Gunicorn, need, postgres_url, wait_for
from tests.test_sync import DEVICE, dose, stamp

PASSWORD = "correct horse battery"  # noqa: S105
DELAY = 2.0  # seconds each push waits before committing (the testing-only switch)


class Api:
    def __init__(self, port):
        self.port = port
        self.token = None

    def call(self, method, path, body=None, timeout=30):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        headers = {"Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        try:
            connection.request(method, path, body=json.dumps(body) if body is not None else None,
                               headers=headers)
            response = connection.getresponse()
            return response.status, json.loads(response.read() or b"null")
        finally:
            connection.close()

    def push(self, changes):
        status, body = self.call("POST", "/api/v1/sync/push",
                                 {"protocol": 1, "device_id": DEVICE, "changes": changes})
        assert status == 200, body
        return [r["status"] for r in body["results"]]

    def pull_all(self):
        changes, cursor = [], None
        while True:
            query = f"?limit=2&cursor={cursor}" if cursor else "?limit=2"
            status, page = self.call("GET", "/api/v1/sync/pull" + query)
            assert status == 200, page
            changes += page["changes"]
            cursor = page["cursor"]
            if not page["has_more"]:
                return changes


@pytest.fixture
def gunicorn_on_postgres(tmp_path):
    # The fault is a PostgreSQL transaction cut off by a killed process.
    database_url = postgres_url()
    need(database_url is not None, "PostgreSQL tests need ENVELOPE_TEST_POSTGRES_URL",
         "ENVELOPE_TEST_REQUIRE_POSTGRES")
    reset_postgres(database_url)
    server = Gunicorn(tmp_path, workers=1, DATABASE_URL=database_url, TESTING="true",
                      TEST_PUSH_COMMIT_DELAY=DELAY).start()
    try:
        yield Api(server.port), server
    finally:
        server.stop()
        reset_postgres(database_url)


def test_a_worker_killed_mid_push_loses_nothing_acknowledged(gunicorn_on_postgres):
    api, server = gunicorn_on_postgres
    assert api.call("POST", "/api/v1/accounts", {"email": "ada@example.org",
                                                 "password": PASSWORD})[0] == 201
    status, session = api.call("POST", "/api/v1/sessions", {"email": "ada@example.org",
                                                            "password": PASSWORD})
    api.token = session["token"]
    now = time.time()
    acknowledged = [dose(f"a{i}", stamp(seconds=i)) for i in range(3)]
    assert api.push(acknowledged) == ["applied"] * 3

    cut_off = [dose(f"b{i}", stamp(seconds=10 + i)) for i in range(5)]
    outcome = {}

    def doomed_push():
        try:
            outcome["answer"] = api.push(cut_off)
        except (ConnectionError, http.client.HTTPException) as error:
            outcome["error"] = error

    pusher = threading.Thread(target=doomed_push)
    pusher.start()
    time.sleep(DELAY / 2)  # the push has written and waits to commit
    [worker] = server.workers()
    os.kill(worker, signal.SIGKILL)
    pusher.join(timeout=30)
    assert "error" in outcome, outcome  # the response never came
    wait_for(f"http://127.0.0.1:{api.port}/healthz", timeout=60)  # a new worker

    records = {c["id"]: c for c in api.pull_all()}
    assert set(records) == {"a0", "a1", "a2"}  # acknowledged: there; cut off: not half there
    assert api.push(cut_off) == ["applied"] * 5  # the retry applies the rest
    assert api.push(cut_off) == ["stale"] * 5  # and only once
    feed = api.pull_all()
    assert sorted(c["id"] for c in feed) == ["a0", "a1", "a2"] + [f"b{i}" for i in range(5)]
    assert [c["seq"] for c in feed] == list(range(1, 9))  # no change number lost or doubled
    assert time.time() - now < 60
