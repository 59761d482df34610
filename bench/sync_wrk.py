"""Sync under load: wrk against pull and push, gunicorn with 2 workers, on PostgreSQL.

A real gunicorn (gunicorn.conf.py, 2 workers, --worker-threads each) on PostgreSQL (a
database of the run's own, dropped after), driven by wrk with 16 connections (1 wrk
thread, leaving the cores to the server) for 10 s each:
- the floor: bench/bare.py, a bare Flask endpoint with no database, on the same
  gunicorn settings, first (pull's requests/s is reported as a share of it);
- pull: GET /api/v1/sync/pull pages of 100 from a random cursor of one account
  seeded with 5,000 records through the API, so every page is full
  (bench/wrk/pull.lua);
- push, 16 accounts: POST /api/v1/sync/push of 10 changes that each make a new
  dose record, ids made unique by bench/wrk/push.lua, the accounts' tokens
  used in turn (many patients syncing at once);
- push, one account: the same with one token (one patient's devices: pushes of
  one account take its change counter's row lock, so they run one at a time).
Each sign-in happens once (sign-ins are limited to 60 a minute) and its token
is reused. After each run: the records made are counted in the database (10 for
each request wrk counted), and the workers' peak resident memory (VmHWM in
/proc/<pid>/status of the gunicorn master's children, reset through
/proc/<pid>/clear_refs before each run) is read.

    .venv/bin/python bench/sync_wrk.py
    .venv/bin/python bench/sync_wrk.py --duration 30 --connections 32

Needs wrk (apt-get install wrk) and PostgreSQL (ENVELOPE_BENCH_POSTGRES_URL, as
in bench/sync.py); without either it says so and exits 0. wrk's latencies are
from a request being sent to its answer, so with 16 connections and 2 workers
they include the wait in gunicorn's queue. gunicorn's sync workers (one thread) close
the connection after each answer, so wrk connects again for every request; with more
than one thread gunicorn runs gthread workers, which keep connections alive.
Targets (production issue): p99 under 100 ms; pull at least a third of the bare
endpoint's requests/s in the same run.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psycopg  # noqa: E402

from bench.sync import (  # noqa: E402
    Client,
    Gunicorn,
    bench_postgres,
    drop_bench_database,
    memory_kb,
    new_doses,
    push_all,
    push_bodies,
    reset_peak_memory,
)

WRK = Path(__file__).resolve().parent / "wrk"
SEED = 5_000
PULL_LIMIT = 100
PUSH_CHANGES = 10
ACCOUNTS = 16
TARGET_P99_MS = 100
TARGET_PULL_SHARE = 1 / 3  # pull's requests/s against the bare endpoint's, same run
WORKER_THREADS = 1  # gunicorn.conf.py's default (ENVELOPE_THREADS)
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def milliseconds(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)([a-z]+)", value).groups()
    return float(number) * UNITS[unit]


def parse(output: str) -> dict:
    """Requests/s, latency percentiles (ms), request and error counts from wrk --latency."""
    figures: dict = {"percentiles": {}}
    # wrk pads a value of a second or more with a space ("  99%    1.04s "): \s* takes it.
    for percent, value in re.findall(r"^\s+(\d+)%\s+(\S+)\s*$", output, re.MULTILINE):
        figures["percentiles"][int(percent)] = milliseconds(value)
    figures["rps"] = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    figures["requests"] = int(re.search(r"(\d+) requests in", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    figures["non_2xx"] = int(non_2xx.group(1)) if non_2xx else 0
    errors = re.search(r"Socket errors: (.*)", output)
    figures["socket_errors"] = errors.group(1).strip() if errors else ""
    return figures


def run_wrk(url: str, script: str, args: list[str], options: argparse.Namespace) -> dict:
    command = ["wrk", f"-t{options.threads}", f"-c{options.connections}",
               f"-d{options.duration}s", "--timeout", "10s", "--latency",
               "-s", str(WRK / script), url, "--", *args]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    if options.verbose:
        print(done.stdout)
    return parse(done.stdout)


def records_of(database_url: str, account_ids: list[str]) -> int:
    with psycopg.connect(database_url) as connection:
        return connection.execute("SELECT count(*) FROM records WHERE account_id = ANY(%s)",
                                  (account_ids,)).fetchone()[0]


def account_id(client: Client) -> str:
    status, account = client.call("GET", "/api/v1/account")
    assert status == 200, account
    return account["id"]


def reset_peaks(server: Gunicorn) -> bool:
    return all([reset_peak_memory(pid) for pid in server.worker_pids()])


def peak_memory(server: Gunicorn) -> str:
    values = [memory_kb(pid) for pid in server.worker_pids()]
    peaks = ", ".join(f"{v['VmHWM'] / 1024:.0f}" for v in values)
    now = ", ".join(f"{v['VmRSS'] / 1024:.0f}" for v in values)
    return f"peak {peaks} MB; now {now} MB"


def report(name: str, figures: dict, extra: str = "") -> None:
    p = figures["percentiles"]
    verdict = "ok" if p[99] < TARGET_P99_MS else "over"
    print(f"  {name:<28}{figures['rps']:>8.0f}{p[50]:>9.1f}{p[99]:>9.1f}  "
          f"{verdict:<5}{figures['requests']:>8}  {extra}")
    if figures["non_2xx"] or figures["socket_errors"]:
        print(f"    non-2xx answers: {figures['non_2xx']}; "
              f"socket errors: {figures['socket_errors'] or 'none'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per run")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=1, help="wrk threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--worker-threads", type=int, default=WORKER_THREADS,
                        help="threads per gunicorn worker (more than 1: gthread, keep-alive)")
    parser.add_argument("--verbose", action="store_true", help="print wrk's own output")
    options = parser.parse_args()

    if not shutil.which("wrk"):
        print("sync under load: wrk is not installed (apt-get install wrk); skipped")
        return
    nonce = uuid.uuid4().hex[:8]
    # A database of this run's own, dropped after: two runs never share one.
    database = f"envelope_bench_wrk_{nonce}"
    database_url = bench_postgres(name=database)
    if not database_url:
        print("sync under load: needs PostgreSQL; skipped")
        return
    try:
        measure(database_url, nonce, options)
    finally:
        drop_bench_database(database)


def measure(database_url: str, nonce: str, options: argparse.Namespace) -> None:
    load_before = os.getloadavg()[0]  # other work on the machine shows in every figure
    serving = dict(workers=options.workers, threads=options.worker_threads)
    # The floor first: a bare Flask endpoint on the same gunicorn settings, same wrk.
    with tempfile.TemporaryDirectory(prefix="envelope-bench-bare-") as folder, \
            Gunicorn(database_url, folder, app="bench.bare:app", **serving) as bare_server:
        bare = run_wrk(bare_server.url + "/bare", "bare.lua", [], options)
    with tempfile.TemporaryDirectory(prefix="envelope-bench-wrk-") as folder, \
            Gunicorn(database_url, folder, **serving) as server:
        # One account seeded for pull, and ACCOUNTS more to push into.
        reader = Client(server.url)
        reader.sign_up_and_in(f"reader-{nonce}@example.org")
        assert push_all(reader, push_bodies(new_doses(SEED))) == SEED
        pushers, pusher_ids = [], []
        for n in range(ACCOUNTS):
            client = Client(server.url)
            pushers.append(client.sign_up_and_in(f"pusher-{n}-{nonce}@example.org"))
            pusher_ids.append(account_id(client))
            client.close()
        threads = f"{options.threads} thread" + ("s" if options.threads > 1 else "")
        model = (f"gthread, {options.worker_threads} threads each, keep-alive"
                 if options.worker_threads > 1 else "sync, a connection per request")
        print(f"sync under load: wrk {options.connections} connections, {threads}, "
              f"{options.duration} s per run; gunicorn {options.workers} workers "
              f"({model}), PostgreSQL; {os.cpu_count()} cores, load average {load_before:.1f}")
        print(f"  {'':<28}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}  {'<100':<5}"
              f"{'requests':>8}  ")
        report("bare Flask endpoint (floor)", bare)

        # Each sign-up and sign-in hashes with argon2id, 64 MiB for the moment it runs.
        memory = [(f"start, {ACCOUNTS + 1} sign-ins, seeding", peak_memory(server))]
        resettable = reset_peaks(server)
        pull = run_wrk(server.url + "/api/v1/sync/pull", "pull.lua",
                       [reader.headers["Authorization"].split()[1], str(PULL_LIMIT), str(SEED)],
                       options)
        share = pull["rps"] / bare["rps"]
        report(f"pull, pages of {PULL_LIMIT}", pull,
               f"{pull['rps'] * PULL_LIMIT:,.0f} changes/s; {share:.2f} of the bare endpoint's "
               f"req/s ({'ok' if share >= TARGET_PULL_SHARE else 'under'} the target "
               f"{TARGET_PULL_SHARE:.2f})")
        memory.append((f"pull, pages of {PULL_LIMIT}", peak_memory(server)))

        runs = [(f"push {PUSH_CHANGES}, {ACCOUNTS} accounts", pushers, pusher_ids),
                (f"push {PUSH_CHANGES}, one account", pushers[:1], pusher_ids[:1])]
        for name, tokens, ids in runs:
            before = records_of(database_url, ids)
            resettable = reset_peaks(server) and resettable
            push = run_wrk(server.url + "/api/v1/sync/push", "push.lua",
                           [f"{nonce}{len(tokens)}", str(PUSH_CHANGES), *tokens], options)
            made = records_of(database_url, ids) - before
            expected = push["requests"] * PUSH_CHANGES
            check = "" if made >= expected else f"; ONLY {made:,} of {expected:,} records made"
            report(name, push, f"{push['rps'] * PUSH_CHANGES:,.0f} changes/s{check}")
            memory.append((name, peak_memory(server)))
        reader.close()
        print(f"  targets: p99 < {TARGET_P99_MS} ms; pull at least "
              f"{TARGET_PULL_SHARE:.2f} of the bare endpoint's requests/s")
        print("  gunicorn workers' resident memory (VmHWM, VmRSS at the end), each worker"
              + (", peak reset before each run:" if resettable else
                 " (the peak could not be reset: each is the peak since start):"))
        for name, text in memory:
            print(f"    {name:<32}{text}")

if __name__ == "__main__":
    main()
