"""A worker's memory while it sends an account's export and a clinician the entries: flat in
the account's size when they are streamed (server/streams.py).

A real gunicorn with one sync worker (gunicorn.conf.py) on PostgreSQL (its own database,
envelope_bench_export, made again each run; SQLite in a temporary folder when PostgreSQL
does not answer). Three patients signed up through the API, each shared with one clinician,
their records inserted straight into the `records` table: the first 1,000, 10,000 and
50,000 records of the sample diary (tests/sample_diary.py, about 15 years of it; about
680 bytes a record as exported). For each size, three times each:

- GET /api/v1/account/export (the patient) and GET /api/v1/patients/{id}/entries (the
  clinician), read from Python over HTTP/1.1 without compression, in 64 KiB reads: time to
  the first byte and to the last, and the worker's peak resident memory (VmHWM, reset to
  the current RSS through /proc/<pid>/clear_refs before each request) above its RSS before
  the request;
- baseline: the same query as the export (the same columns, `yield_per` 1000: a
  server-side cursor on PostgreSQL), in a fresh Python process with SQLAlchemy and the
  app's models imported, every row read and nothing written, once to warm the process up
  (as the worker is, by the requests before) and then measured: its peak above its own RSS
  before the query, and the time. Also the query read whole (`.all()`), what holding every
  row at once costs.

"Peak above idle" is growth of the resident set: a process whose heap already holds free
pages (the worker's, after a sign-in's argon2 or a larger request) serves a streamed
answer from them, and its peak does not move at all.

Times are medians of the three; memory the largest of the three. With --against REV the
same server requests are made of that git revision too (its files from `git archive`,
served by this checkout's virtualenv on the same database), after this checkout's.

    .venv/bin/python bench/export_memory.py
    .venv/bin/python bench/export_memory.py --against main

Target (issue 13): the worker's peak above idle flat in the account's size.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, insert, select, update  # noqa: E402

from bench.clinician import account  # noqa: E402
from bench.sync import Gunicorn, bench_postgres, memory_kb, reset_peak_memory  # noqa: E402
from server.config import normalise_database_url  # noqa: E402
from server.models import ChangeCounter, Record  # noqa: E402
from tests.sample_diary import sample_export  # noqa: E402
from tests.support import ROOT  # noqa: E402

SIZES = (1_000, 10_000, 50_000)
RUNS = 3
DATABASE = "envelope_bench_export"
INSERT_BATCH = 5_000
READ_BYTES = 64 * 1024
FETCH_ROWS = 1000  # server/streams.py


# --- the accounts and their rows -------------------------------------------------------------


def diary_records(count: int) -> list[dict]:
    """The first `count` records of the sample diary, long enough to hold them."""
    records = sample_export(date.today(), count // 8 + 30)["records"]
    assert len(records) >= count, len(records)
    return records[:count]


def rows_of(account_id: str, records: list[dict]) -> list[dict]:
    """The rows the server would hold for these exported records (as a push stores them)."""
    rows = []
    for seq, record in enumerate(records, start=1):
        stamps = [*record["field_hlcs"].values(), record.get("deleted_hlc") or ""]
        rows.append({"account_id": account_id, "id": record["id"], "kind": record["kind"],
                     "data": record["data"], "field_hlcs": record["field_hlcs"],
                     "deleted_hlc": record.get("deleted_hlc"), "hlc": max(stamps), "seq": seq,
                     "created_at": datetime.fromisoformat(record["created_at"]),
                     "updated_at": datetime.fromisoformat(record["updated_at"])})
    return rows


def fill(engine, account_id: str, records: list[dict]) -> None:
    """Valid rows straight into the app's table, and the account's change counter after them."""
    rows = rows_of(account_id, records)
    table = Record.__table__
    with engine.begin() as connection:
        for start in range(0, len(rows), INSERT_BATCH):
            connection.execute(insert(table), rows[start:start + INSERT_BATCH])
        connection.execute(update(ChangeCounter.__table__)
                           .where(ChangeCounter.__table__.c.account_id == account_id)
                           .values(last_seq=len(rows)))


def share(patient, clinician) -> None:
    status, invite = patient.post("/api/v1/shares/invites", {})
    assert status == 201, invite
    status, answer = clinician.post("/api/v1/shares", {"code": invite["code"]})
    assert status == 201, answer


# --- the server's figures ----------------------------------------------------------------------


def fetch(url: str, path: str, token: str) -> dict:
    """One GET read to its last byte: times, bytes, whether it came chunked, the body."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=300)
    started = time.perf_counter()
    connection.request("GET", path, headers={"Authorization": f"Bearer {token}"})
    response = connection.getresponse()
    first = response.read1(READ_BYTES)
    first_byte = time.perf_counter() - started
    parts_read = [first]
    while chunk := response.read1(READ_BYTES):
        parts_read.append(chunk)
    last_byte = time.perf_counter() - started
    connection.close()
    assert response.status == 200, (response.status, b"".join(parts_read)[:300])
    return {"first": first_byte, "last": last_byte, "body": b"".join(parts_read),
            "chunked": response.getheader("Transfer-Encoding") == "chunked"}


def server_figures(server: Gunicorn, path: str, token: str, key: str, expected: int) -> dict:
    [worker] = server.worker_pids()
    firsts, lasts, peaks, sizes, chunked = [], [], [], [], set()
    for _ in range(RUNS):
        before = memory_kb(worker)["VmRSS"]
        assert reset_peak_memory(worker), "cannot reset VmHWM (needs Linux 4.0+ and rights)"
        got = fetch(server.url, path, token)
        peaks.append(memory_kb(worker)["VmHWM"] - before)
        firsts.append(got["first"])
        lasts.append(got["last"])
        sizes.append(len(got["body"]))
        chunked.add(got["chunked"])
        count = len(json.loads(got["body"])[key])
        assert count == expected, (path, count, expected)
    return {"first_s": statistics.median(firsts), "last_s": statistics.median(lasts),
            "peak_kb": max(peaks), "peaks_kb": peaks, "bytes": sizes[0],
            "idle_kb": memory_kb(worker)["VmRSS"], "chunked": sorted(chunked)}


def measure_server(server: Gunicorn, accounts: dict[int, dict]) -> dict:
    # A first request of each kind, so that what a first request loads is in the idle RSS.
    first_size = min(accounts)
    small = accounts[first_size]
    server_figures(server, "/api/v1/account/export", small["patient"].token, "records",
                   first_size)
    server_figures(server, f"/api/v1/patients/{small['patient'].id}/entries",
                   small["clinician"].token, "entries", small["entries"])
    figures = {}
    for size in sorted(accounts):
        held = accounts[size]
        figures[size] = {
            "export": server_figures(server, "/api/v1/account/export", held["patient"].token,
                                     "records", size),
            "entries": server_figures(server, f"/api/v1/patients/{held['patient'].id}/entries",
                                      held["clinician"].token, "entries", held["entries"]),
        }
    return figures


# --- the baseline: the bare query in a process of its own ---------------------------------------


def baseline_run(database_url: str, account_id: str, whole: bool) -> dict:
    """In this process: the export's query, every row read, nothing written."""
    engine = create_engine(normalise_database_url(database_url))
    table = Record.__table__
    query = (select(table.c.id, table.c.kind, table.c.data, table.c.field_hlcs,
                    table.c.deleted_hlc, table.c.created_at, table.c.updated_at)
             .where(table.c.account_id == account_id).order_by(table.c.id))
    def read(connection) -> int:
        if whole:
            return len(connection.execute(query).all())
        count = 0
        for _ in connection.execute(query.execution_options(yield_per=FETCH_ROWS)):
            count += 1
        return count

    with engine.connect() as connection:
        # Once before, as the worker served requests before: its heap is as warm.
        read(connection)
        connection.rollback()
        before = memory_kb(os.getpid())["VmRSS"]
        reset_peak_memory(os.getpid())
        started = time.perf_counter()
        count = read(connection)
        seconds = time.perf_counter() - started
        peak = memory_kb(os.getpid())["VmHWM"] - before
    engine.dispose()
    return {"seconds": seconds, "peak_kb": peak, "rows": count}


def baseline(database_url: str, account_id: str, whole: bool) -> dict:
    runs = []
    for _ in range(RUNS):
        done = subprocess.run(
            [sys.executable, __file__, "--baseline", database_url, account_id,
             "whole" if whole else "streamed"],
            capture_output=True, text=True, check=True, cwd=ROOT)
        runs.append(json.loads(done.stdout))
    return {"seconds": statistics.median(r["seconds"] for r in runs),
            "peak_kb": max(r["peak_kb"] for r in runs), "rows": runs[0]["rows"]}


# --- the report ---------------------------------------------------------------------------------


def mib(kb: float) -> str:
    return f"{kb / 1024:.1f} MiB"


def print_server(label: str, figures: dict, baselines: dict) -> None:
    print(f"\n{label}: worker's peak RSS above its RSS before the request (largest of "
          f"{RUNS}); time to first and last byte (medians)")
    print("| records | endpoint | body | streamed | peak above idle | first byte | last byte |"
          " baseline peak | baseline time | ratio of times |")
    print("| ---: | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for size, by_endpoint in figures.items():
        floor = baselines[size]["streamed"]
        for name, f in by_endpoint.items():
            streamed = "chunked" if f["chunked"] == [True] else "whole"
            print(f"| {size:,} | {name} | {f['bytes'] / 1e6:.1f} MB | {streamed} | "
                  f"{mib(f['peak_kb'])} | {f['first_s'] * 1000:.0f} ms | "
                  f"{f['last_s'] * 1000:.0f} ms | {mib(floor['peak_kb'])} | "
                  f"{floor['seconds'] * 1000:.0f} ms | {f['last_s'] / floor['seconds']:.1f} |")
    print("worker RSS when idle, after the runs: "
          + ", ".join(f"{size:,}: {mib(f['export']['idle_kb'])}" for size, f in figures.items()))


def revision_root(revision: str, folder: Path) -> Path:
    """That revision's files, to serve them from this checkout's virtualenv."""
    root = folder / "against"
    root.mkdir()
    archive = subprocess.run(["git", "archive", revision], cwd=ROOT, capture_output=True,  # noqa: S607
                             check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(root)], input=archive, check=True)  # noqa: S607
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--against", metavar="REV", help="also measure this git revision")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)),
                        help="records of each account, comma-separated (default %(default)s)")
    parser.add_argument("--baseline", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    sizes = tuple(int(size) for size in args.sizes.split(","))
    if args.baseline:
        url, account_id, how = args.baseline
        print(json.dumps(baseline_run(url, account_id, how == "whole")))
        return

    database_url = bench_postgres(name=DATABASE)
    folder = Path(tempfile.mkdtemp(prefix="envelope-bench-export-"))
    if database_url is None:
        database_url = f"sqlite:///{folder}/envelope.db"
    started_load = os.getloadavg()
    uptime = subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout  # noqa: S607
    print(f"export memory bench on {database_url.split(':', 1)[0]}; {uptime.strip()}")
    accounts: dict[int, dict] = {}
    with Gunicorn(database_url, str(folder), workers=1) as server:
        engine = create_engine(normalise_database_url(database_url))
        clinician = account(server.url, "clinician@example.org", "clinician", "Dr Bench")
        for size in sizes:
            patient = account(server.url, f"patient{size}@example.org", "patient", f"P{size}")
            records = diary_records(size)
            fill(engine, patient.id, records)
            share(patient, clinician)
            # Settings and every other kind are in the default scope; none is deleted.
            entries = sum(not r.get("deleted") for r in records)
            accounts[size] = {"patient": patient, "clinician": clinician, "entries": entries}
        engine.dispose()
        baselines = {size: {"streamed": baseline(database_url, accounts[size]["patient"].id,
                                                 whole=False),
                            "whole": baseline(database_url, accounts[size]["patient"].id,
                                              whole=True)}
                     for size in sizes}
        figures = {"this checkout": measure_server(server, accounts)}
    if args.against:
        root = revision_root(args.against, folder)
        with Gunicorn(database_url, str(folder), workers=1, root=root) as server:
            figures[args.against] = measure_server(server, accounts)

    print("\nbaseline: the export's query in a fresh process, every row read, nothing written")
    print("| records | read | peak above idle | time (median) |")
    print("| ---: | --- | ---: | ---: |")
    for size, by_way in baselines.items():
        for way, f in by_way.items():
            label = f"yield_per {FETCH_ROWS}" if way == "streamed" else ".all()"
            print(f"| {size:,} | {label} | {mib(f['peak_kb'])} | {f['seconds'] * 1000:.0f} ms |")
    for label, by_size in figures.items():
        print_server(label, by_size, baselines)
    uptime = subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout  # noqa: S607
    print(f"\nat the end: {uptime.strip()}")
    print(json.dumps({"load": started_load, "end_load": os.getloadavg(),
                      "figures": {label: {str(size): {name: {k: v for k, v in f.items()}
                                                      for name, f in e.items()}
                                          for size, e in by_size.items()}
                                  for label, by_size in figures.items()},
                      "baselines": {str(s): b for s, b in baselines.items()}}))


if __name__ == "__main__":
    main()
