"""History's search over three years of entries (about 10,000), in headless Chromium.

Three years of the sample diary (tests/sample_diary.py, ending today) are imported once
through the app's own Import, with a note added to about a third of the entries (the
sample has none, and notes are the long texts a search reads). Then, unthrottled and at
4x CPU throttling (CDP):
- the search itself: search.js's pure functions in the page over the records read from
  IndexedDB, median of 10 runs per query: the index built from the records (once per
  read of them), a query over the index, and both together (the first query after a
  change); beside them a baseline in the same page, a bare loop of String.includes over
  the same texts lower-cased beforehand;
- typing to results shown, in the app: History opened, the field focused (the records
  are read then), each query typed into it; from the input event to the
  'envelope-search-shown' mark (results in the page) and to the next frame after it
  (painted), which includes the search's debounce, and from the debounce's end
  ('envelope-search-start') to the mark: median over the queries, 5 rounds;
- the first search after History opens: a fresh load at #history, a query typed at once
  into the field, to the results shown (this includes reading every record).

    .venv/bin/python bench/search.py
Target (issue 12, "Find anything"): under 100 ms over 3 years of entries.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser.diary import import_export  # noqa: E402
from tests.sample_diary import sample_export  # noqa: E402
from tests.support import CHROMIUM, CHROMIUM_ARGS, LiveServer, make_app, poll  # noqa: E402

DAYS = 3 * 365
RUNS = 10
ROUNDS = 5
DEBOUNCE_MS = 60  # as static/js/views/search.js waits after a keystroke
# A substance (every day), an activity, a symptom of the check-ins and crashes, two words
# in different fields, a word of the notes with its accent left off, and nothing at all.
QUERIES = ["magnesium", "shower", "brain fog", "gp headache", "cafe", "xylophone"]
NOTES = [
    "Felt dizzy after, lay down for an hour.",
    "Café with a friend, too loud; headache in the evening.",
    "Slept badly, woke at 4.",
    "Better than yesterday. Short walk in the garden, then rest.",
    "Brain fog all morning; could not read.",
    "Took it with food this time.",
    "Physio appointment moved to next week, relieved.",
    "Noise from the neighbours' building work, wore ear defenders all afternoon and still "
    "felt wired and tired at once; a long rest before dinner helped a little.",
]

SEARCH_ALONE = """async ({queries, runs}) => {
    const base = document.querySelector('script[type="module"]').src
        .replace(/dist\\/index\\.js$/, 'js/');
    const search = await import(base + 'search.js');
    const records = await new Promise((resolve, reject) => {
        const open = indexedDB.open('envelope');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
            const get = open.result.transaction('records').objectStore('records').getAll();
            get.onsuccess = () => { open.result.close(); resolve(get.result); };
        };
    });
    const median = (values) => {
        const sorted = [...values].sort((a, b) => a - b);
        const mid = sorted.length >> 1;
        return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    };
    const timed = (fn) => {
        const times = [];
        let result;
        for (let i = 0; i < runs; i += 1) {
            const started = performance.now();
            result = fn();
            times.push(performance.now() - started);
        }
        return { median: median(times), min: Math.min(...times), max: Math.max(...times), result };
    };
    search.searchIndex(records); // compiled and warm, as after the first use
    const built = timed(() => search.searchIndex(records));
    const index = built.result;
    // The baseline: the same texts, lower-cased once, searched with a bare loop.
    const lowered = timed(() => index.entries.map(
        (entry) => search.textsOf(entry.record).map((t) => t.text).join('\\n').toLowerCase()));
    const texts = lowered.result;
    delete lowered.result;
    const out = { records: records.length, entries: index.entries.length, index: built,
        lowered, queries: {} };
    for (const query of queries) {
        const words = query.toLowerCase().split(/\\s+/).filter(Boolean);
        search.findEntries(index, query);
        const found = timed(() => search.findEntries(index, query));
        const both = timed(() => search.findEntries(search.searchIndex(records), query));
        const bare = timed(() => {
            let count = 0;
            for (const text of texts) if (words.every((word) => text.includes(word))) count += 1;
            return count;
        });
        out.queries[query] = { query: found, cold: both, baseline: bare,
            count: found.result.count, baselineCount: bare.result };
        delete found.result; delete both.result; delete bare.result;
    }
    delete built.result;
    return out;
}"""

# Marks and the input event's time, kept for the bench to read after each query.
WATCH = """() => {
    window.benchTyped = null;
    window.benchPainted = null;
    document.addEventListener('input', (event) => { window.benchTyped = event.timeStamp; }, true);
    new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
            if (entry.name !== 'envelope-search-shown') continue;
            requestAnimationFrame(() => setTimeout(() => {
                window.benchPainted = performance.now();
            }));
        }
    }).observe({ type: 'mark' });
}"""

LAST_SEARCH = """(query) => {
    const results = document.querySelector('.search-results');
    if (results?.dataset.query !== query || !window.benchPainted) return undefined;
    const last = (name) => performance.getEntriesByName(name).at(-1).startTime;
    return { typed: window.benchTyped, start: last('envelope-search-start'),
             shown: last('envelope-search-shown'), painted: window.benchPainted,
             count: document.querySelectorAll('.search-results li.entry').length };
}"""


def with_notes(export: dict) -> dict:
    rng = random.Random(11)
    for rec in export["records"]:
        if rec["kind"] in ("activity", "rest", "dose", "checkin") and rng.random() < 0.33:
            rec["data"]["note"] = rng.choice(NOTES)
            rec["field_hlcs"]["note"] = rec["field_hlcs"][next(iter(rec["data"]))]
    return export


def open_history(page, url: str) -> None:
    page.goto("about:blank")
    page.goto(f"{url}/#history")
    poll(page, "() => document.documentElement.dataset.ready === 'true' || undefined")
    page.evaluate(WATCH)


def type_query(page, query: str) -> dict:
    page.evaluate("() => { window.benchPainted = null; }")
    page.get_by_label("Search your entries").fill(query)
    return poll(page, LAST_SEARCH, arg=query, timeout=60)


def in_the_app(page, url: str) -> tuple[list[dict], list[dict]]:
    """[{query, typed->shown, ...}] over ROUNDS rounds, and the first searches after a load."""
    typed = []
    for _ in range(ROUNDS):
        open_history(page, url)
        page.get_by_label("Search your entries").focus()
        type_query(page, "warm")  # the records read and folded, as after the first word
        for query in QUERIES:
            typed.append({"query": query, **type_query(page, query)})
    first = []
    for _ in range(ROUNDS):
        open_history(page, url)
        page.get_by_label("Search your entries").focus()
        first.append(type_query(page, "shower"))
    return typed, first


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):.1f} ms ({min(values):.1f}-{max(values):.1f})"


def main() -> None:
    export = with_notes(sample_export(date.today(), DAYS))
    count = len(export["records"])
    load_before = os.getloadavg()[0]
    server = LiveServer(make_app("sqlite://")).start()
    results = {}
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
                alone = page.evaluate(SEARCH_ALONE, {"queries": QUERIES, "runs": RUNS})
                typed, first = in_the_app(page, server.url)
                results[rate] = (alone, typed, first)
            browser.close()
    finally:
        server.stop()

    load_after = os.getloadavg()[0]
    print(f"search over {count} records ({DAYS} days, notes on a third of the entries), "
          f"headless Chromium; load average {load_before:.1f} before, {load_after:.1f} after:")
    for rate, (alone, typed, first) in results.items():
        print(f"  {'unthrottled' if rate == 1 else f'{rate}x CPU throttling'} "
              f"({alone['entries']} entries searched):")
        index = alone["index"]
        lowered = alone["lowered"]
        print(f"    index built from the records (once per read): {index['median']:.1f} ms "
              f"({index['min']:.1f}-{index['max']:.1f}), median of {RUNS}; the baseline's "
              f"texts joined and lower-cased: {lowered['median']:.1f} ms; ratio "
              f"{index['median'] / lowered['median']:.1f}")
        print(f"    per query, median of {RUNS}: search over the index | index + search | "
              f"bare String.includes baseline | ratio search / baseline  (results)")
        for query, figures in alone["queries"].items():
            search, cold, bare = figures["query"], figures["cold"], figures["baseline"]
            ratio = search["median"] / bare["median"] if bare["median"] else float("nan")
            print(f"      {query!r:14} {search['median']:6.1f} ms | {cold['median']:6.1f} ms | "
                  f"{bare['median']:5.1f} ms | {ratio:4.1f}  ({figures['count']}; baseline "
                  f"{figures['baselineCount']})")
        medians = [figures["query"]["median"] for figures in alone["queries"].values()]
        colds = [figures["cold"]["median"] for figures in alone["queries"].values()]
        bares = [figures["baseline"]["median"] for figures in alone["queries"].values()]
        print(f"    median over the queries: search {statistics.median(medians):.1f} ms, "
              f"index + search {statistics.median(colds):.1f} ms, baseline "
              f"{statistics.median(bares):.1f} ms  (target < 100 ms)")
        print(f"    in the app, {len(typed)} queries typed ({ROUNDS} rounds of {len(QUERIES)}):")
        print("      debounce's end to results in the page: "
              + spread([run["shown"] - run["start"] for run in typed]))
        print(f"      input event to results in the page (with the {DEBOUNCE_MS} ms debounce): "
              + spread([run["shown"] - run["typed"] for run in typed]))
        print("      input event to the next frame painted: "
              + spread([run["painted"] - run["typed"] for run in typed]) + "  (target < 100 ms)")
        print(f"      first search after a fresh load at #history (reads every record), "
              f"median of {ROUNDS}: input to results in the page "
              + spread([run["shown"] - run["typed"] for run in first]))


if __name__ == "__main__":
    main()
