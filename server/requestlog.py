"""One log line per request, with a request id; JSON lines when ENVELOPE_LOG_FORMAT=json.

The id is the request's `X-Request-Id` when it sent a plain one (a proxy's, say), else a new
random one; it is echoed on the response, and in JSON every line logged while the request
runs carries it, so the lines of one request can be found together. A line names the URL
rule (`/api/v1/shares/<uuid:share_id>`), never the path or the query, and nothing of the
body or the headers: no token, password, email or health data can reach it.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from datetime import UTC, datetime

from flask import Flask, Response, g, has_request_context, request
from flask.logging import default_handler, wsgi_errors_stream

from .metrics import method, route

HEADER = "X-Request-Id"
# What a client or proxy may name its request: letters, digits and . _ - only, so an id
# cannot break a log line, forge another, or carry an email (no @).
PLAIN_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
FORMATS = ("text", "json")
# The fields a request line adds to its record, in the order a JSON line shows them.
FIELDS = ("request_id", "method", "route", "status", "duration_ms")

log = logging.getLogger("server.request")


class RequestId(logging.Filter):
    """Give every record logged during a request that request's id."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id") and has_request_context():
            record.request_id = g.get("request_id")
        return True


class JSONLines(logging.Formatter):
    """One JSON object a line: time, level, logger, message, and the request's fields."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        line.update({name: getattr(record, name) for name in FIELDS if hasattr(record, name)})
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


class JSONHandler(logging.StreamHandler):
    """Where the app's lines go when JSON is asked for: where Flask's own handler writes
    (the server's error stream), one JSON object a line."""

    def __init__(self) -> None:
        super().__init__(wsgi_errors_stream)
        self.setFormatter(JSONLines())
        self.addFilter(RequestId())


def use_format(app: Flask, name: str) -> None:
    """Put the app's logger in `name`'s format; idempotent, as tests make many apps and they
    share the one logger."""
    logger = app.logger
    for handler in [h for h in logger.handlers if isinstance(h, JSONHandler)]:
        logger.removeHandler(handler)
    if name == "json":
        logger.removeHandler(default_handler)
        logger.addHandler(JSONHandler())
    elif default_handler not in logger.handlers:
        logger.addHandler(default_handler)


def request_id() -> str:
    sent = request.headers.get(HEADER, "")
    return sent if PLAIN_ID.fullmatch(sent) else uuid.uuid4().hex


def init_app(app: Flask) -> None:
    name = str(app.config["LOG_FORMAT"]).lower()
    if name not in FORMATS:
        raise RuntimeError(f"ENVELOPE_LOG_FORMAT: {name!r} is not one of {', '.join(FORMATS)}")
    use_format(app, name)

    @app.before_request
    def name_the_request() -> None:
        g.request_id = request_id()
        g.request_started = time.perf_counter()

    @app.after_request
    def log_the_request(response: Response) -> Response:
        if "request_id" not in g:  # a response made before any before_request ran
            return response
        response.headers[HEADER] = g.request_id
        milliseconds = round((time.perf_counter() - g.request_started) * 1000, 1)
        fields = {"request_id": g.request_id, "method": method(), "route": route(),
                  "status": response.status_code, "duration_ms": milliseconds}
        log.info("%(method)s %(route)s %(status)s %(duration_ms)s ms id=%(request_id)s",
                 fields, extra=fields)
        return response
