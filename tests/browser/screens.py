"""The app's screens, each with how to get there from a freshly loaded app.

One list for every check that runs on every screen (axe and touch targets in
test_accessibility.py, 200 % text and 320 px in test_layout.py). A new screen
goes here, once, and every such check covers it.
"""

import uuid

from tests.browser.diary import as_iphone, hours_ago, logged_days_ago


def with_entries(page):
    page.get_by_role("button", name="Shower · 15 min").click()
    page.get_by_role("button", name="Crash").click()
    page.locator("li.entry").nth(1).wait_for()


def searched(page, words: str):
    """History searched for `words`, its results (or its calm "nothing found") shown."""
    with_entries(page)
    page.get_by_role("link", name="History").click()
    page.get_by_label("Search your entries").fill(words)
    page.locator(f'.search-results[data-query="{words}"]').wait_for(state="attached")


def with_dose(page, then: str):
    page.get_by_role("button", name="Dose", exact=True).click()
    form = page.locator("dialog[open]:not(.welcome)")
    form.get_by_label("Substance", exact=True).fill("LDN")
    form.get_by_label("Amount", exact=True).fill("1.5")
    form.get_by_label("Taken", exact=True).fill("2026-11-20T21:00")
    form.get_by_role("button", name="Save").click()
    page.wait_for_timeout(200)
    page.goto(page.url.split("#")[0] + then)
    page.locator("main h1").wait_for()
    page.wait_for_timeout(200)


def as_written(text: str) -> str:
    """A message as the app shows it in English; test_catalogue.py passes the pseudo-locale's
    wrapping instead, so that one walk through a screen serves both."""
    return text


def dose_question(page, say=as_written):
    """A dose marked "ask me how it went", taken four hours ago: its question is shown."""
    taken = hours_ago(page, 4)
    page.get_by_role("button", name=say("Dose"), exact=True).click()
    form = page.locator("dialog[open]:not(.welcome)")
    form.get_by_label(say("Substance"), exact=True).fill("LDN")
    form.get_by_label(say("Amount"), exact=True).fill("1.5")
    form.get_by_label(say("Taken"), exact=True).fill(taken)
    form.get_by_label(say("Ask me how it went (in the app, a few hours later)")).check()
    form.get_by_role("button", name=say("Save")).click()
    page.locator("#ask-effect .nudge").wait_for()


def reminder_errors(page, say=as_written):
    """Settings' calendar reminder, weekly with no day and no time: both errors shown."""
    page.get_by_role("link", name=say("Settings")).click()
    card = page.locator("#reminders")
    card.get_by_role("radio", name=say("Some days of the week")).check()
    for box in card.get_by_role("checkbox").all():
        box.uncheck()
    card.get_by_label(say("At what time")).fill("")
    card.get_by_role("button", name=say("Add a reminder to my calendar")).click()
    card.locator("#reminder-weekdays-error:not([hidden])").wait_for()


def open_form(page, kind: str, save: bool = False):
    page.get_by_role("button", name=kind, exact=True).click()
    form = page.locator("dialog[open]:not(.welcome)")
    if save:
        form.get_by_role("button", name="Save").click()
        form.locator(".field-error:not([hidden])").first.wait_for()


def questionnaire(page, answer: bool = False):
    page.goto(page.url.split("#")[0] + "#questionnaire")
    page.locator("#questionnaire-heading").wait_for()
    if answer:
        for name, value in (("frequency-1", 2), ("severity-1", 3), ("frequency-2", 1)):
            page.locator(f'input[name="dsq-{name}"][value="{value}"]').check()
        page.get_by_role("button", name="Save").click()
        page.locator("#questionnaire-threshold").wait_for()


def signed_in(page, sheet: tuple[str, str] | None = None):
    page.get_by_role("link", name="Settings").click()
    page.locator("#sync").wait_for()
    page.get_by_label("Email").fill(f"a11y-{uuid.uuid4().hex[:10]}@example.org")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Create account").click()
    page.get_by_role("button", name="Sign out", exact=True).wait_for()
    if sheet:
        button, title = sheet
        page.get_by_role("button", name=button).click()
        page.get_by_role("dialog", name=title).wait_for()


def api(page, method, path, body=None, token=None):
    """A request to the API from the page (same origin, as the app makes them)."""
    return page.evaluate(
        """async ([method, path, body, token]) => {
            const headers = {'Content-Type': 'application/json'};
            if (token) headers.Authorization = `Bearer ${token}`;
            const response = await fetch('/api/v1' + path, {method, headers,
                body: body === null ? undefined : JSON.stringify(body)});
            return response.status === 204 ? null : response.json();
        }""",
        [method, path, body, token],
    )


def a_patient_invite(page) -> str:
    """A patient account made through the API, with a dose and an invite: its code."""
    email = f"a11y-patient-{uuid.uuid4().hex[:10]}@example.org"
    api(page, "POST", "/accounts", {"email": email, "password": "correct horse battery",
                                    "display_name": "Pat Example"})
    token = api(page, "POST", "/sessions", {"email": email,
                                            "password": "correct horse battery"})["token"]
    api(page, "POST", "/sync/push", {"protocol": 1, "device_id": "a11a0000beef0001", "changes": [{
        "id": "01a23bc1-f58d-760b-995a-fb7c2960c956", "kind": "dose", "deleted": False,
        "hlc": "2026-11-20T21:00:00.000Z-0000-a11a0000beef0001",
        "data": {"substance": "LDN", "amount": 1.5, "unit": "mg",
                 "taken_at": "2026-11-20T21:00:00+00:00", "note": "Slept better"}}]}, token)
    return api(page, "POST", "/shares/invites", {}, token)["code"]


def clinician(page, then: str | None = None):
    """Signed up as a clinician, with one patient sharing; then open `then` of that patient."""
    code = a_patient_invite(page)
    page.get_by_role("link", name="Settings").click()
    page.locator("#sync").wait_for()
    page.get_by_label("Email").fill(f"a11y-clinician-{uuid.uuid4().hex[:10]}@example.org")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_label("Your name").fill("Dr Example")
    page.get_by_role("checkbox", name="I’m a clinician").check()
    page.get_by_role("button", name="Create account").click()
    page.get_by_label("Invite code from your patient").fill(code)
    page.get_by_role("button", name="Add patient").click()
    page.get_by_role("link", name="Open the diary of Pat Example").wait_for()
    if then == "diary":
        page.get_by_role("link", name="Open the diary of Pat Example").click()
        page.locator("#patient-count").wait_for()
    if then == "report":
        page.get_by_role("link", name="Report: Pat Example").click()
        page.locator("#patient-report #report-heading").wait_for()
    if then == "wrong code":
        page.get_by_label("Invite code from your patient").fill("2345-6789-ABCD")
        page.get_by_role("button", name="Add patient").click()
        page.locator("#redeem-code-error:not([hidden])").wait_for()


def sharing(page):
    """A patient signed in, with an invite made: its code, its QR code, nobody with access."""
    signed_in(page)
    page.get_by_role("button", name="Make an invite code").click()
    page.get_by_role("img", name="QR code of the invite").wait_for()
    page.get_by_text("Nobody has looked yet.").wait_for()


def iphone_at_risk(page, then: str = "today"):
    """iPhone Safari, not from the Home Screen, with a change 5 days old not synced: the
    one-time Home Screen note, and the warning that Safari may delete (and in Settings the
    steps beside it)."""
    as_iphone(page)
    logged_days_ago(page, 5)
    page.get_by_role("region", name="Some of your diary is only on this device").wait_for()
    if then == "today":
        page.get_by_text("How to add it to the Home Screen").click()
    if then == "settings":
        page.get_by_role("link", name="Settings").click()
        page.locator("#home-screen-steps").wait_for()


# Each screen: how to get there from a freshly loaded app.
SCREENS = {
    "today": lambda page: None,
    "today with entries": with_entries,
    "check-in": lambda page: page.get_by_role("button", name="Check in").click(),
    "check-in, all fields": lambda page: (
        page.get_by_role("button", name="Check in").click(),
        page.get_by_role("button", name="More fields").click(),
    ),
    "how I feel now, with symptoms": lambda page: (
        page.get_by_role("button", name="How I feel now").click(),
        page.get_by_role("button", name="Add symptoms").click(),
    ),
    "snapshot form errors": lambda page: open_form(page, "Snapshot", save=True),
    "activity form": lambda page: open_form(page, "Activity"),
    "activity form errors": lambda page: open_form(page, "Activity", save=True),
    "rest form": lambda page: open_form(page, "Rest"),
    "dose form": lambda page: open_form(page, "Dose"),
    "episode form": lambda page: open_form(page, "Episode"),
    "questionnaire": questionnaire,
    "questionnaire answers": lambda page: questionnaire(page, answer=True),
    "history": lambda page: (with_entries(page), page.get_by_role("link", name="History").click(),
                             page.locator("section.day-card").first.wait_for()),
    "history, searched": lambda page: searched(page, "shower"),
    "history, nothing found": lambda page: searched(page, "xylophone"),
    "doses": lambda page: with_dose(page, "#doses/LDN"),
    "low-energy mode": lambda page: (
        page.get_by_role("button", name="Low-energy mode").click(),
        page.get_by_role("button", name="Leave low-energy mode").wait_for(),
    ),
    "crash look-back": lambda page: (
        with_entries(page),
        page.get_by_text("Logged in the 72 hours before").click(),
        page.locator(".look-back-summary").wait_for(),
    ),
    "insights": lambda page: (with_entries(page), page.get_by_role("link", name="Insights").click(),
                              page.locator("#insight-trends canvas").first.wait_for()),
    "insights, every table open": lambda page: (
        with_entries(page),
        with_dose(page, "#insights/7"),
        page.locator("#insight-titration canvas").first.wait_for(),
        page.evaluate("() => document.querySelectorAll('main details')"
                      ".forEach((d) => { d.open = true; })"),
        page.wait_for_timeout(200),
    ),
    "appointment report": lambda page: (
        with_entries(page),
        with_dose(page, "#insights/7"),
        page.get_by_role("link", name="Report for an appointment").click(),
        page.locator("#report-crashes tbody tr").first.wait_for(),
    ),
    "settings": lambda page: (page.get_by_role("link", name="Settings").click(),
                              page.locator("#storage-state").wait_for()),
    "settings, a weekly reminder with errors": reminder_errors,
    "today, on an iPhone in Safari, an old change not synced": iphone_at_risk,
    "settings, on an iPhone in Safari, an old change not synced": lambda page: iphone_at_risk(
        page, "settings"),
    "the question on a dose marked ask me how it went": dose_question,
    "settings, signed in": signed_in,
    "delete account": lambda page: signed_in(page, ("Delete account…", "Delete your account?")),
    "change password": lambda page: signed_in(page, ("Change password…", "Change your password")),
    "sign out everywhere": lambda page: signed_in(
        page, ("Sign out everywhere…", "Sign out everywhere?")),
    "settings, sharing with an invite": sharing,
    "clinician: patients": clinician,
    "clinician: wrong code": lambda page: clinician(page, "wrong code"),
    "clinician: a patient's diary": lambda page: clinician(page, "diary"),
    "clinician: a patient's report": lambda page: clinician(page, "report"),
}


# Every shown control smaller than the app's tap-target minimum (48 x 48 CSS px).
SMALL_TARGETS = """() => [
    ...document.querySelectorAll('button, a[href], input, select, textarea, summary')]
    .map((el) => {
        // A visually hidden radio or checkbox is tapped through its label's box.
        const target = el.matches('.choice input') ? el.closest('label') : el;
        const box = target.getBoundingClientRect();
        const shown = target.offsetParent !== null
            || getComputedStyle(target).position === 'fixed';
        return { shown, what: el.outerHTML.slice(0, 60), w: box.width, h: box.height };
    })
    .filter((t) => t.shown)
    .filter((t) => t.w < 48 || t.h < 48)"""
