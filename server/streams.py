"""JSON answers that grow with an account (the export, a patient's entries), written as
their rows are read, so a worker's memory stays flat in the account's size.

The rows are read a thousand at a time, on a connection of the stream's own, not the
request's session: Flask tears the request down (and the session gives its connection
back, closing any cursor on it) before the body is sent, stream_with_context or not. The
first rows are read before the view returns, so a failing query is still the API's one
JSON error; the connection goes back to the pool however the stream ends, the client going
away included.

PostgreSQL: one query through a server-side cursor (`yield_per`), one snapshot of the
account. SQLite: pages of a thousand by the ordering key, each read whole, since a
statement still being read holds SQLite's read lock, and a push would wait on it for as
long as a slow client takes to download (and fail after the busy timeout). Each record is
then whole and merged as of its page, the same as a device that synced between two pages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from flask import Response
from sqlalchemy import Column, Connection, Row, Select

from .extensions import db

FETCH_ROWS = 1000
# Rows written into one chunk: enough to keep the writes (and compressor flushes) few.
CHUNK_ROWS = 200


def streamed_json(statement: Select, key: Column, head: str,
                  write: Callable[[Row], str | None], tail: str) -> Response:
    """`head`, each row of `statement` (ordered by `key`, unique among its rows) as `write`
    gives it (None: left out), comma-separated, then `tail`."""
    body = _body(statement, key, head, write, tail)
    next(body)  # the query, now: before the first byte, and the connection closes with `body`
    return Response(body, mimetype="application/json")


def _pages(connection: Connection, statement: Select, key: Column) -> Iterator[Row]:
    """SQLite: the rows in pages by `key`, no statement left open between two pages."""
    last = None
    while True:
        page = connection.execute(
            (statement if last is None else statement.where(key > last)).limit(FETCH_ROWS)
        ).all()
        yield from page
        if len(page) < FETCH_ROWS:
            return
        last = getattr(page[-1], key.name)


def _body(statement: Select, key: Column, head: str, write: Callable[[Row], str | None],
          tail: str) -> Iterator[str]:
    connection = db.engine.connect()
    rows: Any = None
    try:
        if connection.dialect.name == "sqlite":
            rows = _pages(connection, statement, key)
            first = next(rows, None)
        else:
            rows = connection.execute(statement.execution_options(yield_per=FETCH_ROWS))
            first = rows.fetchone()
        yield ""  # started: closing the body from here on runs the `finally`
        yield head
        chunk: list[str] = []
        separator = ""
        row = first
        while row is not None:
            text = write(row)
            if text is not None:
                chunk.append(separator + text)
                separator = ","
                if len(chunk) >= CHUNK_ROWS:
                    yield "".join(chunk)
                    chunk = []
            row = next(rows, None)
        yield "".join(chunk) + tail
    finally:
        if rows is not None:
            rows.close()  # the server-side cursor (or the pages), then the connection
        connection.close()
