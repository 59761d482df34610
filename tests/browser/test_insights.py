"""Insights in a real Chromium, offline: figures worked out by hand from a small diary,
the look-back on a crash entry, uPlot loaded only when Insights opens, and the sample
diary's envelope counted by an independent reading of the same export."""

from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest

from tests.browser.conftest import open_app
from tests.browser.diary import import_export
from tests.sample_diary import record, sample_export

pytestmark = pytest.mark.browser

TODAY = date(2026, 11, 20)
NOW = datetime(2026, 11, 20, 15, 30, tzinfo=UTC)
WRITTEN = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def activity(id_, started, minutes, category, intensity, name, **extra):
    return record(id_, "activity", {"started_at": started, "duration_min": minutes,
                                    "category": category, "intensity": intensity, "name": name,
                                    **extra}, WRITTEN)


def checkin(day, **data):
    return record(f"checkin-{day}", "checkin", {"date": day, **data}, WRITTEN)


# Budget 40 and a heart-rate threshold of 100; the default rates (light 10, moderate 20,
# hard 40 points an hour).
#   16 Nov  Walk, hard, 30 min = 20 points (within: under 90 % of 40), average heart rate 110
#   17 Nov  Cooking, moderate, 110 min = 36.7 points (near: 90 % of 40 is 36)
#   19 Nov  GP appointment, hard, 90 min = 60 points (over); a crash at 20:00
#   check-ins: 16th energy 4, slept 8 h; 17th energy 5, slept 5 h; 19th energy 6, slept 8 h
HAND_DIARY = [
    record("settings", "settings", {"daily_budget_points": 40, "hr_threshold": 100}, WRITTEN),
    activity("0193a000-0000-7000-8000-000000000001", "2026-11-16T10:00:00+00:00", 30,
             "physical", "hard", "Walk", avg_hr=110),
    activity("0193a000-0000-7000-8000-000000000002", "2026-11-17T10:00:00+00:00", 110,
             "physical", "moderate", "Cooking"),
    activity("0193a000-0000-7000-8000-000000000003", "2026-11-19T10:00:00+00:00", 90,
             "social", "hard", "GP appointment"),
    checkin("2026-11-16", energy=4, sleep_hours=8),
    checkin("2026-11-17", energy=5, sleep_hours=5),
    checkin("2026-11-19", energy=6, sleep_hours=8),
    record("0193a000-0000-7000-8000-000000000004", "episode",
           {"started_at": "2026-11-19T20:00:00+00:00", "severity": "moderate"}, WRITTEN),
    # Two DSQ-PEM answers: item 1 at 1/1 (the threshold not met); then items 1 and 2 at 3/2
    # and 2/1 (item 1 meets it), totals 5 and 3 of 20.
    record("0193a000-0000-7000-8000-000000000005", "questionnaire",
           {"answered_at": "2026-11-16T09:00:00+00:00", "instrument": "dsq_pem",
            "frequency": {"1": 1}, "severity": {"1": 1}}, WRITTEN),
    record("0193a000-0000-7000-8000-000000000006", "questionnaire",
           {"answered_at": "2026-11-19T12:00:00+00:00", "instrument": "dsq_pem",
            "frequency": {"1": 3, "2": 2}, "severity": {"1": 2, "2": 1}}, WRITTEN),
]


def export_of(records):
    return {"format": "envelope-export", "version": 1, "exported_at": "2026-11-20T09:00:00+00:00",
            "records": records}


@pytest.fixture
def offline_with(browser, live_server, tmp_path):
    """A phone-size page with a diary imported, then the network cut; the page's requests."""
    made = []

    def start(export):
        context = browser.new_context(viewport={"width": 390, "height": 844}, timezone_id="UTC",
                                      locale="en-GB", color_scheme="dark")
        made.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.clock.set_fixed_time(NOW)
        errors = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        open_app(page, live_server.url, "#settings")
        page.get_by_role("button", name="Start").click()
        import_export(page, tmp_path, export)
        context.set_offline(True)
        requests = []
        page.on("request", lambda r: requests.append(r.url))
        return page, requests, errors

    yield start
    for context in made:
        context.close()


def open_insights(page, range_="7"):
    page.get_by_role("link", name="Insights").click()
    page.get_by_role("link", name=f"{range_} days" if range_ != "all" else "All").click()
    page.locator(f'.ranges a[aria-current="page"][href="#insights/{range_}"]').wait_for()
    page.locator("#insight-trends canvas").first.wait_for()


def test_insights_offline_show_the_hand_worked_figures(offline_with):
    page, requests, errors = offline_with(export_of(HAND_DIARY))
    page.get_by_role("link", name="Today").click()
    page.locator("#envelope-line").wait_for()
    assert not [url for url in requests if "uPlot" in url], "uPlot loaded before Insights opened"
    open_insights(page, "7")
    assert [url for url in requests if "uPlot" in url], "the chart library came with Insights"

    envelope = page.locator("#insight-envelope")
    assert envelope.locator('[data-figure="envelope-totals"]').inner_text() == (
        "Of 3 days with activities logged: 1 within the budget, 1 near it, 1 over it.")
    # The week of Monday 16 November, 16th to 20th in range: within 1, near 1, over 1, and
    # the 18th and 20th with no activity.
    by_week = envelope.locator("details").filter(has_text="By week")
    by_week.get_by_text("By week").click()
    week = by_week.locator("tr").filter(has_text="Monday 16 November")
    assert week.locator("td").all_inner_texts() == ["1", "1", "1", "2"]

    heart = page.locator('#insight-heart [data-figure="heart"]').inner_text()
    assert heart == ("On 1 of 1 days with heart rate logged, an activity went above 100 bpm: "
                     "1 of 1 activities, 30 minutes.")

    # Nights 8, 5 and 8 h: median 8; under 7 h the 5 h night (energy 5); 7 to 9 h the two
    # 8 h nights (energy 4 and 6: mean 5).
    sleep = page.locator("#insight-sleep")
    assert sleep.locator('tr[data-group="short"] td').all_inner_texts() == ["1", "5 (1 days)"]
    assert sleep.locator('tr[data-group="usual"] td').all_inner_texts() == ["2", "5 (2 days)"]
    assert sleep.locator('tr[data-group="long"] td').all_inner_texts() == ["0", "– (0 days)"]

    # The energy trend's table: the three days with a check-in, newest first; no zeros for the rest.
    trends = page.locator("#insight-trends")
    trends.get_by_text("Show as a table (3 days)").click()
    rows = trends.locator("tbody tr")
    assert [rows.nth(i).inner_text().split("\t") for i in range(3)] == [
        ["Thursday 19 November", "6"], ["Tuesday 17 November", "5"], ["Monday 16 November", "4"]]

    page.locator("#trend-pick").select_option(label="Points spent")
    trends.get_by_text("Show as a table (3 days)").click()
    first = trends.locator("tbody tr").first.inner_text().split("\t")
    assert first == ["Thursday 19 November", "60", "40"]

    # The DSQ-PEM's totals, newest first; answered 1 day ago, so offered again 30 days after.
    dsq = page.locator("#insight-questionnaire")
    assert [row.locator("th, td").all_inner_texts() for row in dsq.locator("tbody tr").all()] == [
        ["Thursday 19 November", "5 of 20", "3 of 20", "Met"],
        ["Monday 16 November", "1 of 20", "1 of 20", "Not met"]]
    assert "Offered here again from Saturday 19 December." in dsq.inner_text()
    assert dsq.get_by_role("link", name="Answer the DSQ-PEM").count() == 0
    dsq.locator("canvas").first.wait_for()

    # One crash: across crashes waits for 3.
    assert "Shown from 3 crashes on (1 so far)." in page.locator("#insight-crashes").inner_text()
    assert errors == []


def test_a_crash_entry_shows_its_look_back_beside_the_usual(offline_with):
    page, _, errors = offline_with(export_of(HAND_DIARY))
    page.goto(page.url.split("#")[0] + "#day/2026-11-19")
    crash = page.locator('li.entry[data-kind="episode"]')
    crash.get_by_text("Logged in the 72 hours before").click()
    # [16th 20:00, 19th 20:00): Cooking 36.7 physical points and the GP appointment's 60
    # social points. The usual: the 72 h windows inside the record end at midnight on the
    # 19th (Walk and Cooking, 56.7 physical) and on the 20th (Cooking 36.7, GP 60 social);
    # medians 46.7 physical and 30 social.
    social = crash.locator('tr[data-key="category:social:points"]')
    social.wait_for()
    assert social.locator("td").all_inner_texts() == ["60 (above your usual)", "30"]
    physical = crash.locator('tr[data-key="category:physical:points"]')
    assert physical.locator("td").all_inner_texts() == ["36.7", "46.7"]
    assert physical.get_attribute("data-above") == "false"
    # The flat list, one tap further: Cooking, the GP appointment, the check-ins of the 17th
    # and 19th (a check-in counts from its day's midnight; the 16th's is before the window).
    crash.get_by_text("Every entry (4)").click()
    assert crash.locator(".look-back-list li").count() == 4
    assert errors == []


def test_the_sample_diary_envelope_matches_an_independent_count(offline_with):
    """120 days of the sample diary, shown over 30: within / near / over counted here from the
    export itself, and its crashes."""
    export = sample_export(TODAY, 120)
    settings = next(r for r in export["records"] if r["kind"] == "settings")
    budget = settings["data"]["daily_budget_points"]
    first = (TODAY - timedelta(days=29)).isoformat()
    spent = Counter()
    for r in export["records"]:
        if r["kind"] == "activity" and r["data"]["started_at"][:10] >= first:
            spent[r["data"]["started_at"][:10]] += round(r["data"]["points"] * 10)
    states = Counter(
        "over" if tenths > budget * 10 else "near" if tenths * 10 >= budget * 90 else "within"
        for tenths in spent.values())
    # A crash that begins less than the look-back (72 h) after the last one counted is part of it.
    onsets = sorted(datetime.fromisoformat(r["data"]["started_at"]) for r in export["records"]
                    if r["kind"] == "episode")
    counted = []
    for onset in onsets:
        if not counted or onset - counted[-1] >= timedelta(hours=72):
            counted.append(onset)
    crashes = len(counted)
    assert len(onsets) > crashes >= 3 and min(spent) == first

    page, _, errors = offline_with(export)
    open_insights(page, "30")
    assert page.locator('#insight-envelope [data-figure="envelope-totals"]').inner_text() == (
        f"Of {len(spent)} days with activities logged: {states['within']} within the budget, "
        f"{states['near']} near it, {states['over']} over it.")
    assert f"Crashes in your whole log: {crashes}." in page.locator("#insight-crashes").inner_text()
    assert errors == []
