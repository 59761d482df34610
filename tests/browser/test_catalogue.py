"""Every visible string comes from the message catalogue.

The app has a pseudo-locale, en-XA, in which every catalogue message is
wrapped in ⟦ ⟧. On each screen, any word of three or more letters outside
those brackets is a string that did not come from the catalogue, unless it
is the person's own data (the seeded presets and symptoms) or the brand.
"""

import pytest

from tests.browser.conftest import open_app, wait_ready
from tests.browser.diary import dialog
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


def unwrapped(page):
    return page.evaluate(FIND_UNWRAPPED, sorted(ALLOWED))


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

        for kind in ("Activity", "Rest", "Dose", "Episode"):
            page.get_by_role("button", name=f"⟦{kind}⟧", exact=True).click()
            form = dialog(page)
            if kind != "Episode":  # an episode needs nothing more than its start
                form.get_by_role("button", name="⟦Save⟧").click()  # with its errors showing
                form.locator(".field-error:not([hidden])").first.wait_for()
            problems[f"{kind} form"] = unwrapped(page)
            form.get_by_role("button", name="⟦Cancel⟧").click()

        page.get_by_role("button", name="⟦Crash⟧").click()
        page.get_by_role("button", name="Shower · 15 min").click()
        poll(page, "() => document.querySelectorAll('li.entry').length === 2")
        problems["today with entries"] = unwrapped(page)

        for route in ("history", "doses", "settings"):
            page.goto(f"{live_server.url}/#{route}")
            wait_ready(page)
            problems[route] = unwrapped(page)

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
