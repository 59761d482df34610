"""Offline cold start to interactive, in headless Chromium with 4x CPU throttling.

The app is installed once online (service worker and caches in a real
profile). Then, 10 times: a fresh browser process on that profile, network
off, CPU slowed 4x (CDP Emulation.setCPUThrottlingRate), open the app, and
read the time from navigation start to the app's own 'envelope-ready' mark
(first screen rendered, handlers attached, IndexedDB open).

    .venv/bin/python bench/cold_start.py
Target (foundation issue): median at most 500 ms.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.support import CHROMIUM, CHROMIUM_ARGS, LiveServer, make_app, poll  # noqa: E402

RUNS = 10
THROTTLE = 4


def launch(playwright, profile):
    context = playwright.chromium.launch_persistent_context(
        profile, executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True,
        viewport={"width": 390, "height": 844},
    )
    page = context.pages[0] if context.pages else context.new_page()
    return context, page


def main() -> None:
    server = LiveServer(make_app("sqlite://")).start()
    times = []
    try:
        with sync_playwright() as playwright, tempfile.TemporaryDirectory() as profile:
            context, page = launch(playwright, profile)
            page.goto(server.url + "/")
            poll(page, "() => navigator.serviceWorker.controller !== null")
            context.close()
            for _ in range(RUNS):
                context, page = launch(playwright, profile)
                context.set_offline(True)
                cdp = context.new_cdp_session(page)
                cdp.send("Emulation.setCPUThrottlingRate", {"rate": THROTTLE})
                response = page.goto(server.url + "/")
                assert response.from_service_worker, "not served by the service worker"
                ready = poll(
                    page,
                    "() => performance.getEntriesByName('envelope-ready')[0]?.startTime",
                )
                times.append(ready)
                context.close()
    finally:
        server.stop()
    print(f"offline cold start to interactive, {THROTTLE}x CPU throttling, {RUNS} runs:")
    print(f"  median: {statistics.median(times):.0f} ms  (target <= 500 ms)")
    print(f"  min {min(times):.0f} ms, max {max(times):.0f} ms")
    print("  runs: " + ", ".join(f"{t:.0f}" for t in times))


if __name__ == "__main__":
    main()
