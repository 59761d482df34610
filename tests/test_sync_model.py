"""A randomised model test of sync through the real HTTP API, on SQLite and PostgreSQL.

Three devices of one account create, edit, delete and undo a few shared records while the
network drops, duplicates, delays and reorders their pushes, their clocks run hours off, and
they pull in pages as small as one change. At the end every outbox is drained and every device
pulls; then each device, the pull feed and the export must hold exactly what a plain model of
every change the server ever accepted says: per field the value with the newest stamp, deleted
iff the newest delete is newer than every field. Nothing lost, doubled or revived.

The second test has devices push at once through gunicorn's workers on PostgreSQL while another
device reads the feed in small pages: its cursor must never skip a change that committed late.

CI runs a fixed set of examples (derandomized); ENVELOPE_SYNC_MODEL_EXAMPLES=500 makes a soak.
"""

from __future__ import annotations

import os
import random
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, note, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, precondition, rule, run_state_machine_as_test

from server.extensions import db
from tests.conftest import reset_postgres
from tests.support import Gunicorn, LiveServer, make_app, need, postgres_url
from tests.sync_client import Api, Device, Ledger, change_key, live, model_of, views

CI = os.environ.get("CI") == "true"
MODEL_SETTINGS = settings(
    max_examples=int(os.environ.get("ENVELOPE_SYNC_MODEL_EXAMPLES", "60")),
    stateful_step_count=50,
    deadline=None,
    derandomize=CI,  # CI runs the same examples every time
    database=None,  # nothing written into the repository; a failure prints its blob instead
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)

# --- the records: a small pool, so that devices keep meeting on the same ones ---------------

TODAY = datetime.now(UTC).date()
DAYS = [(TODAY - timedelta(days=n)).isoformat() for n in (1, 2, 3)]
KIND_OF = {"dose-1": "dose", "dose-2": "dose", "dose-3": "dose",
           **{f"checkin-{day}": "checkin" for day in DAYS}}
RECORD_IDS = sorted(KIND_OF)
NOTES = [None, "", "with food", "felt dizzy after", "skipped lunch", "héllo ✓", "a" * 300]
# Values each field may take: valid per server/kinds.py (tests/cases/kinds.json).
REQUIRED = {
    "dose": {
        "taken_at": [f"{day}T{hour}:00+01:00" for day in DAYS for hour in ("08:00", "21:30")],
        "substance": ["naltrexone", "magnesium", "ivabradine"],
        "amount": [0.5, 1, 1.5, 4.5, 250],
        "unit": ["mg", "mcg", "tablet"],
    },
    "checkin": {},  # its date comes from its id
}
OPTIONAL = {
    "dose": {"effect": [None, -2, 0, 1, 2], "note": NOTES, "side_effects": [None, ["nausea"]]},
    "checkin": {"energy": [None, 0, 3, 7, 10], "mood": [None, 2, 5, 9],
                "sleep_hours": [None, 0, 6.5, 24], "note": NOTES},
}
# An edit sets one to three of a few fields (never a check-in's date: its id is made from
# it), so that devices often write the same field and the newest stamp must decide.
EDITABLE = {
    "dose": {name: REQUIRED["dose"][name] for name in ("amount", "unit")}
    | {name: OPTIONAL["dose"][name] for name in ("effect", "note")},
    "checkin": {name: OPTIONAL["checkin"][name] for name in ("energy", "mood", "note")},
}


def entry_strategy(record_id: str) -> st.SearchStrategy[dict]:
    kind = KIND_OF[record_id]
    required = {name: st.sampled_from(values) for name, values in REQUIRED[kind].items()}
    if kind == "checkin":
        required["date"] = st.just(record_id.removeprefix("checkin-"))
    optional = {name: st.sampled_from(values) for name, values in OPTIONAL[kind].items()}
    return st.fixed_dictionaries(required, optional=optional)


def edit_strategy(kind: str) -> st.SearchStrategy[dict]:
    fields = {name: st.sampled_from(values) for name, values in EDITABLE[kind].items()}
    return st.fixed_dictionaries({}, optional=fields).filter(bool)


def random_entry(rng: random.Random, record_id: str, kind: str) -> dict:
    entry = {name: rng.choice(values) for name, values in REQUIRED[kind].items()}
    if kind == "checkin":
        entry["date"] = record_id.removeprefix("checkin-")
    for name, values in OPTIONAL[kind].items():
        if rng.random() < 0.5:
            entry[name] = rng.choice(values)
    return entry


def random_edit(rng: random.Random, kind: str) -> dict:
    names = rng.sample(sorted(EDITABLE[kind]), rng.randint(1, 3))
    return {name: rng.choice(EDITABLE[kind][name]) for name in names}


def node_id() -> str:
    return uuid.uuid4().hex[:16]


def new_account(api: Api) -> str:
    email = f"model-{uuid.uuid4().hex[:12]}@example.org"
    api.sign_up(email)
    return email


# --- faults -----------------------------------------------------------------------------------

DROPPED_REQUEST = "dropped request"  # never reached the server
DROPPED_RESPONSE = "dropped response"  # the server committed; the device never heard
DUPLICATED = "duplicated delivery"  # the same batch arrived twice
REORDERED = "reordered batch"  # the batch's changes arrived in another order
DELAYED = "delivered late"  # arrived after later pushes, of this device and others
CLOCK_AHEAD = "clock hours ahead, re-stamped"  # refused as clock_skew; the device recovered
CLOCK_BEHIND = "write with a clock hours behind"
PAGE_OF_ONE = "pull page of one change"
UNDO = "undo of a delete"  # not a fault, but what a late or lost delete must not confuse
FAULTS = (DROPPED_REQUEST, DROPPED_RESPONSE, DUPLICATED, REORDERED, DELAYED, CLOCK_AHEAD,
          CLOCK_BEHIND, PAGE_OF_ONE)
DELIVERED = "delivered"
DELIVERIES = (DELIVERED, DELIVERED, DROPPED_REQUEST, DROPPED_RESPONSE, DUPLICATED, REORDERED,
              DELAYED)
# The app pushes about 2 s after a write; a write step may leave that to a later push step.
AFTER_A_WRITE = ("not yet", *DELIVERIES)
HOURS_BEHIND, HOURS_AHEAD = timedelta(hours=-3), timedelta(hours=3)
# Ahead, but within the server's 5 minutes: taken. Past 4 minutes the app corrects its clock
# although the server took its stamps; the device must not stamp below them afterwards.
AHEAD_BUT_TAKEN = (timedelta(minutes=2), timedelta(minutes=4, seconds=30))


def reordered(batch: list[dict], rng: random.Random) -> list[dict]:
    """The batch in another order, keeping each record's own changes in theirs.

    One device's changes to one record always reach the server in the order the device made
    them (the app sends its outbox oldest first), so only the order between records is free.
    An edit sent ahead of its record's create would be refused for missing required fields.
    """
    for _ in range(20):
        slots = list(range(len(batch)))
        rng.shuffle(slots)
        by_record: dict[str, list[int]] = {}
        for position, slot in enumerate(slots):
            by_record.setdefault(batch[slot]["id"], []).append(position)
        order: list[dict | None] = [None] * len(batch)
        for record_id, positions in by_record.items():
            own = [change for change in batch if change["id"] == record_id]
            for position, change in zip(sorted(positions), own, strict=True):
                order[position] = change
        if order != batch:
            return order
    return batch  # one record only: no other order keeps its changes in theirs


# --- the model test -----------------------------------------------------------------------------


class SyncModel(RuleBasedStateMachine):
    """One account, three devices, a faulty network, and the model they must all end up at."""

    def __init__(self, api: Api, totals: Counter):
        super().__init__()
        self.api = api
        self.totals = totals
        email = new_account(api)
        self.devices = [Device(api, email, f"device {n}", node_id()) for n in range(3)]
        self.ledger = Ledger()
        self.counts: Counter = Counter()  # faults injected, and a few other things done
        self.in_flight: list[tuple[Device, list[dict], int]] = []  # delayed, with push count
        self.pushes = 0
        self.step_failed = False

    # --- the network

    def send(self, device: Device, changes: list[dict]) -> dict:
        """One push on the wire; its answer goes into the ledger whoever hears it."""
        answer = self.api.push(device.token, device.push_body(changes))
        self.ledger.record(changes, answer)
        self.pushes += 1
        return answer

    def deliver(self, device: Device, changes: list[dict]) -> None:
        """Send and let the device hear the answer (a refused clock is corrected there)."""
        answer = self.send(device, changes)
        if device.hear_push(changes, answer) and any(
                r.get("code") == "clock_skew" for r in answer["results"]):
            self.counts[CLOCK_AHEAD] += 1

    def push_with(self, device: Device, batch: list[dict], delivery: str,
                  rng: random.Random) -> None:
        """Push a batch from the head of the outbox, through a network that may misbehave."""
        if delivery == DROPPED_REQUEST:
            self.counts[delivery] += 1  # the outbox keeps it; a later push retries
        elif delivery == DROPPED_RESPONSE:
            self.counts[delivery] += 1
            self.send(device, batch)  # committed; the outbox keeps it, so the retry is stale
        elif delivery == DUPLICATED:
            self.counts[delivery] += 1
            first = self.send(device, batch)
            again = self.send(device, batch)
            # An exact retry changes nothing: stale, or refused again for the same clock.
            assert all(r["status"] == "stale" or r.get("code") == "clock_skew"
                       for r in again["results"]), again
            device.hear_push(batch, first)
        elif delivery == REORDERED:
            shuffled = reordered(batch, rng)
            self.counts[delivery] += shuffled != batch  # a batch of one record stays as it is
            self.deliver(device, shuffled)
        elif delivery == DELAYED:
            self.in_flight.append((device, batch, self.pushes))  # counted when it arrives
        else:
            assert delivery == DELIVERED, delivery
            self.deliver(device, batch)

    def push_soon(self, device: Device, delivery: str, rng: random.Random) -> None:
        """The push the app makes shortly after a write, unless a later step makes it."""
        if delivery != "not yet":
            self.push_with(device, device.next_batch(6), delivery, rng)

    def deliver_late(self, index: int) -> None:
        """A delayed request arrives; its device gave up on it long ago and never hears."""
        device, batch, pushes_then = self.in_flight.pop(index)
        if self.pushes > pushes_then:
            self.counts[DELAYED] += 1
        self.send(device, batch)

    # --- what the devices do

    def write(self, device: Device, record_id: str, entry: Callable[[], dict],
              edit: Callable[[], dict]) -> None:
        """Create what this device has not seen, edit what it shows, undo a delete."""
        record = device.records.get(record_id)
        if record is None:
            device.put(record_id, KIND_OF[record_id], entry())
        elif record.deleted:
            device.restore(record_id)
            self.counts[UNDO] += 1
        else:
            device.put(record_id, record.kind, edit())
        if device.offset <= HOURS_BEHIND:
            self.counts[CLOCK_BEHIND] += 1

    def pull(self, device: Device, limit: int, pages: int) -> None:
        for _ in range(pages):
            page = device.pull(limit)
            if limit == 1 and page["changes"]:
                self.counts[PAGE_OF_ONE] += 1
            if not page["has_more"]:
                return

    # --- rules: each step is one thing a device or the network does

    @rule(number=st.integers(0, 2),
          record_ids=st.lists(st.sampled_from(RECORD_IDS), min_size=1, max_size=3),
          data=st.data(), then=st.sampled_from(AFTER_A_WRITE),
          rng=st.randoms(use_true_random=False))
    def write_entries(self, number, record_ids, data, then, rng):
        with self.step():
            device = self.devices[number]
            for record_id in record_ids:
                self.write(device, record_id,
                           entry=lambda r=record_id: data.draw(entry_strategy(r)),
                           edit=lambda r=record_id: data.draw(edit_strategy(KIND_OF[r])))
            self.push_soon(device, then, rng)

    @rule(number=st.integers(0, 2), data=st.data(), then=st.sampled_from(AFTER_A_WRITE),
          rng=st.randoms(use_true_random=False))
    def edit_shown_entry(self, number, data, then, rng):
        # Most of what people do: change an entry they see.
        with self.step():
            device = self.devices[number]
            shown = [r for r in RECORD_IDS if r in device.records and not device.records[r].deleted]
            if shown:
                record_id = data.draw(st.sampled_from(shown))
                self.write(device, record_id, entry=dict,  # shown: never a create
                           edit=lambda: data.draw(edit_strategy(KIND_OF[record_id])))
                self.push_soon(device, then, rng)

    @rule(number=st.integers(0, 2), data=st.data(), then=st.sampled_from(AFTER_A_WRITE),
          rng=st.randoms(use_true_random=False))
    def undo_delete(self, number, data, then, rng):
        with self.step():
            device = self.devices[number]
            deleted = [r for r in RECORD_IDS if r in device.records and device.records[r].deleted]
            if deleted:
                # On a deleted record, write() takes the Undo branch: neither callable is used.
                self.write(device, data.draw(st.sampled_from(deleted)), entry=dict, edit=dict)
                self.push_soon(device, then, rng)

    @rule(number=st.integers(0, 2), record_id=st.sampled_from(RECORD_IDS),
          then=st.sampled_from(AFTER_A_WRITE), rng=st.randoms(use_true_random=False))
    def delete_entry(self, number, record_id, then, rng):
        with self.step():
            device = self.devices[number]
            record = device.records.get(record_id)
            if record is not None and not record.deleted:  # the app offers delete only here
                device.delete(record_id)
                self.push_soon(device, then, rng)

    @rule(number=st.integers(0, 2), size=st.integers(1, 6), delivery=st.sampled_from(DELIVERIES),
          rng=st.randoms(use_true_random=False))
    def push(self, number, size, delivery, rng):
        # A sync cycle of whichever device has something to send (a retry, or a backlog).
        with self.step():
            waiting = [device for device in self.devices if device.outbox]
            if waiting:  # a device with nothing to send sends nothing
                device = waiting[number % len(waiting)]
                self.push_with(device, device.next_batch(size), delivery, rng)

    @precondition(lambda self: self.in_flight)
    @rule(which=st.integers(0, 5))
    def arrive_late(self, which):
        with self.step():
            self.deliver_late(which % len(self.in_flight))

    @rule(number=st.integers(0, 2), limit=st.sampled_from([1, 1, 2, 3, 500]),
          pages=st.integers(1, 4))
    def pull_pages(self, number, limit, pages):
        with self.step():
            self.pull(self.devices[number], limit, pages)

    @rule(number=st.integers(0, 2),
          offset=st.sampled_from([HOURS_BEHIND, timedelta(0), *AHEAD_BUT_TAKEN, HOURS_AHEAD]))
    def set_clock(self, number, offset):
        # Behind: its stamps lose to newer ones, as they should, until a push answer sets it
        # right. A few minutes ahead: taken. Hours ahead: refused as clock_skew, and the
        # device must recover by itself.
        self.devices[number].offset = offset

    # --- the end of each run: every fault at least once, drain, pull, compare

    @contextmanager
    def step(self):
        """Around every step: a step that raises marks the run failed, so that teardown does
        not pile a knock-on error on top of the one to report."""
        self.counts["steps"] += 1
        try:
            yield
        except BaseException:
            self.step_failed = True
            raise

    def teardown(self):
        """The end of a run: the network heals, every outbox drains, every device reads the
        feed to its end (in pages of 1, 3 and 500), and all must agree with the model."""
        if self.step_failed:
            return  # the failing step's error is the one to report, not a knock-on one
        self.inject_missing_faults()
        while self.in_flight:
            self.deliver_late(0)
        self.drain_outboxes()
        for number, device in enumerate(self.devices):
            device.pull_to_end(limit=(1, 3, 500)[number])
        self.check_everyone_agrees_with_the_model()
        self.totals.update(self.counts)
        self.totals["runs"] += 1

    def drain_outboxes(self) -> None:
        """Push until every change was taken; a refused clock is corrected and retried."""
        for _ in range(10):
            waiting = [device for device in self.devices if device.outbox]
            if not waiting:
                return
            for device in waiting:
                note(f"teardown: {device} pushes {len(device.outbox)} changes")
                self.deliver(device, device.next_batch(500))
        raise AssertionError(f"outboxes never drained: {[d.outbox for d in self.devices]}")

    def check_everyone_agrees_with_the_model(self) -> None:
        model = model_of(self.ledger.accepted)
        expected = views(model)
        # Nothing lost: every change any device made (as re-stamped) was taken by the server.
        made = {change_key(c) for device in self.devices for c in device.made}
        assert made == self.ledger.taken()
        # The feed from the beginning: each record once, in change-number order.
        feed = self.api.feed(self.devices[0].token, limit=4)
        assert len({c["id"] for c in feed}) == len(feed), "a record twice in one pass of the feed"
        assert {c["id"]: pulled_view(c) for c in feed} == expected
        exported = self.api.export(self.devices[0].token)["records"]
        assert {r["id"]: exported_view(r) for r in exported} == {
            record_id: (*record.view(), record.deleted_hlc) for record_id, record in model.items()}
        for device in self.devices:
            assert live(device.records) == live(model), device
            assert views(device.records) == expected, device

    # --- forcing: any fault the random steps did not make happens here, so every run has all

    def inject_missing_faults(self) -> None:
        """Make each fault that this run's random steps did not, the same way they would."""
        forced = [f for f in (*FAULTS, UNDO) if not self.counts[f]]
        note(f"teardown injects: {forced}")
        self.totals.update(f"forced at teardown: {f}" for f in forced)
        rng = random.Random(0)
        first, second = self.devices[0], self.devices[1]
        if not self.counts[CLOCK_BEHIND]:
            first.offset = HOURS_BEHIND
            self.some_write(first)
            self.deliver(first, first.next_batch(500))  # the answer sets its clock right
        for delivery in (DROPPED_REQUEST, DROPPED_RESPONSE, DUPLICATED):
            if not self.counts[delivery]:
                self.some_write(first)
                self.push_with(first, first.next_batch(500), delivery, rng)
        if not self.counts[REORDERED]:
            self.some_write(first, RECORD_IDS[0])
            self.some_write(first, RECORD_IDS[-1])
            self.push_with(first, first.next_batch(500), REORDERED, rng)
        if not self.counts[DELAYED]:
            self.some_write(first)
            self.push_with(first, first.next_batch(500), DELAYED, rng)
            self.some_write(second)
            self.deliver(second, second.next_batch(500))
            self.deliver_late(len(self.in_flight) - 1)
        if not self.counts[CLOCK_AHEAD]:
            second.offset = HOURS_AHEAD
            self.some_write(second)
            self.deliver(second, second.next_batch(500))
        if not self.counts[UNDO]:
            self.some_write(first)  # shows at least one record now
            shown = [r for r in RECORD_IDS if r in first.records and not first.records[r].deleted]
            first.delete(shown[0])
            self.some_write(first, shown[0])  # Undo
            self.deliver(first, first.next_batch(500))
        if not self.counts[PAGE_OF_ONE]:
            self.some_write(second)
            self.deliver(second, second.next_batch(500))  # a change newer than first's cursor
            self.pull(first, limit=1, pages=1)
        missing = [fault for fault in (*FAULTS, UNDO) if not self.counts[fault]]
        assert not missing, f"faults never injected: {missing}"

    def some_write(self, device: Device, record_id: str | None = None) -> None:
        """A write the app could make now: an edit of a shown record, else a create or undo."""
        shown = [r for r in RECORD_IDS if r in device.records and not device.records[r].deleted]
        record_id = record_id or (shown[0] if shown else RECORD_IDS[0])
        self.write(device, record_id,
                   entry=lambda: random_entry(random.Random(record_id), record_id,
                                              KIND_OF[record_id]),
                   edit=lambda: {"note": f"forced {len(device.made)}"})


def pulled_view(change: dict) -> tuple:
    return change["kind"], change["data"], change["field_hlcs"], change["deleted"]


def exported_view(record: dict) -> tuple:
    return (record["kind"], record["data"], record["field_hlcs"], record["deleted"],
            record.get("deleted_hlc"))


@pytest.fixture
def live_api(database_url):
    """The app on a real socket (a threaded server in this process) on an empty database."""
    # argon2 is at its cheapest in tests (tests/support.py: four sign-ins an example).
    app = make_app(database_url, RATELIMIT_ENABLED=False)  # a sign-up and 3 sign-ins a run
    server = LiveServer(app).start()
    yield Api(server.url)
    server.stop()
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


# A pass takes seconds; shrinking a failure to its shortest steps may take Hypothesis minutes.
@pytest.mark.timeout(900)
def test_every_device_ends_with_the_model_whatever_the_network_does(live_api):
    totals: Counter = Counter()
    run_state_machine_as_test(lambda: SyncModel(live_api, totals), settings=MODEL_SETTINGS)
    print(f"\n{totals['runs']} runs, {totals['steps']} steps; faults and undos: "
          f"{ {f: totals[f] for f in (*FAULTS, UNDO)} }; of which forced at teardown: "
          f"{ {f: totals[f'forced at teardown: {f}'] for f in (*FAULTS, UNDO)} }")
    assert totals["runs"] > 0 and all(totals[f] >= totals["runs"] for f in (*FAULTS, UNDO))


# --- two clock cases the random runs found, kept as plain examples --------------------------


def push_all(device: Device) -> None:
    """Push until the outbox is empty (a refused clock is corrected and retried)."""
    for _ in range(5):
        if not device.outbox:
            return
        batch = device.next_batch(500)
        device.hear_push(batch, device.api.push(device.token, device.push_body(batch)))
    raise AssertionError(f"{device} could not empty its outbox: {device.outbox}")


def sync(device: Device) -> None:
    """What the app does in a sync cycle: push until the outbox is empty, then pull."""
    push_all(device)
    device.pull_to_end(limit=500)


def dose_entry(note: str) -> dict:
    return {**random_entry(random.Random(0), "dose-1", "dose"), "note": note}


def test_a_clock_a_few_minutes_fast_does_not_lose_the_next_edit(live_api):
    # The server takes stamps up to 5 minutes ahead; past 4 minutes the app corrects its
    # clock. The corrected clock must still stamp after the stamps the server took, or the
    # next edit is `stale` on the server while this device shows it. (A pull of its own
    # change would hide the problem by showing the clock that stamp again: the network
    # drops here before the pull.)
    fast, other = (Device(live_api, email, name, node_id())
                   for email in [new_account(live_api)] for name in ("fast", "other"))
    fast.offset = timedelta(minutes=4, seconds=30)
    fast.put("dose-1", "dose", dose_entry("first"))
    push_all(fast)  # taken, and the answer sets the clock right
    assert abs(fast.offset) < timedelta(seconds=5)
    fast.put("dose-1", "dose", {"note": "second"})
    sync(fast)
    sync(other)
    assert other.records["dose-1"].data["note"] == fast.records["dose-1"].data["note"] == \
        "second"


def test_a_re_stamped_edit_still_beats_what_the_device_pulled_meanwhile(live_api):
    # A device hours ahead edits a note; before its push it pulls another device's edit of
    # that note, stamped a little ahead (taken), which loses here to its own. Refused for
    # its clock, it re-stamps: the new stamp must beat the pulled one, as the old one did.
    email = new_account(live_api)
    ahead, fast = (Device(live_api, email, name, node_id()) for name in ("ahead", "fast"))
    ahead.put("dose-1", "dose", dose_entry("first"))
    sync(ahead)
    sync(fast)
    ahead.offset, fast.offset = timedelta(hours=3), timedelta(minutes=2)
    ahead.put("dose-1", "dose", {"note": "from the device hours ahead"})
    fast.put("dose-1", "dose", {"note": "from the device 2 minutes fast"})
    sync(fast)
    ahead.pull_to_end(limit=500)
    assert ahead.records["dose-1"].data["note"] == "from the device hours ahead"
    sync(ahead)  # refused as clock_skew, re-stamped, taken
    sync(fast)
    assert fast.records["dose-1"].data["note"] == ahead.records["dose-1"].data["note"] == \
        "from the device hours ahead"


# --- concurrent pushers through gunicorn on PostgreSQL ------------------------------------------

PUSHERS = 4
ROUNDS = 30
BACKLOG = 100
SEED = 0 if CI else random.randrange(1 << 30)


@pytest.fixture
def gunicorn_api(tmp_path):
    """gunicorn with three workers on the test PostgreSQL database, migrated from empty."""
    url = postgres_url()
    need(url is not None, "PostgreSQL tests need ENVELOPE_TEST_POSTGRES_URL",
         "ENVELOPE_TEST_REQUIRE_POSTGRES")
    try:
        reset_postgres(url)
    except Exception as error:  # noqa: BLE001
        need(False, f"PostgreSQL at ENVELOPE_TEST_POSTGRES_URL is unreachable: {error}",
             "ENVELOPE_TEST_REQUIRE_POSTGRES")
    # Each push holds its transaction open 10 ms before committing (a testing-only
    # switch), so that pushes on the three workers overlap: here they queue on the
    # account's counter row; a server that numbered changes outside that lock would
    # commit them out of order, and the reader would pass a number not yet committed.
    server = Gunicorn(tmp_path, workers=3, DATABASE_URL=url, TESTING="true",
                      TEST_PUSH_COMMIT_DELAY=0.01).start()
    try:
        yield Api(server.url)
    finally:
        server.stop()
        reset_postgres(url)


def push_many(device: Device, ledger: Ledger, rng: random.Random,
              backlog_rounds: set[int]) -> None:
    """A device writing in bursts and pushing each burst at once, as the app does.

    Half its writes are new doses that nothing changes again: if the feed skipped one,
    the reader would never see it. The rest go to the shared records, where pushes meet.
    Twice it comes back online with a backlog: a big push, which takes longer from its first
    change number to its commit than the small pushes running beside it.
    """
    for round_ in range(ROUNDS):
        backlog = round_ in backlog_rounds
        for _ in range(BACKLOG if backlog else rng.randint(1, 3)):
            if backlog or rng.random() < 0.5:
                record_id = f"dose-{device.node}-{len(device.made)}"
                device.put(record_id, "dose", random_entry(rng, record_id, "dose"))
                continue
            record_id = rng.choice(RECORD_IDS)
            record = device.records.get(record_id)
            if record is None:
                device.put(record_id, KIND_OF[record_id],
                           random_entry(rng, record_id, KIND_OF[record_id]))
            elif record.deleted:
                device.restore(record_id)
            elif rng.random() < 0.2:
                device.delete(record_id)
            else:
                device.put(record_id, record.kind, random_edit(rng, record.kind))
        # Pauses leave the reader a worker, so that it keeps up with the head of the feed,
        # where a late commit would be skipped.
        time.sleep(rng.uniform(0.02, 0.12))
        while device.outbox:
            batch = device.next_batch(500)
            answer = device.api.push(device.token, device.push_body(batch))
            ledger.record(batch, answer)
            device.hear_push(batch, answer)


def read_feed(reader: Device, seen: list[int], stop: threading.Event,
              rng: random.Random) -> None:
    """Pull in pages of 1 to 3 from the saved cursor, again and again, until told to stop."""
    while not stop.is_set():
        seen += reader.hear_pull(reader.api.pull(reader.token, reader.cursor, rng.randint(1, 3)))


def in_thread(target, *args, errors: list) -> threading.Thread:
    def run():
        try:
            target(*args)
        except BaseException as error:  # noqa: BLE001 - reported by the test
            errors.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def test_concurrent_pushes_through_gunicorn_never_skip_a_change_in_the_feed(gunicorn_api):
    api = gunicorn_api
    email = new_account(api)
    pushers = [Device(api, email, f"pusher {n}", node_id()) for n in range(PUSHERS)]
    reader = Device(api, email, "reader", node_id())
    ledger, seen, stop, errors = Ledger(), [], threading.Event(), []

    reading = in_thread(read_feed, reader, seen, stop, random.Random(SEED), errors=errors)
    # The backlogs come one at a time, a few rounds apart, with small pushes around each.
    pushing = [in_thread(push_many, device, ledger, random.Random(SEED + n),
                         {3 + 3 * n, 17 + 3 * n}, errors=errors)
               for n, device in enumerate(pushers)]
    for thread in pushing:
        thread.join(timeout=120)
    stop.set()
    reading.join(timeout=60)
    assert not errors, f"seed {SEED}: {errors!r}"
    assert not any(t.is_alive() for t in [*pushing, reading]), f"seed {SEED}: threads hang"
    # Every push has been answered, so everything has committed: read on from the cursor.
    while True:
        page = reader.api.pull(reader.token, reader.cursor, 2)
        seen += reader.hear_pull(page)
        if not page["has_more"]:
            break

    feed = api.feed(reader.token, limit=1000)
    final_seqs = [change["seq"] for change in feed]
    # The reader saw each change number at most once and in order (hear_pull checks), and
    # every record's final change: a number it never saw must belong to a version that a
    # later change of the same record replaced before the reader got there. A change that
    # committed after the reader's cursor had passed its number would be missing here.
    assert seen == sorted(set(seen))
    assert set(final_seqs) <= set(seen), f"seed {SEED}: never seen {set(final_seqs) - set(seen)}"
    assert max(seen) == max(final_seqs) == int(reader.cursor.removeprefix("v1."))
    print(f"\nseed {SEED}: {len(ledger.accepted)} changes taken, {max(seen)} change numbers, "
          f"{len(seen)} seen by the reader, {len(final_seqs)} records at the end")

    model = model_of(ledger.accepted)
    assert {change["id"]: pulled_view(change) for change in feed} == views(model)
    assert views(reader.records) == views(model)
    assert ledger.skew_rejections == 0
    made = {change_key(change) for device in pushers for change in device.made}
    assert made == ledger.taken(), "a change made but never taken"
