"""The hybrid logical clock's stamps, as the server reads and makes them (static/js/hlc.js
makes them on each device).

A stamp is a contract, fixed-width, and sorts in time order as a string:
`2026-11-25T08:30:00.000Z-0000-0123456789abcdef`: UTC time to the millisecond, a
4-hex-digit counter, and the node id of the device that made it (16 lower-case hex digits).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

# 24 (time) + 1 + 4 (counter) + 1 + 16 (node).
STAMP_LENGTH = 46
# As the OpenAPI document shows it (anchored, ASCII digits, as JSON Schema reads it); the
# server matches with the same string.
STAMP_PATTERN = (
    r"^([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3})Z-[0-9a-f]{4}-[0-9a-f]{16}$"
)
STAMP = re.compile(STAMP_PATTERN)
# The server's own stamps (server_hlc) carry this node, which no device has.
SERVER_NODE = "0" * 16


def iso(moment: datetime) -> str:
    """A moment in UTC to the millisecond, as stamps and exports write it: ...T08:30:00.000Z."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def stamp_of(moment: datetime) -> str:
    """The server's stamp for `moment` (what a push answers as server_hlc)."""
    return f"{iso(moment)}-0000-{SERVER_NODE}"


def stamp_time(stamp: str) -> datetime:
    """The moment of a well-formed stamp; ValueError when its time is not a real one."""
    return datetime.fromisoformat(stamp[:23]).replace(tzinfo=UTC)
