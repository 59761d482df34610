"""One error handler: every /api/ failure becomes the same JSON shape, pages get a plain page.

The shape is a contract:
    {"error": {"code": "<machine-readable>", "message": "<for people>",
               "fields": {"<field>": ["<message>", ...]}}}
with "fields" present only when particular fields are at fault.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any, NoReturn

from flask import Flask, Response, current_app, jsonify, request
from flask_smorest import abort as smorest_abort
from marshmallow import ValidationError
from sqlalchemy.exc import DataError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import BadRequest, HTTPException, ServiceUnavailable, UnprocessableEntity

from .jsonbody import UnreadableJson

# Default machine-readable codes; a view may pass a more precise one.
CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_failed",
    429: "rate_limited",
    500: "internal_error",
    503: "service_unavailable",
}

# Messages for people, written calmly: a reader may be foggy and tired.
MESSAGES = {
    400: "The request could not be understood.",
    401: "Please sign in again.",
    403: "This account may not do that.",
    404: "Nothing was found at this address.",
    405: "This address does not accept that method.",
    409: "That clashes with something already saved.",
    413: "That request is too large.",
    422: "Some fields need another look.",
    429: "Too many tries for now. Please wait a little and try again.",
    500: "Something went wrong on the server. Nothing you sent was half-saved.",
    503: "The server cannot reach its database right now. Please try again soon.",
}


def api_abort(
    status: int,
    code: str | None = None,
    message: str | None = None,
    fields: Mapping[str, list[str]] | None = None,
    headers: Mapping[str, str] | None = None,
) -> NoReturn:
    """Stop the request with an API error in the one shape."""
    extra: dict[str, Any] = {}
    if code:
        extra["code"] = code
    if message:
        extra["message"] = message
    if fields:
        extra["errors"] = dict(fields)
    if headers:
        extra["headers"] = dict(headers)
    smorest_abort(status, **extra)
    raise AssertionError("unreachable")  # abort always raises


# Where webargs groups a request's errors; dropped, since a field's name is what the app
# shows next to the field.
LOCATIONS = ("json", "query", "form", "headers", "files", "view_args")


def add_messages(flat: dict[str, list[str]], path: str, messages: Sequence[str]) -> None:
    """Add `messages` under `path`, each once: a value out of range and off its step gets
    one hint, not the same one twice."""
    found = flat.setdefault(path, [])
    found.extend(m for m in dict.fromkeys(messages) if m not in found)


def flatten_fields(errors: Any, prefix: str = "", *, locations: bool = False
                   ) -> dict[str, list[str]]:
    """marshmallow's nested messages as {"a.b.0": ["..."]}: the one flattener.

    Joined with dots exactly as static/js/kinds.js joins them, so a symptom named "" is
    "symptoms."; a "_schema" inside an object is a field of that name. With `locations`,
    webargs's top level ({"json": {...}, "query": {...}}) is dropped.
    """
    flat: dict[str, list[str]] = {}
    if isinstance(errors, Mapping):
        for key, value in errors.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            if locations and not prefix and key in LOCATIONS:
                name = ""
            for field, messages in flatten_fields(value, name).items():
                add_messages(flat, field, messages)
    elif isinstance(errors, list | tuple):
        if all(isinstance(m, str) for m in errors):
            # As they are: a message may be a Refusal (fields.py), which carries its code.
            add_messages(flat, prefix or "_schema", list(errors))
        else:
            for i, value in enumerate(errors):
                for field, messages in flatten_fields(
                    value, f"{prefix}.{i}" if prefix else str(i)
                ).items():
                    add_messages(flat, field, messages)
    elif errors is not None:
        add_messages(flat, prefix or "_schema", [str(errors)])
    return flat


def error_body(status: int, code: str, message: str, fields: dict[str, list[str]] | None) -> dict:
    error: dict[str, Any] = {"code": code, "message": message}
    if fields:
        error["fields"] = fields
    return {"error": error}


def handle_http_exception(error: HTTPException) -> Response:
    status = error.code or 500
    data = getattr(error, "data", None) or {}
    headers = dict(error.get_headers())
    headers.pop("Content-Type", None)
    headers.update(data.get("headers") or {})
    if status >= 500:
        original = getattr(error, "original_exception", None)
        if original is not None:
            current_app.logger.error("Unhandled error", exc_info=original)

    if not request.path.startswith("/api/"):
        return html_error_page(status, error, headers)

    fields = flatten_fields(data.get("errors") or data.get("messages"), locations=True)
    code = data.get("code") or CODES.get(status, "error")
    # werkzeug's own descriptions are written for developers; ours are for people.
    message = data.get("message") or MESSAGES.get(status) or error.description or error.name
    response = jsonify(error_body(status, code, message, fields or None))
    response.status_code = status
    response.headers.extend(headers)
    return response


def html_error_page(status: int, error: HTTPException, headers: dict[str, str]) -> Response:
    title = f"{status} {escape(error.name)}"
    body = (
        "<!doctype html><html lang=en><meta charset=utf-8>"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="color-scheme" content="light dark">'
        f"<title>{title} - Envelope</title>"
        f"<main><h1>{title}</h1><p>{escape(MESSAGES.get(status, error.description or ''))}</p>"
        '<p><a href="/">Back to Envelope</a></p></main>'
    )
    return Response(body, status=status, headers=headers, mimetype="text/html")


# Exceptions that only what a client sent can raise: text that is not UTF-8 or that a
# database refuses, a number too large to convert, a body that cannot be read. Validation
# catches each of these first, by field; this is the backstop, so that a case it missed
# is the client's 400, never a 500, and nothing is written (the transaction is rolled back
# when the request ends, uncommitted).
CLIENT_CAUSED = (UnicodeError, OverflowError, UnreadableJson, DataError)
UNREADABLE = "Something in this request cannot be read or stored. Nothing was saved."


# The database gone for a moment: restarting, unreachable, out of connections, or a lock
# it gave up on ("database is locked", a deadlock). Nothing was committed, so the client
# may simply try again, as the app's sync does: a 503 in the one shape, never a 500 or a
# stack trace. The pool throws away connections the database closed (SQLAlchemy
# invalidates them on a disconnect), so the app recovers by itself once it is back.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError, PoolTimeout)
RETRY_AFTER_S = 5
# SQLite says OperationalError for a missing column or a syntax error too: a fault of the
# code or the schema, which stays a 500. These are its moments of unavailability.
SQLITE_UNAVAILABLE = ("database is locked", "unable to open database", "disk i/o error",
                      "database or disk is full", "database table is locked")


def init_app(app: Flask) -> None:
    app.register_error_handler(ValidationError, _validation_error)
    for kind in CLIENT_CAUSED:
        app.register_error_handler(kind, _client_caused)
    for kind in DATABASE_UNAVAILABLE:
        app.register_error_handler(kind, _database_unavailable)


def _validation_error(error: ValidationError) -> Response:
    unprocessable = UnprocessableEntity()
    unprocessable.data = {"errors": error.messages}
    return handle_http_exception(unprocessable)


def _client_caused(error: Exception) -> Response:
    # The class only: a database error's text would carry the values sent.
    current_app.logger.warning("Refused unreadable input: %s", type(error).__name__)
    bad = BadRequest()
    bad.data = {"code": "unreadable_input", "message": UNREADABLE}
    return handle_http_exception(bad)


def is_outage(error: Exception) -> bool:
    """Whether a database error is the database being away, not the code at fault."""
    original = getattr(error, "orig", None)
    if not isinstance(error, OperationalError) or getattr(error, "connection_invalidated", False):
        return True
    if type(original).__module__.startswith("sqlite3"):
        return any(text in str(original).lower() for text in SQLITE_UNAVAILABLE)
    return True  # psycopg's OperationalError: connecting, the server going, a lock given up


def _database_unavailable(error: Exception) -> Response:
    if not is_outage(error):
        raise error  # to the one handler's 500, logged with its trace as any bug is
    # The class and the driver's own class only: the statement's text and values stay out
    # of the log (they can hold health data).
    cause = type(getattr(error, "orig", None) or error).__name__
    current_app.logger.warning("Database unavailable: %s (%s)", type(error).__name__, cause)
    unavailable = ServiceUnavailable()
    unavailable.data = {"headers": {"Retry-After": str(RETRY_AFTER_S)}}
    return handle_http_exception(unavailable)
