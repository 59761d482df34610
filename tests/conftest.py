"""Fixtures: apps on SQLite and PostgreSQL, a live server, and real headless Chromium."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from server.extensions import db
from tests.support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    LiveServer,
    make_app,
    need,
    need_chromium,
    postgres_url,
)


def pytest_configure(config):
    os.environ.setdefault("ENVELOPE_LOG_LEVEL", "WARNING")


def reset_postgres(url: str) -> None:
    """Start each PostgreSQL test from an empty schema."""
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@contextmanager
def empty_database(kind: str, folder: Path) -> Iterator[str]:
    """A real, empty database of `kind` (sqlite: a file in `folder`), emptied again after."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / 'envelope.db'}"
        return
    url = postgres_url()
    need(
        url is not None,
        "PostgreSQL tests need ENVELOPE_TEST_POSTGRES_URL",
        "ENVELOPE_TEST_REQUIRE_POSTGRES",
    )
    try:
        reset_postgres(url)
    except Exception as error:  # noqa: BLE001
        need(
            False,
            f"PostgreSQL at ENVELOPE_TEST_POSTGRES_URL is unreachable: {error}",
            "ENVELOPE_TEST_REQUIRE_POSTGRES",
        )
    yield url
    reset_postgres(url)


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request, tmp_path) -> Iterator[str]:
    """A real, empty database of each kind the server supports."""
    with empty_database(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def app(database_url):
    app = make_app(database_url)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


# --- browser ---------------------------------------------------------------


@pytest.fixture(scope="session")
def playwright_instance():
    need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance):
    browser = playwright_instance.chromium.launch(
        executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
    )
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory) -> Iterator[LiveServer]:
    """One server for the browser tests of a session, on a SQLite file."""
    path = tmp_path_factory.mktemp("live") / "envelope.db"
    server = LiveServer(make_app(f"sqlite:///{path}")).start()
    yield server
    server.stop()


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    yield context
    context.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    page.set_default_timeout(15_000)
    # A slow phone, or a loaded CI machine, on demand: races between a redraw and the
    # person's next step show here first (ENVELOPE_TEST_CPU_THROTTLE=6 runs the page's
    # script six times slower). Chromium only.
    throttle = float(os.environ.get("ENVELOPE_TEST_CPU_THROTTLE") or 1)
    if throttle > 1:
        context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": throttle})
    return page
