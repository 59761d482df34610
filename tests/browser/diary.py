"""Helpers for the diary's browser tests: fill forms the way a person does."""

import json
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
