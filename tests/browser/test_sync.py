"""Sync in real Chromium against the real server: sign-up uploads what is here, two devices
converge after editing offline, a lost response is retried once, a clock running ahead is
corrected, signing out keeps the diary, and signing in again refills a wiped device."""

from __future__ import annotations

import json
import time
import uuid

import pytest

from tests.browser.conftest import open_app, wait_ready
from tests.browser.diary import add_entry, entry, live, read_records
from tests.support import poll

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery"  # noqa: S105
DAY = "2026-11-20"


def new_email():
    return f"sync-{uuid.uuid4().hex[:10]}@example.org"


def outbox_count(page):
    return page.evaluate(
        """() => new Promise((resolve) => {
            indexedDB.open('envelope').onsuccess = (event) => {
                const db = event.target.result;
                db.transaction('outbox').objectStore('outbox').count().onsuccess =
                    (counted) => { db.close(); resolve(counted.target.result); };
            };
        })"""
    )


def settings(page, url):
    page.goto(url + "/#settings")
    wait_ready(page)
    page.locator("#sync").wait_for()


def sign_up(page, url, email):
    settings(page, url)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.get_by_text(f"Signed in as {email}.").wait_for()


def sign_in(page, url, email):
    settings(page, url)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.get_by_text(f"Signed in as {email}.").wait_for()


def last_synced(page):
    return page.locator("#sync-state").get_attribute("data-last-synced") or ""


def synced(page, after=""):
    """Wait until a cycle that ended after `after` (an ISO time) left nothing to send."""
    poll(page, """(after) => {
        const state = document.getElementById('sync-state');
        return state && state.dataset.state === 'idle' && state.dataset.lastSynced > after &&
            document.getElementById('sync-pending')?.textContent === 'Every change is synced.';
    }""", timeout=30, arg=after)
    assert outbox_count(page) == 0


def sync_now(page):
    before = last_synced(page)
    page.get_by_role("button", name="Sync now").click()
    synced(page, before)


def api_call(page, method, path, body=None):
    """Call the API from the page with this device's own session (its token in IndexedDB)."""
    return page.evaluate(
        """async ([method, path, body]) => {
            const session = await new Promise((resolve) => {
                indexedDB.open('envelope').onsuccess = (event) => {
                    const db = event.target.result;
                    db.transaction('meta').objectStore('meta').get('session').onsuccess =
                        (got) => { db.close(); resolve(got.target.result); };
                };
            });
            const headers = {Authorization: `Bearer ${session.token}`};
            if (body !== null) headers['Content-Type'] = 'application/json';
            const response = await fetch('/api/v1' + path, {method, headers,
                body: body === null ? undefined : JSON.stringify(body)});
            return response.json();
        }""",
        [method, path, body],
    )


def server_records(page, url):
    """The account's export, fetched by the page with its own session."""
    return api_call(page, "GET", "/account/export")["records"]


def check_in(page, url, energy):
    page.goto(f"{url}/#day/{DAY}")
    wait_ready(page)
    page.get_by_role("button", name="Check in").click()
    page.get_by_label("Energy").get_by_role("radio", name=str(energy), exact=True).click()
    page.get_by_role("button", name="Save").click()
    page.get_by_text(f"Energy {energy} of 10").wait_for()


def test_signing_up_uploads_the_diary_already_here(page, live_server):
    open_app(page, live_server.url)
    check_in(page, live_server.url, 4)
    add_entry(page, "Dose", {"Substance": "LDN", "Amount": "1.5", "Taken": f"{DAY}T21:00"})
    email = new_email()
    sign_up(page, live_server.url, email)
    synced(page)
    on_server = {r["id"]: r for r in server_records(page, live_server.url)}
    here = {r["id"]: r for r in live(read_records(page))}
    assert set(on_server) == set(here)
    for record_id, record in here.items():
        assert on_server[record_id]["data"] == record["data"]
        assert on_server[record_id]["field_hlcs"] == record["field_hlcs"]


def test_two_devices_edit_offline_and_converge(browser, live_server):
    email = new_email()
    phones = []
    for _ in range(2):
        context = browser.new_context(viewport={"width": 390, "height": 844})
        page = context.new_page()
        page.set_default_timeout(15_000)
        open_app(page, live_server.url)
        phones.append((context, page))
    (ctx_a, a), (ctx_b, b) = phones
    try:
        check_in(a, live_server.url, 4)
        sign_up(a, live_server.url, email)
        synced(a)
        sign_in(b, live_server.url, email)
        synced(b)
        b.goto(f"{live_server.url}/#day/{DAY}")
        b.get_by_text("Energy 4 of 10").wait_for()  # pulled from the server

        # Both offline: A changes energy, B adds mood to the same check-in and a dose.
        ctx_a.set_offline(True)
        ctx_b.set_offline(True)
        check_in(a, live_server.url, 6)
        b.goto(f"{live_server.url}/#day/{DAY}")
        wait_ready(b)
        b.get_by_role("button", name="Check in").click()
        b.get_by_role("button", name="More fields").click()
        b.get_by_role("radiogroup", name="Mood").get_by_role("radio", name="3", exact=True).check()
        b.get_by_role("button", name="Save").click()
        b.get_by_text("Energy 4 of 10").wait_for()
        add_entry(b, "Dose", {"Substance": "Magnesium", "Amount": "200", "Taken": f"{DAY}T08:00"})
        entry(b, "Magnesium").wait_for()

        for context, page in phones:
            context.set_offline(False)
            settings(page, live_server.url)
            sync_now(page)
        sync_now(a)  # A pulls what B pushed after A's last pull

        for _, page in phones:
            [checkin] = live(read_records(page), "checkin")
            assert checkin["data"]["energy"] == 6 and checkin["data"]["mood"] == 3
            assert [d["data"]["substance"] for d in live(read_records(page), "dose")] == [
                "Magnesium"]
        assert ({r["id"]: r["data"] for r in live(read_records(a))}
                == {r["id"]: r["data"] for r in live(read_records(b))})
    finally:
        for context, _ in phones:
            context.close()


def test_a_lost_response_is_retried_and_applies_once(page, live_server):
    open_app(page, live_server.url)
    sign_up(page, live_server.url, new_email())
    synced(page)
    lost = []

    def commit_then_drop(route):
        route.fetch()  # the server gets it and commits
        lost.append(route.request.post_data_json)
        route.abort()  # the answer never arrives

    page.route("**/api/v1/sync/push", commit_then_drop)
    check_in(page, live_server.url, 5)
    deadline = time.monotonic() + 15
    while not lost and time.monotonic() < deadline:  # the push about 2 s after the write
        page.wait_for_timeout(100)
    assert lost, "no push was sent"
    assert outbox_count(page) > 0  # not acknowledged: still queued
    page.unroute("**/api/v1/sync/push")
    settings(page, live_server.url)
    sync_now(page)
    records = [r for r in server_records(page, live_server.url) if r["kind"] == "checkin"]
    assert len(records) == 1 and records[0]["data"]["energy"] == 5


def test_a_clock_running_ahead_is_corrected_without_asking(browser, live_server):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        open_app(page, live_server.url)
        sign_up(page, live_server.url, new_email())
        synced(page)
        # This phone's clock jumps an hour ahead; its next stamps are refused as skewed.
        ahead = page.evaluate("Date.now()") + 3600 * 1000
        page.clock.install(time=ahead / 1000)
        page.reload()
        wait_ready(page)
        check_in(page, live_server.url, 7)
        settings(page, live_server.url)
        sync_now(page)
        [checkin] = [r for r in server_records(page, live_server.url) if r["kind"] == "checkin"]
        assert checkin["data"]["energy"] == 7
        stamp = checkin["field_hlcs"]["energy"]
        [local] = live(read_records(page), "checkin")
        assert local["field_hlcs"]["energy"] == stamp  # re-stamped here too
        offset = page.evaluate("""() => new Promise((resolve) => {
            indexedDB.open('envelope').onsuccess = (event) => {
                const db = event.target.result;
                db.transaction('meta').objectStore('meta').get('clock-offset').onsuccess =
                    (got) => { db.close(); resolve(got.target.result); };
            };
        })""")
        assert -3700 * 1000 < offset < -3500 * 1000  # it learnt the hour, and stamps by it
        server_now = page.evaluate("Date.now()") + offset
        assert stamp[:19] <= time.strftime("%Y-%m-%dT%H:%M:%S",
                                           time.gmtime(server_now / 1000 + 300))
    finally:
        context.close()


def test_sign_out_keeps_the_diary_and_sign_in_refills_a_wiped_device(page, live_server):
    open_app(page, live_server.url)
    email = new_email()
    check_in(page, live_server.url, 3)
    sign_up(page, live_server.url, email)
    synced(page)
    before = {r["id"]: r["data"] for r in live(read_records(page))}

    page.get_by_role("button", name="Sign out", exact=True).click()
    page.get_by_role("button", name="Sign in", exact=True).wait_for()
    assert {r["id"]: r["data"] for r in live(read_records(page))} == before

    page.evaluate("""() => new Promise((resolve) => {
        indexedDB.open('envelope').onsuccess = (event) => {
            const db = event.target.result;
            const tx = db.transaction(['records', 'outbox', 'meta'], 'readwrite');
            for (const name of ['records', 'outbox', 'meta']) tx.objectStore(name).clear();
            tx.oncomplete = () => { db.close(); resolve(); };
        };
    })""")  # as when the browser clears a site's storage
    page.reload()
    wait_ready(page)
    assert live(read_records(page)) == []
    sign_in(page, live_server.url, email)
    synced(page)
    assert {r["id"]: r["data"] for r in live(read_records(page))} == before


@pytest.mark.parametrize("kind", ["wrong password", "taken email", "short password"])
def test_account_form_errors_show_next_to_the_field(page, live_server, kind):
    open_app(page, live_server.url)
    email = new_email()
    if kind != "short password":
        sign_up(page, live_server.url, email)
        page.get_by_role("button", name="Sign out", exact=True).click()
    settings(page, live_server.url)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("short" if kind == "short password" else
                                       ("not the password" if kind == "wrong password" else
                                        PASSWORD))
    if kind == "wrong password":
        page.get_by_role("button", name="Sign in", exact=True).click()
        page.locator("#sync-_form-error").get_by_text(
            "That email and password do not match an account.").wait_for()
    else:
        page.get_by_role("button", name="Create account").click()
        field = "email" if kind == "taken email" else "password"
        page.locator(f"#sync-{field}-error").wait_for()
        assert page.locator(f"#sync-{field}").get_attribute("aria-invalid") == "true"


def test_a_server_on_another_protocol_is_explained_and_nothing_is_lost(page, live_server):
    open_app(page, live_server.url)
    sign_up(page, live_server.url, new_email())
    synced(page)
    page.route("**/api/v1/sync/push", lambda route: route.fulfill(
        status=400, content_type="application/json", body=json.dumps({"error": {
            "code": "unsupported_protocol", "message": "Please update the app.",
            "fields": {"protocol": ["Use protocol 2."]}}})))
    check_in(page, live_server.url, 2)
    settings(page, live_server.url)
    page.get_by_role("button", name="Sync now").click()
    page.get_by_text("This version of Envelope is too old or too new for the server.",
                     exact=False).wait_for()
    assert outbox_count(page) == 1  # the change waits; nothing was dropped
    page.unroute("**/api/v1/sync/push")
    sync_now(page)


def signed_up_with_a_check_in(page, url, energy):
    """A device with a check-in, signed up and synced: (its email, its records' data)."""
    open_app(page, url)
    check_in(page, url, energy)
    email = new_email()
    sign_up(page, url, email)
    synced(page)
    return email, {r["id"]: r["data"] for r in live(read_records(page))}


def test_deleting_the_account_asks_for_its_password_and_keeps_the_diary_here(page, live_server):
    email, before = signed_up_with_a_check_in(page, live_server.url, 3)

    page.get_by_role("button", name="Delete account…").click()
    sheet = page.get_by_role("dialog", name="Delete your account?")
    sheet.get_by_label("Password").fill("not the password")
    sheet.get_by_role("button", name="Delete account for good").click()
    error = sheet.locator("#delete-account-password-error")
    error.wait_for()
    assert error.inner_text() == "That is not this account’s password."
    assert sheet.get_by_label("Password").get_attribute("aria-invalid") == "true"
    assert len(server_records(page, live_server.url)) == len(before)  # nothing deleted yet
    sheet.get_by_role("button", name="Cancel").click()  # and the password is not kept
    page.get_by_role("button", name="Delete account…").click()
    assert sheet.get_by_label("Password").input_value() == ""
    assert sheet.locator("#delete-account-password-error").is_hidden()

    sheet.get_by_label("Password").fill(PASSWORD)
    sheet.get_by_role("button", name="Delete account for good").click()
    page.get_by_text("Account deleted. Your diary is still on this device.").wait_for()
    page.get_by_role("button", name="Sign in", exact=True).wait_for()
    assert {r["id"]: r["data"] for r in live(read_records(page))} == before
    # The server holds no such account any more.
    assert page.evaluate("""async ([email, password]) => (await fetch('/api/v1/sessions', {
        method: 'POST', headers: {'Content-Type': 'application/json'},
        body: JSON.stringify({email, password}),
    })).status""", [email, PASSWORD]) == 401


def sign_in_elsewhere(page, email, password):
    """A second device's session (status, token), signed in through the API."""
    return page.evaluate("""async ([email, password]) => {
        const response = await fetch('/api/v1/sessions', {method: 'POST',
            headers: {'Content-Type': 'application/json'},
            body: JSON.stringify({email, password})});
        return [response.status, response.ok ? (await response.json()).token : null];
    }""", [email, password])


def token_works(page, token):
    return page.evaluate("""async (token) => (await fetch('/api/v1/account',
        {headers: {Authorization: `Bearer ${token}`}})).status""", token) == 200


def test_changing_the_password_keeps_this_device_and_signs_out_the_others(page, live_server):
    open_app(page, live_server.url)
    email = new_email()
    sign_up(page, live_server.url, email)
    synced(page)
    _, laptop = sign_in_elsewhere(page, email, PASSWORD)
    assert token_works(page, laptop)

    page.get_by_role("button", name="Change password…").click()
    sheet = page.get_by_role("dialog", name="Change your password")
    sheet.get_by_label("Current password").fill("not the password")
    sheet.get_by_label("New password").fill("a brand new passphrase")
    sheet.get_by_role("button", name="Change password").click()
    error = sheet.locator("#change-password-password-error")
    error.wait_for()
    assert error.inner_text() == "That is not this account’s password."
    sheet.get_by_label("Current password").fill(PASSWORD)
    sheet.get_by_label("New password").fill("short")
    sheet.get_by_role("button", name="Change password").click()
    short = sheet.locator("#change-password-new_password-error")
    short.wait_for()
    assert short.inner_text() == "Use at least 10 characters."
    assert token_works(page, laptop)  # nothing changed yet

    sheet.get_by_label("New password").fill("a brand new passphrase")
    sheet.get_by_role("button", name="Change password").click()
    page.get_by_text("Password changed. Your other devices are signed out.").wait_for()
    assert not token_works(page, laptop)
    page.get_by_text(f"Signed in as {email}.").wait_for()  # this device stays
    sync_now(page)
    assert sign_in_elsewhere(page, email, PASSWORD)[0] == 401
    assert sign_in_elsewhere(page, email, "a brand new passphrase")[0] == 201
    # The sheet keeps no password once closed.
    page.get_by_role("button", name="Change password…").click()
    assert sheet.get_by_label("Current password").input_value() == ""
    sheet.get_by_role("button", name="Cancel").click()


def test_signing_out_everywhere_signs_out_every_device_and_keeps_the_diary(page, live_server):
    email, before = signed_up_with_a_check_in(page, live_server.url, 5)
    _, laptop = sign_in_elsewhere(page, email, PASSWORD)

    page.get_by_role("button", name="Sign out everywhere…").click()
    sheet = page.get_by_role("dialog", name="Sign out everywhere?")
    sheet.get_by_role("button", name="Sign out everywhere").click()
    page.get_by_text("Signed out everywhere. Your diary is still on this device.").wait_for()
    page.get_by_role("button", name="Sign in", exact=True).wait_for()
    assert not token_works(page, laptop)
    assert {r["id"]: r["data"] for r in live(read_records(page))} == before
    assert len(server_records_after_sign_in(page, email)) == len(before)  # nothing deleted


def server_records_after_sign_in(page, email):
    _, token = sign_in_elsewhere(page, email, PASSWORD)
    return page.evaluate("""async (token) => (await (await fetch('/api/v1/account/export',
        {headers: {Authorization: `Bearer ${token}`}})).json()).records""", token)


def test_a_change_the_server_refuses_is_worded_by_the_app_field_by_field(page, live_server):
    """The server answers with codes and params; the app words them from its catalogue."""
    signed_up_with_a_check_in(page, live_server.url, 4)
    # A change the app's own checks would never let through, put straight in the outbox
    # (as an old version of the app, or another client's import, might have left it).
    page.evaluate("""() => new Promise((resolve, reject) => {
        const open = indexedDB.open('envelope');
        open.onsuccess = () => {
            const db = open.result;
            const tx = db.transaction(['outbox', 'meta'], 'readwrite');
            tx.objectStore('meta').get('node').onsuccess = (got) => {
                const now = new Date().toISOString();
                tx.objectStore('outbox').add({id: 'checkin-2026-11-20', kind: 'checkin',
                    data: {energy: 11, note: 'x'.repeat(5001)},
                    hlc: `${now}-0fff-${got.target.result}`, deleted: false});
            };
            tx.oncomplete = () => { db.close(); resolve(); };
            tx.onerror = () => reject(tx.error);
        };
    })""")
    page.get_by_role("button", name="Sync now").click()
    item = page.locator("#sync-rejected li.entry")
    item.wait_for()
    assert item.locator("span").inner_text() == (
        "Check-in · energy 4: Energy: Use a number from 0 to 10. "
        "Note: Use 0 to 5000 characters.")
    item.get_by_role("button", name="Discard").click()
    poll(page, "() => !document.querySelector('#sync-rejected li.entry')")


def test_an_hour_with_the_server_down_keeps_the_diary_and_catches_up_by_itself(page, live_server):
    open_app(page, live_server.url)
    sign_up(page, live_server.url, new_email())
    synced(page)
    # The page's timers under the test's hand from here (the reload makes the sync's
    # minute timer a fake one), so an hour passes in seconds.
    page.clock.install(time=page.evaluate("Date.now()") / 1000)
    page.reload()
    wait_ready(page)
    tries = []

    def refused(route):  # the server's machine is off: nothing answers
        tries.append(route.request.url)
        route.abort("connectionrefused")

    def unavailable(route):  # the server is back but its database is not: the 503 it sends
        tries.append(route.request.url)
        route.fulfill(status=503, content_type="application/json", body=json.dumps({
            "error": {"code": "service_unavailable", "message": "Please try again soon."}}))

    page.route("**/api/v1/**", refused)
    check_in(page, live_server.url, 3)
    add_entry(page, "Dose", {"Substance": "LDN", "Amount": "1.5", "Taken": f"{DAY}T21:00"})
    page.get_by_text("LDN").first.wait_for()
    for minute in range(60):
        if minute == 30:
            page.unroute("**/api/v1/**")
            page.route("**/api/v1/**", unavailable)
        # A minute at a time, with a moment of real time for each try to end: run_for
        # fires every timer due, but a try reads IndexedDB first, which no fake clock moves.
        page.clock.run_for("01:00")
        page.wait_for_timeout(60)
    # The diary went on working all along, and said so calmly in Settings.
    settings(page, live_server.url)
    poll(page, "() => ['offline', 'error'].includes("
               "document.getElementById('sync-state')?.dataset.state)")
    assert outbox_count(page) > 0
    # It kept trying, about once a minute, not in a tight loop and not giving up.
    assert 50 <= len(tries) <= 400, len(tries)
    page.unroute("**/api/v1/**")
    # Back: the next minute's try sends everything, with nothing tapped. (The page's clock
    # is now an hour ahead of the server's, as fake time moves Date too: the stamps made in
    # that hour are refused as skewed first, then the clock is corrected without asking.)
    page.clock.run_for("01:05")
    poll(page, "() => document.getElementById('sync-state')?.dataset.state === 'idle'",
         timeout=30)
    synced(page)
    records = server_records(page, live_server.url)
    assert [r["data"]["energy"] for r in records if r["kind"] == "checkin"] == [3]
    assert [r["data"]["substance"] for r in records if r["kind"] == "dose"] == ["LDN"]


def stored_session(page):
    return page.evaluate("""() => new Promise((resolve) => {
        indexedDB.open('envelope').onsuccess = (event) => {
            const db = event.target.result;
            db.transaction('meta').objectStore('meta').get('session').onsuccess =
                (got) => { db.close(); resolve(got.target.result ?? null); };
        };
    })""")


def test_a_password_manager_and_paste_work_and_signing_out_leaves_no_token(page, live_server):
    """ASVS 2.1.11: the fields name themselves to password managers and take a paste;
    3.3.1 and 8.2.3: signing out ends the session on the server and drops the token here."""
    settings(page, live_server.url)
    email, password = page.get_by_label("Email"), page.get_by_label("Password")
    assert email.get_attribute("autocomplete") == "username"
    assert password.get_attribute("autocomplete") == "current-password"
    pasted = password.evaluate("""(field) => {
        const data = new DataTransfer();
        data.setData('text/plain', 'a pasted passphrase');
        const paste = new ClipboardEvent('paste', {clipboardData: data, cancelable: true,
                                                   bubbles: true});
        field.dispatchEvent(paste);
        return paste.defaultPrevented;
    }""")
    assert pasted is False  # nothing refuses the paste
    address = new_email()
    sign_up(page, live_server.url, address)
    token = stored_session(page)["token"]
    assert api_call(page, "GET", "/account")["email"] == address
    page.get_by_role("button", name="Sign out", exact=True).click()
    page.get_by_role("button", name="Sign in", exact=True).wait_for()
    assert stored_session(page) is None
    # The app forgets the token first, then tells the server: wait for that request.
    deadline = time.monotonic() + 10
    while True:
        status = page.evaluate("""async (token) => (await fetch('/api/v1/account', {
            headers: {Authorization: `Bearer ${token}`}})).status""", token)
        if status == 401 or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert status == 401
