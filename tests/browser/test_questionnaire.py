"""The DSQ-PEM questionnaire: offered on Today, filled in offline, stored as an entry (with
its outbox change, so it syncs), its answers and the threshold line shown, changed, kept
across a reload. Under the app's own CSP: no test here bypasses it."""

import pytest

from tests.browser.conftest import wait_ready
from tests.browser.diary import entry, live, read_records, read_store, start_offline
from tests.support import poll

pytestmark = pytest.mark.browser

ITEMS = {
    1: "Dead, heavy feeling after starting to exercise",
    2: "Next day soreness or fatigue after non-strenuous, everyday activities",
    3: "Mentally tired after the slightest effort",
    4: "Minimum exercise makes you physically tired",
    5: "Physically drained or sick after mild activity",
}
FREQUENCY = ["None of the time", "A little of the time", "About half the time",
             "Most of the time", "All of the time"]
SEVERITY = ["Not present", "Mild", "Moderate", "Severe", "Very severe"]
HEADING = "DePaul Symptom Questionnaire: post-exertional malaise (DSQ-PEM)"
RULE = "Frequency and severity both 2 or more on at least one item"


def rate(page, item: int, row: str, value: int):
    """Tap a rating the way a person does: the item's row, then the choice by its words."""
    words = (FREQUENCY if row == "Frequency" else SEVERITY)[value]
    group = page.get_by_role("radiogroup", name=f"{item}. {ITEMS[item]} {row}", exact=True)
    group.get_by_role("radio", name=f"{value} {words}", exact=True).check()


def on_route(page, name: str):
    poll(page, f"() => document.documentElement.dataset.route === '{name}'")


def outbox(page):
    return read_store(page, "outbox")


def lines(locator):
    return [line for line in locator.inner_text().splitlines() if line.strip()]


def threshold(page):
    line = page.locator("#questionnaire-threshold")
    line.wait_for()
    return line.inner_text()


def test_fill_in_offline_save_see_the_threshold_line_change_and_reload(
        page, context, live_server, console_errors):
    start_offline(page, context, live_server.url)
    # Offered on Today (nothing answered yet), one tap away.
    offer = page.locator("#questionnaire-offer")
    offer.wait_for()
    offer.get_by_role("link", name="Answer the questionnaire").click()
    on_route(page, "questionnaire")
    assert page.evaluate("() => window.scrollY") == 0  # opens at its top, not mid-form

    # The instrument's own wording and recall period, and its credit.
    assert page.locator("main h1").inner_text() == HEADING
    assert "throughout the past 6 months" in page.locator("main").inner_text()
    for number, text in ITEMS.items():
        assert page.get_by_role("heading", name=f"{number}. {text}", exact=True).count() == 1
    assert page.get_by_text("DePaul University, free to use").count() == 1
    assert page.get_by_text("Cotler et al., Diagnostics 2018, 8(3):66").count() == 1
    for number in ITEMS:
        for row in ("Frequency", "Severity"):
            group = page.get_by_role("radiogroup", name=f"{number}. {ITEMS[number]} {row}")
            assert group.get_by_role("radio").count() == 5
            assert group.get_by_role("radio", checked=True).count() == 0  # all optional

    # Item 1 exactly at the threshold (2/2); item 2 above on frequency only (3/1); item 4
    # a severity alone; item 5 chosen, then cleared; item 3 left out.
    rate(page, 1, "Frequency", 2)
    rate(page, 1, "Severity", 2)
    rate(page, 2, "Frequency", 3)
    rate(page, 2, "Severity", 1)
    rate(page, 4, "Severity", 0)
    rate(page, 5, "Frequency", 4)
    page.get_by_role("button", name="Clear item 5").click()
    page.get_by_role("button", name="Save").click()

    assert threshold(page) == f"{RULE}: yes (item 1)."
    assert "Items with both ratings: 2 of 5." in page.locator("main").inner_text()
    answers = page.locator(".dsq-answers li")
    assert lines(answers.nth(0)) == [
        ITEMS[1], "Frequency: 2 · About half the time", "Severity: 2 · Moderate"]
    assert lines(answers.nth(3)) == [
        ITEMS[4], "Frequency: not answered", "Severity: 0 · Not present"]

    # Stored in IndexedDB like any entry, with its change queued for sync.
    [record] = live(read_records(page), "questionnaire")
    assert record["data"]["instrument"] == "dsq_pem"
    assert record["data"]["frequency"] == {"1": 2, "2": 3}
    assert record["data"]["severity"] == {"1": 2, "2": 1, "4": 0}
    assert set(record["data"]) == {"answered_at", "instrument", "frequency", "severity"}
    assert record["day"] == record["data"]["answered_at"][:10]
    [change] = [c for c in outbox(page) if c["id"] == record["id"]]
    assert change["kind"] == "questionnaire" and change["data"] == record["data"]

    # On the day's list; the offer has gone (answered within 30 days).
    page.get_by_role("link", name="Go to").click()
    on_route(page, "today")
    listed = entry(page, "DSQ-PEM questionnaire · both ratings on 2 of 5 items")
    listed.wait_for()
    assert page.locator("#questionnaire-offer").count() == 0

    # Edit: the saved ratings are chosen; item 1's severity down to 1 -> not met.
    listed.get_by_role("button", name="Edit").click()
    on_route(page, "questionnaire")
    group = page.get_by_role("radiogroup", name=f"1. {ITEMS[1]} Severity")
    assert group.get_by_role("radio", checked=True).get_attribute("value") == "2"
    rate(page, 1, "Severity", 1)
    page.get_by_role("button", name="Save").click()
    assert threshold(page) == f"{RULE}: no."
    [edited] = live(read_records(page), "questionnaire")
    assert edited["id"] == record["id"]
    assert edited["data"]["severity"] == {"1": 1, "2": 1, "4": 0}
    changed = {f for f, s in edited["field_hlcs"].items() if s != record["field_hlcs"][f]}
    assert changed == {"severity"}  # only what changed is stamped anew

    # Offline reload (from the service worker): still there, still the same.
    page.reload()
    wait_ready(page)
    assert threshold(page) == f"{RULE}: no."
    assert console_errors == []  # no CSP violation, no error


def test_nothing_answered_an_error_next_to_its_field_and_not_now(page, context, live_server):
    start_offline(page, context, live_server.url, "#questionnaire")
    on_route(page, "questionnaire")
    # A time is needed: emptied, the error is next to it and nothing is stored.
    answered = page.get_by_label("Answered", exact=True)
    answered.fill("")
    page.get_by_role("button", name="Save").click()
    error = page.locator('[data-error-for="answered_at"]')
    error.wait_for()
    assert error.inner_text() == "This is needed."
    assert answered.get_attribute("aria-invalid") == "true"
    assert live(read_records(page), "questionnaire") == []
    # A rating's refusal shows next to its own row (here a choice the form never offers,
    # forced in, as a tampered or future form might send).
    page.evaluate("""() => { document.querySelector('input[name="dsq-severity-3"][value="4"]')
                                 .value = '7'; }""")
    rate(page, 3, "Severity", 4)
    page.get_by_role("button", name="Save").click()
    row_error = page.locator('[data-error-for="severity.3"]')
    row_error.wait_for()
    assert row_error.inner_text() == "Use a number from 0 to 4."
    assert page.get_by_role("radiogroup", name=f"3. {ITEMS[3]} Severity").get_attribute(
        "aria-invalid") == "true"
    assert page.locator('[data-error-for="_form"]').is_hidden()
    page.get_by_role("button", name="Clear item 3").click()
    # No item answered is still an answer: it says the rule cannot apply, nothing more.
    answered.fill("2026-11-20T09:00")
    page.get_by_role("button", name="Save").click()
    assert threshold(page) == f"{RULE}: no item has both ratings."
    [record] = live(read_records(page), "questionnaire")
    assert record["data"] == {"answered_at": record["data"]["answered_at"],
                              "instrument": "dsq_pem"}
    assert record["data"]["answered_at"].startswith("2026-11-20T09:00:00")

    # Deleted from its day, the offer comes back on Today; "Not now" puts it away for
    # 30 days, on this device, across a reload.
    page.goto(f"{live_server.url}/#day/2026-11-20")
    wait_ready(page)
    entry(page, "DSQ-PEM questionnaire").get_by_role("button", name="Delete").click()
    page.goto(f"{live_server.url}/#today")
    wait_ready(page)
    offer = page.locator("#questionnaire-offer")
    offer.wait_for()
    offer.get_by_role("button", name="Not now").click()
    assert offer.count() == 0
    page.reload()
    wait_ready(page)
    page.locator("h2#entries-heading").wait_for()
    assert page.locator("#questionnaire-offer").count() == 0


def test_a_questionnaire_not_on_this_device(page, context, live_server):
    start_offline(page, context, live_server.url, "#questionnaire/no-such-id")
    on_route(page, "questionnaire")
    page.get_by_text("This questionnaire is not in the diary on this device.").wait_for()
    page.get_by_role("link", name="Answer the questionnaire").click()
    page.get_by_role("button", name="Save").wait_for()
