"""Helpers for the diary's browser tests: fill forms the way a person does."""

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.browser.conftest import open_app, wait_ready


def start_offline(page, context, url, hash_=""):
    """The app installed, then the network cut: every diary test runs offline."""
    open_app(page, url)
    context.set_offline(True)
    if hash_:
        page.goto(url + "/" + hash_)
        wait_ready(page)


def dialog(page):
    """The open modal form (the welcome, if still there, is a non-modal dialog)."""
    return page.locator("dialog[open]:not(.welcome)")


def choose(scope, group: str, option: str):
    group_el = scope.get_by_role("radiogroup", name=group)
    group_el.get_by_role("radio", name=option, exact=True).check()


def add_entry(page, kind_button: str, fields: dict, choices: dict | None = None):
    """Open the form from the day's Add row, fill it, save it."""
    page.get_by_role("button", name=kind_button, exact=True).click()
    form = dialog(page)
    for label, value in fields.items():
        form.get_by_label(label, exact=True).fill(str(value))
    for group, option in (choices or {}).items():
        choose(form, group, option)
    form.get_by_role("button", name="Save").click()
    return form


def read_store(page, name: str):
    """Everything in one of the app's IndexedDB object stores (records, outbox, meta)."""
    return page.evaluate(
        """(name) => new Promise((resolve, reject) => {
            const open = indexedDB.open('envelope');
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
                const get = open.result.transaction(name).objectStore(name).getAll();
                get.onsuccess = () => { open.result.close(); resolve(get.result); };
            };
        })""",
        name,
    )


def read_records(page):
    return read_store(page, "records")


def live(records, kind=None):
    return [r for r in records if not r["deleted"] and (kind is None or r["kind"] == kind)]


def entry(page, text: str):
    return page.locator("li.entry").filter(has_text=text)


def import_export(page, folder, export: dict):
    """Put `export` (an export file's JSON) on this device through Settings' import, as a
    person would; Settings must be open. Returns the import's result, once it says so."""
    file = Path(folder) / "diary.json"
    file.write_text(json.dumps(export))
    page.get_by_label("Import a JSON export").set_input_files(str(file))
    result = page.locator("#import-result")
    result.get_by_text("Imported").wait_for()
    return result


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def hours_ago(page, hours: float) -> str:
    """A datetime-local value for `hours` before the page's own now (its clock, its zone)."""
    return page.evaluate(
        """(hours) => {
            const d = new Date(Date.now() - hours * 3600e3);
            const p = (n) => String(n).padStart(2, '0');
            const day = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
            return `${day}T${p(d.getHours())}:${p(d.getMinutes())}`;
        }""",
        hours,
    )


# iPhone Safari, as it names itself (iOS 18).
IPHONE_SAFARI = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"
)
ANDROID_CHROME = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36"
)


def ios_answers(standalone: bool | None = False, display_mode: str | None = None) -> str:
    """An init script giving the page what iOS Safari answers: `navigator.standalone`
    (false in Safari, true from the Home Screen; Chromium has none) and, with
    `display_mode`, that display-mode media query matching (CDP cannot emulate it)."""
    return f"""(() => {{
        const standalone = {json.dumps(standalone)};
        if (standalone !== null) {{
            Object.defineProperty(Navigator.prototype, 'standalone',
                {{ get: () => standalone, configurable: true }});
        }}
        const mode = {json.dumps(display_mode)};
        if (mode) {{
            const real = window.matchMedia.bind(window);
            window.matchMedia = (query) => query.includes(`display-mode: ${{mode}}`)
                ? {{ matches: true, media: query, onchange: null,
                     addEventListener() {{}}, removeEventListener() {{}} }}
                : real(query);
        }}
    }})();"""


def as_iphone(page, standalone: bool | None = False, display_mode: str | None = None):
    """The loaded app, from now on as iPhone Safari would run it (in the browser unless
    `standalone`): its user agent through CDP (for this page), its answers by init script;
    then reloaded, ready."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Emulation.setUserAgentOverride", {"userAgent": IPHONE_SAFARI})
    page.add_init_script(script=ios_answers(standalone, display_mode))
    page.reload()
    wait_ready(page)
    return cdp


def page_now(page) -> datetime:
    """The page's own now (Playwright's clock takes a datetime; a number would be seconds)."""
    return datetime.fromtimestamp(page.evaluate("() => Date.now()") / 1000, UTC)


def logged_days_ago(page, days: float):
    """A Shower logged from Today with the page's clock `days` back, then the clock back
    at the real now and the app reloaded: its outbox change is `days` old (and unsynced:
    there is no account)."""
    now = page_now(page)
    page.clock.set_fixed_time(now - timedelta(days=days))
    page.reload()
    wait_ready(page)
    page.get_by_role("button", name="Shower · 15 min").click()
    page.locator("li.entry").first.wait_for()
    page.clock.set_fixed_time(now)
    page.reload()
    wait_ready(page)
