"""Find anything, on History, in a real Chromium, offline: a small diary imported, then the
network cut; entries found by a substance, a note, a trigger and a symptom, with capitals
and accents folded, grouped by day newest first; every word must match; a calm state when
nothing does; a found entry edited in place; every kind searched whatever History's filter,
and Clear giving History back as it was."""

from datetime import UTC, datetime

import pytest

from tests.browser.conftest import open_app
from tests.browser.diary import dialog, import_export
from tests.sample_diary import record
from tests.support import poll

pytestmark = pytest.mark.browser

NOW = datetime(2026, 11, 20, 15, 30, tzinfo=UTC)
WRITTEN = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
ID = "0193a000-0000-7000-8000-0000000000{:02d}".format


def entry(number, kind, data):
    return record(ID(number), kind, data, WRITTEN)


DIARY = [
    entry(1, "dose", {"taken_at": "2026-11-20T08:30:00+00:00", "substance": "Magnésium",
                      "amount": 200, "unit": "mg", "note": "With breakfast"}),
    entry(2, "episode", {"started_at": "2026-11-20T07:00:00+00:00", "severity": "mild",
                         "symptoms": ["brain fog"], "suspected_triggers": ["Crowded café"]}),
    entry(3, "activity", {"started_at": "2026-11-19T10:00:00+00:00", "duration_min": 40,
                          "category": "social", "intensity": "moderate",
                          "name": "Café with Zoë", "note": "Felt DIZZY after, lay down"}),
    entry(4, "dose", {"taken_at": "2026-11-18T21:00:00+00:00", "substance": "LDN",
                      "amount": 1.5, "unit": "mg", "side_effects": ["Vivid dreams"]}),
    record("checkin-2026-11-18", "checkin", {"date": "2026-11-18", "energy": 3,
                                             "symptoms": {"Brain fog": 6},
                                             "note": "Slow morning"}, WRITTEN),
    entry(5, "activity", {"started_at": "2026-11-17T11:00:00+00:00", "duration_min": 15,
                          "category": "physical", "intensity": "moderate", "name": "Shower"}),
]


@pytest.fixture
def history(browser, live_server, tmp_path):
    """History on a phone-size page, the diary imported, then the network cut."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, timezone_id="UTC",
                                  locale="en-GB", color_scheme="dark")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.clock.set_fixed_time(NOW)
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    open_app(page, live_server.url, "#settings")
    page.get_by_role("button", name="Start").click()
    import_export(page, tmp_path, {"format": "envelope-export", "version": 1,
                                   "exported_at": WRITTEN.isoformat(), "records": DIARY})
    context.set_offline(True)
    page.get_by_role("link", name="History").click()
    page.locator(".browsing .day-card").first.wait_for()
    yield page, errors
    context.close()


def search(page, words: str, typed: bool = False):
    """Type (or paste) `words` into the search and wait until their results are shown."""
    field = page.get_by_label("Search your entries")
    if typed:
        field.fill("")
        field.press_sequentially(words, delay=30)
    else:
        field.fill(words)
    poll(page, "(words) => document.querySelector('.search-results')?.dataset.query === words",
         arg=words)


def found(page):
    """The results shown: [(day, [(entry's id, [(field, marked text), ...]), ...]), ...]."""
    shown = page.evaluate("""() => [...document.querySelectorAll('.search-results .day-card')]
        .map((card) => [card.dataset.day, [...card.querySelectorAll('li.entry')].map((li) => [
            li.dataset.id,
            [...li.querySelectorAll('.search-match')].map((line) => [
                line.querySelector('.search-field').textContent,
                [...line.querySelectorAll('mark')].map((mark) => mark.textContent).join('+'),
            ]),
        ])])""")
    return [(day, [(id_, [tuple(match) for match in matches]) for id_, matches in items])
            for day, items in shown]


def status(page):
    return page.get_by_role("search").get_by_role("status").text_content()


def test_search_offline_by_substance_note_trigger_and_symptom(history):
    page, errors = history
    field = page.get_by_label("Search your entries")
    assert field.get_attribute("type") == "search"

    # A substance, typed without its accent and in capitals.
    search(page, "MAGNESIUM", typed=True)
    assert found(page) == [("2026-11-20", [(ID(1), [("Substance:", "Magnésium")])])]
    assert status(page) == "1 entry found."
    # History's days make way for the results.
    assert page.locator(".browsing").is_hidden()

    # A note, the case folded the other way.
    search(page, "dizzy")
    assert found(page) == [("2026-11-19", [(ID(3), [("Note:", "DIZZY")])])]

    # An accent typed where the entry has one and where it has none: both found, by the
    # activity's name and by the crash's trigger, grouped by day, newest first.
    for words in ("cafe", "Café"):
        search(page, words)
        assert found(page) == [
            ("2026-11-20", [(ID(2), [("Suspected triggers:", "café")])]),
            ("2026-11-19", [(ID(3), [("What:", "Café")])]),
        ], words
        assert status(page) == "2 entries found, on 2 days."
    page.locator(".search-results .day-card h2").first.get_by_role(
        "link", name="Open Friday 20 November").wait_for()

    # Symptoms: a crash's list and a check-in's ratings; a side effect of a dose.
    search(page, "brain fog")
    assert found(page) == [
        ("2026-11-20", [(ID(2), [("Symptoms:", "brain+fog")])]),
        ("2026-11-18", [("checkin-2026-11-18", [("Symptoms:", "Brain+fog")])]),
    ]
    search(page, "vivid")
    assert found(page) == [("2026-11-18", [(ID(4), [("Side effects:", "Vivid")])])]

    # Every word must match, each in any field: the café's name and its note.
    search(page, "zoe dizzy")
    assert found(page) == [("2026-11-19", [(ID(3), [("What:", "Zoë"), ("Note:", "DIZZY")])])]
    search(page, "cafe xylophone")
    assert found(page) == []

    # Nothing found: said calmly, with what might help.
    search(page, "xylophone")
    assert found(page) == []
    assert status(page) == "Nothing in your entries matches “xylophone”."
    page.get_by_text("Fewer or shorter words may find it.").wait_for()

    # Clear: the field empty and focused, History's days back.
    page.get_by_role("button", name="Clear").click()
    assert field.input_value() == ""
    assert page.evaluate("() => document.activeElement.id") == "history-search"
    page.locator(".browsing .day-card").first.wait_for()
    assert page.locator(".search-results").is_hidden()
    assert status(page) == ""
    assert page.get_by_role("button", name="Clear").is_hidden()
    assert errors == []


def test_a_found_entry_is_edited_in_place_and_the_search_stays(history):
    page, errors = history
    search(page, "dizzy")
    page.locator(".search-results").get_by_role(
        "button", name="Edit: Café with Zoë").click()
    form = dialog(page)
    note = form.get_by_label("Note")
    assert note.input_value() == "Felt DIZZY after, lay down"
    note.fill("Felt dizzy after; lay down an hour, then dizzy again")
    form.get_by_role("button", name="Save").click()
    form.wait_for(state="hidden")
    # The screen is drawn again with the change: the same words, the new note's marks.
    poll(page, """() => [...document.querySelectorAll('.search-results mark')]
        .map((mark) => mark.textContent).join('+') === 'dizzy+dizzy'""")
    assert page.get_by_label("Search your entries").input_value() == "dizzy"
    assert status(page) == "1 entry found."
    # A found entry's day opens from its heading, as History's days do.
    page.locator(".search-results").get_by_role("link", name="Open Thursday 19 November").click()
    poll(page, "() => document.documentElement.dataset.route === 'day'")
    assert "#day/2026-11-19" in page.url
    assert errors == []


def test_search_covers_every_kind_whatever_the_filter_and_clear_gives_it_back(history):
    page, _ = history
    page.get_by_label("Show", exact=True).select_option("dose")
    poll(page, """() => [...document.querySelectorAll('.browsing li.entry')]
        .every((li) => li.dataset.kind === 'dose')""")
    # The results come right under the field, over every entry; the filters wait below.
    search(page, "brain")
    assert [id_ for _, items in found(page) for id_, _ in items] == [ID(2), "checkin-2026-11-18"]
    assert page.get_by_label("Show", exact=True).is_hidden()
    page.get_by_role("button", name="Clear").click()
    assert page.get_by_label("Show", exact=True).input_value() == "dose"
    kinds = page.evaluate("() => [...document.querySelectorAll('.browsing li.entry')]"
                          ".map((li) => li.dataset.kind)")
    assert kinds and set(kinds) == {"dose"}
