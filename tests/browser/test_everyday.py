"""Everyday use on a phone (390 x 844, dark), in real Chromium: what a new user tripped over
(issue 12, bugs 1, 2, 5, 6, 7, 8 and 9). Each test failed before its fix."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import UTC, datetime

import pytest

from tests.browser.conftest import open_app, wait_ready
from tests.browser.diary import add_entry, dialog, entry, import_export
from tests.sample_diary import record
from tests.support import poll

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery"  # noqa: S105
NOW = datetime(2026, 11, 20, 10, 30, 45, tzinfo=UTC)
TODAY = "2026-11-20"


@pytest.fixture
def phone(browser):
    """A phone in dark mode, on UTC, its clock at NOW (timers keep running)."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2,
                                  color_scheme="dark", timezone_id="UTC", locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.clock.set_fixed_time(NOW)
    yield context, page
    context.close()


def offline(phone, url, hash_=""):
    context, page = phone
    open_app(page, url)
    page.get_by_role("button", name="Start").click()  # the welcome, read
    context.set_offline(True)
    if hash_:
        go(page, hash_)
    return page


def go(page, hash_):
    """Open a screen as a tap on a link does, and wait until it is drawn."""
    page.evaluate("(hash) => { location.hash = hash; }", hash_)
    route = hash_.lstrip("#").split("/")[0] or "today"
    poll(page, "(route) => document.documentElement.dataset.route === route", arg=route)


def tap_tab(page, name, route):
    page.locator("#nav").get_by_role("link", name=name, exact=True).click()
    poll(page, "(route) => document.documentElement.dataset.route === route", arg=route)


def import_diary(page, tmp_path, records):
    """Records put on this device through Settings' import, as a person would."""
    go(page, "#settings")
    import_export(page, tmp_path, {"format": "envelope-export", "version": 1,
                                   "exported_at": "2026-11-20T09:00:00+00:00",
                                   "records": records})


def sign_up(page, url):
    email = f"everyday-{uuid.uuid4().hex[:10]}@example.org"
    page.goto(url + "/#settings")
    wait_ready(page)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.get_by_text(f"Signed in as {email}.").wait_for()
    # Wait for the first cycle to end with nothing left to send.
    poll(page, """() => document.getElementById('sync-state')?.dataset.state === 'idle'
        && document.getElementById('sync-state').dataset.lastSynced
        && document.getElementById('sync-pending')?.textContent""", timeout=30)


# --- 1. "nullnull" where nothing was refused ----------------------------------------


def test_sync_section_never_writes_null_when_nothing_was_refused(page, live_server):
    open_app(page, live_server.url)
    sign_up(page, live_server.url)
    text = page.locator("#sync").inner_text()
    assert "null" not in text.lower(), text
    assert page.locator("#sync-rejected").inner_text() == ""


def test_a_crash_with_nothing_logged_before_it_writes_no_null(phone, live_server):
    # The same trap one level down: a look-back with no entries before the crash.
    page = offline(phone, live_server.url)
    page.get_by_role("button", name="Crash").click()
    item = entry(page, "Episode (crash)")
    item.locator("summary", has_text="Logged in the").click()
    look_back = item.locator("details.look-back")
    look_back.locator("p.quiet").last.wait_for()
    assert "null" not in look_back.inner_text().lower(), look_back.inner_text()


# --- 2. a screen opens at its top ---------------------------------------------------


def scroll_y(page):
    return page.evaluate("() => window.scrollY")


def test_a_screen_opens_at_its_top_and_back_returns_to_where_the_person_was(phone, live_server):
    page = offline(phone, live_server.url, "#settings")
    page.evaluate("() => window.scrollTo(0, document.documentElement.scrollHeight)")
    poll(page, "() => window.scrollY > 800")
    down = scroll_y(page)
    tap_tab(page, "Today", "today")
    assert scroll_y(page) == 0
    page.get_by_role("heading", name="Today", exact=True).wait_for()
    tap_tab(page, "History", "history")
    assert scroll_y(page) == 0
    # Back, and back again: Settings where the person had left it.
    page.go_back()
    poll(page, "() => document.documentElement.dataset.route === 'today'")
    page.go_back()
    poll(page, "() => document.documentElement.dataset.route === 'settings'")
    poll(page, "(y) => Math.abs(window.scrollY - y) < 2", arg=down)


# --- 5. entries of the same minute in the order they were logged ---------------------


def test_entries_logged_in_the_same_minute_keep_the_order_they_were_logged(phone, live_server):
    context, page = phone
    page = offline(phone, live_server.url)
    page.get_by_role("button", name="Shower · 15 min").click()  # quick-add: 10:30:45
    entry(page, "Shower").wait_for()
    page.clock.set_fixed_time(datetime(2026, 11, 20, 10, 30, 58, tzinfo=UTC))
    # The form, the same minute: stored as 10:30 (the field has minutes only).
    add_entry(page, "Activity", {"What": "Phone call", "Minutes": "10"},
              {"Category": "Social", "Intensity": "Light"})
    entry(page, "Phone call").wait_for()
    day_entries = page.locator('section[aria-labelledby="entries-heading"] li.entry')
    names = day_entries.locator(".entry-text").all_inner_texts()
    assert [n.split("\n")[-1].split(" · ")[0] for n in names] == ["Shower", "Phone call"], names
    assert all(n.startswith("10:30") for n in names), names


# --- 6. the Undo toast belongs to its screen ----------------------------------------


CONTROLS_UNDER_TOAST = """() => {
    const toast = document.getElementById('toast');
    if (toast.hidden) return null;
    const t = toast.getBoundingClientRect();
    const under = [];
    const controls = 'a[href], button, input, select, textarea, summary';
    for (const el of document.querySelectorAll(controls)) {
        if (toast.contains(el) || !el.getClientRects().length) continue;
        const r = el.getBoundingClientRect();
        if (r.right > t.left && r.left < t.right && r.bottom > t.top && r.top < t.bottom) {
            under.push(el.textContent.trim() || el.id || el.tagName);
        }
    }
    return under;
}"""


def test_undo_stays_on_the_screen_it_was_made_on(phone, live_server):
    page = offline(phone, live_server.url)
    page.get_by_role("button", name="Shower · 15 min").click()
    toast = page.locator("#toast")
    toast.get_by_role("button", name="Undo").wait_for()
    tap_tab(page, "Settings", "settings")
    assert toast.is_hidden(), "the Undo followed the person to Settings"
    tap_tab(page, "Today", "today")
    assert toast.is_hidden()


def rect(page, selector):
    return page.evaluate("(s) => document.querySelector(s).getBoundingClientRect().toJSON()",
                         selector)


def overlap(a, b):
    return a["right"] > b["left"] and a["left"] < b["right"] and a["bottom"] > b["top"] \
        and a["top"] < b["bottom"]


@pytest.mark.parametrize("zoom", ["1", "2"])
def test_undo_covers_neither_the_control_used_nor_the_tabs_nor_the_end(phone, live_server, zoom):
    page = offline(phone, live_server.url)
    page.evaluate("(zoom) => { document.documentElement.style.zoom = zoom; }", zoom)  # 200 % text
    shower = page.get_by_role("button", name="Shower · 15 min")
    shower.click()
    page.locator("#toast").get_by_role("button", name="Undo").wait_for()
    toast = rect(page, "#toast")
    box = shower.bounding_box()
    tapped = {"left": box["x"], "top": box["y"], "right": box["x"] + box["width"],
              "bottom": box["y"] + box["height"]}
    assert not overlap(tapped, toast), "the Undo sits on the button just tapped"
    assert not overlap(rect(page, "#nav"), toast), "the Undo sits on the tabs"
    assert toast["left"] >= 0 and toast["right"] <= page.evaluate("() => innerWidth")
    # Scrolled to the end of the screen: every control clear of it.
    page.evaluate("() => window.scrollTo(0, document.documentElement.scrollHeight)")
    assert page.evaluate(CONTROLS_UNDER_TOAST) == []


# --- 7. ratios as percentages -------------------------------------------------------


def test_envelope_score_and_ratio_are_shown_as_percentages(phone, live_server, tmp_path):
    page = offline(phone, live_server.url)
    written = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    import_diary(page, tmp_path, [
        record("checkin-1", "checkin", {"date": TODAY, "energy": 4, "energy_used": 50,
                                        "energy_available": 40}, written),
        record("walk-1", "activity", {"started_at": "2026-11-20T09:00:00+00:00",
                                      "duration_min": 15, "category": "physical",
                                      "intensity": "moderate", "name": "Walk", "points": 5},
               written),
    ])
    go(page, "#today")
    card = page.locator("section.envelope")
    card.get_by_text("Envelope score (used / had): 125%").wait_for()
    card.get_by_text("Spent / budget: 5%").wait_for()
    go(page, "#insights/7")
    section = page.locator("#insight-envelope")
    section.locator("summary", has_text="Show as a table").click()
    row = section.locator("tr", has=page.locator("th", has_text="Friday 20 November"))
    assert row.locator("td").all_inner_texts()[:2] == ["5%", "125%"]


# --- 8. the CSV's time column -------------------------------------------------------


def test_csv_export_leaves_a_check_ins_time_empty(phone, live_server):
    page = offline(phone, live_server.url)
    page.get_by_role("button", name="Check in").click()
    page.get_by_label("Energy").get_by_role("radio", name="4", exact=True).click()
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Energy 4 of 10").wait_for()
    page.get_by_role("button", name="Shower · 15 min").click()
    entry(page, "Shower").wait_for()
    go(page, "#settings")
    with page.expect_download() as download:
        page.get_by_role("button", name="Export CSV").click()
    rows = list(csv.DictReader(io.StringIO(download.value.path().read_text(encoding="utf-8-sig"))))
    by_kind = {row["kind"]: row for row in rows}
    assert by_kind["checkin"]["day"] == TODAY
    assert by_kind["checkin"]["time"] == ""  # a check-in is of a day, not of a time
    assert by_kind["activity"]["time"] == "2026-11-20T10:30:45+00:00"


# --- 9. "synced" said once ----------------------------------------------------------


def test_settings_says_once_that_every_change_is_synced(page, live_server):
    open_app(page, live_server.url)
    sign_up(page, live_server.url)
    text = page.locator("#view").inner_text()
    assert text.count("Every change is synced.") == 1, text
    assert "not yet synced" not in text and "not synced yet" not in text, text
    assert dialog(page).count() == 0
