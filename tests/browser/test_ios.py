"""iPhone and iPad: the Home Screen steps (iOS has no install prompt) and the warning that
Safari may delete what is only on the device, in Chromium with iOS Safari's user agent and
its `navigator.standalone` (and display-mode, for an installed app) given by init script.
What differs for real on iOS (Safari's deleting, the Share sheet) cannot run here; the
README's "iPhone and iPad" says what was and was not tried."""

import json
import uuid
from datetime import timedelta

import pytest

from tests.browser.conftest import open_app, wait_ready
from tests.browser.diary import (
    ANDROID_CHROME,
    IPHONE_SAFARI,
    ios_answers,
    live,
    logged_days_ago,
    page_now,
)
from tests.browser.test_sync import outbox_count, sign_up
from tests.support import poll

pytestmark = pytest.mark.browser

STEPS = "How to add Envelope to the Home Screen"
WARNING = "Some of your diary is only on this device"


def phone(browser, user_agent, standalone=False, display_mode=None):
    context = browser.new_context(
        user_agent=user_agent, viewport={"width": 390, "height": 844}, is_mobile=True,
        has_touch=True,
    )
    context.add_init_script(script=ios_answers(standalone, display_mode))
    return context


@pytest.fixture
def iphone(browser):
    """iPhone Safari, in the browser; its console errors (CSP violations are some) must be
    none at the end."""
    context = phone(browser, IPHONE_SAFARI)
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    # A request offline fails, as it should (sync tries and waits for the network).
    assert [e for e in errors if "ERR_INTERNET_DISCONNECTED" not in e] == []


def open_settings(page):
    page.get_by_role("link", name="Settings").click()
    page.locator("#storage-state").wait_for()


def test_iphone_safari_says_how_to_add_to_the_home_screen_once_and_in_settings(iphone, live_server):
    page = iphone
    open_app(page, live_server.url)
    welcome = page.locator("dialog.welcome")
    # Once, in the welcome: the steps, Share then Add to Home Screen.
    steps = welcome.get_by_role("list", name=STEPS)
    assert "Share" in steps.inner_text() and "Add to Home Screen" in steps.inner_text()
    welcome.get_by_role("heading", name="Keep Envelope on your Home Screen").wait_for()
    welcome.get_by_role("button", name="Start").click()
    page.reload()
    wait_ready(page)
    assert page.locator("dialog.welcome").count() == 0  # never again: no nagging
    # Always in Settings, with the storage answer.
    open_settings(page)
    storage = page.get_by_role("region", name="Storage on this device")
    storage.get_by_role("list", name=STEPS).wait_for()
    assert "may start with an empty diary" in storage.inner_text()
    # Nothing is old yet: no warning.
    assert page.get_by_role("region", name=WARNING).count() == 0


def test_someone_welcomed_before_gets_the_note_alone_once(iphone, live_server):
    page = iphone
    open_app(page, live_server.url)
    page.evaluate("() => localStorage.removeItem('envelope:home-screen-noted')")
    page.reload()
    wait_ready(page)
    note = page.get_by_role("dialog", name="Keep Envelope on your Home Screen")
    note.get_by_role("list", name=STEPS).wait_for()
    assert "Welcome" not in note.inner_text()
    note.get_by_role("button", name="Got it").click()
    page.locator("dialog.welcome").wait_for(state="detached")  # removed once it has closed


@pytest.mark.parametrize(
    ("user_agent", "standalone", "display_mode"),
    [
        (ANDROID_CHROME, None, None),  # Chrome has its own install prompt
        (IPHONE_SAFARI, True, None),  # opened from the Home Screen
        (IPHONE_SAFARI, None, "standalone"),  # installed, said by display-mode alone
    ],
    ids=["android chrome", "iphone from the home screen", "iphone, display-mode standalone"],
)
def test_no_steps_and_no_warning_off_ios_or_from_the_home_screen(
    browser, live_server, user_agent, standalone, display_mode
):
    context = phone(browser, user_agent, standalone, display_mode)
    page = context.new_page()
    try:
        open_app(page, live_server.url)
        assert "Home Screen" not in page.locator("dialog.welcome").inner_text()
        logged_days_ago(page, 10)  # old enough for the warning on an iPhone in Safari
        assert page.get_by_role("region", name=WARNING).count() == 0
        open_settings(page)
        assert page.get_by_role("list", name=STEPS).count() == 0
        assert page.get_by_role("region", name=WARNING).count() == 0
    finally:
        context.close()


def test_the_warning_shows_only_when_what_is_unsynced_is_over_3_days_old(
    iphone, live_server, tmp_path
):
    page = iphone
    open_app(page, live_server.url)
    page.locator("dialog.welcome").get_by_role("button", name="Start").click()
    logged_days_ago(page, 2)
    assert page.get_by_role("region", name=WARNING).count() == 0  # 2 days: not yet
    open_settings(page)
    assert page.get_by_role("region", name=WARNING).count() == 0

    # The same unsynced change two days later: over 3 days old.
    page.clock.set_fixed_time(page_now(page) + timedelta(days=2))
    page.goto(live_server.url + "/")
    wait_ready(page)
    warning = page.get_by_role("region", name=WARNING)
    assert "Safari may delete" in warning.inner_text()
    assert "add Envelope to the Home Screen, or export a copy" in warning.inner_text()
    # The steps are there too, folded.
    warning.get_by_text("How to add it to the Home Screen").click()
    warning.get_by_role("list", name=STEPS).wait_for()
    # "Export a copy" saves the whole diary, made here: the Shower is in it.
    with page.expect_download() as download:
        warning.get_by_role("button", name="Export a copy").click()
    saved = tmp_path / "export.json"
    download.value.save_as(saved)
    exported = json.loads(saved.read_text())
    assert [r["data"]["name"] for r in live(exported["records"], "activity")] == ["Shower"]

    # In Settings it stays (no Not now there), beside the steps.
    open_settings(page)
    in_settings = page.get_by_role("region", name=WARNING)
    in_settings.get_by_role("button", name="Export a copy").wait_for()
    assert in_settings.get_by_role("button", name="Not now").count() == 0

    # On Today, Not now puts it away, and it stays away after a reload.
    page.get_by_role("link", name="Today").click()
    page.get_by_role("region", name=WARNING).get_by_role("button", name="Not now").click()
    assert page.get_by_role("region", name=WARNING).count() == 0
    page.reload()
    wait_ready(page)
    assert page.get_by_role("region", name=WARNING).count() == 0


def test_the_home_screen_icon_is_served_and_precached(iphone, live_server):
    page = iphone
    open_app(page, live_server.url)
    href = page.locator('link[rel="apple-touch-icon"]').get_attribute("href")
    assert page.evaluate("async (url) => Boolean(await caches.match(url))", href)
    page.context.set_offline(True)
    # Offline, the worker answers it (as for an "Add to Home Screen" tapped offline).
    size = page.evaluate(
        """async (url) => {
            const bitmap = await createImageBitmap(await (await fetch(url)).blob());
            return [bitmap.width, bitmap.height];
        }""",
        href,
    )
    assert size == [180, 180]


NO_BACKGROUND_SYNC = """(() => {
    // As on iOS: no Background Sync, no Periodic Background Sync.
    delete window.SyncManager;
    delete window.PeriodicSyncManager;
    delete ServiceWorkerRegistration.prototype.sync;
    delete ServiceWorkerRegistration.prototype.periodicSync;
})();"""


def test_with_no_background_sync_a_change_made_offline_is_sent_when_the_network_returns(
    iphone, live_server
):
    """iOS has no Background Sync; the app uses none. Its own triggers (the network coming
    back, the app in view, after a write, each minute, Sync now) send what waits."""
    page = iphone
    page.context.add_init_script(script=NO_BACKGROUND_SYNC)
    open_app(page, live_server.url)
    assert page.evaluate("() => typeof SyncManager") == "undefined"
    sign_up(page, live_server.url, f"ios-{uuid.uuid4().hex[:10]}@example.org")
    poll(page, "() => document.getElementById('sync-state')?.dataset.state === 'idle'")
    page.context.set_offline(True)
    page.get_by_role("link", name="Today").click()
    page.get_by_role("button", name="Shower · 15 min").click()
    page.locator("li.entry").first.wait_for()
    assert outbox_count(page) == 1
    # The cycle 2 s after the write found no network.
    page.get_by_role("link", name="Settings").click()
    poll(page, "() => document.getElementById('sync-state')?.dataset.state === 'offline'")
    page.context.set_offline(False)
    # Sent on the online event, long before the minute's timer, with no tap.
    poll(page, "() => document.getElementById('sync-pending')?.textContent"
               " === 'Every change is synced.'", timeout=10)
    assert outbox_count(page) == 0
