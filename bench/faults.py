"""Faults under load: 100 devices syncing for 60 s, PostgreSQL restarted, a worker killed.

A real gunicorn (gunicorn.conf.py as deployed: 2 workers) on PostgreSQL (a database of
this run's own, dropped after). 25 accounts, 4 devices each, every device a thread with
its own HTTP connection doing what the app's sync does (static/js/sync.js), about once
every 1-3 s: make 1-3 changes (a new dose, or a new amount for a dose it made before,
each stamped by its own hybrid clock), push everything not yet acknowledged, then pull
from its cursor. What is not acknowledged (no answer, or an error) stays queued and is
sent again, unchanged, next time, as the app's outbox does.

While they run:
- at 20 s PostgreSQL is restarted (`pg_ctlcluster <version> main restart`: needs root
  and a Debian cluster; without, it says so and goes on);
- at 40 s one gunicorn worker is killed (SIGKILL) in the middle of whatever it serves.
Every answer that is not a 200 must be the API's one JSON error shape (503 while the
database is away), never a stack trace or an HTML page; gunicorn's log must hold no
traceback. After 60 s the devices stop making changes and send what they still hold
until every change is acknowledged. Then the check: each account's records, pulled from
the start and counted in the database, are exactly the records its devices made (none
lost, none twice), each holding the amount its newest acknowledged change gave it.

    .venv/bin/python bench/faults.py
    .venv/bin/python bench/faults.py --seconds 30 --devices 40

Exits 1 when a check fails; prints its figures either way.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psycopg  # noqa: E402

from bench.sync import (  # noqa: E402
    Client,
    Gunicorn,
    bench_postgres,
    drop_bench_database,
    stamp,
    uuid7_like,
)

DEVICES_PER_ACCOUNT = 4
PUSH_AT_MOST = 200  # as the app's batches


@dataclass
class Tally:
    """What the devices saw, shared by their threads (guarded by `lock`)."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    statuses: Counter = field(default_factory=Counter)  # (phase, status or 'no answer')
    bad_bodies: list[str] = field(default_factory=list)  # error answers not in the shape
    acknowledged: int = 0

    def saw(self, phase: str, status: int | str) -> None:
        with self.lock:
            self.statuses[(phase, status)] += 1


class Phase:
    """Which fault is on, for the tally: before, restart, after-restart, kill, after-kill."""

    def __init__(self) -> None:
        self.name = "steady"


class Device(threading.Thread):
    def __init__(self, url: str, token: str, node: str, stop: threading.Event,
                 tally: Tally, phase: Phase, seed: int) -> None:
        super().__init__(daemon=True)
        self.url, self.token, self.node = url, token, node
        self.stop, self.tally, self.phase = stop, tally, phase
        self.random = random.Random(seed)
        self.outbox: dict[str, dict] = {}  # record id -> its newest change not acknowledged
        self.amounts: dict[str, float] = {}  # record id -> the amount its newest change gave
        self.cursor: str | None = None
        self.counter = 0
        self.last_ms = 0
        self.connection = self._connect()

    def _connect(self) -> http.client.HTTPConnection:
        host, port = self.url.removeprefix("http://").split(":")
        return http.client.HTTPConnection(host, int(port), timeout=30)

    def _stamp(self) -> str:
        # A hybrid clock of this device's own: never behind its last stamp.
        now_ms = max(int(time.time() * 1000), self.last_ms)
        self.counter = self.counter + 1 if now_ms == self.last_ms else 0
        self.last_ms = now_ms
        return stamp(datetime.fromtimestamp(now_ms / 1000, UTC), self.counter, self.node)

    def _call(self, method: str, path: str, body: dict | None = None) -> tuple[int | str, dict]:
        headers = {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"}
        try:
            self.connection.request(method, path, body=json.dumps(body) if body else None,
                                    headers=headers)
            response = self.connection.getresponse()
            status, data = response.status, response.read()
        except (OSError, http.client.HTTPException):
            # No answer (a worker killed, the connection reset): nothing was acknowledged.
            self.connection.close()
            self.connection = self._connect()
            self.tally.saw(self.phase.name, "no answer")
            return "no answer", {}
        self.tally.saw(self.phase.name, status)
        try:
            answer = json.loads(data)
        except ValueError:
            answer = None
        if status != 200 and not (isinstance(answer, dict) and set(answer) == {"error"}
                                  and isinstance(answer["error"].get("code"), str)
                                  and isinstance(answer["error"].get("message"), str)):
            with self.tally.lock:
                self.tally.bad_bodies.append(f"{status}: {data[:200]!r}")
        return status, answer or {}

    def make_changes(self) -> None:
        for _ in range(self.random.randint(1, 3)):
            if self.amounts and self.random.random() < 0.4:
                record_id = self.random.choice(list(self.amounts))
            else:
                record_id = uuid7_like(datetime.now(UTC))
            amount = round(self.random.uniform(0.5, 4.5), 1)
            self.amounts[record_id] = amount
            self.outbox[record_id] = {
                "id": record_id, "kind": "dose", "hlc": self._stamp(), "deleted": False,
                "data": {"taken_at": "2026-11-20T21:00:00+00:00", "substance": "LDN",
                         "amount": amount, "unit": "mg"},
            }

    def push(self) -> None:
        batch = list(self.outbox.values())[:PUSH_AT_MOST]
        if not batch:
            return
        status, answer = self._call("POST", "/api/v1/sync/push", {
            "protocol": 1, "device_id": self.node, "changes": batch})
        if status != 200:
            return
        for change, result in zip(batch, answer["results"], strict=True):
            if result["status"] in ("applied", "stale"):
                # Settled, unless a newer change to the record was queued meanwhile.
                if self.outbox.get(change["id"]) is change:
                    del self.outbox[change["id"]]
                with self.tally.lock:
                    self.tally.acknowledged += 1
            else:
                with self.tally.lock:
                    self.tally.bad_bodies.append(f"refused change: {result}")
                del self.outbox[change["id"]]

    def pull(self) -> None:
        while True:
            path = "/api/v1/sync/pull?limit=500" + (f"&cursor={self.cursor}" if self.cursor else "")
            status, page = self._call("GET", path)
            if status != 200:
                return
            self.cursor = page["cursor"]
            if not page["has_more"]:
                return

    def run(self) -> None:
        while not self.stop.is_set():
            self.make_changes()
            self.push()
            self.pull()
            self.stop.wait(self.random.uniform(1.0, 3.0))

    def drain(self, deadline: float) -> None:
        while self.outbox and time.monotonic() < deadline:
            self.push()
            if self.outbox:
                time.sleep(0.5)


def restart_postgres() -> str:
    clusters = sorted(Path("/etc/postgresql").glob("*/main"))
    if not clusters or not shutil.which("pg_ctlcluster") or os.geteuid() != 0:
        return "not restarted: needs root and a Debian PostgreSQL cluster (pg_ctlcluster)"
    version = clusters[-1].parent.name
    started = time.monotonic()
    done = subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main",
                           "restart", "-m", "fast"], capture_output=True, text=True)
    took = time.monotonic() - started
    if done.returncode:
        return f"restart failed: {done.stderr.strip()}"
    return f"restarted PostgreSQL {version} in {took:.1f} s"


def check(database_url: str, url: str, accounts: list[tuple[str, str, list[Device]]]) -> list[str]:
    """Each account's records, pulled and counted, against what its devices made."""
    problems = []
    with psycopg.connect(database_url) as connection:
        for account_id, token, devices in accounts:
            # A device changes only the records it made, so its last amount is the newest.
            expected = {record_id: amount for device in devices
                        for record_id, amount in device.amounts.items()}
            reader = Client(url)
            reader.headers["Authorization"] = f"Bearer {token}"
            pulled, cursor = [], None
            while True:
                path = "/api/v1/sync/pull?limit=1000" + (f"&cursor={cursor}" if cursor else "")
                status, page = reader.call("GET", path)
                assert status == 200, page
                pulled += page["changes"]
                cursor = page["cursor"]
                if not page["has_more"]:
                    break
            reader.close()
            ids = [change["id"] for change in pulled]
            counted = connection.execute("SELECT count(*) FROM records WHERE account_id = %s",
                                         (account_id,)).fetchone()[0]
            if len(ids) != len(set(ids)):
                problems.append(f"account {account_id}: a record pulled twice")
            if set(ids) != set(expected) or counted != len(expected):
                problems.append(f"account {account_id}: {len(expected)} made, {len(set(ids))} "
                                f"pulled, {counted} in the database")
            for change in pulled:
                if expected.get(change["id"]) != change["data"]["amount"]:
                    problems.append(f"record {change['id']}: amount {change['data']['amount']}, "
                                    f"its newest change said {expected.get(change['id'])}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--devices", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worker-threads", type=int, default=1)
    parser.add_argument("--no-restart", action="store_true",
                        help="leave PostgreSQL running (others are using it)")
    options = parser.parse_args()
    nonce = uuid.uuid4().hex[:8]
    database = f"envelope_bench_faults_{nonce}"
    database_url = bench_postgres(name=database)
    if not database_url:
        print("faults: needs PostgreSQL; skipped")
        return 0
    try:
        return run(database_url, nonce, options)
    finally:
        drop_bench_database(database)


def run(database_url: str, nonce: str, options: argparse.Namespace) -> int:
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="envelope-bench-faults-") as folder:
        log_path = Path(folder) / "gunicorn.log"
        server = Gunicorn(database_url, folder, workers=options.workers,
                          threads=options.worker_threads, log=log_path)
        with server:
            stop, tally, phase = threading.Event(), Tally(), Phase()
            accounts = []
            for n in range(max(1, options.devices // DEVICES_PER_ACCOUNT)):
                client = Client(server.url)
                token = client.sign_up_and_in(f"faults-{n}-{nonce}@example.org")
                status, account = client.call("GET", "/api/v1/account")
                client.close()
                devices = [Device(server.url, token, uuid.uuid4().hex[:16], stop, tally, phase,
                                  seed=n * 10 + d)
                           for d in range(DEVICES_PER_ACCOUNT)]
                accounts.append((account["id"], token, devices))
            everyone = [device for _, _, devices in accounts for device in devices]
            print(f"faults: {len(everyone)} devices in {len(accounts)} accounts for "
                  f"{options.seconds} s; gunicorn {options.workers} workers "
                  f"({options.worker_threads} thread each), PostgreSQL; "
                  f"{os.cpu_count()} cores, load average {load:.1f}")
            for device in everyone:
                device.start()
            started = time.monotonic()
            events = []

            def at(fraction: float) -> None:
                time.sleep(max(0.0, started + options.seconds * fraction - time.monotonic()))

            at(1 / 3)
            phase.name = "postgres restart"
            outcome = "not restarted (--no-restart)" if options.no_restart else restart_postgres()
            events.append(f"{time.monotonic() - started:5.1f} s  {outcome}")
            phase.name = "after the restart"
            at(2 / 3)
            victim = server.worker_pids()[0]
            phase.name = "worker killed"
            os.kill(victim, signal.SIGKILL)
            events.append(f"{time.monotonic() - started:5.1f} s  worker {victim} killed")
            time.sleep(2)
            phase.name = "after the kill"
            at(1)
            stop.set()
            for device in everyone:
                device.join()
            phase.name = "draining"
            deadline = time.monotonic() + 60
            for device in everyone:
                device.drain(deadline)
            waiting = sum(len(device.outbox) for device in everyone)
            problems = check(database_url, server.url, accounts)
            if waiting:
                problems.append(f"{waiting} changes still not acknowledged after 60 s")
        log = log_path.read_text(errors="replace")
    for line in events:
        print("  " + line)
    print(f"  {tally.acknowledged:,} changes acknowledged; "
          f"{sum(len(device.amounts) for device in everyone):,} records made")
    print("  answers by phase:")
    phases = dict.fromkeys(name for name, _ in tally.statuses)
    for name in phases:
        counts = {status: n for (p, status), n in tally.statuses.items() if p == name}
        text = ", ".join(f"{status}: {n:,}" for status, n in sorted(counts.items(), key=str))
        print(f"    {name:<20}{text}")
    tracebacks = log.count("Traceback")
    print(f"  error answers not in the JSON shape: {len(tally.bad_bodies)}; tracebacks in "
          f"gunicorn's log: {tracebacks}")
    for body in tally.bad_bodies[:5]:
        print(f"    {body}")
    if tracebacks:
        problems.append("a traceback in gunicorn's log")
        start = log.index("Traceback")
        print(log[start:start + 1500])
    if tally.bad_bodies:
        problems.append("error answers not in the JSON shape")
    print("  check: " + ("every change kept once, none lost" if not problems else "FAILED"))
    for problem in problems[:20]:
        print(f"    {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
