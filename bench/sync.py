"""Sync throughput: 10,000 changes pushed and pulled through the real API, against bare SQL.

On SQLite (a file in a temporary folder) and on PostgreSQL (its own database,
envelope_bench, whose schema is dropped and made again each run), a real
gunicorn with 2 workers, talked to over HTTP/1.1 from one client, one request at
a time, requests encoded before the clock starts:
- push: 10,000 new dose records (UUIDv7-like ids) in 20 pushes of 500, the most
  one push takes; every change must come back `applied`;
- pull: the same 10,000 back in 10 pages of 1000, the most one pull gives (the
  client's JSON decoding included, printed on its own too); and again asking for
  brotli as a browser does (Accept-Encoding: br; decompression included);
- pull in pages of 500, as the app asks (static/js/sync.js);
- push of updates: every one of the 10,000 records changed once more (a new
  amount, a later stamp), the merge path, in 20 pushes of 500;
- Core: the same 10,000 rows inserted with SQLAlchemy Core into the app's own
  `records` table (Record.__table__, created in a fresh schema or file) in 20
  transactions of 500, read back in 10 pages of 1000 (and 20 of 500) by change
  number, the query pull runs, and updated as the push of updates writes them;
- driver: the same rows with the bare driver, `sqlite3` or `psycopg`
  `executemany`, JSON by `json.dumps`/`json.loads`, no SQLAlchemy: the floor.
Each measurement 3 times, API and bare in turns, a new account each time;
medians. The ratio is (push + pull) / (Core insert + Core read) of each turn
(the sync issue's target, at most 4); the same against the driver is the
distance to the physical floor; each part's ratio is printed too.
Also the workers' peak resident memory (VmHWM) while they push and pull, reset
after each sign-in (argon2id takes 64 MiB for the moment it hashes).

    .venv/bin/python bench/sync.py
    ENVELOPE_BENCH_POSTGRES_URL=postgresql://user@host:5432/postgres .venv/bin/python bench/sync.py

ENVELOPE_BENCH_POSTGRES_URL is a database to connect to while envelope_bench
is made (default postgresql://postgres@127.0.0.1:5432/postgres); empty skips
PostgreSQL.
Target (sync issue): the ratio at most 4.
"""

from __future__ import annotations

import http.client
import json
import os
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import brotli  # noqa: E402  (the server's own dependency, for Flask-Compress)
from sqlalchemy import create_engine, insert, select, text  # noqa: E402
from sqlalchemy.engine import Engine  # noqa: E402

from server.config import normalise_database_url  # noqa: E402
from server.extensions import db  # noqa: E402
from server.models import Account, Record  # noqa: E402
from tests.support import ROOT, free_port, wait_for  # noqa: E402

RUNS = 3
CHANGES = 10_000
PUSH_BATCH = 500  # server/sync.py MAX_CHANGES
PULL_PAGE = 1000  # server/sync.py PULL_LIMIT_MAX
APP_PAGE = 500  # static/js/sync.js PULL_LIMIT: what the app asks for
WORKERS = 2
PASSWORD = "bench password 1"  # noqa: S105
DEVICE = "0123456789abcdef"
BENCH_DATABASE = "envelope_bench"
ADMIN_URL = os.environ.get("ENVELOPE_BENCH_POSTGRES_URL",
                           "postgresql://postgres@127.0.0.1:5432/postgres")
BARE_SCHEMA = "bare"


# --- PostgreSQL: a database of our own ---------------------------------------------------


def bench_postgres(admin_url: str = ADMIN_URL, name: str = BENCH_DATABASE) -> str | None:
    """The URL of database `name` (made if missing) with an empty public schema, or None."""
    if not admin_url:
        return None
    import psycopg

    try:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as admin:
            exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                   (name,)).fetchone()
            if not exists:
                admin.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        print(f"PostgreSQL at {admin_url} does not answer ({error.__class__.__name__}); skipped")
        return None
    parts = urlsplit(admin_url)
    url = parts._replace(path="/" + name).geturl()
    with psycopg.connect(url, autocommit=True) as bench:
        bench.execute("DROP SCHEMA IF EXISTS public CASCADE")
        bench.execute(f"DROP SCHEMA IF EXISTS {BARE_SCHEMA} CASCADE")
        bench.execute("CREATE SCHEMA public")
    return url


def drop_bench_database(name: str, admin_url: str = ADMIN_URL) -> None:
    """Drop database `name` that bench_postgres made (its connections ended first)."""
    import psycopg

    with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- gunicorn -------------------------------------------------------------------------------


class Gunicorn:
    """The app under gunicorn.conf.py, as deployed: migrated, then served by `workers`."""

    def __init__(self, database_url: str, folder: str, workers: int = WORKERS, threads: int = 1,
                 app: str | None = None, log: Path | None = None, root: Path = ROOT):
        self.app = app  # another WSGI app on the same settings (bench/bare.py's floor)
        self.log = log  # where gunicorn's own log goes (none: nowhere)
        self.root = root  # another revision's checkout, to measure it beside this one
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("ENVELOPE_")},
            "ENVELOPE_DATABASE_URL": database_url,
            "ENVELOPE_INSTANCE_PATH": folder,
            "ENVELOPE_SECRET_KEY": secrets.token_urlsafe(32),
            "ENVELOPE_BIND": f"127.0.0.1:{self.port}",
            "ENVELOPE_WORKERS": str(workers),
            "ENVELOPE_THREADS": str(threads),
            "ENVELOPE_ACCESS_LOG": "/dev/null",
            "ENVELOPE_LOG_LEVEL": "warning",
        }
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Gunicorn:
        bin_dir = Path(sys.executable).parent
        if self.app is None:
            subprocess.run([str(bin_dir / "flask"), "--app", "server", "db", "upgrade"],
                           cwd=self.root, env=self.env, check=True, capture_output=True)
        self.process = subprocess.Popen(
            [str(bin_dir / "gunicorn"), "-c", "gunicorn.conf.py", *filter(None, [self.app])],
            cwd=self.root, env=self.env, stdout=subprocess.DEVNULL,
            stderr=self.log.open("ab") if self.log else subprocess.DEVNULL,
            start_new_session=True)
        try:
            wait_for(self.url + ("/bare" if self.app else "/healthz"), timeout=60)
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.process = None

    def worker_pids(self) -> list[int]:
        """The master's children, from /proc."""
        assert self.process is not None
        pids = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # pid (comm) state ppid ...: comm may hold spaces, so split after its ')'.
            if int(stat.rpartition(")")[2].split()[1]) == self.process.pid:
                pids.append(int(entry.name))
        return sorted(pids)


def reset_peak_memory(pid: int) -> bool:
    """Set a process's VmHWM back to its current RSS (Linux 4.0+); False if not allowed."""
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def memory_kb(pid: int) -> dict[str, int]:
    """VmHWM (peak resident) and VmRSS of a process, in kB."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, rest = line.partition(":")
        if name in ("VmHWM", "VmRSS"):
            values[name] = int(rest.split()[0])
    return values


# --- the API, as a client ------------------------------------------------------------------


class Client:
    """One HTTP/1.1 connection, reused for as long as the server keeps it open.

    gunicorn's sync workers close the connection after each answer; http.client
    then opens a new one for the next request by itself. A threaded worker keeps it open
    for its keep-alive seconds and then closes it: a request that finds it closed is sent
    once more on a new connection (the server never read it).
    """

    def __init__(self, base_url: str):
        parts = urlsplit(base_url)
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
        self.headers = {"Content-Type": "application/json"}
        self.decode_seconds = 0.0

    def call(self, method: str, path: str, body: bytes | None = None,
             headers: dict[str, str] | None = None) -> tuple[int, Any]:
        headers = {**self.headers, **(headers or {})}
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        except (BrokenPipeError, ConnectionResetError, http.client.RemoteDisconnected):
            self.connection.close()
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        data = response.read()
        started = time.perf_counter()
        if response.getheader("Content-Encoding") == "br":
            data = brotli.decompress(data)
        decoded = json.loads(data) if data else None
        self.decode_seconds += time.perf_counter() - started
        return response.status, decoded

    def post(self, path: str, body: dict) -> tuple[int, Any]:
        return self.call("POST", path, json.dumps(body).encode())

    def sign_up_and_in(self, email: str) -> str:
        status, answer = self.post("/api/v1/accounts", {"email": email, "password": PASSWORD})
        assert status == 201, answer
        status, answer = self.post("/api/v1/sessions", {"email": email, "password": PASSWORD,
                                                        "device_name": "bench"})
        assert status == 201, answer
        token = answer["token"]
        self.headers["Authorization"] = f"Bearer {token}"
        return token

    def close(self) -> None:
        self.connection.close()


def uuid7_like(moment: datetime) -> str:
    """A UUIDv7: 48 bits of Unix milliseconds, then random bits."""
    ms = int(moment.timestamp() * 1000)
    value = (ms << 80) | (0x7 << 76) | (secrets.randbits(12) << 64) | (0b10 << 62)
    return str(uuid.UUID(int=value | secrets.randbits(62)))


def stamp(moment: datetime, counter: int, node: str = DEVICE) -> str:
    utc = moment.astimezone(UTC)
    return (f"{utc:%Y-%m-%dT%H:%M:%S}.{utc.microsecond // 1000:03d}Z-"
            f"{counter % 0x10000:04x}-{node}")


def new_doses(count: int, now: datetime | None = None) -> list[dict]:
    """`count` changes that each make a new dose record, stamped from the current time."""
    now = now or datetime.now(UTC)
    changes = []
    for i in range(count):
        taken = (now - timedelta(minutes=count - i)).replace(microsecond=0)
        changes.append({
            "id": uuid7_like(now),
            "kind": "dose",
            "data": {"taken_at": taken.isoformat(), "substance": "LDN", "amount": 1.5,
                     "unit": "mg"},
            "hlc": stamp(now, i),
            "deleted": False,
        })
    return changes


def updated_doses(changes: list[dict]) -> list[dict]:
    """Changes to the records `changes` made: a new amount, stamped later (the merge path)."""
    later = datetime.now(UTC) + timedelta(seconds=1)
    return [{**c, "data": {**c["data"], "amount": 2.0}, "hlc": stamp(later, i)}
            for i, c in enumerate(changes)]


def push_bodies(changes: list[dict], batch: int = PUSH_BATCH) -> list[bytes]:
    return [json.dumps({"protocol": 1, "device_id": DEVICE,
                        "changes": changes[i:i + batch]}).encode()
            for i in range(0, len(changes), batch)]


def push_all(client: Client, bodies: list[bytes]) -> int:
    applied = 0
    for body in bodies:
        status, answer = client.call("POST", "/api/v1/sync/push", body)
        assert status == 200, answer
        applied += sum(result["status"] == "applied" for result in answer["results"])
    return applied


def pull_all(client: Client, limit: int = PULL_PAGE,
             headers: dict[str, str] | None = None) -> list[dict]:
    changes: list[dict] = []
    cursor = ""
    while True:
        query = f"?limit={limit}" + (f"&cursor={cursor}" if cursor else "")
        status, page = client.call("GET", "/api/v1/sync/pull" + query, headers=headers)
        assert status == 200, page
        changes += page["changes"]
        cursor = page["cursor"]
        if not page["has_more"]:
            return changes


# --- bare SQLAlchemy Core ------------------------------------------------------------------


def bare_engine(database_url: str, folder: str) -> Engine:
    """An engine on a fresh copy of the app's tables: a new SQLite file, or a new schema."""
    if database_url.startswith("sqlite"):
        engine = create_engine(f"sqlite:///{Path(folder) / 'bare.db'}")
    else:
        engine = create_engine(normalise_database_url(database_url))
        with engine.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {BARE_SCHEMA} CASCADE"))
            connection.execute(text(f"CREATE SCHEMA {BARE_SCHEMA}"))
        engine = engine.execution_options(schema_translate_map={None: BARE_SCHEMA})
    db.metadata.create_all(engine)
    return engine


def bare_rows(account_id: str, changes: list[dict]) -> list[dict]:
    """The rows a push of `changes` stores, as the server would write them."""
    moment = datetime.now(UTC)
    return [
        {"account_id": account_id, "id": c["id"], "kind": c["kind"], "data": c["data"],
         "field_hlcs": dict.fromkeys(c["data"], c["hlc"]), "deleted_hlc": None,
         "hlc": c["hlc"], "seq": seq, "created_at": moment, "updated_at": moment}
        for seq, c in enumerate(changes, start=1)
    ]


def bare_account(engine: Engine) -> str:
    account_id = str(uuid.uuid4())
    with engine.begin() as connection:
        connection.execute(insert(Account.__table__).values(
            id=account_id, email=f"{account_id}@example.org", email_key=f"{account_id}@example.org",
            password_hash="-", role="patient", display_name="", created_at=datetime.now(UTC)))
    return account_id


def bare_insert(engine: Engine, rows: list[dict], batch: int = PUSH_BATCH) -> None:
    records = Record.__table__
    for i in range(0, len(rows), batch):
        with engine.begin() as connection:
            connection.execute(insert(records), rows[i:i + batch])


def bare_read(engine: Engine, account_id: str, page: int = PULL_PAGE) -> int:
    records = Record.__table__
    count, after = 0, 0
    with engine.connect() as connection:
        while True:
            rows = connection.execute(
                select(records).where(records.c.account_id == account_id, records.c.seq > after)
                .order_by(records.c.seq).limit(page + 1)
            ).all()
            count += len(rows[:page])
            if len(rows) <= page:
                return count
            after = rows[page - 1].seq


def bare_update(engine: Engine, account_id: str, changes: list[dict], first_seq: int,
                batch: int = PUSH_BATCH) -> None:
    """What a push of updates writes: each record's data, stamps and change number."""
    from sqlalchemy import bindparam, update

    records = Record.__table__
    statement = (update(records)
                 .where(records.c.account_id == bindparam("a"), records.c.id == bindparam("i"))
                 .values(data=bindparam("d"), field_hlcs=bindparam("f"), hlc=bindparam("h"),
                         seq=bindparam("s"), updated_at=bindparam("u")))
    moment = datetime.now(UTC)
    rows = [{"a": account_id, "i": c["id"], "d": c["data"],
             "f": dict.fromkeys(c["data"], c["hlc"]), "h": c["hlc"], "s": seq, "u": moment}
            for seq, c in enumerate(changes, start=first_seq)]
    for i in range(0, len(rows), batch):
        with engine.begin() as connection:
            connection.execute(statement, rows[i:i + batch])


class Driver:
    """The bare driver, the physical floor: `sqlite3` or `psycopg` on the same `records`
    table as the bare Core engine (its file, or its schema), `executemany` of the same
    rows, JSON encoded by `json.dumps` and decoded by `json.loads` (psycopg decodes jsonb
    itself), no SQLAlchemy at all."""

    def __init__(self, database_url: str, folder: str):
        self.sqlite = database_url.startswith("sqlite")
        if self.sqlite:
            import sqlite3

            self.connection = sqlite3.connect(Path(folder) / "bare.db")
            self.mark = "?"
        else:
            import psycopg

            self.connection = psycopg.connect(database_url)
            self.connection.execute(f"SET search_path TO {BARE_SCHEMA}")
            self.connection.commit()
            self.mark = "%s"

    def close(self) -> None:
        self.connection.close()

    def insert(self, rows: list[dict], batch: int = PUSH_BATCH) -> None:
        m = self.mark
        sql = ("INSERT INTO records (account_id, id, kind, data, field_hlcs, deleted_hlc, hlc,"
               f" seq, created_at, updated_at) VALUES ({', '.join([m] * 10)})")
        moment = datetime.now(UTC)
        values = [(r["account_id"], r["id"], r["kind"], json.dumps(r["data"]),
                   json.dumps(r["field_hlcs"]), None, r["hlc"], r["seq"], moment, moment)
                  for r in rows]
        for i in range(0, len(values), batch):
            self.connection.cursor().executemany(sql, values[i:i + batch])
            self.connection.commit()

    def update(self, account_id: str, changes: list[dict], first_seq: int,
               batch: int = PUSH_BATCH) -> None:
        m = self.mark
        sql = (f"UPDATE records SET data = {m}, field_hlcs = {m}, hlc = {m}, seq = {m},"
               f" updated_at = {m} WHERE account_id = {m} AND id = {m}")
        moment = datetime.now(UTC)
        values = [(json.dumps(c["data"]), json.dumps(dict.fromkeys(c["data"], c["hlc"])),
                   c["hlc"], seq, moment, account_id, c["id"])
                  for seq, c in enumerate(changes, start=first_seq)]
        for i in range(0, len(values), batch):
            self.connection.cursor().executemany(sql, values[i:i + batch])
            self.connection.commit()

    def read(self, account_id: str, page: int = PULL_PAGE) -> int:
        m = self.mark
        sql = ("SELECT id, kind, data, field_hlcs, deleted_hlc, hlc, seq FROM records"
               f" WHERE account_id = {m} AND seq > {m} ORDER BY seq LIMIT {m}")
        count, after = 0, 0
        while True:
            rows = self.connection.execute(sql, (account_id, after, page + 1)).fetchall()
            if self.sqlite:
                rows = [(*r[:2], json.loads(r[2]), json.loads(r[3]), *r[4:]) for r in rows]
            count += len(rows[:page])
            if len(rows) <= page:
                self.connection.commit()
                return count
            after = rows[page - 1][6]


# --- the measurement -----------------------------------------------------------------------


def measure(database_url: str, folder: str) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {k: [] for k in (
        "push", "pull", "pull_app", "decode", "pull_br", "update_push", "insert", "read",
        "read_app", "update", "driver_insert", "driver_read", "driver_read_app",
        "driver_update", "ratio", "peak_mb")}
    engine = bare_engine(database_url, folder)
    driver = Driver(database_url, folder)
    try:
        with Gunicorn(database_url, folder) as server:
            for run in range(RUNS):
                client = Client(server.url)
                client.sign_up_and_in(f"bench-{run}-{uuid.uuid4().hex[:8]}@example.org")
                # Sign-up and sign-in hash with argon2id (64 MiB each): not sync's memory.
                workers = server.worker_pids()
                for pid in workers:
                    reset_peak_memory(pid)
                changes = new_doses(CHANGES)
                bodies = push_bodies(changes)

                started = time.perf_counter()
                applied = push_all(client, bodies)
                times["push"].append(time.perf_counter() - started)
                assert applied == CHANGES, f"{applied} of {CHANGES} applied"

                client.decode_seconds = 0.0
                started = time.perf_counter()
                pulled = pull_all(client)
                times["pull"].append(time.perf_counter() - started)
                times["decode"].append(client.decode_seconds)
                assert len(pulled) == CHANGES
                assert {c["id"] for c in pulled} == {c["id"] for c in changes}

                # In pages of 500, as the app pulls (static/js/sync.js).
                started = time.perf_counter()
                assert len(pull_all(client, limit=APP_PAGE)) == CHANGES
                times["pull_app"].append(time.perf_counter() - started)

                # As a browser asks: Flask-Compress answers in brotli.
                started = time.perf_counter()
                assert len(pull_all(client, headers={"Accept-Encoding": "br"})) == CHANGES
                times["pull_br"].append(time.perf_counter() - started)

                # Every record changed once more: the merge path, not only inserts.
                updates = updated_doses(changes)
                update_bodies = push_bodies(updates)
                started = time.perf_counter()
                assert push_all(client, update_bodies) == CHANGES
                times["update_push"].append(time.perf_counter() - started)
                times["peak_mb"].append(max(memory_kb(pid)["VmHWM"] for pid in workers) / 1024)
                client.close()

                account_id = bare_account(engine)
                rows = bare_rows(account_id, changes)
                started = time.perf_counter()
                bare_insert(engine, rows)
                times["insert"].append(time.perf_counter() - started)
                started = time.perf_counter()
                assert bare_read(engine, account_id) == CHANGES
                times["read"].append(time.perf_counter() - started)
                started = time.perf_counter()
                assert bare_read(engine, account_id, APP_PAGE) == CHANGES
                times["read_app"].append(time.perf_counter() - started)
                started = time.perf_counter()
                bare_update(engine, account_id, updates, CHANGES + 1)
                times["update"].append(time.perf_counter() - started)

                floor_id = bare_account(engine)
                floor_rows = bare_rows(floor_id, changes)
                started = time.perf_counter()
                driver.insert(floor_rows)
                times["driver_insert"].append(time.perf_counter() - started)
                started = time.perf_counter()
                assert driver.read(floor_id) == CHANGES
                times["driver_read"].append(time.perf_counter() - started)
                started = time.perf_counter()
                assert driver.read(floor_id, APP_PAGE) == CHANGES
                times["driver_read_app"].append(time.perf_counter() - started)
                started = time.perf_counter()
                driver.update(floor_id, updates, CHANGES + 1)
                times["driver_update"].append(time.perf_counter() - started)

                times["ratio"].append((times["push"][-1] + times["pull"][-1])
                                      / (times["insert"][-1] + times["read"][-1]))
    finally:
        driver.close()
        engine.dispose()
    return times


def row(label: str, columns: list[str]) -> str:
    return f"  {label:<38}" + "".join(f"{c:>22}" for c in columns)


def seconds(values: list[float], per_second: bool = True) -> str:
    median = statistics.median(values)
    rate = f" {CHANGES / median:>7,.0f}/s" if per_second else ""
    return f"{median:.3f} s{rate}"


def ratio(times: dict[str, list[float]], api: str, bare: str) -> str:
    """The median of each run's ratio."""
    pairs = zip(times[api], times[bare], strict=True)
    return f"{statistics.median(a / b for a, b in pairs):.1f}"


def main() -> None:
    load_before = os.getloadavg()[0]  # other work on the machine shows in every figure
    results: dict[str, dict[str, list[float]]] = {}
    with tempfile.TemporaryDirectory(prefix="envelope-bench-sync-") as folder:
        sqlite = Path(folder) / "sqlite"
        sqlite.mkdir()
        results["SQLite"] = measure(f"sqlite:///{sqlite / 'envelope.db'}", str(sqlite))
        postgres_url = bench_postgres()
        if postgres_url:
            postgres = Path(folder) / "postgres"
            postgres.mkdir()
            results["PostgreSQL"] = measure(postgres_url, str(postgres))

    names = list(results)
    print(f"sync: {CHANGES:,} new doses through gunicorn ({WORKERS} workers), one client; "
          f"median of {RUNS}; {os.cpu_count()} cores, load average {load_before:.1f}")
    print(row("", names))

    def line(label: str, pick, per_second: bool = True) -> None:
        print(row(label, [seconds(pick(results[n]), per_second) for n in names]))

    def total(*keys: str):
        return lambda t: [sum(v) for v in zip(*(t[k] for k in keys), strict=True)]

    line(f"API push ({CHANGES // PUSH_BATCH} x {PUSH_BATCH})", lambda t: t["push"])
    line(f"API pull ({CHANGES // PULL_PAGE} pages of {PULL_PAGE})", lambda t: t["pull"])
    line("  of which client JSON decoding", lambda t: t["decode"], per_second=False)
    line(f"API pull ({CHANGES // APP_PAGE} pages of {APP_PAGE})", lambda t: t["pull_app"])
    line("API pull, Accept-Encoding: br", lambda t: t["pull_br"])
    line(f"API push of updates ({CHANGES // PUSH_BATCH} x {PUSH_BATCH})",
         lambda t: t["update_push"])
    line("API push + pull", total("push", "pull"))
    line(f"Core insert ({CHANGES // PUSH_BATCH} tx of {PUSH_BATCH})", lambda t: t["insert"])
    line(f"Core read ({CHANGES // PULL_PAGE} pages of {PULL_PAGE})", lambda t: t["read"])
    line(f"Core read ({CHANGES // APP_PAGE} pages of {APP_PAGE})", lambda t: t["read_app"])
    line("Core update", lambda t: t["update"])
    line("Core insert + read", total("insert", "read"))
    line("driver insert (executemany)", lambda t: t["driver_insert"])
    line(f"driver read ({CHANGES // PULL_PAGE} pages of {PULL_PAGE})", lambda t: t["driver_read"])
    line(f"driver read ({CHANGES // APP_PAGE} pages of {APP_PAGE})",
         lambda t: t["driver_read_app"])
    line("driver update (executemany)", lambda t: t["driver_update"])
    line("driver insert + read", total("driver_insert", "driver_read"))

    def ratios(label: str, api: str, bare: str, note: str = "") -> None:
        print(row(label, [ratio(results[n], api, bare) for n in names]) + note)

    print("  ratios against SQLAlchemy Core (the app's JSON types):")
    ratios("push / insert", "push", "insert")
    ratios(f"pull / read, pages of {PULL_PAGE}", "pull", "read")
    ratios(f"pull / read, pages of {APP_PAGE}", "pull_app", "read_app")
    ratios("push of updates / update", "update_push", "update")
    print(row("(push + pull) / (insert + read)",
              [f"{statistics.median(results[n]['ratio']):.1f}" for n in names])
          + "   (target <= 4)")
    print(row("  each run", [", ".join(f"{r:.1f}" for r in results[n]["ratio"]) for n in names]))
    print("  ratios against the bare driver (the distance to the floor):")
    ratios("push / insert", "push", "driver_insert")
    ratios(f"pull / read, pages of {PULL_PAGE}", "pull", "driver_read")
    ratios(f"pull / read, pages of {APP_PAGE}", "pull_app", "driver_read_app")
    ratios("push of updates / update", "update_push", "driver_update")
    print(row("(push + pull) / (insert + read)",
              [f"{floor_ratio(results[n]):.1f}" for n in names]))
    print(row("Core / driver, insert + read",
              [f"{core_over_driver(results[n]):.1f}" for n in names]))
    print(row("workers' peak memory in push and pull",
              [f"{max(results[n]['peak_mb']):.0f} MB" for n in names]) + "   (VmHWM, the most)")


def floor_ratio(times: dict[str, list[float]]) -> float:
    """The median over runs of (push + pull) / (driver insert + driver read)."""
    return statistics.median(
        (p + q) / (i + r) for p, q, i, r in zip(times["push"], times["pull"],
                                                 times["driver_insert"], times["driver_read"],
                                                 strict=True))


def core_over_driver(times: dict[str, list[float]]) -> float:
    return statistics.median(
        (i + r) / (di + dr) for i, r, di, dr in zip(times["insert"], times["read"],
                                                     times["driver_insert"],
                                                     times["driver_read"], strict=True))


if __name__ == "__main__":
    main()
