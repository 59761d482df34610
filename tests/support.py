"""Helpers shared by the test modules: live servers, required services, free ports."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from werkzeug.serving import WSGIRequestHandler, make_server

from server import create_app
from server.extensions import db

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def required(variable: str) -> bool:
    """In CI (or when asked), a missing service fails the test instead of skipping it."""
    return os.environ.get(variable) == "1" or os.environ.get("CI") == "true"


def need(condition: bool, reason: str, variable: str) -> None:
    if condition:
        return
    if required(variable):
        pytest.fail(f"{reason} (required here: {variable} or CI is set)")
    pytest.skip(reason)


def need_chromium() -> None:
    need(
        Path(CHROMIUM).exists(),
        "Chromium is not installed (apt-get install chromium)",
        "ENVELOPE_TEST_REQUIRE_BROWSER",
    )


def postgres_url() -> str | None:
    return os.environ.get("ENVELOPE_TEST_POSTGRES_URL")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# argon2id at its cheapest for the in-process tests: they hash hundreds of passwords, and
# the rate-limit tests must not depend on how fast this machine hashes. The production
# parameters are tested on their own (test_accounts) and run under gunicorn.
FAST_ARGON2 = {"ARGON2_TIME_COST": 1, "ARGON2_MEMORY_KIB": 8, "ARGON2_PARALLELISM": 1}


def app_config(database_url: str, **extra: Any) -> dict[str, Any]:
    return {"TESTING": True, "SECRET_KEY": "test-secret", "DATABASE_URL": database_url,
            **FAST_ARGON2, **extra}


def make_app(database_url: str, **extra: Any):
    app = create_app(app_config(database_url, **extra))
    with app.app_context():
        db.create_all()
    return app


class QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs):  # keep test output readable
        pass


class LiveServer:
    """The real app on a real socket, in a thread of the test process.

    `restart()` serves a new app on the same port: the same origin to the
    browser, like a deploy of a new release.
    """

    def __init__(self, app, port: int | None = None):
        self.app = app
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.requests: list[str] = []
        self._server = None
        self._thread = None

    def start(self) -> LiveServer:
        self._server = make_server(
            "127.0.0.1", self.port, self._recording_app, threaded=True, request_handler=QuietHandler
        )
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        wait_for(self.url + "/healthz")
        return self

    def _recording_app(self, environ, start_response):
        self.requests.append(environ.get("PATH_INFO", ""))
        return self.app(environ, start_response)

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(timeout=10)
            self._server = None

    def restart(self, app) -> None:
        self.stop()
        self.app = app
        self.start()


class Gunicorn:
    """The app as production runs it: migrated, then gunicorn.conf.py, in its own process group.

    `settings` are ENVELOPE_* variables without the prefix; the test process's
    own ENVELOPE_* variables are not passed on.
    """

    def __init__(self, instance: Path, workers: int = 2, **settings: Any):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("ENVELOPE_")},
            "ENVELOPE_INSTANCE_PATH": str(instance),
            "ENVELOPE_SECRET_KEY": "test-secret",
            "ENVELOPE_BIND": f"127.0.0.1:{self.port}",
            "ENVELOPE_WORKERS": str(workers),
            "ENVELOPE_ACCESS_LOG": "/dev/null",
            **{f"ENVELOPE_{name}": str(value) for name, value in settings.items()},
        }
        self.process: subprocess.Popen | None = None
        self.log = Path(instance) / "gunicorn.log"

    def _command(self, name: str) -> str:
        return str(Path(sys.executable).parent / name)

    def start(self) -> Gunicorn:
        subprocess.run([self._command("flask"), "--app", "server", "db", "upgrade"],
                       cwd=ROOT, env=self.env, check=True, capture_output=True)
        # Its log is kept beside the instance, for a failing test to show.
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [self._command("gunicorn"), "-c", "gunicorn.conf.py"], cwd=ROOT, env=self.env,
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )
        wait_for(self.url + "/healthz", timeout=60)
        return self

    def workers(self) -> list[int]:
        """The worker processes' ids (the master's children)."""
        found = subprocess.run(["pgrep", "-P", str(self.process.pid)],
                               capture_output=True, text=True)
        return [int(pid) for pid in found.stdout.split()]

    def stop(self) -> None:
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)
            self.process = None


def wait_for(url: str, timeout: float = 20.0, status: int = 200) -> None:
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == status:
                    return
        except Exception as error:  # noqa: BLE001 - the server is still starting
            last = error
        time.sleep(0.1)
    raise TimeoutError(f"{url} did not answer {status} within {timeout} s: {last}")


def poll(page, expression: str, timeout: float = 15.0, arg: Mapping | None = None):
    """Evaluate `expression` in the page until it is truthy.

    page.wait_for_function evaluates a string, which the app's CSP (no
    'unsafe-eval') refuses; page.evaluate goes through the debugger protocol.
    """
    deadline = time.monotonic() + timeout
    value = None
    while time.monotonic() < deadline:
        value = page.evaluate(expression, arg) if arg is not None else page.evaluate(expression)
        if value:
            return value
        time.sleep(0.1)
    raise TimeoutError(f"still falsy after {timeout} s: {expression} -> {value!r}")
