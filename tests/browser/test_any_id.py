"""Records with ids the app did not make: check-ins with a UUID, settings named otherwise.

Any id of the one form is accepted (the hardening issue's contract). When the app holds more
than one check-in record for a day, or more than one settings record, it shows one, their
fields merged by stamp, and an edit goes to the app's own id. Both ways such records arrive
are tested: an import, and a pull of what another client pushed.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from tests.browser.conftest import wait_ready
from tests.browser.diary import live, read_records, start_offline
from tests.browser.test_sync import DAY, api_call, sign_up, sync_now
from tests.sample_diary import record
from tests.support import poll

pytestmark = pytest.mark.browser

WATCH = "01a2374e-2e48-71fe-b772-edacede00001"  # a check-in id another client made
TABLET = "checkin-from-tablet"


def export_of(*records: dict) -> str:
    return json.dumps({"format": "envelope-export", "version": 1,
                       "exported_at": "2026-11-21T09:00:00+00:00", "records": list(records)})


def open_day(page, url):
    page.goto(f"{url}/#day/{DAY}")
    wait_ready(page)


def check_in(page, energy):
    page.get_by_role("button", name="Check in").click()
    page.get_by_label("Energy").get_by_role("radio", name=str(energy), exact=True).click()
    page.get_by_role("button", name="Save").click()
    page.locator("#checkin-summary").get_by_text(f"Energy {energy} of 10").wait_for()


def shown_checkin_note(page):
    """The note field of the day's check-in, as its form shows it."""
    page.get_by_role("button", name="Check in").click()
    page.get_by_role("button", name="More fields").click()
    note = page.locator("form.checkin-form").get_by_label("Note").input_value()
    page.locator("form.checkin-form").get_by_role("button", name="Cancel").click()
    return note


def history_checkins(page, url):
    page.goto(f"{url}/#history")
    wait_ready(page)
    card = page.locator(f"section.day-card[data-day='{DAY}']")
    card.wait_for()
    return card.locator("li.entry[data-kind='checkin']")


def test_imported_check_ins_of_one_day_show_as_one_and_edits_go_to_the_apps_own(
        page, context, live_server, tmp_path):
    start_offline(page, context, live_server.url)
    written = datetime(2026, 11, 20, 20, 0, tzinfo=UTC)
    watch = record(WATCH, "checkin", {"date": DAY, "energy": 2, "note": "from the watch"},
                   written)
    tablet = record(TABLET, "checkin", {"date": DAY, "energy": 5}, written + timedelta(hours=1))
    prefs = record("prefs-1", "settings", {"daily_budget_points": 40}, written)
    path = tmp_path / "other-client.json"
    path.write_text(export_of(watch, tablet, prefs))
    page.goto(live_server.url + "/#settings")
    wait_ready(page)
    page.get_by_label("Import a JSON export").set_input_files(str(path))
    page.locator("#import-result").get_by_text("Imported").wait_for()
    # Settings named otherwise are the settings ("Imported" shows before the redraw).
    poll(page, "() => document.getElementById('settings-daily_budget_points').value === '40'")

    open_day(page, live_server.url)
    # One check-in: the tablet's energy is the newer, the watch's note the only one.
    summary = page.locator("#checkin-summary")
    assert summary.inner_text() == "Energy 5 of 10"
    assert shown_checkin_note(page) == "from the watch"
    assert page.locator("li.entry[data-kind='checkin']").count() == 0  # not as an entry too
    assert history_checkins(page, live_server.url).count() == 1

    # An edit goes to the app's own record, checkin-<day>, made with the date it needs.
    open_day(page, live_server.url)
    check_in(page, 3)
    records = {r["id"]: r for r in live(read_records(page))}
    assert records[f"checkin-{DAY}"]["data"] == {"date": DAY, "energy": 3}
    assert records[WATCH]["data"] == watch["data"] and records[TABLET]["data"] == tablet["data"]
    assert shown_checkin_note(page) == "from the watch"

    # The settings form saves to "settings" and leaves the other record be.
    page.goto(live_server.url + "/#settings")
    wait_ready(page)
    page.get_by_label("Daily budget (points)").fill("50")
    page.locator("form.settings-form").get_by_role("button", name="Save").click()
    page.locator("#toast").get_by_text("Settings saved.").wait_for()
    records = {r["id"]: r for r in live(read_records(page))}
    assert records["settings"]["data"] == {"daily_budget_points": 50}
    assert records["prefs-1"]["data"] == {"daily_budget_points": 40}

    # Deleting the day's check-in deletes all of it; Undo brings all of it back.
    items = history_checkins(page, live_server.url)
    items.get_by_role("button", name="Delete").click()
    poll(page, f"""() => !document.querySelector("section.day-card[data-day='{DAY}'] "
                    + "li.entry[data-kind='checkin']")""")
    assert not live(read_records(page), "checkin")
    page.locator("#toast").get_by_role("button", name="Undo").click()
    poll(page, f"""() => document.querySelectorAll("section.day-card[data-day='{DAY}'] "
                    + "li.entry[data-kind='checkin']").length === 1""")
    assert {r["id"] for r in live(read_records(page), "checkin")} == {
        f"checkin-{DAY}", WATCH, TABLET}


def push_from_another_client(page, changes):
    """Push as another client of the same account would, with this device's session."""
    return api_call(page, "POST", "/sync/push", {
        "protocol": 1, "device_id": "fedcba9876543210", "changes": changes})["results"]


def test_pulled_check_ins_of_one_day_show_as_one(page, live_server):
    page.goto(live_server.url + "/")
    wait_ready(page)
    sign_up(page, live_server.url, f"any-id-{uuid.uuid4().hex[:8]}@example.org")
    open_day(page, live_server.url)
    check_in(page, 4)
    # Another client's check-in of the same day, with a UUID id and newer stamps: its
    # energy wins, and its note is the only one.
    moment = datetime.now(UTC)
    hlc = f"{moment:%Y-%m-%dT%H:%M:%S}.{moment.microsecond // 1000:03d}Z-0000-fedcba9876543210"
    results = push_from_another_client(page, [
        {"id": WATCH, "kind": "checkin", "hlc": hlc, "deleted": False,
         "data": {"date": DAY, "energy": 6, "note": "from the watch"}},
        {"id": "prefs-watch", "kind": "settings", "hlc": hlc, "deleted": False,
         "data": {"daily_budget_points": 35}},
    ])
    assert [r["status"] for r in results] == ["applied", "applied"]
    page.goto(live_server.url + "/#settings")
    wait_ready(page)
    page.locator("#sync-state").wait_for()
    sync_now(page)
    assert page.get_by_label("Daily budget (points)").input_value() == "35"
    open_day(page, live_server.url)
    assert page.locator("#checkin-summary").inner_text() == "Energy 6 of 10"
    assert shown_checkin_note(page) == "from the watch"
    assert history_checkins(page, live_server.url).count() == 1
    records = {r["id"]: r for r in live(read_records(page), "checkin")}
    assert set(records) == {f"checkin-{DAY}", WATCH}
    assert records[f"checkin-{DAY}"]["data"] == {"date": DAY, "energy": 4}
