"""Reminders with no third party: the calendar file the app makes, and the dose question.

The .ics is the one the real app makes in Chromium, offline (so it is made on the device),
captured as a download and read with the `icalendar` library, as a calendar would.
"""

import datetime as dt

import pytest
from icalendar import Calendar

from tests.browser.conftest import wait_ready
from tests.browser.diary import choose, dialog, hours_ago, live, read_records, start_offline
from tests.support import poll

pytestmark = pytest.mark.browser

MAKE = "Add a reminder to my calendar"
ASK = "Ask me how it went (in the app, a few hours later)"
QUESTION = "#ask-effect .nudge-question"


def reminders_card(page, context, url):
    start_offline(page, context, url, "#settings")
    card = page.locator("#reminders")
    card.wait_for()
    return card


def make_file(page, card) -> bytes:
    with page.expect_download() as info:
        card.get_by_role("button", name=MAKE).click()
    download = info.value
    assert download.suggested_filename == "envelope-reminder.ics"
    with open(download.path(), "rb") as f:
        return f.read()


def assert_well_formed(raw: bytes):
    """CRLF line ends only, and no line longer than 75 octets (RFC 5545 3.1)."""
    assert raw.endswith(b"\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b""), "a bare LF"
    assert b"\r" not in raw.replace(b"\r\n", b""), "a bare CR"
    for line in raw.split(b"\r\n"):
        assert len(line) <= 75, line
    raw.decode("utf-8")  # strict: no character split by folding


def the_event(raw: bytes):
    calendar = Calendar.from_ical(raw)
    [event] = calendar.walk("VEVENT")
    return event


def browser_today(page) -> dt.date:
    return dt.date.fromisoformat(page.evaluate(
        "() => { const d = new Date(); return `${d.getFullYear()}-${String(d.getMonth() + 1)"
        ".padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`; }"))


def test_a_daily_reminder_file_opens_as_a_calendar_with_its_time_alarm_and_link(
        page, context, live_server):
    card = reminders_card(page, context, live_server.url)
    # Off until asked for: nothing is made or offered as made.
    assert card.locator("#reminder-made").inner_text() == ""
    assert card.get_by_role("radio", name="Every day").is_checked()
    card.get_by_label("At what time").fill("07:45")
    raw = make_file(page, card)
    assert_well_formed(raw)
    event = the_event(raw)

    start = event.decoded("DTSTART")
    assert start.tzinfo is None, "floating local time"
    assert (start.hour, start.minute) == (7, 45)
    assert start.date() == browser_today(page)
    assert dict(event["RRULE"]) == {"FREQ": ["DAILY"]}
    assert event.decoded("DURATION") == dt.timedelta(minutes=15)
    assert isinstance(event.decoded("DTSTAMP"), dt.datetime)
    assert event.decoded("DTSTAMP").utcoffset() == dt.timedelta(0)

    [alarm] = event.walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert alarm.decoded("TRIGGER") == dt.timedelta(0)
    assert str(alarm["DESCRIPTION"])

    link = f"{live_server.url}/#today"
    assert str(event["URL"]) == link
    assert link in str(event["DESCRIPTION"])
    assert "Envelope" in str(event["SUMMARY"])
    assert "made" in card.locator("#reminder-made").inner_text()

    # Made again, another time: the same UID, so a calendar can update its event.
    card.get_by_label("At what time").fill("20:15")
    again = the_event(make_file(page, card))
    assert str(again["UID"]) == str(event["UID"])
    assert (again.decoded("DTSTART").hour, again.decoded("DTSTART").minute) == (20, 15)

    # The link, opened as a calendar opens it, starts the app on the day (offline, from
    # the service worker).
    opened = context.new_page()
    opened.goto(link)
    wait_ready(opened)
    assert opened.evaluate("() => document.documentElement.dataset.route") == "today"


def test_a_weekly_reminder_on_chosen_days(page, context, live_server):
    card = reminders_card(page, context, live_server.url)
    days = card.get_by_role("group", name="Which days")
    assert not days.is_visible(), "days are asked only for a weekly reminder"
    card.get_by_role("radio", name="Some days of the week").check()
    for box in days.get_by_role("checkbox").all():
        box.uncheck()
    days.get_by_role("checkbox", name="Monday").check()
    days.get_by_role("checkbox", name="Wednesday").check()
    card.get_by_label("At what time").fill("21:10")
    raw = make_file(page, card)
    assert_well_formed(raw)
    event = the_event(raw)
    assert dict(event["RRULE"]) == {"FREQ": ["WEEKLY"], "BYDAY": ["MO", "WE"]}
    start = event.decoded("DTSTART")
    assert (start.hour, start.minute) == (21, 10) and start.tzinfo is None
    today = browser_today(page)
    assert start.weekday() in (0, 2) and today <= start.date() < today + dt.timedelta(days=7)


def test_a_weekly_reminder_with_no_day_says_so_at_the_field_and_makes_nothing(
        page, context, live_server):
    card = reminders_card(page, context, live_server.url)
    downloads = []
    page.on("download", lambda d: downloads.append(d))
    card.get_by_role("radio", name="Some days of the week").check()
    days = card.get_by_role("group", name="Which days")
    for box in days.get_by_role("checkbox").all():
        box.uncheck()
    card.get_by_label("At what time").fill("")
    card.get_by_role("button", name=MAKE).click()
    assert card.locator("#reminder-weekdays-error").inner_text() == "Choose at least one day."
    assert card.locator("#reminder-time-error").inner_text() == "This is needed."
    assert card.get_by_label("At what time").get_attribute("aria-invalid") == "true"
    page.wait_for_timeout(300)
    assert downloads == []


def add_dose(page, substance: str, *, ask: bool, taken: str | None = None,
             effect: str | None = None):
    page.get_by_role("button", name="Dose", exact=True).click()
    form = dialog(page)
    form.get_by_label("Substance", exact=True).fill(substance)
    form.get_by_label("Amount", exact=True).fill("1.5")
    if taken:
        form.get_by_label("Taken", exact=True).fill(taken)
    if effect:
        choose(form, "Effect", effect)
    box = form.get_by_label(ASK, exact=True)
    assert not box.is_checked(), "never on unless the person ticks it"
    if ask:
        box.check()
    form.get_by_role("button", name="Save").click()
    form.wait_for(state="detached")


def question(page) -> str:
    slot = page.locator("#ask-effect")
    return slot.inner_text() if slot.count() else ""


def wait_for_question(page, text: str):
    poll(page, """(text) => document.querySelector('#ask-effect .nudge-question')
                  ?.textContent === text""", arg=text)


def wait_for_watch(page):
    """The watcher is started after the first screen: its slot is there."""
    poll(page, "() => document.getElementById('ask-effect') !== null")


def test_the_dose_question_comes_hours_later_while_the_app_is_open(page, context, live_server):
    page.clock.install(time=dt.datetime(2026, 12, 3, 8, 0, tzinfo=dt.UTC))
    start_offline(page, context, live_server.url)
    wait_for_watch(page)
    add_dose(page, "LDN", ask=True)
    page.wait_for_timeout(300)
    assert question(page) == ""

    page.clock.fast_forward("02:58:00")
    page.wait_for_timeout(500)
    assert question(page) == "", "not before the three hours"

    page.clock.fast_forward("00:03:00")
    wait_for_question(page, "How did LDN go?")
    assert "1.5 mg" in question(page)

    page.locator("#ask-effect").get_by_role("button", name="Rate it").click()
    form = dialog(page)
    assert form.get_by_role("heading").inner_text() == "Edit dose"
    assert poll(page, "() => document.activeElement?.closest('[data-field=\"effect\"]') !== null")
    choose(form, "Effect", "Better")
    form.get_by_label("Side effects", exact=True).fill("vivid dreams")
    form.get_by_role("button", name="Save").click()
    form.wait_for(state="detached")
    [dose] = live(read_records(page), "dose")
    assert dose["data"]["effect"] == 1 and dose["data"]["ask_effect"] is True
    assert dose["data"]["side_effects"] == ["vivid dreams"]
    assert question(page) == ""

    page.reload()
    wait_ready(page)
    wait_for_watch(page)
    page.wait_for_timeout(500)
    assert question(page) == ""


def test_the_question_is_asked_once_only_for_marked_unrated_doses(page, context, live_server):
    start_offline(page, context, live_server.url)
    wait_for_watch(page)
    add_dose(page, "Magnesium", ask=False, taken=hours_ago(page, 4))
    add_dose(page, "Ivabradine", ask=True, taken=hours_ago(page, 4), effect="No change")
    page.wait_for_timeout(500)
    assert question(page) == "", "not marked, or already rated: never asked"

    add_dose(page, "Pacing tea", ask=True, taken=hours_ago(page, 4))
    wait_for_question(page, "How did Pacing tea go?")
    # Not in low-energy mode: a few huge buttons and nothing else.
    page.get_by_role("button", name="Low-energy mode").click()
    poll(page, "() => document.documentElement.dataset.route === 'crash'")
    assert not page.locator("#ask-effect .nudge").is_visible()
    page.get_by_role("button", name="Leave low-energy mode").first.click()
    poll(page, "() => document.documentElement.dataset.route === 'today'")
    assert page.locator("#ask-effect .nudge").is_visible()
    close = page.locator("#ask-effect").get_by_role("button", name="Close: How did Pacing tea go?")
    close.click()
    poll(page, "() => !document.querySelector('#ask-effect .nudge')")

    page.reload()
    wait_ready(page)
    wait_for_watch(page)
    page.wait_for_timeout(500)
    assert question(page) == "", "closed once, asked no more on this device"
    [tea] = [d for d in live(read_records(page), "dose") if d["data"]["substance"] == "Pacing tea"]
    assert "effect" not in tea["data"]


def test_the_hours_before_asking_are_a_setting(page, context, live_server):
    card = reminders_card(page, context, live_server.url)
    field = card.get_by_label("Ask after (hours)")
    assert field.input_value() == "3"
    field.fill("0")
    card.get_by_role("button", name="Set the hours").click()
    assert card.locator("#reminder-ask_after_hours-error").inner_text() == \
        "Use a number from 1 to 24."
    field.fill("5")
    card.get_by_role("button", name="Set the hours").click()
    page.get_by_text("Settings saved.").wait_for()

    page.get_by_role("link", name="Today").click()
    wait_for_watch(page)
    add_dose(page, "LDN", ask=True, taken=hours_ago(page, 4))
    page.wait_for_timeout(500)
    assert question(page) == "", "4 hours is before the 5 chosen"
    add_dose(page, "Magnesium", ask=True, taken=hours_ago(page, 6))
    wait_for_question(page, "How did Magnesium go?")

    page.get_by_role("link", name="Settings").click()
    page.locator("#reminders").wait_for()
    assert page.get_by_label("Ask after (hours)").input_value() == "5"


def test_the_file_is_made_with_no_request(page, context, live_server):
    """The file is made with the network cut; nothing was requested to make it."""
    requests = []
    card = reminders_card(page, context, live_server.url)
    page.on("request", lambda r: requests.append(r.url) if not r.url.startswith("blob:") else None)
    make_file(page, card)
    assert requests == []


def test_a_redraw_keeps_the_reminder_being_chosen(page, context, live_server):
    """Settings saved meanwhile (or a sync) redraws the screen: the choice stays as it was."""
    card = reminders_card(page, context, live_server.url)
    card.get_by_role("radio", name="Some days of the week").check()
    days = card.get_by_role("group", name="Which days")
    for box in days.get_by_role("checkbox").all():
        box.uncheck()
    days.get_by_role("checkbox", name="Tuesday").check()
    page.get_by_label("Daily budget (points)").fill("35")
    page.locator("form.settings-form").get_by_role("button", name="Save").click()
    page.locator("#toast").get_by_text("Settings saved.").wait_for()
    card = page.locator("#reminders")
    days = card.get_by_role("group", name="Which days")
    assert days.is_visible()
    assert card.get_by_role("radio", name="Some days of the week").is_checked()
    checked = [box.get_attribute("value") for box in days.get_by_role("checkbox").all()
               if box.is_checked()]
    assert checked == ["TU"]
    event = the_event(make_file(page, card))
    assert dict(event["RRULE"]) == {"FREQ": ["WEEKLY"], "BYDAY": ["TU"]}
