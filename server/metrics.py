"""Prometheus metrics at GET /api/metrics, when ENVELOPE_METRICS is on (off by default).

prometheus_client, the Prometheus project's own client, keeps the counts and writes the
exposition format; under gunicorn it runs in its multiprocess mode (gunicorn.conf.py gives
it a PROMETHEUS_MULTIPROC_DIR), so whichever worker answers a scrape reports every worker's
counts. Labels are the URL rule (`/api/v1/shares/<uuid:share_id>`, never the path with its
ids), the method and the status, and a push's outcomes: nothing of any person, no email,
token or health data, can be in a label.
"""

from __future__ import annotations

import os
import time
from collections import Counter as Tally
from collections.abc import Iterable, Mapping

from flask import Flask, Response, current_app, g, request
from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
    multiprocess,
)
from prometheus_client.exposition import choose_encoder

# No `_created` series beside each count: a start time per label set is noise to a dashboard.
disable_created_metrics()

PATH = "/api/metrics"
EXTENSION = "envelope.metrics"
# A client may send any method name; only these become labels, so none can add series.
METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
PUSH_STATUSES = ("applied", "stale", "rejected")  # sync.py's STATUSES

REQUESTS = Counter(
    "envelope_http_requests", "Requests answered, by URL rule, method and status.",
    ["route", "method", "status"])
# prometheus_client's default buckets: 5 ms to 10 s, with 75 and 100 ms around the
# sync target (issue 13: p99 under 100 ms).
LATENCY = Histogram(
    "envelope_http_request_duration_seconds", "Time to answer a request, by URL rule and method.",
    ["route", "method"])
PUSHED = Counter(
    "envelope_sync_push_changes", "Changes in pushes, by outcome: applied, stale or rejected.",
    ["status"])


def route() -> str:
    """The request's URL rule, which names the view and not the ids in its path."""
    return request.url_rule.rule if request.url_rule is not None else "unmatched"


def method() -> str:
    return request.method if request.method in METHODS else "other"


def pushed(results: Iterable[Mapping[str, object]]) -> None:
    """Count a push's outcomes (sync.py calls this once the push has committed)."""
    if not current_app.extensions.get(EXTENSION):
        return
    for status, n in Tally(str(result["status"]) for result in results).items():
        PUSHED.labels(status).inc(n)


def registry() -> CollectorRegistry:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # Every worker's counts, read from the files they write; a fresh registry per
        # scrape, as prometheus_client's documentation asks.
        collecting = CollectorRegistry()
        multiprocess.MultiProcessCollector(collecting)
        return collecting
    return REGISTRY


def scrape() -> Response:
    """The counts in the text format the scraper asks for (its Accept), as the client's own
    exporters answer; Flask-Compress compresses it like any other text."""
    encode, content_type = choose_encoder(request.headers.get("Accept", ""))
    return Response(encode(registry()), content_type=content_type)


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = bool(app.config["METRICS"])
    if not app.extensions[EXTENSION]:
        return  # no route, so GET /api/metrics is the API's 404, and no cost per request
    for status in PUSH_STATUSES:
        PUSHED.labels(status)  # each outcome is a series from the start, at 0

    @app.before_request
    def start_clock() -> None:
        g.metrics_started = time.perf_counter()

    @app.after_request
    def count(response: Response) -> Response:
        started = g.pop("metrics_started", None)
        if started is not None:
            REQUESTS.labels(route(), method(), str(response.status_code)).inc()
            LATENCY.labels(route(), method()).observe(time.perf_counter() - started)
        return response

    app.add_url_rule(PATH, "metrics", scrape, methods=["GET"])
