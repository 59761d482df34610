"""Sign-in limits hold across gunicorn workers when counts live in Redis."""

from __future__ import annotations

import json
import os
import socket
import urllib.error
import urllib.request
import uuid
from urllib.parse import urlparse

import pytest

from tests.support import Gunicorn, need

REDIS_URL = os.environ.get("ENVELOPE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def redis_answers(url: str) -> bool:
    parts = urlparse(url)
    try:
        with socket.create_connection((parts.hostname, parts.port or 6379), timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def post(url: str, body: dict, token: str | None = None) -> tuple[int, dict, dict]:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), json.loads(error.read())


@pytest.fixture
def gunicorn_on_redis(tmp_path):
    need(redis_answers(REDIS_URL), f"Redis does not answer at {REDIS_URL}",
         "ENVELOPE_TEST_REQUIRE_REDIS")
    prefix = f"envelope-test-{uuid.uuid4().hex}"
    server = Gunicorn(tmp_path, workers=3, RATELIMIT_STORAGE_URI=REDIS_URL,
                      RATELIMIT_KEY_PREFIX=prefix).start()
    try:
        yield server.url, prefix
    finally:
        server.stop()


def test_failed_sign_ins_are_counted_across_workers(gunicorn_on_redis):
    import redis  # the server's own dependency through Flask-Limiter's storage

    url, prefix = gunicorn_on_redis
    email = "ada@example.org"
    status, _, _ = post(f"{url}/api/v1/accounts", {"email": email, "password": "a" * 12})
    assert status == 201
    # A new connection each time: the kernel hands them to the three workers. From one
    # address, each of ten different emails fails: the 11th failure from it waits.
    for i in range(10):
        status, _, _ = post(f"{url}/api/v1/sessions",
                            {"email": f"guess{i}@example.org", "password": "wrong"})
        assert status == 401
    status, headers, body = post(f"{url}/api/v1/sessions", {"email": email, "password": "wrong"})
    assert status == 429
    assert body["error"]["code"] == "rate_limited"
    assert 0 < int(headers["Retry-After"]) <= 15 * 60
    # The counts are in Redis, under this server's prefix (so any worker sees them), and
    # no key holds an email in clear.
    client = redis.Redis.from_url(REDIS_URL)
    keys = client.keys(f"*{prefix}*")
    assert keys
    assert not [key for key in keys if b"example" in key or b"@" in key]
    client.delete(*keys)


def test_an_emails_slow_down_holds_across_workers(gunicorn_on_redis):
    import redis

    url, prefix = gunicorn_on_redis
    email = "bo@example.org"
    assert post(f"{url}/api/v1/accounts", {"email": email, "password": "a" * 12})[0] == 201
    statuses = [post(f"{url}/api/v1/sessions", {"email": email, "password": "wrong"})[0]
                for _ in range(8)]
    # Five free failures, the sixth sets a wait; seen by whichever worker answers next.
    assert statuses[:6] == [401] * 6 and 429 in statuses[6:]
    client = redis.Redis.from_url(REDIS_URL)
    client.delete(*client.keys(f"*{prefix}*"))


def test_gunicorn_warns_when_each_worker_would_count_alone(tmp_path):
    server = Gunicorn(tmp_path, workers=2).start()  # memory:// by default
    try:
        log = server.log.read_text()
    finally:
        server.stop()
    assert "counted in memory by each of the 2 workers alone" in log
    assert "ENVELOPE_REDIS_URL" in log


def test_gunicorn_does_not_warn_with_one_worker_or_with_redis(tmp_path):
    need(redis_answers(REDIS_URL), f"Redis does not answer at {REDIS_URL}",
         "ENVELOPE_TEST_REQUIRE_REDIS")
    for name, settings in (("one", {"workers": 1}),
                           ("redis", {"workers": 2, "REDIS_URL": REDIS_URL})):
        server = Gunicorn(tmp_path / name, **settings).start()
        try:
            log = server.log.read_text()
        finally:
            server.stop()
        assert "counted in memory" not in log, name


def signed_in(url: str, role: str) -> str:
    email = f"{role}-{uuid.uuid4().hex[:8]}@example.org"
    body = {"email": email, "password": "a" * 12, "role": role, "display_name": role.title()}
    assert post(f"{url}/api/v1/accounts", body)[0] == 201
    status, _, answer = post(f"{url}/api/v1/sessions", {"email": email, "password": "a" * 12})
    assert status == 201
    return answer["token"]


def test_wrong_invite_codes_are_counted_across_workers(gunicorn_on_redis):
    """Guessing a patient's code: the clinician's 11th wrong code in 15 minutes waits,
    whichever of the three workers took the ten before it (counted in Redis)."""
    import redis

    url, prefix = gunicorn_on_redis
    token = signed_in(url, "clinician")

    answers = [post(f"{url}/api/v1/shares",
                    {"code": f"2345-6789-{i:04d}".replace("0", "A").replace("1", "B")}, token)
               for i in range(11)]
    assert [status for status, _, _ in answers] == [400] * 10 + [429]
    assert answers[-1][2]["error"]["code"] == "rate_limited"
    assert 0 < int(answers[-1][1]["Retry-After"]) <= 15 * 60
    client = redis.Redis.from_url(REDIS_URL)
    keys = client.keys(f"*{prefix}*")
    assert any(b"share-redeem" in key for key in keys), keys
    client.delete(*keys)
