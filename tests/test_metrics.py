"""Prometheus metrics: off by default; on, the counts move with real requests and real
pushes, by URL rule and never by path; under gunicorn every worker's counts in each scrape;
nothing of any person in them."""

from __future__ import annotations

import os
import signal
import time
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from prometheus_client.parser import text_string_to_metric_families

from server.extensions import db
from tests.support import Gunicorn, make_app, wait_for
from tests.test_log_privacy import leaks, life_of_an_account
from tests.test_sync import Device, dose, stamp


@pytest.fixture
def client(database_url):
    """A client of an app with metrics on (the conftest one has them off, the default)."""
    app = make_app(database_url, METRICS=True)
    yield app.test_client()
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def samples(text: str) -> dict[tuple, float]:
    """{(sample name, sorted labels): value} of a scrape."""
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(text) for sample in family.samples}


def value(found: dict, name: str, **labels: str) -> float:
    return found.get((name, tuple(sorted(labels.items()))), 0.0)


def scrape(client) -> tuple[str, dict]:
    response = client.get("/api/metrics")
    assert response.status_code == 200
    assert response.content_type.startswith("text/plain; version=")
    text = response.get_data(as_text=True)
    return text, samples(text)


def test_metrics_are_off_by_default(app):
    response = app.test_client().get("/api/metrics")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"  # the API's one error shape


def test_requests_count_by_url_rule_and_status_with_their_latency(client):
    _, before = scrape(client)
    for _ in range(3):
        assert client.get("/healthz").status_code == 200
    share = uuid.uuid4()
    assert client.delete(f"/api/v1/shares/{share}").status_code == 401
    assert client.get("/api/v1/no-such-thing").status_code == 404
    text, after = scrape(client)

    def moved(name, **labels):
        return value(after, name, **labels) - value(before, name, **labels)

    requests = "envelope_http_requests_total"
    assert moved(requests, route="/healthz", method="GET", status="200") == 3
    assert moved(requests, route="/api/v1/shares/<uuid:share_id>", method="DELETE",
                 status="401") == 1
    assert moved(requests, route="unmatched", method="GET", status="404") == 1
    assert moved("envelope_http_request_duration_seconds_count", route="/healthz",
                 method="GET") == 3
    assert moved("envelope_http_request_duration_seconds_bucket", route="/healthz",
                 method="GET", le="+Inf") == 3
    assert str(share) not in text and "no-such-thing" not in text


def test_push_outcomes_are_counted_after_a_real_push(client):
    device = Device(client, "ada@example.org")
    _, before = scrape(client)
    assert device.statuses([dose("d1", stamp(10)), dose("d2", stamp(10))]) == [
        "applied", "applied"]
    unknown = {"id": "x1", "kind": "no-such-kind", "data": {}, "hlc": stamp(11),
               "deleted": False}
    assert device.statuses([dose("d1", stamp(5)), unknown, dose("d3", stamp(12))]) == [
        "stale", "rejected", "applied"]
    _, after = scrape(client)
    pushed = "envelope_sync_push_changes_total"
    assert {status: value(after, pushed, status=status) - value(before, pushed, status=status)
            for status in ("applied", "stale", "rejected")} == {
        "applied": 3, "stale": 1, "rejected": 1}


def test_metrics_hold_nothing_of_any_person(client):

    def call(method, path, body=None, token=None):
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = client.open(path, method=method, json=body, headers=headers)
        return response.status_code, response.get_json(silent=True)

    secrets = life_of_an_account(call)
    text, _ = scrape(client)
    assert 'route="/api/v1/sync/push"' in text
    assert leaks(text, secrets) == []


def test_every_gunicorn_worker_is_counted_in_each_scrape(tmp_path):
    counts = tmp_path / "counts"
    server = Gunicorn(tmp_path, workers=2, METRICS=1)
    server.env["PROMETHEUS_MULTIPROC_DIR"] = str(counts)
    counts.mkdir()
    (counts / "counter_999999.db").write_bytes(b"stale counts of an earlier run")
    server.start()

    # Not /healthz, which Gunicorn.start polls (and a poll that timed out may still count).
    def manifest(_):
        with urllib.request.urlopen(server.url + "/manifest.webmanifest", timeout=10) as answer:
            return answer.status

    def manifest_count() -> float:
        with urllib.request.urlopen(server.url + "/api/metrics", timeout=10) as response:
            found = samples(response.read().decode())
        return value(found, "envelope_http_requests_total", route="/manifest.webmanifest",
                     method="GET", status="200")

    try:
        with ThreadPoolExecutor(8) as pool:
            assert set(pool.map(manifest, range(60))) == {200}
        workers = server.workers()
        # Both workers answered some: each writes its counts to a file named by its pid.
        writers = {int(f.stem.split("_")[1]) for f in counts.glob("counter_*.db")}
        assert set(workers) <= writers
        assert 999999 not in writers  # the earlier run's counts were wiped at start
        assert [manifest_count() for _ in range(8)] == [60.0] * 8

        # A worker killed: its counts outlive it, and its replacement adds to them.
        os.kill(workers[0], signal.SIGKILL)
        deadline = time.monotonic() + 30
        while len(set(server.workers()) - set(workers[1:])) < 1 and time.monotonic() < deadline:
            time.sleep(0.2)
        wait_for(server.url + "/manifest.webmanifest")
        assert manifest_count() >= 61.0
    finally:
        server.stop()
