"""Sharing with a clinician in real Chromium against the real server: the "For my clinician"
mark on every entry form; a patient's invite (its scope, the code large and its QR code);
a clinician who redeems it and reads the diary, only what the scope allows, filtered; the
patient's list of who has access and the access log; a scope changed and a share ended,
each seen at the clinician's next request; and nothing of the patient left in the
clinician's browser storage."""

from __future__ import annotations

import pytest

from tests.browser.conftest import open_app, wait_ready
from tests.browser.diary import dialog, entry, live, read_records, start_offline

pytestmark = pytest.mark.browser

DAY = "2026-11-20"

# Each entry form: its Add button and what a valid new entry needs.
FLAG_KINDS = {
    "activity": ("Activity", {"What": "Walk", "Started": f"{DAY}T10:00", "Minutes": "20"},
                 {"Category": "Physical", "Intensity": "Light"}, "Walk"),
    "rest": ("Rest", {"Started": f"{DAY}T13:00", "Minutes": "45"}, {}, "Lying down · 45 min"),
    "dose": ("Dose", {"Substance": "LDN", "Amount": "1.5", "Taken": f"{DAY}T21:00"}, {}, "LDN"),
    "episode": ("Episode", {"Started": f"{DAY}T16:00"}, {}, "Episode (crash)"),
}


def fill(form, fields, choices):
    for label, value in fields.items():
        form.get_by_label(label, exact=True).fill(value)
    for group, option in choices.items():
        form.get_by_role("radiogroup", name=group).get_by_role(
            "radio", name=option, exact=True).check()


@pytest.mark.parametrize("kind", FLAG_KINDS)
def test_the_for_my_clinician_mark_saves_and_round_trips(page, context, live_server, kind):
    button, fields, choices, shows = FLAG_KINDS[kind]
    start_offline(page, context, live_server.url, f"#day/{DAY}")
    page.get_by_role("button", name=button, exact=True).click()
    form = dialog(page)
    flag = form.get_by_role("checkbox", name="For my clinician")
    assert not flag.is_checked()
    fill(form, fields, choices)
    flag.check()
    form.get_by_role("button", name="Save").click()
    entry(page, shows).wait_for()
    [record] = live(read_records(page), kind)
    assert record["data"]["for_clinician"] is True

    page.reload()
    wait_ready(page)
    entry(page, shows).get_by_role("button", name="Edit").click()
    flag = dialog(page).get_by_role("checkbox", name="For my clinician")
    assert flag.is_checked()  # drawn from the saved record
    flag.uncheck()
    dialog(page).get_by_role("button", name="Save").click()
    dialog(page).wait_for(state="detached")
    [edited] = live(read_records(page), kind)
    assert edited["data"].get("for_clinician") is None, edited["data"]  # unticked clears it
    changed = {f for f, s in edited["field_hlcs"].items() if s != record["field_hlcs"].get(f)}
    assert changed == {"for_clinician"}  # the edit stamped only the mark


def test_a_check_in_carries_the_mark_one_tap_away(page, context, live_server):
    start_offline(page, context, live_server.url, f"#day/{DAY}")
    page.get_by_role("button", name="Check in").click()
    page.get_by_label("Energy").get_by_role("radio", name="4", exact=True).click()
    page.get_by_role("button", name="More fields").click()
    page.get_by_role("checkbox", name="For my clinician").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Energy 4 of 10").wait_for()
    [checkin] = live(read_records(page), "checkin")
    assert checkin["data"] == {"date": DAY, "energy": 4, "for_clinician": True}


def test_the_mark_is_not_on_the_settings_form(page, live_server):
    open_app(page, live_server.url, "#settings")
    page.locator("#storage-state").wait_for()
    assert page.get_by_role("checkbox", name="For my clinician").count() == 0
