"""The app shell offline in real headless Chromium: control, reload, records, requests."""

import pytest

from tests.browser.conftest import open_app, wait_ready
from tests.support import CHROMIUM, CHROMIUM_ARGS, poll

pytestmark = pytest.mark.browser


def check_in(page, energy: int) -> int:
    """The minimal check-in; returns how many taps it took."""
    taps = 0
    page.get_by_role("button", name="Check in").click()
    taps += 1
    page.get_by_label("Energy").get_by_role("radio", name=str(energy), exact=True).click()
    taps += 1
    page.get_by_role("button", name="Save").click()
    taps += 1
    return taps


def test_service_worker_takes_control_on_first_visit(page, live_server, console_errors):
    open_app(page, live_server.url)
    scope = page.evaluate("async () => (await navigator.serviceWorker.ready).scope")
    assert scope == live_server.url + "/"
    assert console_errors == []


def test_offline_reload_is_served_by_the_service_worker(page, context, live_server):
    open_app(page, live_server.url)
    context.set_offline(True)
    response = page.reload()
    assert response.from_service_worker
    wait_ready(page)
    assert page.get_by_role("status").filter(has_text="Offline").is_visible()
    context.set_offline(False)
    poll(page, "() => document.getElementById('connectivity').dataset.state === 'online'")


def test_check_in_offline_in_three_taps_survives_reload(page, context, live_server):
    open_app(page, live_server.url)
    context.set_offline(True)
    page.reload()
    wait_ready(page)

    assert check_in(page, 6) == 3
    page.get_by_text("Energy 6 of 10").wait_for()

    page.reload()
    wait_ready(page)
    page.get_by_text("Energy 6 of 10").wait_for()
    day = page.evaluate(
        "() => { const d = new Date(); return [d.getFullYear(), "
        "String(d.getMonth()+1).padStart(2,'0'), String(d.getDate()).padStart(2,'0')].join('-') }"
    )
    stored = read_store(page)
    record = stored["records"][0]
    assert record["id"] == f"checkin-{day}"
    assert record["kind"] == "checkin"
    assert record["data"] == {"date": day, "energy": 6}
    assert set(record["field_hlcs"]) == {"date", "energy"}
    # The outbox change has the shape of a sync change, stamped like the record.
    assert stored["outbox"] == [
        {
            "id": f"checkin-{day}",
            "kind": "checkin",
            "data": {"date": day, "energy": 6},
            "hlc": record["field_hlcs"]["energy"],
            "deleted": False,
        }
    ]


def read_store(page):
    return page.evaluate(
        """() => new Promise((resolve, reject) => {
            const open = indexedDB.open('envelope');
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
                const db = open.result;
                const tx = db.transaction(['records', 'outbox']);
                const out = {};
                for (const name of ['records', 'outbox']) {
                  tx.objectStore(name).getAll().onsuccess = (e) => { out[name] = e.target.result };
                }
                tx.oncomplete = () => { db.close(); resolve(out); };
            };
        })"""
    )


def test_a_record_survives_a_browser_restart(playwright_instance, live_server, tmp_path):
    profile = tmp_path / "profile"

    def launch():
        context = playwright_instance.chromium.launch_persistent_context(
            profile,
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
            headless=True,
            viewport={"width": 390, "height": 844},
        )
        return context, context.pages[0] if context.pages else context.new_page()

    context, page = launch()
    open_app(page, live_server.url)
    context.set_offline(True)
    check_in(page, 3)
    page.get_by_text("Energy 3 of 10").wait_for()
    node = read_node(page)
    context.close()

    context, page = launch()
    try:
        context.set_offline(True)  # the restarted browser never reaches the server
        response = page.goto(live_server.url + "/")
        assert response.from_service_worker
        wait_ready(page)
        page.get_by_text("Energy 3 of 10").wait_for()
        assert read_node(page) == node  # the device keeps its node id
    finally:
        context.close()


def read_node(page):
    return page.evaluate(
        """() => new Promise((resolve) => {
            const open = indexedDB.open('envelope');
            open.onsuccess = () => {
                const get = open.result.transaction('meta').objectStore('meta').get('node');
                get.onsuccess = () => { open.result.close(); resolve(get.result); };
            };
        })"""
    )


def test_no_request_goes_to_another_origin(browser, live_server):
    context = browser.new_context()
    seen = []
    context.on("request", lambda request: seen.append(request.url))
    page = context.new_page()
    try:
        open_app(page, live_server.url)
        page.get_by_role("link", name="Settings").click()
        page.get_by_role("heading", name="Settings").wait_for()
        page.get_by_role("link", name="Today").click()
        check_in(page, 5)
        page.get_by_text("Energy 5 of 10").wait_for()
        page.reload()
        wait_ready(page)
    finally:
        context.close()
    assert seen, "no requests were recorded"
    # The worker's own fetches are in the list too (context-level events).
    assert any(url.endswith("/manifest.webmanifest") for url in seen)
    foreign = [url for url in seen if not url.startswith(live_server.url + "/")]
    assert foreign == []


def test_no_screen_triggers_a_csp_violation(page, live_server, console_errors):
    violations = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    open_app(page, live_server.url)
    page.get_by_role("button", name="Activity", exact=True).click()
    form = page.locator("dialog[open]:not(.welcome)")
    form.get_by_role("button", name="Save").click()  # shows field errors
    form.get_by_text("This is needed.").first.wait_for()
    form.get_by_role("button", name="Cancel").click()
    page.get_by_role("link", name="Settings").click()
    page.get_by_role("heading", name="Settings").wait_for()
    page.reload()
    wait_ready(page)
    assert violations == []
    assert console_errors == []


def test_storage_persistence_is_asked_for_and_shown(page, live_server):
    open_app(page, live_server.url, "#settings")
    # Chromium has navigator.storage.persist(): the app must have asked it and
    # shown its answer ('unsupported' is only what the page shows before asking).
    state = poll(
        page,
        "() => { const s = document.getElementById('storage-state')?.dataset.state; "
        "return s !== 'unsupported' && s }",
    )
    assert state in {"persisted", "not-persisted"}
    assert page.locator("#storage-state").inner_text().strip()


def test_follows_the_colour_scheme(browser, live_server):
    colours = {}
    for scheme in ("dark", "light"):
        context = browser.new_context(color_scheme=scheme)
        page = context.new_page()
        page.goto(live_server.url + "/")
        wait_ready(page)
        colours[scheme] = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
        context.close()
    assert colours["dark"] != colours["light"]
