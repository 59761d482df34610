"""The offline core in WebKit, Safari's engine (WebKitGTK's MiniBrowser under Xvfb).

Half our users are on iPhones. This shares WebCore and JavaScriptCore with
Safari; it cannot show iOS's own storage eviction or home-screen install.
"""

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from tests.browser.diary import IPHONE_SAFARI
from tests.support import LiveServer, make_app, need

pytestmark = pytest.mark.webkit

# Debian puts it under the machine's multiarch folder (x86_64-linux-gnu, aarch64-linux-gnu...).
MINIBROWSER = next(iter(sorted(Path("/usr/lib").glob("*/webkit2gtk-4.1/MiniBrowser"))),
                   Path("/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser"))
DRIVER = shutil.which("WebKitWebDriver")
XVFB = shutil.which("Xvfb")


@pytest.fixture
def display():
    need(bool(DRIVER and XVFB and MINIBROWSER.exists()),
         "WebKit tests need webkit2gtk-driver and xvfb (apt-get install webkit2gtk-driver xvfb)",
         "ENVELOPE_TEST_REQUIRE_WEBKIT")
    read, write = os.pipe()
    xvfb = subprocess.Popen([XVFB, "-displayfd", str(write), "-screen", "0", "1024x768x24",
                             "-nolisten", "tcp"], pass_fds=[write], stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as numbers:
        number = numbers.readline().strip()
    yield f":{number}"
    xvfb.terminate()
    xvfb.wait(timeout=10)


@pytest.fixture
def webkit(display):
    driver = start_webkit(display)
    yield driver
    driver.quit()


@pytest.fixture
def webkit_iphone(display):
    """WebKit saying it is iPhone Safari (MiniBrowser's user-agent setting)."""
    driver = start_webkit(display, f"--user-agent={IPHONE_SAFARI}")
    yield driver
    driver.quit()


def start_webkit(display, *arguments):
    from selenium import webdriver
    from selenium.webdriver.webkitgtk.service import Service

    options = webdriver.WebKitGTKOptions()
    options.binary_location = str(MINIBROWSER)
    options.add_argument("--automation")
    for argument in arguments:
        options.add_argument(argument)
    # A person's browser has a language; a bare machine's "C" locale would give WebKit
    # navigator.language "C", which Intl (and so uPlot, as it loads) refuses as a language
    # tag: the charts would fall back to their tables.
    env = {**os.environ, "DISPLAY": display, "LANG": "en_GB.UTF-8", "LANGUAGE": "en_GB"}
    driver = webdriver.WebKitGTK(options=options, service=Service(executable_path=DRIVER, env=env))
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(30)
    return driver


def wait_until(driver, script: str, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    value = None
    while time.monotonic() < deadline:
        value = driver.execute_script(script)
        if value:
            return value
        time.sleep(0.2)
    raise TimeoutError(f"still falsy after {timeout} s: {script} -> {value!r}")


@pytest.mark.timeout(150)
def test_offline_core_in_webkit(webkit, tmp_path):
    from selenium.webdriver.common.by import By

    server = LiveServer(make_app(f"sqlite:///{tmp_path / 'envelope.db'}")).start()
    try:
        webkit.get(server.url + "/")
        assert wait_until(webkit, "return document.documentElement.dataset.ready") == "true"
        wait_until(webkit, "return navigator.serviceWorker.controller !== null")

        def tap(element):
            # Bring it to the middle of the window, clear of the fixed tab bar.
            webkit.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
            element.click()

        tap(webkit.find_element(By.XPATH, "//button[normalize-space()='Check in']"))
        tap(webkit.find_element(By.CSS_SELECTOR, "input[name$='-energy'][value='7']"))
        tap(webkit.find_element(By.XPATH, "//form[not(@hidden)]//button[normalize-space()='Save']"))
        wait_until(webkit, "return document.body.innerText.includes('Energy 7 of 10')")
        stored = webkit.execute_async_script(
            """const done = arguments[arguments.length - 1];
            const open = indexedDB.open('envelope');
            open.onsuccess = () => {
                const tx = open.result.transaction(['records', 'outbox']);
                const out = {};
                for (const name of ['records', 'outbox']) {
                    tx.objectStore(name).count().onsuccess = (e) => { out[name] = e.target.result };
                }
                tx.oncomplete = () => { open.result.close(); done(out); };
            };"""
        )
        assert stored == {"records": 1, "outbox": 1}
    finally:
        server.stop()

    # The server is gone: the page must come from the service worker, with the record.
    time.sleep(1)
    webkit.refresh()
    assert wait_until(webkit, "return document.documentElement.dataset.ready") == "true"
    wait_until(webkit, "return document.body.innerText.includes('Energy 7 of 10')")
    assert wait_until(webkit, "return navigator.serviceWorker.controller !== null")

    # Insights, offline too: uPlot comes from the worker's cache and draws today's energy.
    tap(webkit.find_element(By.XPATH, "//nav//a[normalize-space()='Insights']"))
    wait_until(webkit, "return document.querySelector('#insight-trends canvas') !== null")
    tap(webkit.find_element(By.XPATH, "//nav//a[normalize-space()='7']"))
    wait_until(webkit, "return document.body.innerText.includes('Energy: 1 of 7 days logged.')")
    assert wait_until(webkit, "return document.querySelector('#insight-trends canvas') !== null")


@pytest.mark.timeout(150)
def test_the_home_screen_steps_in_webkit_as_iphone_safari(webkit_iphone, tmp_path):
    """In Safari's engine with its user agent (and no navigator.standalone, as WebKitGTK
    has none: not from the Home Screen), the one-time note and Settings' steps show."""
    server = LiveServer(make_app(f"sqlite:///{tmp_path / 'envelope.db'}")).start()
    try:
        webkit_iphone.get(server.url + "/")
        assert wait_until(webkit_iphone, "return document.documentElement.dataset.ready") == "true"
        assert webkit_iphone.execute_script("return navigator.userAgent") == IPHONE_SAFARI
        wait_until(webkit_iphone,
                   "return document.querySelector('dialog.welcome #home-screen-note-steps')")
        webkit_iphone.get(server.url + "/#settings")
        assert wait_until(webkit_iphone, "return document.documentElement.dataset.ready") == "true"
        steps = wait_until(webkit_iphone,
                           "return document.getElementById('home-screen-steps')?.innerText")
        assert "Share" in steps and "Add to Home Screen" in steps
    finally:
        server.stop()
