"""Installability (Chromium's own check) and the update prompt for a new release."""

import shutil

import pytest

from server.shell import STATIC_ROOT
from tests.browser.conftest import open_app, wait_ready
from tests.support import CHROMIUM, CHROMIUM_ARGS, LiveServer, make_app, poll

pytestmark = pytest.mark.browser


def test_chromium_finds_the_app_installable(playwright_instance, live_server, tmp_path):
    # Installability needs a real profile: new_context() is like incognito.
    context = playwright_instance.chromium.launch_persistent_context(
        tmp_path / "profile", executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
    )
    try:
        page = context.pages[0] if context.pages else context.new_page()
        open_app(page, live_server.url)
        cdp = context.new_cdp_session(page)
        manifest = cdp.send("Page.getAppManifest")
        assert manifest["errors"] == []
        assert manifest["url"] == live_server.url + "/manifest.webmanifest"
        errors = poll_installability(page, cdp)
        assert errors == []
    finally:
        context.close()


def poll_installability(page, cdp, attempts: int = 30):
    # Chromium re-checks after the worker takes control; give it a moment.
    errors = None
    for _ in range(attempts):
        errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
        if not errors:
            return errors
        page.wait_for_timeout(200)
    return errors


@pytest.fixture
def release_server(tmp_path):
    """A server whose static files we can change and redeploy on the same origin."""
    static = tmp_path / "static"
    shutil.copytree(STATIC_ROOT, static)
    database = f"sqlite:///{tmp_path / 'envelope.db'}"
    server = LiveServer(make_app(database, STATIC_DIR=str(static))).start()
    server.static = static
    server.database = database
    yield server
    server.stop()


def test_a_new_release_waits_for_the_person_to_reload(browser, release_server):
    context = browser.new_context()
    page = context.new_page()
    other = context.new_page()  # a second tab on the old release
    try:
        open_app(page, release_server.url)
        open_app(other, release_server.url)
        old_version = page.evaluate("() => document.documentElement.dataset.version")
        assert poll(page, "async () => (await caches.keys()).join()") == f"envelope-{old_version}"

        # Something half-typed, which an automatic reload would lose.
        page.get_by_role("button", name="Check in").click()
        page.get_by_label("Energy").get_by_role("radio", name="4", exact=True).check()
        page.evaluate("() => { window.notReloaded = true; }")

        # Deploy a new release on the same origin.
        css = release_server.static / "app.css"
        css.write_text(css.read_text() + "\n/* release 2 */\n")
        new_release = make_app(release_server.database, STATIC_DIR=str(release_server.static))
        release_server.restart(new_release)
        new_version = release_server.app.extensions["envelope.static"].version
        assert new_version != old_version

        page.evaluate("async () => (await navigator.serviceWorker.ready).update()")
        banner = page.get_by_role("status").filter(has_text="A new version is ready")
        banner.wait_for()
        page.wait_for_timeout(500)
        # Nothing reloaded by itself: the half-typed entry is still there.
        assert page.evaluate("() => window.notReloaded === true")
        assert page.get_by_label("Energy").get_by_role("radio", name="4", exact=True).is_checked()
        assert page.evaluate("() => document.documentElement.dataset.version") == old_version

        with page.expect_navigation():
            banner.get_by_role("button", name="Reload").click()
        wait_ready(page)
        assert page.evaluate("() => document.documentElement.dataset.version") == new_version
        # The old cache is gone once the new worker activates.
        caches = poll(
            page,
            "async (v) => { const k = await caches.keys(); "
            "return k.length === 1 && k[0] === v && k }",
            arg=f"envelope-{new_version}",
        )
        assert caches == [f"envelope-{new_version}"]

        # The other tab was not reloaded under its feet: it offers the reload,
        # and its Reload works although the new worker is already active.
        other_banner = other.get_by_role("status").filter(has_text="A new version is ready")
        other_banner.wait_for()
        assert other.evaluate("() => document.documentElement.dataset.version") == old_version
        with other.expect_navigation():
            other_banner.get_by_role("button", name="Reload").click()
        wait_ready(other)
        assert other.evaluate("() => document.documentElement.dataset.version") == new_version
    finally:
        context.close()
