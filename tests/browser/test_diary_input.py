"""Bad input in every form: a clear message next to the field, and nothing saved."""

import json
from datetime import date

import pytest

from tests.browser.conftest import wait_ready
from tests.browser.diary import dialog, live, read_records, start_offline
from tests.sample_diary import BUDGET, sample_export
from tests.support import poll

pytestmark = pytest.mark.browser

DAY = "2026-11-20"

# kind button, fields to fill, the field whose error must show, and its message
BAD = {
    "activity: zero minutes": ("Activity",
                               {"What": "Walk", "Started": f"{DAY}T10:00", "Minutes": "0"},
                               "Minutes", "Use a number from 1 to 1440."),
    "activity: no name": ("Activity", {"Started": f"{DAY}T10:00", "Minutes": "10"}, "What",
                          "This is needed."),
    "rest: no minutes": ("Rest", {"Started": f"{DAY}T10:00"}, "Minutes", "This is needed."),
    "dose: negative amount": ("Dose", {"Substance": "LDN", "Amount": "-1", "Taken": f"{DAY}T08:00"},
                              "Amount", "Use a number above 0 and at most 100000."),
    "dose: days in the future": ("Dose", {"Substance": "LDN", "Amount": "1",
                                          "Taken": "2099-01-01T08:00"},
                                 "Taken", "This is more than a day in the future."),
    "dose: 5001-character note": ("Dose", {"Substance": "LDN", "Amount": "1",
                                           "Taken": f"{DAY}T08:00", "Note": "x" * 5001},
                                  "Note", "Use 0 to 5000 characters."),
    "episode: end before start": ("Episode", {"Started": f"{DAY}T16:00", "Ended": f"{DAY}T15:00"},
                                  "Ended", "The end is before the start."),
}


@pytest.mark.parametrize("case", BAD)
def test_bad_input_is_named_next_to_its_field_and_nothing_is_saved(page, context, live_server,
                                                                    case):
    button, fields, field, message = BAD[case]
    start_offline(page, context, live_server.url, f"#day/{DAY}")
    page.get_by_role("button", name=button, exact=True).click()
    form = dialog(page)
    for label, value in fields.items():
        form.get_by_label(label, exact=True).fill(value)
    form.get_by_role("button", name="Save").click()
    control = form.get_by_label(field, exact=True)
    error_id = control.get_attribute("aria-describedby").split()[-1]
    error = form.locator(f"#{error_id}")
    error.wait_for()
    assert error.inner_text() == message
    assert control.get_attribute("aria-invalid") == "true"
    assert form.is_visible()  # the form stays open with what was typed
    assert live(read_records(page)) == []
    assert page.evaluate("""() => new Promise((resolve) => {
        const open = indexedDB.open('envelope');
        open.onsuccess = () => {
            const c = open.result.transaction('outbox').objectStore('outbox').count();
            c.onsuccess = () => { open.result.close(); resolve(c.result); };
        };
    })""") == 0


def test_check_in_extra_field_out_of_range(page, context, live_server):
    start_offline(page, context, live_server.url)
    page.get_by_role("button", name="Check in").click()
    page.get_by_role("button", name="More fields").click()
    page.get_by_label("Sleep (hours)").fill("25")
    page.get_by_role("button", name="Save").click()
    error = page.locator("[data-error-for='sleep_hours']")
    error.wait_for()
    assert error.inner_text() == "Use a number from 0 to 24."
    assert live(read_records(page)) == []


def test_settings_refuse_a_zero_budget_and_keep_the_old_one(page, context, live_server):
    start_offline(page, context, live_server.url, "#settings")
    budget = page.get_by_label("Daily budget (points)")
    renders = "() => performance.getEntriesByName('envelope-route:settings').length"
    before = page.evaluate(renders)
    budget.fill("80")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Settings saved.").wait_for()
    # The save redraws settings and says so once that is done: the button just
    # used keeps the focus, and typing at once lands in the form that stays,
    # with the cursor still in the field.
    assert page.evaluate(f"({renders})()") > before
    assert page.evaluate("document.activeElement.textContent") == "Save"
    budget.fill("0")
    assert budget.input_value() == "0"
    assert page.evaluate("document.activeElement.id") == "settings-daily_budget_points"
    page.get_by_role("button", name="Save").click()
    error = page.locator("[data-error-for='daily_budget_points']")
    error.wait_for()
    assert error.inner_text() == "Use a number from 1 to 1000."
    [settings] = live(read_records(page), "settings")
    assert settings["data"] == {"daily_budget_points": 80}  # defaults never become a record
    page.goto(live_server.url + "/#today")
    wait_ready(page)
    poll(page, "() => document.getElementById('envelope-line')"
               "?.textContent.includes('of 80 points')")


def test_typing_in_settings_survives_a_change_saved_meanwhile(page, context, live_server,
                                                              tmp_path):
    start_offline(page, context, live_server.url, "#settings")
    symptoms = page.get_by_label("Symptoms you track")
    symptoms.fill("fatigue\nbrain fog")  # typed, not saved
    page.get_by_role("radiogroup", name="Theme").get_by_role("radio", name="Dim").check()
    # Records saved meanwhile (here an import; a sync or another tab alike)
    # redraw the screen, settings included (the import sets a budget of 40).
    export = tmp_path / "diary.json"
    export.write_text(json.dumps(sample_export(date(2026, 11, 20), 2)))
    page.get_by_label("Import a JSON export").set_input_files(str(export))
    page.locator("#import-result").get_by_text("Imported").wait_for()
    # "Imported" shows before the redraw, and other redraws (the hash change,
    # sync starting) also mark the route: wait for the one that shows the import.
    # What the person had not touched shows what was saved.
    poll(page, "() => document.getElementById('settings-daily_budget_points').value"
               f" === '{BUDGET}'")
    assert symptoms.input_value() == "fatigue\nbrain fog"
    assert page.get_by_role("radio", name="Dim").is_checked()


def test_undoing_a_settings_save_shows_the_value_before(page, context, live_server):
    start_offline(page, context, live_server.url, "#settings")
    renders = "() => performance.getEntriesByName('envelope-route:settings').length"
    budget = page.get_by_label("Daily budget (points)")
    default = budget.input_value()
    budget.fill("80.0")  # saved as 80: the field's text and the record's differ
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Settings saved.").wait_for()
    poll(page, "() => document.getElementById('settings-daily_budget_points').value === '80'")
    before = page.evaluate(renders)
    page.locator("#toast").get_by_role("button", name="Undo").click()
    poll(page, f"() => ({renders})() > {before}")
    assert budget.input_value() == default


def test_settings_presets_and_symptoms_are_the_persons_own(page, context, live_server):
    start_offline(page, context, live_server.url, "#settings")
    page.get_by_label("Quick-add activities").fill(
        "Bath, physical, hard, 20\nMusic, sensory, light, 30, 2")
    page.get_by_label("Symptoms you track").fill("fatigue\nsore throat")
    page.get_by_role("radiogroup", name="Theme").get_by_role("radio", name="Dim").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Settings saved.").wait_for()
    assert page.evaluate("() => document.documentElement.dataset.theme") == "dim"
    page.goto(live_server.url + "/#today")
    wait_ready(page)
    page.get_by_role("button", name="Music · 30 min").click()
    page.locator("li.entry").filter(has_text="Music").filter(has_text="2 points").wait_for()
    page.get_by_role("button", name="Check in").click()
    page.get_by_role("button", name="More fields").click()
    page.get_by_label("sore throat", exact=True).wait_for()

    page.goto(live_server.url + "/#settings")
    wait_ready(page)
    page.get_by_label("Quick-add activities").fill("Bath, swimming, hard, 20")
    page.get_by_role("button", name="Save").click()
    error = page.locator("[data-error-for='activity_presets']")
    error.wait_for()
    assert error.inner_text() == "Choose one of the options."
