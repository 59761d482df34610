"""The diary in real Chromium, offline: every kind, the day, history, doses, export."""

import csv
import io
import json
from datetime import UTC, datetime

import pytest

from tests.browser.conftest import wait_ready
from tests.browser.diary import (
    add_entry,
    choose,
    dialog,
    entry,
    live,
    read_records,
    start_offline,
)
from tests.support import poll

pytestmark = pytest.mark.browser

DAY = "2026-11-20"  # a past day: back-filling is the normal case

# Each kind: its Add button, the fields to fill, the radio choices, the text the
# entry then shows, a field to edit and the text after the edit.
KINDS = {
    "activity": dict(
        button="Activity",
        fields={"What": "Walk to the post box", "Started": f"{DAY}T10:00", "Minutes": "20"},
        choices={"Category": "Physical", "Intensity": "Moderate"},
        shows="Walk to the post box · Physical, moderate · 20 min · 6.7 points",
        edit=("Minutes", "30"),
        edited="30 min · 10 points",
        changed={"duration_min", "points"},
    ),
    "rest": dict(
        button="Rest",
        fields={"Started": f"{DAY}T13:00", "Minutes": "45"},
        choices={"Kind of rest": "Nap"},
        shows="Nap · 45 min",
        edit=("Minutes", "60"),
        edited="Nap · 60 min",
        changed={"duration_min"},
    ),
    "dose": dict(
        button="Dose",
        fields={"Substance": "LDN", "Amount": "1.5", "Taken": f"{DAY}T21:00"},
        choices={},
        shows="LDN 1.5 mg",
        edit=("Amount", "3"),
        edited="LDN 3 mg",
        changed={"amount"},
    ),
    "episode": dict(
        button="Episode",
        fields={"Started": f"{DAY}T16:00", "Ended": f"{DAY}T22:00"},
        choices={"Severity": "Severe"},
        shows="Episode (crash) · Severe",
        edit=("Note", "Light hurt"),
        edited="Episode (crash) · Severe",
        changed={"note"},
    ),
}


@pytest.mark.parametrize("kind", KINDS)
def test_create_edit_delete_undo_offline_and_after_reload(page, context, live_server, kind):
    spec = KINDS[kind]
    start_offline(page, context, live_server.url, f"#day/{DAY}")
    add_entry(page, spec["button"], spec["fields"], spec["choices"])
    entry(page, spec["shows"]).wait_for()

    page.reload()
    wait_ready(page)
    item = entry(page, spec["shows"])
    item.wait_for()
    [record] = live(read_records(page), kind)
    assert record["day"] == DAY

    item.get_by_role("button", name="Edit").click()
    field, value = spec["edit"]
    dialog(page).get_by_label(field, exact=True).fill(value)
    dialog(page).get_by_role("button", name="Save").click()
    entry(page, spec["edited"]).wait_for()
    [edited] = live(read_records(page), kind)
    assert edited["id"] == record["id"]
    # Only what the edit changed was stamped anew (an activity's points follow
    # its minutes, since the person never set them).
    changed = {f for f, s in edited["field_hlcs"].items() if s != record["field_hlcs"].get(f)}
    assert changed == spec["changed"]

    entry(page, spec["edited"]).get_by_role("button", name="Delete").click()
    page.get_by_text("Nothing logged for this day.").wait_for()
    assert live(read_records(page), kind) == []
    page.locator("#toast").get_by_role("button", name="Undo").click()
    entry(page, spec["edited"]).wait_for()
    page.reload()
    wait_ready(page)
    entry(page, spec["edited"]).wait_for()
    assert len(live(read_records(page), kind)) == 1


def test_dose_unit_and_effect_are_chosen_in_the_form(page, context, live_server):
    start_offline(page, context, live_server.url, f"#day/{DAY}")
    page.get_by_role("button", name="Dose", exact=True).click()
    form = dialog(page)
    form.get_by_label("Substance", exact=True).fill("Magnesium")
    form.get_by_label("Amount", exact=True).fill("2")
    form.get_by_label("Unit", exact=True).select_option("capsule")
    choose(form, "Effect", "Better")
    form.get_by_label("Side effects", exact=True).fill("sleepy, thirsty")
    form.get_by_role("button", name="Save").click()
    entry(page, "Magnesium 2 capsule · Better").wait_for()
    [dose] = live(read_records(page), "dose")
    assert dose["data"]["side_effects"] == ["sleepy", "thirsty"]
    assert dose["data"]["effect"] == 1 and dose["data"]["unit"] == "capsule"


def test_check_in_more_fields_one_tap_away(page, context, live_server):
    start_offline(page, context, live_server.url)
    page.get_by_role("button", name="Check in").click()
    page.get_by_label("Energy").get_by_role("radio", name="3", exact=True).click()
    page.get_by_role("button", name="More fields").click()
    page.get_by_role("radiogroup", name="Mood").get_by_role("radio", name="5", exact=True).check()
    page.get_by_label("Sleep (hours)").fill("6.5")
    page.get_by_label("Upright time (hours)").fill("3")
    page.get_by_role("radiogroup", name="fatigue", exact=True).get_by_role(
        "radio", name="7", exact=True).check()
    page.get_by_label("Bell disability scale").select_option("30")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Energy 3 of 10").wait_for()
    [checkin] = live(read_records(page), "checkin")
    assert checkin["data"]["mood"] == 5 and checkin["data"]["sleep_hours"] == 6.5
    assert checkin["data"]["symptoms"] == {"fatigue": 7}
    assert checkin["data"]["bell_score"] == 30
    page.get_by_text("Upright: 3 h").wait_for()


def test_an_open_check_in_stays_open_through_a_crash_logged_meanwhile(page, context,
                                                                       live_server):
    start_offline(page, context, live_server.url)
    page.get_by_role("button", name="Check in").click()
    page.get_by_label("Energy").get_by_role("radio", name="3", exact=True).click()
    page.get_by_role("button", name="More fields").click()
    page.get_by_label("Sleep (hours)").fill("6.5")
    page.get_by_role("button", name="Crash").click()  # saved at once, while choosing
    page.locator("#toast").get_by_text("Crash logged").wait_for()
    assert live(read_records(page), "episode")
    # Nothing chosen was folded away by the change; it all saves.
    assert page.get_by_label("Energy").get_by_role("radio", name="3", exact=True).is_checked()
    assert page.get_by_label("Sleep (hours)").input_value() == "6.5"
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Energy 3 of 10").wait_for()
    entry(page, "Episode (crash)").wait_for()  # redrawn once the check-in closed
    [checkin] = live(read_records(page), "checkin")
    assert checkin["data"]["energy"] == 3 and checkin["data"]["sleep_hours"] == 6.5


def test_crash_button_logs_at_once_and_undo_takes_it_back(page, context, live_server):
    start_offline(page, context, live_server.url)
    page.get_by_role("button", name="Crash").click()  # one tap, no confirmation
    entry(page, "Episode (crash)").wait_for()
    [episode] = live(read_records(page), "episode")
    assert set(episode["data"]) == {"started_at"}  # details can wait
    page.locator("#toast").get_by_role("button", name="Undo").click()
    page.get_by_text("Nothing logged for this day.").wait_for()
    assert live(read_records(page), "episode") == []


def test_envelope_figures_for_a_known_day(page, context, live_server):
    start_offline(page, context, live_server.url, f"#day/{DAY}")
    # Default rates: light 10, moderate 20, hard 40 points an hour; budget 100.
    add_entry(page, "Activity", {"What": "Cooking", "Started": f"{DAY}T09:00", "Minutes": "30"},
              {"Category": "Physical", "Intensity": "Moderate"})  # 10 points
    entry(page, "Cooking").wait_for()
    add_entry(page, "Activity", {"What": "Appointment", "Started": f"{DAY}T11:00", "Minutes": "60"},
              {"Category": "Social", "Intensity": "Hard"})  # 40 points
    entry(page, "Appointment").wait_for()
    add_entry(page, "Activity", {"What": "Emails", "Started": f"{DAY}T15:00", "Minutes": "10",
                                 "Points": "25"}, {"Category": "Cognitive"})  # given: 25
    entry(page, "Emails").wait_for()
    add_entry(page, "Rest", {"Started": f"{DAY}T16:00", "Minutes": "90"})  # rest adds nothing
    entry(page, "Lying down").wait_for()
    line = page.locator("#envelope-line")
    assert line.inner_text() == "Spent 75 of 100 points · 25 left"
    assert page.locator(".envelope").get_attribute("data-state") == "within"

    add_entry(page, "Activity", {"What": "Shower", "Started": f"{DAY}T18:00", "Minutes": "45"},
              {"Category": "Physical", "Intensity": "Moderate"})  # 15 points
    entry(page, "Shower").wait_for()
    assert line.inner_text() == "Spent 90 of 100 points · 10 left"
    assert page.locator(".envelope").get_attribute("data-state") == "near"

    add_entry(page, "Activity", {"What": "Visit", "Started": f"{DAY}T19:00", "Minutes": "30"},
              {"Category": "Social", "Intensity": "Moderate"})  # 10 points
    entry(page, "Visit").wait_for()
    assert line.inner_text() == "Spent 100 of 100 points · 0 left"
    add_entry(page, "Activity", {"What": "Call", "Started": f"{DAY}T20:00", "Minutes": "15"},
              {"Category": "Social", "Intensity": "Moderate"})  # 5 points
    entry(page, "Call").wait_for()
    assert line.inner_text() == "Spent 105 of 100 points · 5 over"
    assert page.locator(".envelope").get_attribute("data-state") == "over"
    # Neutral words only: nothing praises, warns or urges.
    text = page.locator(".envelope").inner_text().lower()
    for word in ("great", "well done", "warning", "too much", "you can still", "!"):
        assert word not in text


def test_quick_add_preset_is_one_tap_with_undo(page, context, live_server):
    start_offline(page, context, live_server.url)
    page.get_by_role("button", name="Shower · 15 min").click()
    entry(page, "Shower · Physical, moderate · 15 min · 5 points").wait_for()
    assert page.locator("#envelope-line").inner_text() == "Spent 5 of 100 points · 95 left"
    page.locator("#toast").get_by_role("button", name="Undo").click()
    page.get_by_text("Nothing logged for this day.").wait_for()


def test_heart_rate_marks_are_neutral_and_settings_show_estimates(page, context, live_server):
    start_offline(page, context, live_server.url, "#settings")
    page.get_by_label("Heart-rate threshold (bpm)").fill("100")
    page.get_by_label("Age", exact=True).fill("40")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Settings saved.").wait_for()
    estimates = page.locator("#hr-estimates")
    poll(page, "() => document.getElementById('hr-estimates').textContent.includes('= 99')")
    assert "Your own value: 100" in estimates.inner_text()
    page.get_by_text("beta blockers").wait_for()

    page.goto(live_server.url + f"/#day/{DAY}")
    wait_ready(page)
    add_entry(page, "Activity", {"What": "Stairs", "Started": f"{DAY}T10:00", "Minutes": "5",
                                 "Average heart rate (bpm)": "110"}, {"Category": "Physical"})
    add_entry(page, "Activity", {"What": "Reading", "Started": f"{DAY}T11:00", "Minutes": "30",
                                 "Average heart rate (bpm)": "80"}, {"Category": "Cognitive"})
    mark = entry(page, "Stairs").locator(".hr-mark")
    mark.wait_for()
    assert "above your threshold of 100 bpm" in mark.inner_text()
    assert entry(page, "Reading").locator(".hr-mark").count() == 0
    # Neutral, not an error: no alert role, not the error style.
    assert mark.get_attribute("role") is None
    assert "error" not in (mark.get_attribute("class") or "")


def test_dose_ladder_and_doses_waiting_for_an_effect(page, context, live_server):
    # "Waiting for an effect" means taken 2 h to 7 days before now: pin now, or the
    # doses below age out of it as the calendar moves on.
    page.clock.set_system_time(datetime(2026, 11, 26, 12, tzinfo=UTC))
    start_offline(page, context, live_server.url, "#day/2026-11-10")
    for day, amount in (("2026-11-10", "1.5"), ("2026-11-17", "3"), ("2026-11-24", "4.5")):
        page.goto(live_server.url + f"/#day/{day}")
        wait_ready(page)
        add_entry(page, "Dose", {"Substance": "LDN", "Amount": amount, "Taken": f"{day}T21:00"})
        entry(page, f"LDN {amount} mg").wait_for()
    page.get_by_role("link", name="Doses").click()
    page.get_by_role("link", name="LDN").click()
    rows = page.locator("table.ladder tbody tr")
    rows.first.wait_for()
    assert [r.locator("td").nth(1).inner_text() for r in rows.all()] == ["1.5 mg", "3 mg", "4.5 mg"]
    # The newest dose (within 7 days) waits quietly for a rating.
    waiting = page.locator("section.quiet-card")
    assert "LDN 4.5 mg" in waiting.inner_text()
    assert waiting.get_attribute("role") is None
    waiting.get_by_role("button", name="Better", exact=True).click()
    poll(page, "() => !document.querySelector('section.quiet-card')")
    assert rows.nth(2).locator("td").nth(2).inner_text() == "Better"


def test_low_energy_mode_keeps_crash_on_the_first_screen(page, context, live_server):
    start_offline(page, context, live_server.url)
    page.get_by_role("button", name="Low-energy mode").click()
    poll(page, "() => document.documentElement.dataset.route === 'crash'")
    crash = page.get_by_role("button", name="Crash")
    assert crash.is_visible()
    assert crash.bounding_box()["height"] >= 90  # huge
    assert not page.get_by_role("link", name="History").is_visible()  # few buttons
    crash.click()
    page.locator("#toast").get_by_text("Crash logged").wait_for()
    page.reload()
    wait_ready(page)
    assert page.evaluate("() => document.documentElement.dataset.mode") == "crash"  # remembered
    page.get_by_role("button", name="Leave low-energy mode").click()
    poll(page, "() => document.documentElement.dataset.route === 'today'")
    entry(page, "Episode (crash)").wait_for()


def test_history_filters_by_kind_and_substance(page, context, live_server):
    start_offline(page, context, live_server.url, "#day/2026-11-18")
    add_entry(page, "Dose", {"Substance": "LDN", "Amount": "1", "Taken": "2026-11-18T08:00"})
    add_entry(page, "Dose",
              {"Substance": "Vitamin D", "Amount": "1000", "Taken": "2026-11-18T09:00"})
    page.goto(live_server.url + "/#day/2026-11-19")
    wait_ready(page)
    add_entry(page, "Rest", {"Started": "2026-11-19T13:00", "Minutes": "30"})
    entry(page, "Lying down").wait_for()
    page.get_by_role("link", name="History").click()
    days = page.locator("section.day-card")
    days.first.wait_for()
    assert days.count() == 2
    page.get_by_label("Show").select_option("rest")
    poll(page, "() => document.querySelectorAll('section.day-card').length === 1")
    assert page.locator("li.entry").count() == 1
    page.get_by_label("Substance").select_option("LDN")
    poll(page, "() => document.querySelectorAll('li.entry').length === 1 && "
               "document.querySelector('li.entry').textContent.includes('LDN')")
    # Any day opens from history, to add to it.
    page.get_by_label("Substance").select_option("")
    page.get_by_label("Show").select_option("")
    page.locator("section.day-card[data-day='2026-11-18'] h2").get_by_role("link").click()
    poll(page, "() => location.hash === '#day/2026-11-18'")


def test_export_wipe_import_gives_the_same_records(page, context, live_server, tmp_path):
    start_offline(page, context, live_server.url, f"#day/{DAY}")
    page.get_by_role("button", name="Check in").click()
    page.get_by_label("Energy").get_by_role("radio", name="4", exact=True).click()
    page.get_by_role("button", name="Save").click()
    add_entry(page, "Dose",
              {"Substance": "LDN, \"low dose\"", "Amount": "1.5", "Taken": f"{DAY}T21:00"})
    add_entry(page, "Activity", {"What": "=cmd()", "Started": f"{DAY}T10:00", "Minutes": "20"},
              {"Category": "Physical"})
    entry(page, "=cmd()").wait_for()
    entry(page, "=cmd()").get_by_role("button", name="Delete").click()  # a tombstone too
    page.get_by_text("Nothing logged").count()
    before = read_records(page)

    page.goto(live_server.url + "/#settings")
    wait_ready(page)
    with page.expect_download() as json_download:
        page.get_by_role("button", name="Export JSON").click()
    exported = json.loads(json_download.value.path().read_text())
    assert exported["format"] == "envelope-export" and exported["version"] == 1
    assert {r["id"] for r in exported["records"]} == {r["id"] for r in before}

    with page.expect_download() as csv_download:
        page.get_by_role("button", name="Export CSV").click()
    text = csv_download.value.path().read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {row["kind"] for row in rows} == {"checkin", "dose"}  # deleted ones are left out
    dose_row = next(row for row in rows if row["kind"] == "dose")
    assert dose_row["substance"] == 'LDN, "low dose"' and dose_row["amount"] == "1.5"

    page.get_by_role("button", name="Delete all data on this device").click()
    with page.expect_navigation():
        dialog(page).get_by_role("button", name="Delete everything on this device").click()
    wait_ready(page)
    page.locator("#toast").get_by_text("All data on this device was deleted.").wait_for()
    assert read_records(page) == []

    page.goto(live_server.url + "/#settings")
    wait_ready(page)
    export_file = tmp_path / "export.json"
    export_file.write_text(json.dumps(exported))
    page.get_by_label("Import a JSON export").set_input_files(str(export_file))
    page.get_by_text("Imported: 3 new, 0 updated, 0 already here.").wait_for()
    after = read_records(page)
    keys = ("id", "kind", "data", "deleted", "field_hlcs", "created_at", "updated_at")
    assert sorted(({k: r[k] for k in keys} for r in after), key=lambda r: r["id"]) == sorted(
        ({k: r[k] for k in keys} for r in before), key=lambda r: r["id"])

    # The same file again: no duplicates, nothing changed.
    page.get_by_label("Import a JSON export").set_input_files(str(export_file))
    page.get_by_text("Imported: 0 new, 0 updated, 3 already here.").wait_for()
    assert len(read_records(page)) == len(before)


def test_import_refuses_files_that_are_not_ours_and_changes_nothing(page, context, live_server,
                                                                   tmp_path):
    start_offline(page, context, live_server.url)
    page.get_by_role("button", name="Crash").click()
    entry(page, "Episode (crash)").wait_for()
    before = read_records(page)
    page.goto(live_server.url + "/#settings")
    wait_ready(page)
    result = page.locator("#import-result")
    upload = page.get_by_label("Import a JSON export")

    csv_file = tmp_path / "diary.csv"
    csv_file.write_text("id,kind,day\r\nx,dose,2026-11-20\r\n")
    upload.set_input_files(str(csv_file))
    result.get_by_text("This file is not JSON, so it is not an Envelope export.").wait_for()

    other = tmp_path / "other.json"
    other.write_text(json.dumps({"entries": [{"energy": 3}]}))
    upload.set_input_files(str(other))
    result.get_by_text("This file is not an Envelope export.").wait_for()

    stamp = "2026-11-20T10:00:00.000Z-0000-0123456789abcdef"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "envelope-export", "version": 1,
                               "exported_at": "2026-11-20T10:00:00Z", "records": [{
        "id": "checkin-2026-11-20", "kind": "checkin", "deleted": False,
        "data": {"date": "2026-11-20", "energy": 11},
        "created_at": "2026-11-20T10:00:00Z", "updated_at": "2026-11-20T10:00:00Z",
        "field_hlcs": {"date": stamp, "energy": stamp}}]}))
    upload.set_input_files(str(bad))
    result.get_by_text(
        "Record 1 (checkin-2026-11-20): energy Use a number from 0 to 10.").wait_for()
    assert upload.get_attribute("aria-invalid") == "true"
    assert read_records(page) == before
