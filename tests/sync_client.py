"""A simulated Envelope app for the sync tests, and the plain model every replica must match.

`Device` does what the app does (static/js/store.js and static/js/sync.js), written again in
Python so that one test can drive many devices through the real HTTP API and put faults between
them: every local write stamps its fields with the device's hybrid logical clock and queues one
change in the outbox; a push sends the outbox oldest first and drops what the server took; a
pull merges each page by the per-field rule and keeps the cursor. The device never sends by
itself: the test decides what reaches the server and which answers reach the device.

`Ledger` keeps every push answer as it left the server, whether the device heard it or not, and
`model_of` folds every change the server ever accepted into the records all replicas must hold.
"""

from __future__ import annotations

import copy
import http.client
import json
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode, urlparse

PASSWORD = "correct horse battery"  # noqa: S105
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MS = timedelta(milliseconds=1)
# The server refuses a stamp further ahead of its clock than this (server/sync.py).
MAX_SKEW = timedelta(minutes=5)
# The app corrects its clock when the server's time differs from its own by more than this
# (static/js/sync.js CORRECT_BEYOND_MS), whether it runs ahead or behind.
CORRECT_BEYOND = timedelta(minutes=4)
MAX_COUNTER = 0xFFFF
TAKEN = ("applied", "stale")


# --- stamps and the hybrid logical clock (static/js/hlc.js) ----------------------------------


def format_stamp(millis: int, counter: int, node: str) -> str:
    """2026-11-25T08:30:00.000Z-0000-0123456789abcdef: UTC ms, 4 hex counter, 16 hex node."""
    moment = EPOCH + millis * MS  # exact: no float seconds
    return f"{moment:%Y-%m-%dT%H:%M:%S}.{millis % 1000:03d}Z-{counter:04x}-{node}"


def stamp_millis(stamp: str) -> int:
    moment = datetime.fromisoformat(stamp[:23]).replace(tzinfo=UTC)
    return (moment - EPOCH) // MS


def stamp_counter(stamp: str) -> int:
    return int(stamp[25:29], 16)


def real_millis() -> int:
    return (datetime.now(UTC) - EPOCH) // MS


class HybridClock:
    """Stamps that never go backwards on a device, whatever its wall clock does."""

    def __init__(self, node: str, now_millis: Callable[[], int], last: str | None = None):
        self.node = node
        self.now_millis = now_millis
        self.millis = 0
        self.counter = 0
        if last:
            self.receive(last)

    @property
    def last(self) -> str | None:
        if self.millis == 0 and self.counter == 0:
            return None
        return format_stamp(self.millis, self.counter, self.node)

    def tick(self) -> str:
        """A stamp for a local write: newer than every stamp issued or seen before."""
        wall = self.now_millis()
        if wall > self.millis:
            self.millis, self.counter = wall, 0
        elif self.counter < MAX_COUNTER:
            self.counter += 1
        else:
            self.millis, self.counter = self.millis + 1, 0
        return format_stamp(self.millis, self.counter, self.node)

    def receive(self, stamp: str) -> None:
        """Take in a stamp from elsewhere, so that later ticks sort after it."""
        seen = (stamp_millis(stamp), stamp_counter(stamp))
        if seen > (self.millis, self.counter):
            self.millis, self.counter = seen


# --- one record as a replica holds it, and the merge rule (static/js/record.js) --------------


@dataclass
class Replica:
    """A record: every field's newest value and stamp, deleted or not, and its delete stamp."""

    kind: str
    data: dict[str, Any] = field(default_factory=dict)
    field_hlcs: dict[str, str] = field(default_factory=dict)
    deleted_hlc: str | None = None

    @property
    def deleted(self) -> bool:
        """Deleted iff the delete stamp is newer than every field stamp."""
        if self.deleted_hlc is None:
            return False
        return all(self.deleted_hlc > stamp for stamp in self.field_hlcs.values())

    def merge(self, other: Replica) -> None:
        """Per field the newer stamp wins, an equal one keeps what is here; the newer delete."""
        for name, stamp in other.field_hlcs.items():
            mine = self.field_hlcs.get(name)
            if mine is None or stamp > mine:
                self.data[name] = copy.deepcopy(other.data[name])
                self.field_hlcs[name] = stamp
        if other.deleted_hlc and (self.deleted_hlc is None or other.deleted_hlc > self.deleted_hlc):
            self.deleted_hlc = other.deleted_hlc

    def view(self) -> tuple:
        """What every replica must agree on (a live record's older delete stamp is not sent)."""
        return self.kind, self.data, self.field_hlcs, self.deleted


def pulled_replica(change: dict) -> Replica:
    """A pulled change as a record; when deleted, its `hlc` is the delete stamp."""
    return Replica(change["kind"], copy.deepcopy(change["data"]), dict(change["field_hlcs"]),
                   change["hlc"] if change["deleted"] else None)


def views(records: dict[str, Replica]) -> dict[str, tuple]:
    return {record_id: record.view() for record_id, record in records.items()}


def live(records: dict[str, Replica]) -> dict[str, dict]:
    """What the person sees: the records not deleted, with their data."""
    return {record_id: r.data for record_id, r in records.items() if not r.deleted}


def model_of(changes: Iterable[dict]) -> dict[str, Replica]:
    """The records that every change ever accepted adds up to, computed without any merging:
    per field the value of the change with the greatest stamp that set it, and the greatest
    delete stamp. (Two changes with one stamp are one change: a stamp names its device.)"""
    by_record: dict[str, list[dict]] = {}
    for change in changes:
        by_record.setdefault(change["id"], []).append(change)
    model = {}
    for record_id, its_changes in by_record.items():
        edits = [c for c in its_changes if not c["deleted"]]
        deletes = [c["hlc"] for c in its_changes if c["deleted"]]
        record = Replica(its_changes[0]["kind"], deleted_hlc=max(deletes, default=None))
        for name in {name for c in edits for name in c["data"]}:
            newest = max((c for c in edits if name in c["data"]), key=lambda c: c["hlc"])
            record.data[name] = newest["data"][name]
            record.field_hlcs[name] = newest["hlc"]
        model[record_id] = record
    return model


# --- the HTTP API, over real sockets ----------------------------------------------------------


class Api:
    """The API as the app calls it: JSON over HTTP, one connection per request."""

    def __init__(self, base_url: str):
        parts = urlparse(base_url)
        self.host, self.port = parts.hostname, parts.port

    def call(self, method: str, path: str, body: Any = None, token: str | None = None,
             expect: int = 200) -> Any:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        headers = {"Accept": "application/json"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        if token:
            headers["Authorization"] = f"Bearer {token}"
        try:
            connection.request(method, path, json.dumps(body) if body is not None else None,
                               headers)
            response = connection.getresponse()
            status, text = response.status, response.read()
            json_answer = response.getheader("Content-Type", "").startswith("application/json")
        finally:
            connection.close()
        answer = json.loads(text) if json_answer else text.decode(errors="replace")
        assert status == expect, f"{method} {path}: {status} {answer}"
        return answer

    def sign_up(self, email: str) -> None:
        self.call("POST", "/api/v1/accounts", {"email": email, "password": PASSWORD}, expect=201)

    def sign_in(self, email: str, device_name: str) -> str:
        answer = self.call("POST", "/api/v1/sessions",
                           {"email": email, "password": PASSWORD, "device_name": device_name},
                           expect=201)
        return answer["token"]

    def push(self, token: str, body: dict) -> dict:
        return self.call("POST", "/api/v1/sync/push", body, token)

    def pull(self, token: str, cursor: str | None, limit: int) -> dict:
        query = {"limit": limit} | ({"cursor": cursor} if cursor else {})
        return self.call("GET", "/api/v1/sync/pull?" + urlencode(query), token=token)

    def export(self, token: str) -> dict:
        return self.call("GET", "/api/v1/account/export", token=token)

    def feed(self, token: str, limit: int) -> list[dict]:
        """The whole pull feed from the beginning, checking that change numbers only rise."""
        changes, cursor, last_seq = [], None, 0
        while True:
            page = self.pull(token, cursor, limit)
            for change in page["changes"]:
                assert change["seq"] > last_seq, f"seq {change['seq']} after {last_seq}"
                last_seq = change["seq"]
            changes += page["changes"]
            cursor = page["cursor"]
            assert cursor == f"v1.{last_seq}", (cursor, last_seq)
            if not page["has_more"]:
                return changes


# --- what the server answered -----------------------------------------------------------------


class Ledger:
    """Every push answer as it left the server, heard by its device or lost on the way.

    It checks each answer against the contract: one result per change, in order, and nothing
    `rejected` but a stamp really more than 5 minutes ahead (`clock_skew`). The changes taken
    (applied or stale) are the input of the model.
    """

    def __init__(self) -> None:
        self.accepted: list[dict] = []
        self.skew_rejections = 0
        self._lock = threading.Lock()  # pushers in threads share one ledger

    def record(self, sent: list[dict], answer: dict) -> None:
        results = answer["results"]
        assert [r["id"] for r in results] == [c["id"] for c in sent], answer
        server_millis = stamp_millis(answer["server_hlc"])
        with self._lock:
            for change, result in zip(sent, results, strict=True):
                ahead = (stamp_millis(change["hlc"]) - server_millis) * MS
                if result["status"] in TAKEN:
                    # server_hlc is read after the check, so an accepted stamp is within it.
                    assert ahead <= MAX_SKEW, f"accepted {ahead} ahead: {change}"
                    self.accepted.append(copy.deepcopy(change))
                    continue
                # Any other refusal means the test sent invalid data or the server is wrong.
                assert result["status"] == "rejected", result
                assert result.get("code") == "clock_skew", f"{result} for {change}"
                assert ahead > CORRECT_BEYOND, f"refused as skewed but only {ahead} ahead"
                self.skew_rejections += 1

    def taken(self) -> set[tuple]:
        return {change_key(change) for change in self.accepted}


def change_key(change: dict) -> tuple:
    """A change's identity: its record and stamp (a stamp is unique to one write)."""
    return change["id"], change["hlc"], change["deleted"]


# --- a device ----------------------------------------------------------------------------------


class Device:
    """One signed-in device of an account: its node id, clock, records, outbox and cursor."""

    def __init__(self, api: Api, email: str, name: str, node: str):
        self.api = api
        self.name = name
        self.node = node
        self.token = api.sign_in(email, name)
        # How far this device's wall clock is off the real time; a fault sets it, and a
        # correction from the server's time sets it back.
        self.offset = timedelta(0)
        self.clock = HybridClock(node, self.wall_millis)
        self.records: dict[str, Replica] = {}
        self.outbox: list[dict] = []
        self.made: list[dict] = []  # every change this device made (as re-stamped): none lost
        self.cursor: str | None = None
        self.last_seq = 0
        self.newest_seen: str | None = None  # the newest stamp pulled from the server

    def __repr__(self) -> str:
        return f"<Device {self.name}>"

    def wall_millis(self) -> int:
        return real_millis() + self.offset // MS

    # --- local writes: RecordStore.put, remove, restore

    def put(self, record_id: str, kind: str, fields: dict) -> None:
        """Set fields (creating the record if new) and queue the change."""
        stamp = self.clock.tick()
        record = self.records.setdefault(record_id, Replica(kind))
        for name, value in fields.items():
            record.data[name] = copy.deepcopy(value)
            record.field_hlcs[name] = stamp
        self._queue({"id": record_id, "kind": kind, "data": copy.deepcopy(fields),
                     "hlc": stamp, "deleted": False})

    def delete(self, record_id: str) -> None:
        """A tombstone: the data stays, so Undo can write it all back."""
        record = self.records[record_id]
        stamp = self.clock.tick()
        record.deleted_hlc = stamp
        self._queue({"id": record_id, "kind": record.kind, "data": {}, "hlc": stamp,
                     "deleted": True})

    def restore(self, record_id: str) -> None:
        """Undo of a delete: every field written again with a newer stamp than the delete."""
        record = self.records[record_id]
        self.put(record_id, record.kind, record.data)

    def _queue(self, change: dict) -> None:
        # One object in both lists: a re-stamp of the outbox shows in the journal too.
        self.outbox.append(change)
        self.made.append(change)

    # --- push

    def next_batch(self, size: int) -> list[dict]:
        """The oldest `size` changes of the outbox, as they would go on the wire."""
        return copy.deepcopy(self.outbox[:size])

    def push_body(self, changes: list[dict]) -> dict:
        return {"protocol": 1, "device_id": self.node, "changes": changes}

    def hear_push(self, sent: list[dict], answer: dict) -> int:
        """Drop what the server took; on clock_skew re-stamp. How many stamps were renamed."""
        taken = {change_key(c) for c, r in zip(sent, answer["results"], strict=True)
                 if r["status"] in TAKEN}
        self.outbox = [c for c in self.outbox if change_key(c) not in taken]
        skewed = any(r.get("code") == "clock_skew" for r in answer["results"])
        off_by = abs(stamp_millis(answer["server_hlc"]) - self.wall_millis()) * MS
        if skewed or off_by > CORRECT_BEYOND:
            return self.correct_clock(answer["server_hlc"])
        return 0

    def correct_clock(self, server_hlc: str) -> int:
        """Stamp from the server's time from now on, and re-stamp what it would refuse.

        The device takes the server's time plus the time elapsed since as its wall clock, and
        gives every queued change stamped too far ahead a new stamp, in outbox order, in the
        outbox and in its records. Its clock restarts from the newest stamp the server would
        take that this device has issued or received, kept in its records or not: a stamp of
        its own that the server took (a little ahead, within the 5 minutes) or one pulled from
        another device may since have been overwritten here by a refused stamp. Restarting
        below it would re-issue a stamp already used (the server answers the new change
        `stale`, as an exact retry) or one older than what the server holds; either way the
        device would keep a value that the server and every other device do not.
        """
        server_millis = stamp_millis(server_hlc)
        self.offset = (server_millis - real_millis()) * MS
        limit = format_stamp(server_millis + MAX_SKEW // MS, MAX_COUNTER, "f" * 16)
        issued = [change["hlc"] for change in self.made]  # as re-stamped: every one it sent
        known = [server_hlc, self.clock.last, self.newest_seen, *issued]
        self.clock = HybridClock(self.node, self.wall_millis,
                                 last=max(s for s in known if s and s <= limit))
        renamed: dict[str, str] = {}
        for change in self.outbox:
            if change["hlc"] > limit:
                renamed.setdefault(change["hlc"], self.clock.tick())
                change["hlc"] = renamed[change["hlc"]]
        for record in self.records.values():
            record.field_hlcs = {k: renamed.get(s, s) for k, s in record.field_hlcs.items()}
            record.deleted_hlc = renamed.get(record.deleted_hlc, record.deleted_hlc)
        return len(renamed)

    # --- pull

    def hear_pull(self, page: dict) -> list[int]:
        """Merge a page into the records and move the cursor; the page's change numbers."""
        seqs = []
        for change in page["changes"]:
            # Strictly increasing, across pages too: no change twice, none out of order.
            assert change["seq"] > self.last_seq, f"{self}: seq {change['seq']} after " \
                f"{self.last_seq}"
            self.last_seq = change["seq"]
            seqs.append(change["seq"])
            check_pulled(change)
            incoming = pulled_replica(change)
            if change["id"] in self.records:
                assert self.records[change["id"]].kind == change["kind"], change
                self.records[change["id"]].merge(incoming)
            else:
                self.records[change["id"]] = incoming
            self.clock.receive(change["hlc"])  # later writes here sort after what was seen
            self.newest_seen = max(self.newest_seen or "", change["hlc"])
        assert page["cursor"] == f"v1.{self.last_seq}", (page["cursor"], self.last_seq)
        self.cursor = page["cursor"]
        return seqs

    def pull(self, limit: int) -> dict:
        page = self.api.pull(self.token, self.cursor, limit)
        self.hear_pull(page)
        return page

    def pull_to_end(self, limit: int) -> None:
        while self.pull(limit)["has_more"]:
            pass


def check_pulled(change: dict) -> None:
    """A pulled change's `hlc` is its newest stamp: the delete's when deleted."""
    fields = change["field_hlcs"].values()
    assert set(change["field_hlcs"]) == set(change["data"]), change
    if change["deleted"]:
        assert all(change["hlc"] > stamp for stamp in fields), change
    else:
        assert change["hlc"] == max(fields), change
