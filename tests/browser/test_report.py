"""The appointment report in a real Chromium, offline: the person opens it from Insights
on a small diary whose figures are worked out by hand (the same diary as
tests/js/report.test.mjs), picks a period, prints it (rendered to PDF, A4 and Letter, at
most two pages even for a busy month) and downloads the period's CSV."""

import csv
import io
import re
import shutil
import subprocess
from datetime import UTC, date, datetime

import pytest

from tests.browser.conftest import open_app, wait_ready
from tests.browser.diary import import_export
from tests.sample_diary import record, sample_export
from tests.support import ROOT

pytestmark = pytest.mark.browser

NOW = datetime(2026, 11, 18, 12, 0, tzinfo=UTC)
WRITTEN = datetime(2026, 11, 18, 9, 0, tzinfo=UTC)
PERIOD = "#report/2026-11-10/2026-11-16"
OUTPUT = ROOT / "tests" / "output"
_ids = iter(range(1, 1000))


def entry(kind, data, id_=None):
    return record(id_ or f"0193b000-0000-7000-8000-{next(_ids):012d}", kind, data, WRITTEN)


def checkin(day, **data):
    return entry("checkin", {"date": day, **data}, f"checkin-{day}")


def act(started, minutes, category, intensity, name, **extra):
    return entry("activity", {"started_at": started, "duration_min": minutes, "category": category,
                              "intensity": intensity, "name": name, **extra})


def dose(taken, amount, **extra):
    return entry("dose", {"taken_at": taken, "substance": "LDN", "amount": amount, "unit": "mg",
                          **extra})


# Budget 40 (near from 36); the default rates: light 10, moderate 20, hard 40 points an hour.
HAND_DIARY = [
    entry("settings", {"daily_budget_points": 40, "symptoms": ["fatigue", "brain fog"]},
          "settings"),
    dose("2026-11-08T09:00:00Z", 1.5),
    # 9 Nov, the day before the period: none of it counts there.
    checkin("2026-11-09", energy=9, symptoms={"fatigue": 1, "nausea": 4}),
    act("2026-11-09T10:00:00Z", 60, "physical", "hard", "Gardening", for_clinician=True,
        note="out of the period"),
    # 10 Nov: Walk 10 points (within). 11 Nov: Reading 10 + Phone call 26 = 36 (near).
    checkin("2026-11-10", energy=4, symptoms={"fatigue": 6}, sleep_hours=8, sleep_quality=5,
            resting_hr=70, bell_score=30),
    act("2026-11-10T10:00:00Z", 30, "physical", "moderate", "Walk"),
    dose("2026-11-10T09:00:00Z", 1.5, effect=0),
    checkin("2026-11-11", energy=3, symptoms={"fatigue": 7}, sleep_hours=6, sleep_quality=3,
            resting_hr=74),
    act("2026-11-11T10:00:00Z", 60, "cognitive", "light", "Reading"),
    act("2026-11-11T14:00:00Z", 78, "social", "moderate", "Phone call"),
    dose("2026-11-11T09:00:00Z", 1.5),
    # 12 Nov: Shopping 60 points (over), marked for the clinician.
    act("2026-11-12T11:00:00Z", 90, "physical", "hard", "Shopping", for_clinician=True,
        note="With my sister; legs heavy after."),
    # 13 Nov: a severe crash at 08:00 lasting 36 h; the check-in is marked.
    checkin("2026-11-13", energy=2, symptoms={"fatigue": 9}, sleep_hours=10, sleep_quality=2,
            resting_hr=80, bell_score=20, for_clinician=True, note="Could not get up."),
    entry("episode", {"started_at": "2026-11-13T08:00:00Z", "ended_at": "2026-11-14T20:00:00Z",
                      "severity": "severe", "symptoms": ["fatigue"]}),
    # 15 Nov: 3 mg (marked), a DSQ-PEM answer. 16 Nov: 3 mg again.
    dose("2026-11-15T09:00:00Z", 3, effect=-1, side_effects=["vivid dreams"], for_clinician=True),
    entry("questionnaire", {"answered_at": "2026-11-15T10:00:00Z", "instrument": "dsq_pem",
                            "frequency": {"1": 3, "2": 2}, "severity": {"1": 2, "2": 1}}),
    checkin("2026-11-16", energy=5),
    dose("2026-11-16T09:00:00Z", 3, effect=1, side_effects=["vivid dreams", "dry mouth"]),
    # 17 Nov, the day after the period.
    checkin("2026-11-17", energy=10, sleep_hours=12, bell_score=90, for_clinician=True),
    act("2026-11-17T10:00:00Z", 120, "sensory", "hard", "Concert"),
]


def export_of(records):
    return {"format": "envelope-export", "version": 1, "exported_at": "2026-11-18T09:00:00+00:00",
            "records": records}


@pytest.fixture
def offline_with(browser, live_server, tmp_path):
    """A phone-size page with a diary imported, then the network cut; its console errors."""
    made = []

    def start(export, now=NOW):
        context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB",
                                      timezone_id="Europe/London", color_scheme="dark")
        made.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.clock.set_fixed_time(now)
        errors = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        open_app(page, live_server.url, "#settings")
        page.get_by_role("button", name="Start").click()
        import_export(page, tmp_path, export)
        context.set_offline(True)
        return page, errors

    yield start
    for context in made:
        context.close()


def cells(row):
    return row.locator("td").all_inner_texts()


def open_period(page, hash_=PERIOD):
    page.goto(page.url.split("#")[0] + hash_)
    wait_ready(page)
    page.locator("#report-heading").wait_for()


def test_the_report_shows_the_hand_worked_figures(offline_with):
    page, errors = offline_with(export_of(HAND_DIARY))
    page.get_by_role("link", name="Insights").click()
    page.get_by_role("link", name="Report for an appointment").click()
    # The last 30 days by default, ending today (18 Nov): entries on the 8th to the 13th,
    # the 15th, 16th and 17th.
    period = page.locator('[data-figure="period"]')
    assert period.inner_text() == (
        "20 October 2026 to 18 November 2026: 30 days, with entries on 9 of them.")
    assert page.locator('.nav-link[aria-current="page"]').inner_text() == "Insights"

    page.get_by_label("From").fill("2026-11-10")
    page.get_by_label("To").fill("2026-11-16")
    page.get_by_role("button", name="Show this period").click()
    period.filter(has_text="10 November 2026").wait_for()
    assert page.url.endswith(PERIOD)
    assert period.inner_text() == (
        "10 November 2026 to 16 November 2026: 7 days, with entries on 6 of them.")

    # Energy 4, 3, 2, 5; fatigue 6, 7, 9 (mean 7.33 shown to one decimal); nights 8, 6, 10;
    # quality 5, 3, 2; resting 70, 74, 80 (its median only); no upright time logged.
    daily = page.locator("#report-daily")
    assert cells(daily.locator('tr[data-key="energy"]')) == ["3.5", "3.5", "4 days"]
    assert cells(daily.locator('tr[data-key="symptom:fatigue"]')) == ["7.3", "7", "3 days"]
    assert daily.locator('tr[data-key="symptom:brain fog"]').count() == 0  # never rated
    assert daily.locator('tr[data-key="symptom:nausea"]').count() == 0  # only before the period
    assert cells(daily.locator('tr[data-key="sleep_hours"]')) == ["8", "8", "3 days"]
    assert cells(daily.locator('tr[data-key="sleep_quality"]')) == ["3.3", "3", "3 days"]
    assert cells(daily.locator('tr[data-key="resting_hr"]')) == ["–", "74", "3 days"]
    assert cells(daily.locator('tr[data-key="upright_hours"]')) == ["–", "–", "0 days"]

    # 10 within, 36 near, 60 over, four days with no activity; spent mean 35.33, median 36.
    envelope = page.locator("#report-envelope")
    assert cells(envelope.locator('[data-figure="envelope-days"]')) == [
        "1 day", "1 day", "1 day", "4 days"]
    assert envelope.locator('[data-figure="spent"]').inner_text() == (
        "Points spent on a day with activities: mean 35.3, median 36, over 3 days.")
    activity = page.locator("#report-activity")
    assert cells(activity.locator('tr[data-category="physical"]')) == ["70", "120", "2 days"]
    assert cells(activity.locator('tr[data-category="social"]')) == ["26", "78", "1 day"]
    assert cells(activity.locator('tr[data-category="sensory"]')) == ["0", "0", "0 days"]
    assert cells(activity.locator('tr[data-category="all"]')) == ["106", "258", "3 days"]

    scores = page.locator("#report-scores")
    assert scores.locator('[data-figure="bell"]').inner_text() == (
        "Bell disability scale: median 25, from 20 to 30, over 2 days.")
    assert [r.locator("th, td").all_inner_texts() for r in scores.locator("tbody tr").all()] == [
        ["15 Nov", "5 of 20", "3 of 20", "Met"]]

    # The crash: the 72 h before it beside the usual (worked out in report.test.mjs):
    # physical 70 points against a usual 50, the rest against 0.
    crash = page.locator("#report-crashes tbody tr")
    assert crash.count() == 1
    assert crash.locator("th").inner_text() == "13 Nov"
    texts = cells(crash)
    assert texts[:2] == ["36 h", "Severe"]
    assert texts[2] == ("Physical points 70 (usual 50); Social points 26 (usual 0); "
                               "Cognitive points 10 (usual 0); Minutes of Shopping 90 (usual 0); "
                               "Minutes of Phone call 78 (usual 0); and 2 more")

    medication = page.locator("#report-medication tbody tr")
    assert [r.locator("th, td").all_inner_texts() for r in medication.all()] == [
        ["LDN", "10 Nov to 11 Nov", "1.5 mg · 2 doses", "mean 0 of 1", "–"],
        ["", "15 Nov to 16 Nov", "3 mg · 2 doses", "mean 0 of 2", "vivid dreams, dry mouth"],
        ["", "Before this period: 1.5 mg (last on 8 Nov)."],
    ]

    notes = page.locator("#report-notes tbody tr")
    assert [r.locator("th, td").all_inner_texts() for r in notes.all()] == [
        ["12 Nov", "Shopping · Physical, hard · 90 min · 60 points",
         "With my sister; legs heavy after."],
        ["13 Nov", "Check-in · energy 2", "Could not get up."],
        ["15 Nov", "LDN 3 mg · Worse", "–"],
    ]
    assert errors == []


def test_the_csv_button_downloads_the_periods_entries(offline_with):
    page, errors = offline_with(export_of(HAND_DIARY))
    open_period(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV of this period").click()
    assert download.value.suggested_filename == "envelope-2026-11-10-to-2026-11-16.csv"
    rows = list(csv.DictReader(io.StringIO(download.value.path().read_text(encoding="utf-8-sig"))))
    inside = [r for r in HAND_DIARY if r["kind"] != "settings" and "2026-11-10" <= (
        r["data"].get("date") or r["data"].get("started_at") or r["data"].get("taken_at")
        or r["data"]["answered_at"])[:10] <= "2026-11-16"]
    assert len(inside) == 14
    assert sorted(row["id"] for row in rows) == sorted(r["id"] for r in inside)
    assert min(row["day"] for row in rows) == "2026-11-10"
    assert max(row["day"] for row in rows) == "2026-11-16"
    assert errors == []


def pdf_pages(pdf: bytes) -> int:
    """Pages of a PDF: its page objects (`/Type /Page`, not the `/Pages` tree)."""
    assert pdf.startswith(b"%PDF-")
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def busy_month():
    """120 days of the sample diary, and in its last 30 some long notes marked for the
    clinician: a month fuller than most."""
    export = sample_export(date(2026, 11, 18), 120)
    marked = [r for r in export["records"] if r["kind"] in ("activity", "episode")
              and r["data"]["started_at"] >= "2026-11-01"][:8]
    for r in marked:
        r["data"]["for_clinician"] = True
        r["data"]["note"] = ("Had to lie down after this for the rest of the afternoon; "
                             "my legs felt heavy and the light hurt.")
        stamp = next(iter(r["field_hlcs"].values()))  # each field carries its stamp
        r["field_hlcs"].update(for_clinician=stamp, note=stamp)
    return export


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_printed_report_is_at_most_two_pages(offline_with, paper):
    page, errors = offline_with(busy_month())
    open_period(page, "#report/2026-10-20/2026-11-18")
    assert page.locator("#report-notes tbody tr").count() == 8
    assert page.locator("#report-crashes tbody tr").count() >= 1
    pdf = page.pdf(format=paper)
    OUTPUT.mkdir(exist_ok=True)
    (OUTPUT / f"report-{paper}.pdf").write_bytes(pdf)  # to look at
    pages = pdf_pages(pdf)
    if shutil.which("pdfinfo"):  # poppler's own count, where it is installed
        info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout
        assert re.search(rb"^Pages:\s+(\d+)$", info, re.M).group(1) == str(pages).encode()
    assert 1 <= pages <= 2, f"{paper}: {pages} pages"
    print(f"{paper}: {pages} pages")
    assert errors == []


def test_print_shows_only_the_report_black_on_white(offline_with):
    page, _ = offline_with(export_of(HAND_DIARY))
    open_period(page)
    assert page.get_by_role("button", name="Print").is_visible()
    page.emulate_media(media="print")
    for hidden in ("#nav", ".topbar", ".report-controls"):
        assert not page.locator(hidden).is_visible(), f"{hidden} is printed"
    colours = page.evaluate("""() => [document.body, document.querySelector('#report-daily td')]
        .map((el) => [getComputedStyle(el).color, getComputedStyle(el).backgroundColor])""")
    assert colours == [["rgb(0, 0, 0)", "rgb(255, 255, 255)"]] * 2
    # The small diary's report is one page.
    assert pdf_pages(page.pdf(format="A4")) == 1


def test_the_report_draws_the_records_it_is_given(offline_with):
    """As the clinician's view will call it: records in memory, shaped as the server sends
    them ({id, kind, data, updated_at}), a title and the person's name; another period is
    drawn in place, without the person's route."""
    page, errors = offline_with(export_of([]))
    page.context.set_offline(False)  # the source modules are served, not precached
    given = [{"id": r["id"], "kind": r["kind"], "data": r["data"], "updated_at": r["updated_at"]}
             for r in HAND_DIARY if r["kind"] != "settings"]
    page.evaluate("""async (records) => {
        const src = document.querySelector('script[type="module"]').src;
        const report = src.replace(/dist\\/index\\.js$/, 'js/views/report.js');
        const { renderReport } = await import(report);
        const host = document.createElement('div');
        host.id = 'given';
        document.body.append(host);
        renderReport(host, {
            records, from: '2026-11-09', to: '2026-11-16', title: 'Shared report',
            subject: 'Alex', settings: { daily_budget_points: 40, symptoms: ['fatigue'],
                points_per_hour: { light: 10, moderate: 20, hard: 40 }, look_back_hours: 72 },
        });
    }""", given)
    host = page.locator("#given")
    assert host.locator("h1").inner_text() == "Shared report"
    assert host.get_by_text("For Alex").count() == 1
    # From the 9th: its energy 9 joins 4, 3, 2, 5 (mean 4.6, median 4).
    assert cells(host.locator('tr[data-key="energy"]')) == ["4.6", "4", "5 days"]
    assert host.locator("#report-notes tbody tr").count() == 4  # the 9th's Gardening too
    hash_before = page.evaluate("location.hash")
    host.get_by_label("From").fill("2026-11-10")
    host.get_by_role("button", name="Show this period").click()
    host.locator('[data-figure="period"]').filter(has_text="10 November 2026").wait_for()
    assert cells(host.locator('tr[data-key="energy"]')) == ["3.5", "3.5", "4 days"]
    assert page.evaluate("location.hash") == hash_before
    assert errors == []
