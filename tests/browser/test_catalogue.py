"""Every visible string comes from the message catalogue.

The app has a pseudo-locale, en-XA, in which every catalogue message is
wrapped in ⟦ ⟧. On each screen, any word of three or more letters outside
those brackets is a string that did not come from the catalogue, unless it
is the person's own data (the seeded presets and symptoms) or the brand.
"""

import re
import uuid

import pytest

from tests.browser.conftest import open_app, wait_ready
from tests.browser.diary import IPHONE_SAFARI, dialog, ios_answers, logged_days_ago
from tests.browser.screens import dose_question, reminder_errors
from tests.browser.test_sync import PASSWORD, outbox_count
from tests.support import poll

pytestmark = pytest.mark.browser

# Data, not interface text: default presets and symptoms are the person's own
# list to change; "Envelope" is the name. AM/PM come from Intl.
ALLOWED = {"Envelope", "Shower", "Reading", "Screen", "time", "Cooking", "Phone", "call",
           "Standing", "fatigue", "post", "exertional", "malaise", "brain", "fog",
           "unrefreshing", "sleep", "cognitive", "difficulty", "disturbance", "muscle", "joint",
           "pain", "headache", "dizziness",
           "standing", "light", "noise", "sensitivity", "memory", "problems", "LDN"}

FIND_UNWRAPPED = """(allowed) => {
    const found = [];
    // Day and month names come from Intl, not from the catalogue.
    const intl = new Set();
    for (let i = 0; i < 12; i += 1) {
        const date = new Date(2026, i, 1 + i);
        for (const options of [{ weekday: 'long' }, { month: 'long' }, { month: 'short' }]) {
            intl.add(new Intl.DateTimeFormat(undefined, options).format(date));
        }
    }
    // Every day of the week (the dates above miss some): a week of January 2026.
    for (let i = 0; i < 7; i += 1) {
        const day = new Date(2026, 0, 4 + i);
        intl.add(new Intl.DateTimeFormat(undefined, { weekday: 'long' }).format(day));
    }
    const check = (text, where) => {
        let outside = text;
        // Messages nest (a message with messages in its placeholders): unwrap inside out.
        for (let before = ''; before !== outside;) {
            before = outside;
            outside = outside.replace(/⟦[^⟦⟧]*⟧/g, ' ');
        }
        for (const word of outside.match(/[A-Za-z]{3,}/g) ?? []) {
            if (allowed.includes(word) || intl.has(word)) continue;
            found.push(`${where}: ${word} in "${text.trim().slice(0, 80)}"`);
        }
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        const skip = 'script, style, noscript, textarea, option:not(:checked)';
        if (!parent || parent.closest(skip)) continue;
        if (!parent.getClientRects().length) continue;  // not rendered
        check(node.textContent, parent.tagName.toLowerCase());
    }
    for (const el of document.querySelectorAll('[aria-label]')) {
        check(el.getAttribute('aria-label'), 'aria-label');
    }
    return found;
}"""


def wrapped(text: str) -> str:
    """A message as the pseudo-locale shows it."""
    return f"⟦{text}⟧"


def unwrapped(page, data=()):
    """What is outside the catalogue on the screen; `data`: more words that are data."""
    return page.evaluate(FIND_UNWRAPPED, sorted(ALLOWED | set(data)))


def test_every_visible_string_is_from_the_catalogue(browser, live_server):
    context = browser.new_context(locale="en-XA", viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        open_app(page, live_server.url)
        context.set_offline(True)
        page.reload()
        wait_ready(page)
        assert page.get_by_text("⟦Today⟧").count() >= 1  # the pseudo-locale is on
        problems = {"today (offline)": unwrapped(page)}

        page.get_by_role("button", name="⟦Check in⟧").click()
        page.get_by_role("button", name="⟦More fields⟧").click()
        problems["check-in"] = unwrapped(page)
        page.get_by_role("button", name="⟦Cancel⟧").click()

        page.get_by_role("button", name="⟦How I feel now⟧").click()
        dialog(page).get_by_role("button", name="⟦Add symptoms⟧").click()
        problems["how I feel now"] = unwrapped(page)
        dialog(page).get_by_role("button", name="⟦Cancel⟧").click()

        for kind in ("Activity", "Rest", "Dose", "Episode", "Snapshot"):
            page.get_by_role("button", name=f"⟦{kind}⟧", exact=True).click()
            form = dialog(page)
            if kind != "Episode":  # an episode needs nothing more than its start
                form.get_by_role("button", name="⟦Save⟧").click()  # with its errors showing
                form.locator(".field-error:not([hidden])").first.wait_for()
            problems[f"{kind} form"] = unwrapped(page)
            form.get_by_role("button", name="⟦Cancel⟧").click()

        page.get_by_role("button", name="⟦Crash⟧").click()
        page.get_by_role("button", name="Shower · 15 min").click()
        page.get_by_role("button", name="⟦How I feel now⟧").click()
        dialog(page).locator('[role="group"] button[value="3"]').click()
        poll(page, "() => document.querySelectorAll('li.entry').length === 3")
        problems["today with entries"] = unwrapped(page)

        for route in ("history", "doses", "settings"):
            page.goto(f"{live_server.url}/#{route}")
            wait_ready(page)
            problems[route] = unwrapped(page)
            if route == "history":
                for words in ("shower", "xylophone"):  # found, and nothing found
                    page.get_by_label("⟦Search your entries⟧").fill(words)
                    page.locator(f'.search-results[data-query="{words}"]').wait_for(
                        state="attached")
                    problems[f"history searched for {words}"] = unwrapped(page)

        page.goto(f"{live_server.url}/#report")
        wait_ready(page)
        page.locator("#report-crashes tbody tr").wait_for()
        problems["appointment report"] = unwrapped(page)

        page.goto(f"{live_server.url}/#questionnaire")
        wait_ready(page)
        page.locator("#questionnaire-heading").wait_for()
        problems["questionnaire"] = unwrapped(page)
        for name, value in (("frequency-1", 2), ("severity-1", 2), ("severity-4", 0)):
            page.locator(f'input[name="dsq-{name}"][value="{value}"]').check()
        page.get_by_role("button", name="⟦Save⟧").click()
        page.locator("#questionnaire-threshold").wait_for()
        problems["questionnaire answers"] = unwrapped(page)

        page.goto(live_server.url + "/#today")
        wait_ready(page)
        page.get_by_role("button", name="⟦Low-energy mode⟧").click()
        poll(page, "() => document.documentElement.dataset.route === 'crash'")
        problems["low-energy mode"] = unwrapped(page)
    finally:
        context.close()
    assert {screen: found for screen, found in problems.items() if found} == {}


def test_the_iphone_notes_are_from_the_catalogue(browser, live_server):
    """On an iPhone in Safari: the one-time Home Screen note in the welcome, the warning that
    Safari may delete (its steps open) on Today, and Settings with the steps and warning."""
    context = browser.new_context(locale="en-XA", user_agent=IPHONE_SAFARI,
                                  viewport={"width": 390, "height": 844})
    context.add_init_script(script=ios_answers(standalone=False))
    page = context.new_page()
    problems = {}
    try:
        open_app(page, live_server.url)
        page.locator("#home-screen-note-steps").wait_for()
        problems["welcome with the home screen note"] = unwrapped(page)
        logged_days_ago(page, 5)
        warning = page.locator("#eviction-today")
        warning.get_by_text("⟦How to add it to the Home Screen⟧").click()
        problems["today, the warning"] = unwrapped(page)
        page.goto(f"{live_server.url}/#settings")
        wait_ready(page)
        page.locator("#home-screen-steps").wait_for()
        page.locator("#eviction").wait_for()
        problems["settings, the steps and the warning"] = unwrapped(page)
    finally:
        context.close()
    assert {screen: found for screen, found in problems.items() if found} == {}


def wrapped_sign_up(page, url, email, name, clinician=False):
    """Sign up through the Settings form in the pseudo-locale (every label wrapped)."""
    page.goto(f"{url}/#settings")
    wait_ready(page)
    page.get_by_label("⟦Email⟧").fill(email)
    page.get_by_label("⟦Password⟧", exact=True).fill(PASSWORD)
    page.get_by_label("⟦Your name⟧").fill(name)
    if clinician:
        page.get_by_role("checkbox", name="⟦I’m a clinician⟧").check()
    page.get_by_role("button", name="⟦Create account⟧").click()


def test_the_sharing_screens_are_from_the_catalogue(browser, live_server):
    """The patient's sharing section (invite, who has access, who looked, ending) and every
    clinician screen (patients, a wrong code, the diary, the report, a share ended)."""
    url = live_server.url
    tag = uuid.uuid4().hex[:8]
    # Two-letter names: the person's own data, which the three-letter check leaves alone.
    patient_ctx = browser.new_context(locale="en-XA", viewport={"width": 390, "height": 844})
    clinician_ctx = browser.new_context(locale="en-XA", viewport={"width": 1280, "height": 900})
    patient, clinician = patient_ctx.new_page(), clinician_ctx.new_page()
    problems = {}
    try:
        open_app(patient, url)
        patient.get_by_role("button", name="Shower · 15 min").click()
        patient.locator("li.entry").first.wait_for()
        wrapped_sign_up(patient, url, f"cat-patient-{tag}@example.org", "Jo")
        # The first upload over, so that Settings is not drawn again under the test's taps.
        poll(patient, """() => document.getElementById('sync-state')?.dataset.state === 'idle'
            && document.getElementById('sync-state').dataset.lastSynced""", timeout=30)
        assert outbox_count(patient) == 0
        share = patient.locator("#share")
        share.get_by_role("button", name="⟦Make an invite code⟧").wait_for()
        poll(patient, "() => document.querySelector('#share-log') || undefined")
        problems["sharing, nobody yet"] = unwrapped(patient)
        share.get_by_role("button", name="⟦Make an invite code⟧").click()
        patient.locator("#share-code").wait_for()
        code = patient.locator("#share-code").get_attribute("data-code")
        problems["invite code"] = unwrapped(patient, data=re.findall("[A-Z]+", code))  # data

        open_app(clinician, url)
        wrapped_sign_up(clinician, url, f"cat-clinician-{tag}@example.org", "Al", clinician=True)
        clinician.get_by_role("heading", name="⟦Add a patient⟧").wait_for()
        clinician.locator("#patients-list p").wait_for()
        problems["patients, none"] = unwrapped(clinician)
        clinician.locator("#redeem-code").fill("2222-2222-2222")
        clinician.get_by_role("button", name="⟦Add patient⟧").click()
        clinician.locator("#redeem-code-error:not([hidden])").wait_for()
        problems["a wrong code"] = unwrapped(clinician)
        clinician.locator("#redeem-code").fill(code)
        clinician.get_by_role("button", name="⟦Add patient⟧").click()
        clinician.locator("#patients-list li[data-patient]").wait_for()
        patient_id = clinician.locator("#patients-list li[data-patient]").get_attribute(
            "data-patient")
        problems["patients"] = unwrapped(clinician)
        clinician.goto(f"{url}/#patient/{patient_id}")
        clinician.locator("#patient-days li.entry").first.wait_for()
        problems["a patient's diary"] = unwrapped(clinician)
        clinician.goto(f"{url}/#patient/{patient_id}/report")
        clinician.locator("#patient-report #report-heading").wait_for()
        problems["a patient's report"] = unwrapped(clinician)

        patient.reload()  # the same address: a goto would not draw the screen again
        wait_ready(patient)
        poll(patient, "() => document.querySelector('#share-log li') || undefined")
        problems["sharing, one clinician who looked"] = unwrapped(patient)
        patient.get_by_role("button", name="⟦End sharing with Al⟧").click()
        problems["ending a share"] = unwrapped(patient)
        patient.get_by_role("button", name="⟦End sharing⟧", exact=True).click()
        patient.get_by_text("⟦Sharing with Al has ended.⟧").wait_for()

        clinician.goto(f"{url}/#patient/{patient_id}")
        clinician.locator("#share-ended").wait_for()
        problems["a share ended"] = unwrapped(clinician)
    finally:
        patient_ctx.close()
        clinician_ctx.close()


def test_the_reminders_and_the_dose_question_are_from_the_catalogue(browser, live_server):
    """Settings' reminders with a weekly choice and its errors, and the question on a dose."""
    context = browser.new_context(locale="en-XA", viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        open_app(page, live_server.url)
        context.set_offline(True)
        reminder_errors(page, say=wrapped)
        problems = {"reminders with errors": unwrapped(page)}

        page.goto(f"{live_server.url}/#today")
        wait_ready(page)
        dose_question(page, say=wrapped)
        problems["the dose question"] = unwrapped(page)
    finally:
        context.close()
    assert {screen: found for screen, found in problems.items() if found} == {}
