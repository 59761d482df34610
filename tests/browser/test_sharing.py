"""Sharing with a clinician in real Chromium against the real server: the "For my clinician"
mark on every entry form; a patient's invite (its scope, the code large and its QR code);
a clinician who redeems it and reads the diary, only what the scope allows, filtered; the
patient's list of who has access and the access log; a scope changed and a share ended,
each seen at the clinician's next request; and nothing of the patient left in the
clinician's browser storage."""

from __future__ import annotations

import json
import re
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from tests.browser.conftest import open_app, wait_ready
from tests.browser.diary import add_entry, dialog, entry, live, read_records, start_offline
from tests.browser.test_sync import PASSWORD, api_call, settings, sync_now, synced
from tests.support import poll

pytestmark = pytest.mark.browser

DAY = "2026-11-20"
DAY2 = "2026-11-22"
CODE = re.compile(r"^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$")

# Each entry form: its Add button and what a valid new entry needs.
FLAG_KINDS = {
    "activity": ("Activity", {"What": "Walk", "Started": f"{DAY}T10:00", "Minutes": "20"},
                 {"Category": "Physical", "Intensity": "Light"}, "Walk"),
    "rest": ("Rest", {"Started": f"{DAY}T13:00", "Minutes": "45"}, {}, "Lying down · 45 min"),
    "dose": ("Dose", {"Substance": "LDN", "Amount": "1.5", "Taken": f"{DAY}T21:00"}, {}, "LDN"),
    "episode": ("Episode", {"Started": f"{DAY}T16:00"}, {}, "Episode (crash)"),
    "snapshot": ("Snapshot", {"When": f"{DAY}T11:00"}, {"Energy now": "3"},
                 "Snapshot · energy 3"),
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


# --------------------------------------------------------------------------- the whole flow


def sign_up(page, url, email, name, clinician=False):
    settings(page, url)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Your name").fill(name)
    if clinician:
        page.get_by_role("checkbox", name="I’m a clinician").check()
    page.get_by_role("button", name="Create account").click()


def new_context(browser, **size):
    context = browser.new_context(viewport=size or {"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def diary_texts(page):
    """What the clinician's diary shows: (kind, text) of each entry, in order."""
    page.locator("#patient-count").wait_for()
    return page.evaluate("""() => [...document.querySelectorAll('#patient-days li.entry')]
        .map((li) => [li.dataset.kind, li.dataset.id, li.textContent])""")


def shows_count(page, count, query=""):
    """Wait until the diary shows the answer to `query` ('?kind=dose'), `count` entries."""
    poll(page, """([n, query]) => {
        const days = document.getElementById('patient-days');
        return days?.dataset.query === query &&
            document.getElementById('patient-count')?.textContent === `Entries shown: ${n}`;
    }""", arg=[count, query])


def everything_stored(page):
    """Every IndexedDB store of every database, localStorage, sessionStorage and Cache
    Storage (each cached request's URL and body), as one text."""
    return page.evaluate("""async () => {
        const out = [];
        for (const { name } of await indexedDB.databases()) {
            const db = await new Promise((resolve, reject) => {
                const open = indexedDB.open(name);
                open.onsuccess = () => resolve(open.result);
                open.onerror = () => reject(open.error);
            });
            for (const store of db.objectStoreNames) {
                const rows = await new Promise((resolve) => {
                    const get = db.transaction(store).objectStore(store).getAll();
                    get.onsuccess = () => resolve(get.result);
                });
                const keys = await new Promise((resolve) => {
                    const get = db.transaction(store).objectStore(store).getAllKeys();
                    get.onsuccess = () => resolve(get.result);
                });
                out.push(JSON.stringify({ name, store, rows, keys }));
            }
            db.close();
        }
        for (const storage of [localStorage, sessionStorage]) {
            for (let i = 0; i < storage.length; i += 1) {
                out.push(storage.key(i), storage.getItem(storage.key(i)));
            }
        }
        for (const cacheName of await caches.keys()) {
            const cache = await caches.open(cacheName);
            for (const request of await cache.keys()) {
                out.push(request.url);
                const response = await cache.match(request);
                out.push(await response.clone().text());
            }
        }
        return out.join('\\n');
    }""")


def open_report(clinician, tag, first, last):
    """From the patient's diary, their report for first..last (each period a new fetch)."""
    clinician.get_by_role("link", name=f"Report: Pat {tag}").click()
    clinician.locator("#patient-report #report-heading").wait_for()
    clinician.locator("#report-from").fill(first)
    clinician.locator("#report-to").fill(last)
    clinician.get_by_role("button", name="Show this period").click()
    days = (date.fromisoformat(last) - date.fromisoformat(first)).days + 1
    poll(clinician, """(days) => document.querySelector('#patient-report [data-figure="period"]')
        ?.textContent.includes(`${days} days`)""", arg=days)


def test_a_patient_shares_a_clinician_reads_and_the_patient_ends_it(browser, live_server):
    url = live_server.url
    tag = uuid.uuid4().hex[:8]
    notes = {name: f"{name} note {tag}" for name in ("checkin", "walk", "dose", "crash")}
    patient_ctx, patient = new_context(browser)
    clinician_ctx, clinician = new_context(browser, width=1280, height=900)
    api_calls = []
    clinician.on("request", lambda r: api_calls.append(r.url) if "/api/" in r.url else None)
    try:
        # The patient logs a few days, marks two entries for the clinician, and syncs.
        open_app(patient, url, f"#day/{DAY}")
        patient.get_by_role("button", name="Check in").click()
        patient.get_by_label("Energy").get_by_role("radio", name="4", exact=True).click()
        patient.get_by_role("button", name="More fields").click()
        patient.get_by_label("Note", exact=True).fill(notes["checkin"])
        patient.get_by_role("checkbox", name="For my clinician").check()
        patient.get_by_role("button", name="Save").click()
        patient.get_by_text("Energy 4 of 10").wait_for()
        patient.get_by_role("button", name="Dose", exact=True).click()
        form = dialog(patient)
        fill(form, {"Substance": "LDN", "Amount": "1.5", "Taken": f"{DAY}T21:00",
                    "Note": notes["dose"]}, {})
        form.get_by_role("checkbox", name="For my clinician").check()
        form.get_by_role("button", name="Save").click()
        entry(patient, "LDN").wait_for()
        patient.goto(f"{url}/#day/{DAY2}")
        wait_ready(patient)
        add_entry(patient, "Activity", {"What": "Walk", "Started": f"{DAY2}T10:00",
                                        "Minutes": "20", "Note": notes["walk"]},
                  {"Category": "Physical", "Intensity": "Light"})
        entry(patient, "Walk").wait_for()
        add_entry(patient, "Episode", {"Started": f"{DAY2}T16:00", "Note": notes["crash"]})
        entry(patient, "Episode (crash)").wait_for()
        records = live(read_records(patient))
        ids = {r["kind"]: r["id"] for r in records}
        assert set(ids) == {"checkin", "dose", "activity", "episode"}
        sign_up(patient, url, f"patient-{tag}@example.org", f"Pat {tag}")
        patient.get_by_text(f"Signed in as patient-{tag}@example.org.").wait_for()
        synced(patient)

        # An invite with a narrowed scope: no episodes, only marked notes.
        share = patient.locator("#share")
        share.get_by_role("heading", name="Share with a clinician").wait_for()
        for kind in ("Episode", "Rest", "Questionnaire"):
            share.get_by_role("checkbox", name=kind, exact=True).uncheck()
        share.get_by_role("radiogroup", name="Notes").get_by_role(
            "radio", name="Only notes of entries marked “For my clinician”").check()
        share.get_by_role("button", name="Make an invite code").click()
        code_el = patient.locator("#share-code")
        code_el.wait_for()
        code = code_el.get_attribute("data-code")
        assert CODE.match(code), code
        groups = code_el.locator(".share-code-group").all_inner_texts()
        assert groups == code.split("-")  # large, in groups
        spoken = ", ".join(" ".join(group) for group in groups)  # "7 K Q M, 4 X R T, ..."
        assert f"character by character: {spoken}" in code_el.text_content()
        patient.get_by_role("img", name="QR code of the invite").wait_for()
        assert patient.locator("#share-invite svg.qr path").get_attribute("d")
        assert "until" in patient.locator("#share-invite").inner_text()

        # The clinician signs up as one: the app is the clinician's view, and it never syncs.
        open_app(clinician, url)
        sign_up(clinician, url, f"clinician-{tag}@example.org", f"Dr Lee {tag}", clinician=True)
        clinician.get_by_role("heading", name="Add a patient").wait_for()
        assert clinician.evaluate("location.hash") == "#patients"
        nav = clinician.get_by_role("navigation")
        assert nav.get_by_role("link").all_inner_texts() == ["Patients", "Settings"]
        clinician.get_by_role("link", name="Settings").click()
        clinician.get_by_text(f"Signed in as a clinician: clinician-{tag}@example.org.").wait_for()
        clinician.get_by_role("link", name="Patients").click()

        # A wrong code, and a code that cannot be one, are said next to the field.
        field = clinician.get_by_label("Invite code from your patient")
        error = clinician.locator("#redeem-code-error")
        field.fill("abc")
        clinician.get_by_role("button", name="Add patient").click()
        error.get_by_text("A code is 12 letters and numbers").wait_for()
        field.fill("2345-6789-ABCD" if code != "2345-6789-ABCD" else "3456-789A-BCDE")
        clinician.get_by_role("button", name="Add patient").click()
        error.get_by_text("No invite has this code.").wait_for()
        assert field.get_attribute("aria-invalid") == "true"

        # The right code, typed the forgiving way, adds the patient.
        field.fill(code.lower().replace("-", " "))
        clinician.get_by_role("button", name="Add patient").click()
        patient_item = clinician.locator("#patients-list li").filter(has_text=f"Pat {tag}")
        patient_item.wait_for()
        assert error.is_hidden()
        patient_item.get_by_role("link", name=f"Open the diary of Pat {tag}").click()
        clinician.get_by_role("heading", name=f"Diary of Pat {tag}").wait_for()
        shown = diary_texts(clinician)
        assert sorted(k for k, _, _ in shown) == ["activity", "checkin", "dose"]  # no episode
        text = " ".join(t for _, _, t in shown)
        assert notes["checkin"] in text and notes["dose"] in text  # marked
        assert notes["walk"] not in text  # not marked: its note is not shared
        days = clinician.locator("#patient-days section.day-card")
        assert [days.nth(i).get_attribute("data-day") for i in range(days.count())] == [DAY2, DAY]
        assert clinician.locator("#patient-days").get_by_role("button").count() == 0  # read-only
        assert clinician.locator("#patient-days input, #patient-days textarea").count() == 0

        # Filters: one kind, then a date range.
        clinician.get_by_label("Kind", exact=True).select_option(label="Dose")
        clinician.get_by_role("button", name="Show").click()
        shows_count(clinician, 1, "?kind=dose")
        assert [k for k, _, _ in diary_texts(clinician)] == ["dose"]
        clinician.get_by_label("Kind", exact=True).select_option(value="")
        clinician.get_by_label("From", exact=True).fill(DAY2)
        clinician.get_by_label("To", exact=True).fill(DAY2)
        clinician.get_by_role("button", name="Show").click()
        shows_count(clinician, 1, f"?from={DAY2}&to={DAY2}")
        assert [k for k, _, _ in diary_texts(clinician)] == ["activity"]

        # The report follows the scope too: the crash of DAY2 is not shared, so none shows.
        open_report(clinician, tag, DAY, DAY2)
        report = clinician.locator("#patient-report")
        assert "No crashes logged in this period." in report.locator("#report-crashes").inner_text()
        marked = report.locator("#report-notes").inner_text()
        assert notes["checkin"] in marked and notes["dose"] in marked
        clinician.get_by_role("link", name=f"Diary of Pat {tag}").click()
        shows_count(clinician, 1, f"?from={DAY2}&to={DAY2}")  # the diary's filter kept

        # The patient sees who has access and who looked (read again when Settings opens).
        patient.reload()
        wait_ready(patient)
        access = patient.locator("#share-access li").filter(has_text=f"Dr Lee {tag}")
        access.wait_for()
        assert "Covers: Check-in, Activity, Dose, Snapshot, Settings." in access.inner_text()
        log = patient.locator("#share-log li")
        log.first.wait_for()
        log_text = patient.locator("#share-log").inner_text()
        assert f"Dr Lee {tag} read" in log_text
        assert "Dose from the start to now" in log_text
        assert log.count() >= 3

        # The patient widens the scope; the clinician's next load shows it at once.
        access.get_by_text(f"Change what Dr Lee {tag} sees").click()
        access.get_by_role("checkbox", name="Episode", exact=True).check()
        access.get_by_role("radiogroup", name="Notes").get_by_role(
            "radio", name="All notes").check()
        access.get_by_role("button", name=f"Save what Dr Lee {tag} sees").click()
        patient.locator("#share-access li").filter(has_text="Episode").wait_for()
        clinician.get_by_label("From", exact=True).fill("")
        clinician.get_by_label("To", exact=True).fill("")
        clinician.get_by_role("button", name="Show").click()
        shows_count(clinician, 4)
        text = " ".join(t for _, _, t in diary_texts(clinician))
        assert notes["walk"] in text and notes["crash"] in text
        open_report(clinician, tag, DAY, DAY2)  # and the report now has the crash
        assert clinician.locator("#report-crashes tbody tr").count() == 1
        clinician.get_by_role("link", name=f"Diary of Pat {tag}").click()
        shows_count(clinician, 4)

        # The patient ends it; the clinician's next request says so and forgets the patient.
        patient.locator("#share-access li").filter(has_text=f"Dr Lee {tag}").get_by_role(
            "button", name=f"End sharing with Dr Lee {tag}").click()
        patient.get_by_role("dialog").get_by_role("button", name="End sharing").click()
        patient.get_by_text(f"Sharing with Dr Lee {tag} has ended.").wait_for()
        patient.get_by_text("Nobody has access.").wait_for()
        clinician.get_by_role("button", name="Show").click()
        clinician.get_by_role("heading", name="This share has ended.").wait_for()
        clinician.get_by_role("link", name="Back to patients").click()
        clinician.get_by_text("No patients share with you yet.").wait_for()

        # Nothing of the patient was ever kept in the clinician's browser storage.
        stored = everything_stored(clinician)
        for record in records:
            assert record["id"] not in stored
        for note in notes.values():
            assert note not in stored
        assert f"Pat {tag}" not in stored
        assert not [u for u in api_calls if "/sync/" in u]  # a clinician never syncs
    finally:
        patient_ctx.close()
        clinician_ctx.close()


def test_the_qr_address_redeems_the_code_on_a_clinicians_device(browser, live_server):
    url = live_server.url
    tag = uuid.uuid4().hex[:8]
    patient_ctx, patient = new_context(browser)
    clinician_ctx, clinician = new_context(browser)
    try:
        open_app(patient, url)
        sign_up(patient, url, f"qr-patient-{tag}@example.org", f"Sam {tag}")
        patient.get_by_role("button", name="Make an invite code").click()
        code = patient.locator("#share-code").get_attribute("data-code")
        open_app(clinician, url)
        sign_up(clinician, url, f"qr-clinician-{tag}@example.org", f"Dr Qr {tag}", clinician=True)
        clinician.get_by_role("heading", name="Add a patient").wait_for()
        clinician.goto(f"{url}/#patients/redeem/{code}")
        clinician.locator("#patients-list li").filter(has_text=f"Sam {tag}").wait_for()
        assert clinician.evaluate("location.hash") == "#patients"
        # Used once: the same address again says so next to the field.
        clinician.goto(f"{url}/#patients/redeem/{code}")
        clinician.locator("#redeem-code-error").get_by_text("already used").wait_for()
    finally:
        patient_ctx.close()
        clinician_ctx.close()


def test_the_clinician_opens_the_patients_report(browser, live_server):
    url = live_server.url
    old_day = (date.today() - timedelta(days=60)).isoformat()  # before the last 30 days
    tag = uuid.uuid4().hex[:8]
    patient_ctx, patient = new_context(browser)
    clinician_ctx, clinician = new_context(browser, width=1280, height=900)
    try:
        open_app(patient, url, f"#day/{old_day}")
        add_entry(patient, "Dose",
                  {"Substance": "LDN", "Amount": "1.5", "Taken": f"{old_day}T21:00"})
        sign_up(patient, url, f"r-patient-{tag}@example.org", f"Rae {tag}")
        synced(patient)
        patient.get_by_role("button", name="Make an invite code").click()
        code = patient.locator("#share-code").get_attribute("data-code")
        open_app(clinician, url)
        sign_up(clinician, url, f"r-clinician-{tag}@example.org", f"Dr R {tag}", clinician=True)
        clinician.get_by_label("Invite code from your patient").fill(code)
        clinician.get_by_role("button", name="Add patient").click()
        clinician.get_by_role("link", name=f"Report: Rae {tag}").click()
        poll(clinician, "() => document.getElementById('patient-report')?.textContent.length > 0")
        # From Patients, the report opens on the last 30 days (old_day is long before them).
        assert clinician.locator("#report-from").input_value() != old_day
        assert "LDN" not in clinician.locator("#report-medication").inner_text()
        # From the diary filtered to the dose's day, the report opens on that period,
        # and Back finds the diary's filter as it was.
        clinician.get_by_role("link", name=f"Diary of Rae {tag}").click()
        clinician.locator("#patient-from").fill(old_day)
        clinician.locator("#patient-to").fill(old_day)
        clinician.get_by_role("button", name="Show", exact=True).click()
        shows_count(clinician, 1, f"?from={old_day}&to={old_day}")
        clinician.get_by_role("link", name=f"Report: Rae {tag}").click()
        clinician.locator("#patient-report #report-heading").wait_for()
        assert clinician.locator("#report-from").input_value() == old_day
        assert clinician.locator("#report-to").input_value() == old_day
        assert f"Rae {tag}" in clinician.locator("#patient-report").inner_text()
        assert "LDN" in clinician.locator("#report-medication").inner_text()
        clinician.go_back()
        shows_count(clinician, 1, f"?from={old_day}&to={old_day}")
        assert clinician.locator("#patient-from").input_value() == old_day
        assert json.dumps(everything_stored(clinician)).count(f"Rae {tag}") == 0

        # Either side ends a share: here the clinician, from Patients.
        clinician.get_by_role("link", name="Patients", exact=True).click()
        clinician.get_by_role("button", name=f"Stop reading the diary of Rae {tag}").click()
        clinician.get_by_role("dialog").get_by_role("button", name="Stop reading").click()
        clinician.get_by_text("No patients share with you yet.").wait_for()
        patient.reload()
        wait_ready(patient)
        patient.get_by_text("Nobody has access.").wait_for()
    finally:
        patient_ctx.close()
        clinician_ctx.close()


def test_the_questionnaire_carries_the_mark_too(page, context, live_server):
    start_offline(page, context, live_server.url, "#questionnaire")
    page.locator("#questionnaire-heading").wait_for()
    page.locator('input[name="dsq-frequency-1"][value="2"]').check()
    page.get_by_role("checkbox", name="For my clinician").check()
    page.get_by_role("button", name="Save").click()
    page.locator("#questionnaire-threshold").wait_for()
    [record] = live(read_records(page), "questionnaire")
    assert record["data"]["for_clinician"] is True
    page.get_by_role("link", name="Change answers").click()
    flag = page.get_by_role("checkbox", name="For my clinician")
    assert flag.is_checked()
    flag.uncheck()
    page.get_by_role("button", name="Save").click()
    page.locator("#questionnaire-threshold").wait_for()
    [edited] = live(read_records(page), "questionnaire")
    assert edited["data"].get("for_clinician") is None


def test_an_invite_on_show_outlives_a_sync_that_brings_a_change(page, live_server):
    """A pull that changes the diary while the code is read out does not fold it away (the
    screen is drawn again only after Done), and the change then shows."""
    url = live_server.url
    tag = uuid.uuid4().hex[:8]
    open_app(page, url)
    sign_up(page, url, f"held-{tag}@example.org", f"Hal {tag}")
    synced(page)
    page.get_by_role("button", name="Make an invite code").click()
    code = page.locator("#share-code").get_attribute("data-code")
    # Another of the patient's devices logs a rest; this one pulls it.
    device = "0123456789abcdef"
    stamp = f"{datetime.now(UTC):%Y-%m-%dT%H:%M:%S.000Z}-0000-{device}"
    answer = api_call(page, "POST", "/sync/push", {"protocol": 1, "device_id": device, "changes": [{
        "id": f"rest-{tag}", "kind": "rest", "hlc": stamp, "deleted": False,
        "data": {"started_at": f"{DAY}T13:00:00+00:00", "duration_min": 20, "kind": "lying"}}]})
    assert answer["results"][0]["status"] == "applied", answer
    sync_now(page)
    assert any(r["id"] == f"rest-{tag}" for r in read_records(page))  # pulled and stored
    assert page.locator("#share-code").get_attribute("data-code") == code  # still on show
    page.get_by_role("button", name="Done").click()
    page.locator("#share-code").wait_for(state="detached")
    page.get_by_role("button", name="Make an invite code").wait_for()
