"""The README's screenshots, made from the real app so they never go stale.

A phone-size screen (390 x 844 CSS px, dark, en-GB, UTC), the clock held at a
fixed afternoon and two weeks of the sample diary imported, so every run draws
the same pictures. Each test compares its screen with the PNG under docs/screenshots/ and
fails, with the number of pixels, when they differ beyond text anti-aliasing: a broken
screen cannot pass. After a deliberate change to a screen, refresh the pictures with
ENVELOPE_REFRESH_SCREENSHOTS=1 (look at them before committing).
"""

import base64
import json
import os
import shutil
import struct
import subprocess
from datetime import UTC, date, datetime

import pytest

from tests.browser.conftest import open_app, wait_ready
from tests.sample_diary import sample_export
from tests.support import ROOT, need

SHOTS = ROOT / "docs" / "screenshots"
TODAY = date(2026, 11, 20)
NOW = datetime(2026, 11, 20, 15, 30, tzinfo=UTC)
PHONE = {"width": 390, "height": 844}
# Pixels that may differ from the committed picture: text anti-aliasing varies a little
# from run to run.
ANTI_ALIASING = 100
REFRESH = os.environ.get("ENVELOPE_REFRESH_SCREENSHOTS") == "1"

pytestmark = pytest.mark.browser


@pytest.fixture
def diary_page(browser, live_server, tmp_path):
    context = browser.new_context(viewport=PHONE, device_scale_factor=1, color_scheme="dark",
                                  locale="en-GB", timezone_id="UTC", reduced_motion="reduce")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.clock.set_fixed_time(NOW)
    open_app(page, live_server.url, "#settings")
    page.get_by_role("button", name="Start").click()  # the welcome, read once
    export = tmp_path / "diary.json"
    export.write_text(json.dumps(sample_export(TODAY, 14, today_check_in=False)))
    page.get_by_label("Import a JSON export").set_input_files(str(export))
    page.locator("#import-result").get_by_text("Imported").wait_for()
    yield page
    context.close()


def shoot(page, name: str, top: str | None = None):
    """Write the screen, scrolled to the top or to `top` (a selector), never where
    focus or the browser's scroll restoration happened to leave it."""
    page.evaluate("document.activeElement?.blur()")  # no focus ring in the picture
    page.evaluate("""(top) => top
        ? document.querySelector(top).scrollIntoView({block: 'start'})
        : window.scrollTo(0, 0)""", top)
    shot = page.screenshot(animations="disabled", caret="hide")
    assert shot[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", shot[16:24]) == (PHONE["width"], PHONE["height"])
    compare(page, name, shot)


def compare(page, name: str, shot: bytes):
    """Write `shot` as the picture `name` when refreshing; else fail when it differs."""
    path = SHOTS / f"{name}.png"
    if REFRESH:
        SHOTS.mkdir(parents=True, exist_ok=True)
        path.write_bytes(shot)
        return
    assert path.exists(), f"{path} is missing: make it with ENVELOPE_REFRESH_SCREENSHOTS=1"
    apart = pixels_apart(page, path.read_bytes(), shot)
    assert apart <= ANTI_ALIASING, (
        f"{name}: {apart} pixels differ from {path.relative_to(ROOT)} (at most "
        f"{ANTI_ALIASING} may). If the screen changed on purpose, refresh the pictures "
        "with ENVELOPE_REFRESH_SCREENSHOTS=1 and look at them.")


def pixels_apart(page, first: bytes, second: bytes) -> int:
    """How many pixels differ between two PNGs of one size, decoded by the browser."""
    if first == second:
        return 0
    blank = page.context.new_page()  # no app CSP here to forbid decoding blobs
    try:
        return blank.evaluate("""async (pngs) => {
            const pixels = await Promise.all(pngs.map(async (b64) => {
                const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
                const image = await createImageBitmap(new Blob([bytes], {type: 'image/png'}));
                const canvas = new OffscreenCanvas(image.width, image.height);
                const context = canvas.getContext('2d');
                context.drawImage(image, 0, 0);
                return context.getImageData(0, 0, image.width, image.height).data;
            }));
            if (pixels[0].length !== pixels[1].length) return Infinity;
            let apart = 0;
            for (let i = 0; i < pixels[0].length; i += 4) {
                if (pixels[0][i] !== pixels[1][i] || pixels[0][i + 1] !== pixels[1][i + 1]
                    || pixels[0][i + 2] !== pixels[1][i + 2]) apart += 1;
            }
            return apart;
        }""", [base64.b64encode(first).decode(), base64.b64encode(second).decode()])
    finally:
        blank.close()


def go(page, url, hash_):
    page.goto(url + "/" + hash_)
    wait_ready(page)


def test_check_in_and_today(diary_page, live_server):
    page = diary_page
    go(page, live_server.url, "#today")
    page.get_by_role("button", name="Check in").click()
    page.get_by_label("Energy").get_by_role("radio", name="4", exact=True).click()
    shoot(page, "check-in", top='[aria-labelledby="checkin-heading"]')
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Energy 4 of 10").wait_for()
    page.reload()  # opened afresh: no "Saved" toast in the picture
    wait_ready(page)
    page.get_by_text("Energy 4 of 10").wait_for()
    shoot(page, "today")


def test_how_i_feel_now(diary_page, live_server):
    """The snapshot sheet over Today, with two of the day's snapshots in its card."""
    page = diary_page
    go(page, live_server.url, "#today")
    for hour, minute, energy in ((9, 15, "3"), (13, 40, "5")):
        page.clock.set_fixed_time(datetime(2026, 11, 20, hour, minute, tzinfo=UTC))
        page.get_by_role("button", name="How I feel now").click()
        page.locator("dialog[open]").get_by_role("group", name="Energy now").get_by_role(
            "button", name=energy, exact=True).click()
        page.locator("dialog[open]:not(.welcome)").wait_for(state="detached")
    page.clock.set_fixed_time(NOW)
    page.reload()  # no "Saved" toast in the picture
    wait_ready(page)
    page.get_by_text("Energy through the day: 9:15 · 3, 13:40 · 5").wait_for()
    page.get_by_role("button", name="How I feel now").click()
    shoot(page, "snapshot", top="#snapshot-card")


def test_history(diary_page, live_server):
    go(diary_page, live_server.url, "#history")
    diary_page.locator(".day-card").first.wait_for()
    shoot(diary_page, "history")


def test_settings(diary_page, live_server):
    go(diary_page, live_server.url, "#settings")
    shoot(diary_page, "settings")


def test_insights(diary_page, live_server):
    go(diary_page, live_server.url, "#insights/30")
    diary_page.locator("#insight-trends canvas").first.wait_for()
    diary_page.locator("#insight-envelope canvas").first.wait_for()
    shoot(diary_page, "insights")


def test_report_printed(diary_page, live_server):
    """The appointment report's first printed page (A4), as poppler draws the PDF."""
    need(shutil.which("pdftoppm") is not None, "pdftoppm is not installed (apt-get install "
         "poppler-utils)", "ENVELOPE_TEST_REQUIRE_BROWSER")
    go(diary_page, live_server.url, "#report")
    diary_page.locator("#report-heading").wait_for()
    pdf = diary_page.pdf(format="A4")
    shot = subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-"],
                          input=pdf, capture_output=True, check=True).stdout
    assert shot[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", shot[16:24]) == (497, 703)  # A4 at 60 dpi, rounded up
    compare(diary_page, "report", shot)


def test_reminders_and_the_dose_question(diary_page, live_server):
    """Settings' Reminders card, and Today with the question on a dose taken at 12:00."""
    page = diary_page
    go(page, live_server.url, "#settings")
    shoot(page, "reminders", top="#reminders")
    go(page, live_server.url, "#today")
    page.get_by_role("button", name="Dose", exact=True).click()
    form = page.locator("dialog[open]")
    form.get_by_label("Substance", exact=True).fill("LDN")
    form.get_by_label("Amount", exact=True).fill("1.5")
    form.get_by_label("Taken", exact=True).fill("2026-11-20T12:00")
    form.get_by_label("Ask me how it went (in the app, a few hours later)").check()
    form.get_by_role("button", name="Save").click()
    page.locator("#ask-effect .nudge").wait_for()
    page.reload()  # opened afresh: no "Saved" toast in the picture; the question stays
    wait_ready(page)
    page.locator("#ask-effect .nudge").wait_for()
    shoot(page, "dose-question")
