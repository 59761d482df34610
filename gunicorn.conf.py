"""gunicorn settings; every one can be set from the environment.

Workers hold no state of their own (everything is in the database), so any
number of them, on any number of machines, can serve the same users.
"""

import json
import os
import shutil
import tempfile
from pathlib import Path

bind = os.environ.get("ENVELOPE_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("ENVELOPE_WORKERS", "2"))
threads = int(os.environ.get("ENVELOPE_THREADS", "1"))
timeout = int(os.environ.get("ENVELOPE_TIMEOUT", "30"))
graceful_timeout = 20
# Behind a TLS proxy on the same host; set ENVELOPE_TRUSTED_PROXIES for another one (the
# app believes X-Forwarded-For from the same proxies; gunicorn, X-Forwarded-Proto).
forwarded_allow_ips = os.environ.get(
    "FORWARDED_ALLOW_IPS", os.environ.get("ENVELOPE_TRUSTED_PROXIES", "127.0.0.1,::1")
)
# Off unless asked for: the app logs one line per request itself (server/requestlog.py),
# without the client's address or the query; gunicorn's line, when on, carries its id too.
accesslog = os.environ.get("ENVELOPE_ACCESS_LOG") or None
access_log_format = ('%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" '
                     "%({x-request-id}o)s")
errorlog = "-"
loglevel = os.environ.get("ENVELOPE_LOG_LEVEL", "info").lower()
wsgi_app = "server:create_app()"


def _on(value: str | None) -> bool:
    """As the app reads ENVELOPE_METRICS (JSON when it parses: 1, true)."""
    try:
        return bool(json.loads(value or "0"))
    except ValueError:
        return bool(value)


# Metrics on: prometheus_client's multiprocess mode, so that a scrape answered by any
# worker counts every worker's requests (and a restarted worker's count is kept). It reads
# PROMETHEUS_MULTIPROC_DIR when the workers import it, so it is set here, in the master.
_made_counts_folder = None
if _on(os.environ.get("ENVELOPE_METRICS")) and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    _made_counts_folder = tempfile.mkdtemp(prefix="envelope-metrics-")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = _made_counts_folder


def on_starting(server):
    """Say, once and before any worker starts, what in this set-up weakens the app."""
    from server.config import startup_warnings

    for warning in startup_warnings(workers):
        server.log.warning(warning)
    counts = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if counts:
        # A previous run's counts would be added to this one's (prometheus_client's docs:
        # wipe the folder between runs).
        Path(counts).mkdir(parents=True, exist_ok=True)
        for stale in Path(counts).glob("*.db"):
            stale.unlink()


def on_exit(server):
    """A counts folder made for this run goes with it."""
    if _made_counts_folder:
        shutil.rmtree(_made_counts_folder, ignore_errors=True)
