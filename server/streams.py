"""JSON answers that grow with an account (the export, a patient's entries), written as
their rows are read, so a worker's memory stays flat in the account's size.

The rows are read a thousand at a time (yield_per: a server-side cursor on PostgreSQL,
batched fetches on SQLite) on a connection of the stream's own, not the request's session:
Flask tears the request down (and the session gives its connection back, closing any
cursor on it) before the body is sent, stream_with_context or not. The query runs before
the view returns, so a failing one is still the API's one JSON error; the connection goes
back to the pool however the stream ends, the client going away included.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from flask import Response
from sqlalchemy import Executable, Row

from .extensions import db

FETCH_ROWS = 1000
# Rows written into one chunk: enough to keep the writes (and compressor flushes) few.
CHUNK_ROWS = 200


def streamed_json(statement: Executable, head: str, write: Callable[[Row], str | None],
                  tail: str) -> Response:
    """`head`, each row as `write` gives it (None: left out), comma-separated, then `tail`."""
    body = _body(statement, head, write, tail)
    next(body)  # the query, now: before the first byte, and the connection closes with `body`
    return Response(body, mimetype="application/json")


def _body(statement: Executable, head: str, write: Callable[[Row], str | None],
          tail: str) -> Iterator[str]:
    connection = db.engine.connect()
    rows: Any = None
    try:
        rows = connection.execute(statement.execution_options(yield_per=FETCH_ROWS))
        yield ""  # started: closing the body from here on runs the `finally`
        yield head
        chunk: list[str] = []
        separator = ""
        for row in rows:
            text = write(row)
            if text is None:
                continue
            chunk.append(separator + text)
            separator = ","
            if len(chunk) >= CHUNK_ROWS:
                yield "".join(chunk)
                chunk = []
        yield "".join(chunk) + tail
    finally:
        if rows is not None:
            rows.close()  # the server-side cursor, then the connection (and its transaction)
        connection.close()
