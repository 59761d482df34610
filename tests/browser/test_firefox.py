"""The offline core in Firefox (Gecko), beside Chromium and WebKit.

Debian's firefox-esr, driven over WebDriver BiDi by puppeteer-core (no geckodriver here,
and puppeteer-core downloads no browser). tests/firefox/offline_core.mjs runs the steps in
one headless launch and reports each; this test serves the app, stops and starts the server
when the script asks, and checks on the server's own database that the entry logged
offline arrived once the browser was back online.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select

from server.extensions import db
from server.models import Account, Record
from tests.support import ROOT, LiveServer, make_app, need

pytestmark = pytest.mark.firefox

FIREFOX = Path(os.environ.get("ENVELOPE_FIREFOX", "/usr/bin/firefox-esr"))
NODE = shutil.which("node")
SCRIPT = ROOT / "tests" / "firefox" / "offline_core.mjs"
PUPPETEER = ROOT / "node_modules" / "puppeteer-core" / "package.json"
PASSWORD = "correct horse battery"  # noqa: S105
STEPS = [
    "launch",
    "page load",
    "service worker control",
    "sign up",
    "network cut",
    "log an entry offline",
    "IndexedDB",
    "sync waits offline",
    "sync after reconnecting",
    "reload offline",
]


@pytest.fixture
def firefox():
    need(FIREFOX.exists(), "Firefox tests need firefox-esr (apt-get install firefox-esr)",
         "ENVELOPE_TEST_REQUIRE_FIREFOX")
    need(bool(NODE) and PUPPETEER.exists(),
         "Firefox tests need Node and node_modules/puppeteer-core (npm ci; make test runs it)",
         "ENVELOPE_TEST_REQUIRE_FIREFOX")
    return str(FIREFOX)


@pytest.mark.timeout(150)
def test_offline_core_in_firefox(firefox, tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'envelope.db'}")
    server = LiveServer(app).start()
    email = f"firefox-{uuid.uuid4().hex[:10]}@example.org"
    passed: list[str] = []
    failure = None
    # HOME: Firefox keeps a few files there besides its profile (a temporary one, puppeteer's).
    with subprocess.Popen(
        [NODE, str(SCRIPT), server.url, email, PASSWORD], cwd=ROOT, text=True,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env={**os.environ, "ENVELOPE_FIREFOX": firefox, "HOME": str(tmp_path)},
    ) as script:
        # Bounded: a browser that hangs must fail this test, not block the run. SIGTERM, not
        # SIGKILL: puppeteer's handler then takes Firefox down with it.
        watchdog = threading.Timer(120, script.terminate)
        watchdog.start()
        try:
            for line in script.stdout:
                message = json.loads(line)
                if "ask" in message:
                    {"stop-server": server.stop, "start-server": server.start}[message["ask"]]()
                    script.stdin.write("done\n")
                    script.stdin.flush()
                elif message["ok"]:
                    passed.append(message["step"])
                    print(f"{message['step']}: {message['ms']} ms")  # shown when it fails
                else:
                    failure = message
            errors = script.stderr.read()
            script.wait(timeout=30)
        finally:
            watchdog.cancel()
            if script.poll() is None:
                script.terminate()
                try:
                    script.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    script.kill()
            server.stop()

    # Which step failed, in order, so a red run says where Firefox parted from the others.
    for step in STEPS:
        assert step in passed, (
            f"Firefox step {step!r} failed: {failure or 'the script ended before it'}"
            f" (passed: {passed}; exit {script.returncode}; stderr: {errors[-2000:]})"
        )
    assert script.returncode == 0, errors[-2000:]

    # The entry logged offline is on the server, in this account.
    with app.app_context():
        rows = db.session.execute(
            select(Record.data).join(Account, Account.id == Record.account_id)
            .where(Account.email == email, Record.kind == "checkin")
        ).scalars().all()
        db.session.remove()
        db.engine.dispose()
    assert [row.get("energy") for row in rows] == [7]
