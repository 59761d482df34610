"""Insights over three years of the sample diary (about 10,000 records), in headless Chromium.

Three years of tests/sample_diary.py are imported once through the app's own Import.
Then, 10 times each, unthrottled and at 4x CPU throttling (CDP), after a fresh load at
#today:
- open: the tap on Insights (default range, 30 days) to the 'envelope-route:insights'
  mark (the screen rendered, its controls usable), and to the first chart drawn;
- compute: inside that, every insight computed from the records read
  ('envelope-insights-read' to 'envelope-insights-computed');
- all: the same after a tap on the "All" range (the whole three years).
Also the bytes uPlot and the Insights view add when Insights first opens (served from
the worker's cache; raw and gzip -9, as on the wire without brotli).

    .venv/bin/python bench/insights.py
Targets (insights issue): all computations at most 200 ms and the screen interactive
within 500 ms, unthrottled; the first load's budget excludes uPlot (bench/first_load.py).
"""

from __future__ import annotations

import gzip
import json
import os
import statistics
import sys
import tempfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser.diary import import_export  # noqa: E402
from tests.sample_diary import sample_export  # noqa: E402
from tests.support import CHROMIUM, CHROMIUM_ARGS, ROOT, LiveServer, make_app, poll  # noqa: E402

RUNS = 10
DAYS = 3 * 365


def mark(page, name: str) -> float:
    return poll(page, f"""() => {{
        const marks = performance.getEntriesByName({json.dumps(name)});
        return marks.length ? marks.at(-1).startTime : undefined;
    }}""")


def clear_marks(page) -> None:
    page.evaluate("() => performance.clearMarks()")


def open_insights(page, url: str) -> dict:
    page.goto("about:blank")
    page.goto(f"{url}/#today")
    poll(page, "() => document.documentElement.dataset.ready === 'true' || undefined")
    clear_marks(page)
    tapped = page.evaluate("() => performance.now()")
    page.get_by_role("link", name="Insights").click()
    shown = mark(page, "envelope-route:insights")
    read = mark(page, "envelope-insights-read") - tapped
    drawn = mark(page, "envelope-chart-drawn")
    compute = mark(page, "envelope-insights-computed") - mark(page, "envelope-insights-read")
    clear_marks(page)
    tapped_all = page.evaluate("() => performance.now()")
    page.get_by_role("link", name="All").click()
    shown_all = mark(page, "envelope-route:insights")
    compute_all = mark(page, "envelope-insights-computed") - mark(page, "envelope-insights-read")
    return {"open": shown - tapped, "read": read, "chart": drawn - tapped, "compute": compute,
            "all": shown_all - tapped_all, "compute_all": compute_all}


def chunk_bytes() -> list[tuple[str, int, int]]:
    out = []
    for pattern in ("dist/uPlot-*.js", "vendor/uPlot-*.css", "dist/insights-*.js"):
        for path in sorted((ROOT / "static").glob(pattern)):
            data = path.read_bytes()
            name = path.relative_to(ROOT / "static").as_posix()
            out.append((name, len(data), len(gzip.compress(data, 9))))
    return out


def main() -> None:
    export = sample_export(date.today(), DAYS)
    count = len(export["records"])
    server = LiveServer(make_app("sqlite://")).start()
    results = {1: [], 4: []}
    try:
        with sync_playwright() as playwright, tempfile.TemporaryDirectory() as folder:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                                 headless=True)
            context = browser.new_context(viewport={"width": 390, "height": 844})
            page = context.new_page()
            page.set_default_timeout(120_000)
            page.goto(server.url + "/#settings")
            poll(page, "() => navigator.serviceWorker.controller !== null")
            page.get_by_role("button", name="Start").click()
            import_export(page, folder, export)
            cdp = context.new_cdp_session(page)
            for rate in (1, 4):
                cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
                open_insights(page, server.url)  # warm the worker's and the compile cache
                for _ in range(RUNS):
                    results[rate].append(open_insights(page, server.url))
            browser.close()
    finally:
        server.stop()

    load = os.getloadavg()[0]
    print(f"insights over {count} records ({DAYS} days) in IndexedDB, headless Chromium, "
          f"median of {RUNS} (min-max); load average {load:.1f}:")
    for rate, runs in results.items():
        label = "unthrottled" if rate == 1 else f"{rate}x CPU throttling"
        print(f"  {label}:")
        for key, name, target in [
            ("compute", "every insight computed, 30 days", 200),
            ("read", "tap on Insights to every record read from IndexedDB", None),
            ("open", "tap on Insights to the screen shown (30 days)", 500),
            ("chart", "tap on Insights to the first chart drawn", None),
            ("compute_all", "every insight computed, all 3 years", 200),
            ("all", "tap on All to the screen shown", 500),
        ]:
            values = [run[key] for run in runs]
            when = " unthrottled" if rate != 1 else ""
            goal = f"  (target <= {target} ms{when})" if target else ""
            print(f"    {name}: {statistics.median(values):.0f} ms; "
                  f"{min(values):.0f}-{max(values):.0f}{goal}")
    print("  bytes Insights adds when it first opens (raw / gzip -9):")
    for name, raw, packed in chunk_bytes():
        print(f"    {name}: {raw / 1024:.1f} KB / {packed / 1024:.1f} KB")


if __name__ == "__main__":
    main()
