"""The diary with three years of entries (about 10,000) in IndexedDB, in headless Chromium.

Three years of the sample diary (tests/sample_diary.py, ending today) are
imported once through the app's own Import. Then, 10 times each:
- today: open the app at #today, from navigation start to the app's
  'envelope-ready' mark (today's envelope, check-in and entries rendered);
- history: the same at #history (the first 14 days with entries rendered);
- history, in the app: from the tap on History to the 'envelope-route:history'
  mark (no page load);
- export: from the tap on "Export JSON" to the download arriving.

    .venv/bin/python bench/diary.py
Targets (diary issue): today at most 300 ms, history at most 300 ms, export at most 2 s.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.sample_diary import sample_export  # noqa: E402
from tests.support import CHROMIUM, CHROMIUM_ARGS, LiveServer, make_app, poll  # noqa: E402

RUNS = 10
DAYS = 3 * 365


def open_at(page, url: str, hash_: str) -> float:
    """A fresh page load at `hash_`; milliseconds from navigation start to ready."""
    page.goto("about:blank")
    page.goto(f"{url}/{hash_}")
    return poll(page, "() => performance.getEntriesByName('envelope-ready')[0]?.startTime")


def route_time(page, route: str) -> float:
    return poll(
        page,
        f"""() => {{
            const marks = performance.getEntriesByName('envelope-route:{route}');
            return marks.length ? marks.at(-1).startTime : undefined;
        }}""",
    )


def summary(name: str, values: list[float], target: float | None, unit: str = "ms") -> str:
    goal = f"  (target <= {target:.0f} {unit})" if target else ""
    return (f"  {name}: median {statistics.median(values):.0f} {unit}{goal}; "
            f"min {min(values):.0f}, max {max(values):.0f}")


def main() -> None:
    export = sample_export(date.today(), DAYS)
    count = len(export["records"])
    server = LiveServer(make_app("sqlite://")).start()
    today, history, history_switch, exports = [], [], [], []
    try:
        with sync_playwright() as playwright, tempfile.TemporaryDirectory() as folder:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                                 headless=True)
            context = browser.new_context(viewport={"width": 390, "height": 844},
                                          accept_downloads=True)
            page = context.new_page()
            page.set_default_timeout(120_000)
            page.goto(server.url + "/#settings")
            poll(page, "() => navigator.serviceWorker.controller !== null")
            page.get_by_role("button", name="Start").click()  # the welcome
            file = Path(folder) / "diary.json"
            file.write_text(json.dumps(export))
            started = time.perf_counter()
            page.get_by_label("Import a JSON export").set_input_files(str(file))
            page.locator("#import-result").get_by_text("Imported").wait_for()
            imported = (time.perf_counter() - started) * 1000
            stored = page.evaluate("""() => new Promise((resolve) => {
                indexedDB.open('envelope').onsuccess = (event) => {
                    const db = event.target.result;
                    db.transaction('records').objectStore('records').count().onsuccess =
                        (counted) => { db.close(); resolve(counted.target.result); };
                };
            })""")
            assert stored == count, f"{stored} records stored, {count} in the file"

            for _ in range(RUNS):
                today.append(open_at(page, server.url, "#today"))
                assert page.locator("#envelope-line").count() == 1
            for _ in range(RUNS):
                history.append(open_at(page, server.url, "#history"))
                assert page.locator(".day-card").count() >= 14
            for _ in range(RUNS):
                open_at(page, server.url, "#today")
                tapped = page.evaluate("() => performance.now()")
                page.get_by_role("link", name="History").click()
                history_switch.append(route_time(page, "history") - tapped)
            open_at(page, server.url, "#settings")
            for _ in range(RUNS):
                button = page.get_by_role("button", name="Export JSON")
                started = time.perf_counter()
                with page.expect_download() as download:
                    button.click()
                download.value.path()  # the whole file has arrived
                exports.append((time.perf_counter() - started) * 1000)
            exported = json.loads(download.value.path().read_text())
            assert len(exported["records"]) == count
            browser.close()
    finally:
        server.stop()

    print(f"diary with {count} records ({DAYS} days) in IndexedDB, headless Chromium, "
          f"{RUNS} runs each:")
    print(f"  import of the JSON export (once, not a target): {imported:.0f} ms")
    print(summary("today, page load to ready", today, 300))
    print(summary("history, page load to first screen", history, 300))
    print(summary("history, tap to first screen", history_switch, 300))
    print(summary("JSON export, tap to download", exports, 2000))


if __name__ == "__main__":
    main()
