"""The snapshot, "how I feel now" (issue 12), in a real Chromium, offline, under the app's
own CSP: two taps from Today log one, any number a day beside the one check-in; symptoms
are optional in the same sheet and a refusal shows next to them; it shows on the day, in
History and in Insights' energy trend; it edits like any entry; export and import keep it."""

import csv
import io
import json
from datetime import UTC, datetime

import pytest

from tests.browser.conftest import open_app, wait_ready
from tests.browser.diary import dialog, entry, import_export, live, read_records, read_store
from tests.support import poll

pytestmark = pytest.mark.browser

DAY = "2026-11-20"


def at(hour: int, minute: int) -> datetime:
    return datetime(2026, 11, 20, hour, minute, tzinfo=UTC)


@pytest.fixture
def phone(browser, live_server):
    """A phone-size page in UTC at 08:10, the app installed, then the network cut."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, timezone_id="UTC",
                                  locale="en-GB", color_scheme="dark")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.clock.set_fixed_time(at(8, 10))
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    open_app(page, live_server.url)
    page.get_by_role("button", name="Start").click()  # the welcome
    context.set_offline(True)
    yield page, errors
    context.close()


def energy_tap(page, value: int):
    """The sheet's energy value: tapping it saves."""
    sheet = dialog(page)
    sheet.get_by_role("group", name="Energy now").get_by_role(
        "button", name=str(value), exact=True).click()


def rate(page, symptom: str, value: str):
    """One symptom's rating in the sheet (the check-in's control: one place to follow it)."""
    dialog(page).get_by_role("radiogroup", name=symptom, exact=True).get_by_role(
        "radio", name=value or "Not rated", exact=True).check()


def snapshots(page):
    return sorted(live(read_records(page), "snapshot"), key=lambda r: r["data"]["taken_at"])


def summary(page):
    return page.locator("#snapshot-summary").inner_text()


def wait_count(page, count: int):
    poll(page, f"""() => document.querySelectorAll('li.entry[data-kind="snapshot"]').length
                         === {count} && !document.querySelector('dialog[open]:not(.welcome)')""")


def test_two_taps_several_a_day_on_the_day_history_insights_and_back_from_an_export(
        phone, live_server, tmp_path):
    page, errors = phone
    assert "A quick reading of how you feel" in summary(page)

    # Two taps: "How I feel now", then the energy value. Saved, at once, offline.
    page.get_by_role("button", name="How I feel now").click()
    energy_tap(page, 3)
    page.locator("#toast").get_by_text("Saved: energy 3 now.").wait_for()
    wait_count(page, 1)
    [first] = snapshots(page)
    assert first["data"] == {"taken_at": "2026-11-20T08:10:00+00:00", "energy": 3}
    assert first["day"] == DAY
    [change] = [c for c in read_store(page, "outbox") if c["id"] == first["id"]]
    assert change["kind"] == "snapshot" and change["data"] == first["data"]  # queued for sync
    assert summary(page) == "Energy through the day: 8:10 · 3"

    # Later, with symptoms: one tap more shows them, rated before the energy tap that saves.
    # Four rated is one too many: said next to the symptoms, and nothing is saved.
    page.clock.set_fixed_time(at(14, 5))
    page.get_by_role("button", name="How I feel now").click()
    dialog(page).get_by_role("button", name="Add symptoms").click()
    # (Names of the starting list that no other wording changes.)
    for symptom, value in (("fatigue", "6"), ("headache", "4"), ("memory problems", "2"),
                           ("post-exertional malaise", "1")):
        rate(page, symptom, value)
    energy_tap(page, 5)
    error = dialog(page).locator('[data-error-for="symptoms"]')
    error.wait_for()
    assert error.inner_text() == "At most 3 items."
    assert len(snapshots(page)) == 1
    rate(page, "memory problems", "")
    rate(page, "post-exertional malaise", "")
    energy_tap(page, 5)
    wait_count(page, 2)

    # A third, and the day's one check-in, which stays one and is not a snapshot.
    page.clock.set_fixed_time(at(19, 30))
    page.get_by_role("button", name="How I feel now").click()
    energy_tap(page, 2)
    wait_count(page, 3)
    page.get_by_role("button", name="Check in").click()
    page.get_by_label("Energy", exact=True).get_by_role("radio", name="4", exact=True).click()
    page.get_by_role("button", name="Save").click()
    page.locator("#checkin-summary").get_by_text("Energy 4 of 10").wait_for()

    taken = snapshots(page)
    assert [(s["data"]["taken_at"][11:16], s["data"]["energy"], s["data"].get("symptoms"))
            for s in taken] == [("08:10", 3, None),
                                ("14:05", 5, {"fatigue": 6, "headache": 4}),
                                ("19:30", 2, None)]
    assert len(live(read_records(page), "checkin")) == 1
    assert summary(page) == "Energy through the day: 8:10 · 3, 14:05 · 5, 19:30 · 2"
    listed = page.locator('li.entry[data-kind="snapshot"]')
    assert [line.split("\n")[-1] for line in listed.locator(".entry-text").all_inner_texts()] == [
        "Snapshot · energy 3", "Snapshot · energy 5 · fatigue 6, headache 4",
        "Snapshot · energy 2"]

    # History: the day's snapshots, and a filter for them alone.
    page.get_by_role("link", name="History").click()
    day = page.locator(f"section.day-card[data-day='{DAY}']")
    day.wait_for()
    assert day.locator('li.entry[data-kind="snapshot"]').count() == 3
    assert day.locator('li.entry[data-kind="checkin"]').count() == 1
    page.get_by_label("Show").select_option(label="Snapshot")
    poll(page, "() => document.querySelectorAll('li.entry').length === 3")

    # Insights' energy trend: the check-in's daily 4 as before, the snapshots as dots.
    page.get_by_role("link", name="Insights").click()
    page.get_by_role("link", name="7 days").click()
    trends = page.locator("#insight-trends")
    trends.locator("canvas").first.wait_for()
    assert trends.locator("figcaption").inner_text() == (
        "Energy: 1 of 7 days logged. Dots: 3 snapshots through the day, on 1 days.")
    trends.get_by_text("Show as a table (1 days)").click()
    trends.locator("tbody tr").first.wait_for()
    assert trends.locator("thead th").all_inner_texts() == [
        "Date", "Energy", "Snapshots through the day"]
    assert trends.locator("tbody tr").first.inner_text().split("\t") == [
        "Friday 20 November", "4", "8:10 · 3, 14:05 · 5, 19:30 · 2"]
    # A symptom rated only in a snapshot has its trend too, a gap for the check-in.
    page.locator("#trend-pick").select_option(label="headache")
    trends.get_by_text("Show as a table (1 days)").click()
    trends.locator("tbody tr").first.wait_for()
    assert trends.locator("tbody tr").first.inner_text().split("\t") == [
        "Friday 20 November", "–", "14:05 · 4"]

    # Edited like any entry: the form shows its values; only what changed is stamped anew.
    page.get_by_role("link", name="Today").click()
    entry(page, "Snapshot · energy 5").get_by_role("button", name="Edit").click()
    form = dialog(page)
    energy = form.get_by_role("radiogroup", name="Energy now")
    assert energy.get_by_role("radio", checked=True).get_attribute("value") == "5"
    energy.get_by_role("radio", name="6", exact=True).click()
    form.get_by_role("button", name="Save").click()
    entry(page, "Snapshot · energy 6 · fatigue 6, headache 4").wait_for()
    edited = snapshots(page)[1]
    assert edited["id"] == taken[1]["id"]
    assert {f for f, s in edited["field_hlcs"].items() if s != taken[1]["field_hlcs"][f]} == {
        "energy"}
    before = read_records(page)

    # Export, JSON and CSV; everything deleted on this device; the JSON imported: the same.
    page.get_by_role("link", name="Settings").click()
    with page.expect_download() as json_download:
        page.get_by_role("button", name="Export JSON").click()
    exported = json.loads(json_download.value.path().read_text())
    assert sorted(r["data"]["energy"] for r in exported["records"] if r["kind"] == "snapshot") == [
        2, 3, 6]
    with page.expect_download() as csv_download:
        page.get_by_role("button", name="Export CSV").click()
    rows = list(csv.DictReader(io.StringIO(
        csv_download.value.path().read_text(encoding="utf-8-sig"))))
    shots = [row for row in rows if row["kind"] == "snapshot"]
    assert [(r["time"], r["energy"], r["symptoms"]) for r in shots] == [
        ("2026-11-20T08:10:00+00:00", "3", ""),
        ("2026-11-20T14:05:00+00:00", "6", "fatigue: 6; headache: 4"),
        ("2026-11-20T19:30:00+00:00", "2", "")]
    assert all(r["taken_at"] == r["time"] and r["day"] == DAY for r in shots)

    page.get_by_role("button", name="Delete all data on this device").click()
    with page.expect_navigation():
        dialog(page).get_by_role("button", name="Delete everything on this device").click()
    wait_ready(page)
    assert read_records(page) == []
    page.goto(live_server.url + "/#settings")
    wait_ready(page)
    result = import_export(page, tmp_path, exported)
    assert result.inner_text() == "Imported: 4 new, 0 updated, 0 already here."
    keys = ("id", "kind", "data", "deleted", "field_hlcs", "created_at", "updated_at")
    assert sorted(({k: r[k] for k in keys} for r in read_records(page)), key=lambda r: r["id"]) == (
        sorted(({k: r[k] for k in keys} for r in before), key=lambda r: r["id"]))
    page.get_by_role("link", name="Today").click()
    page.locator("#snapshot-summary").get_by_text(
        "Energy through the day: 8:10 · 3, 14:05 · 6, 19:30 · 2").wait_for()
    assert errors == []  # no CSP violation, no error


def test_a_past_day_adds_one_from_its_add_row_and_shows_it(phone, live_server):
    page, _ = phone
    page.goto(f"{live_server.url}/#day/2026-11-18")
    wait_ready(page)
    assert page.locator("#snapshot-card").count() == 0  # nothing that day: no card
    page.get_by_role("button", name="Snapshot", exact=True).click()
    form = dialog(page)
    form.get_by_label("When").fill("2026-11-18T07:45")
    form.get_by_role("button", name="Save").click()
    form.locator('[data-error-for="energy"]').get_by_text("This is needed.").wait_for()
    form.get_by_role("radiogroup", name="Energy now").get_by_role(
        "radio", name="1", exact=True).click()
    form.get_by_role("button", name="Save").click()
    page.locator("#snapshot-summary").get_by_text("Energy through the day: 7:45 · 1").wait_for()
    assert page.get_by_role("button", name="How I feel now").count() == 0  # "now" is today's
    [shot] = live(read_records(page), "snapshot")
    assert shot["day"] == "2026-11-18" and shot["data"]["energy"] == 1


def test_a_double_tap_saves_one_and_a_key_in_a_field_saves_none(phone):
    page, _ = phone
    page.get_by_role("button", name="How I feel now").click()
    dialog(page).get_by_role("button", name="Add symptoms").click()
    rating = dialog(page).get_by_role("radiogroup", name="fatigue", exact=True).get_by_role(
        "radio", name="5", exact=True)
    rating.check()
    rating.press("Enter")  # no energy was tapped: nothing saved, the sheet stays
    assert dialog(page).is_visible()
    assert live(read_records(page), "snapshot") == []
    dialog(page).get_by_role("group", name="Energy now").get_by_role(
        "button", name="7", exact=True).dblclick()
    wait_count(page, 1)
    page.locator("#toast").get_by_text("Saved: energy 7 now.").wait_for()
    [shot] = live(read_records(page), "snapshot")
    assert shot["data"]["energy"] == 7 and shot["data"]["symptoms"] == {"fatigue": 5}
    page.locator("#toast").get_by_role("button", name="Undo").click()  # Undo takes it back
    poll(page, "() => !document.querySelector('li.entry[data-kind=\"snapshot\"]')")
    assert live(read_records(page), "snapshot") == []
