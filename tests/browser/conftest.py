"""Browser-test helpers: waiting for the app and its service worker."""

import pytest

from tests.support import poll


def open_app(page, url: str, hash_: str = ""):
    """Load the app and wait until it says it is ready and its worker controls the page."""
    response = page.goto(url + "/" + hash_)
    wait_ready(page)
    poll(page, "() => navigator.serviceWorker.controller !== null")
    return response


def wait_ready(page):
    state = poll(page, "() => document.documentElement.dataset.ready")
    assert state == "true", f"app failed to start: {state}"


@pytest.fixture
def console_errors(page):
    """Console errors and uncaught exceptions (CSP violations are reported as errors)."""
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors
