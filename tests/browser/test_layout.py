"""Every screen stays usable and readable at 200 % text on a phone, and 320 px wide.

200 % text is emulated with the Chrome DevTools Protocol's `Page.setFontSizes`
(standard 32 px, fixed 26 px, twice Chrome's 16 and 13): it sets the same
preference as Chrome's own "Font size" setting (the default font size), so
everything sized in rem, em or % grows and what is sized in px (borders, the
48 px tap-target minimum) does not, as for the person who uses that setting.
A root `font-size` in the test would override the app's own root size rather
than scale it, and `zoom: 2` scales px too: that is page zoom, the same as a
195 px wide screen, not larger text (the 320 px run covers a narrow screen).

Each run opens each screen of tests/browser/screens.py (add a new screen there)
and fails on: the document scrolling sideways; any element sticking out of its
parent (a table wider than its card, an input wider than its field) or whose
content is clipped; tab labels cut off, overlapping or running together; and a
control smaller than the tap-target minimum.
"""

from pathlib import Path

import pytest

from tests.browser.conftest import wait_ready
from tests.browser.diary import dialog
from tests.browser.screens import SCREENS, SMALL_TARGETS

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
NARROW = {"width": 320, "height": 568}
DOUBLE_TEXT = {"standard": 32, "fixed": 26}  # Chrome's defaults are 16 and 13

# Evaluated in the page: the screen's layout problems, each saying where.
LAYOUT_PROBLEMS = (Path(__file__).parent / "layout_problems.js").read_text(encoding="utf-8")


def layout_page(browser, live_server, viewport, text_scale=None):
    context = browser.new_context(viewport=viewport, color_scheme="dark")
    page = context.new_page()
    page.set_default_timeout(15_000)
    if text_scale:
        page.context.new_cdp_session(page).send("Page.setFontSizes", {"fontSizes": text_scale})
    page.goto(live_server.url + "/")
    wait_ready(page)
    return context, page


def problems_here(page):
    page.wait_for_timeout(100)
    problems = page.evaluate(LAYOUT_PROBLEMS)
    small = page.evaluate(SMALL_TARGETS)
    return problems + [f"{t['what']} is {t['w']:.0f} x {t['h']:.0f} px, under 48 x 48"
                       for t in small]


@pytest.mark.parametrize("screen", SCREENS)
def test_every_screen_is_usable_at_200_percent_text_and_320_px(browser, live_server, screen):
    """One visit a screen: first 320 px wide, then, in place, 390 px with the text doubled
    (as when the phone turns or its text setting changes; the app lays itself out again)."""
    context, page = layout_page(browser, live_server, NARROW)
    try:
        SCREENS[screen](page)
        found = {"320 px": problems_here(page)}
        # The text first, then the width: the app lays itself out again on the resize.
        page.context.new_cdp_session(page).send("Page.setFontSizes",
                                                {"fontSizes": DOUBLE_TEXT})
        page.set_viewport_size(PHONE)
        root = page.evaluate(
            "() => parseFloat(getComputedStyle(document.documentElement).fontSize)")
        assert root == 36, f"the text is not doubled: the root font size is {root} px, not 2 x 18"
        page.wait_for_timeout(200)
        found["200 % text at 390 px"] = problems_here(page)
    finally:
        context.close()
    assert found == {"320 px": [], "200 % text at 390 px": []}, "\n".join(
        f"{size}: {problem}" for size, problems in found.items() for problem in problems)


def test_the_dose_ladder_fits_its_card_on_a_phone(browser, live_server):
    context, page = layout_page(browser, live_server, PHONE)
    try:
        page.get_by_role("button", name="Dose", exact=True).click()
        form = dialog(page)
        form.get_by_label("Substance", exact=True).fill("Low-dose naltrexone")
        form.get_by_label("Amount", exact=True).fill("1.5")
        form.get_by_label("Taken", exact=True).fill("2026-11-20T21:00")
        form.get_by_role("radio", name="Better", exact=True).check()
        form.get_by_label("Side effects", exact=True).fill("vivid dreams, headache")
        form.get_by_role("button", name="Save").click()
        form.wait_for(state="detached")
        page.goto(live_server.url + "/#doses/Low-dose%20naltrexone")
        wait_ready(page)
        table = page.get_by_role("table")
        table.get_by_role("cell", name="vivid dreams, headache").wait_for()
        sizes = page.evaluate("""() => {
            const card = document.querySelector('[aria-labelledby="ladder-heading"]');
            const table = card.querySelector('table');
            return {card: card.clientWidth, content: card.scrollWidth,
                    table: table.getBoundingClientRect().right,
                    inside: card.getBoundingClientRect().right}
        }""")
        assert sizes["content"] <= sizes["card"] and sizes["table"] <= sizes["inside"], sizes
        # Every value whole inside the card, each after its column's name.
        outside = page.evaluate("""() => {
            const card = document.querySelector('section[aria-labelledby="ladder-heading"]')
                .getBoundingClientRect();
            return [...document.querySelectorAll('.ladder td')].filter((el) => {
                const range = document.createRange();
                range.selectNodeContents(el);
                const text = range.getBoundingClientRect();
                return text.width > 0 && (text.left < card.left || text.right > card.right);
            }).map((el) => el.textContent);
        }""")
        assert outside == []
        labels = page.evaluate("""() => [...document.querySelectorAll('.ladder td')].map(
            (td) => getComputedStyle(td, '::before').content)""")
        assert labels == ['"Date"', '"Amount"', '"Effect"', '"Side effects"']
    finally:
        context.close()


def test_a_table_is_stacked_only_where_it_does_not_fit(browser, live_server):
    """The appointment report's tables: stacked at 200 % text on a phone, each value after
    its column's name and still a table to a screen reader; tables on a laptop."""
    stacked = {}
    for size, viewport, text_scale in (("phone", PHONE, DOUBLE_TEXT),
                                       ("laptop", {"width": 1280, "height": 800}, None)):
        context, page = layout_page(browser, live_server, viewport, text_scale)
        try:
            SCREENS["appointment report"](page)
            page.wait_for_timeout(100)
            stacked[size] = page.evaluate("""() => [...document.querySelectorAll('table.figures')]
                .map((table) => ({
                    stacked: table.classList.contains('stacked'),
                    role: table.getAttribute('role'),
                    unlabelled: [...table.querySelectorAll('tbody td')]
                        .filter((td) => td.colSpan === 1 && !td.dataset.label).length,
                }))""")
            if size == "phone":
                cell = page.locator("table.stacked tbody td[data-label]").first
                label = page.evaluate("(td) => getComputedStyle(td, '::before').content",
                                      cell.element_handle())
                assert label == f'"{cell.get_attribute("data-label")}"'
                assert page.get_by_role("table").count() == len(stacked[size])
        finally:
            context.close()
    assert any(t["stacked"] for t in stacked["phone"])
    assert all(t["role"] == "table" and t["unlabelled"] == 0 for t in stacked["phone"])
    assert stacked["laptop"] and not any(t["stacked"] for t in stacked["laptop"])
