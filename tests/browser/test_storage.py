"""IndexedDB schema upgrades keep every record; writes are all-or-nothing."""

import pytest

from tests.browser.conftest import open_app

pytestmark = pytest.mark.browser


def module(page, name: str) -> str:
    version = page.evaluate("() => document.documentElement.dataset.version")
    return f"/s/{version}/js/{name}"


def test_upgrading_from_the_first_schema_keeps_every_record(page, live_server):
    open_app(page, live_server.url)
    result = page.evaluate(
        """async ([dbUrl, storeUrl]) => {
            const { openDatabase, deleteDatabase, DB_VERSION } = await import(dbUrl);
            const { RecordStore } = await import(storeUrl);
            const name = 'envelope-upgrade-test';
            await deleteDatabase(name);

            const v1 = await openDatabase({ name, version: 1 });
            const store = await RecordStore.open(v1);
            for (let i = 0; i < 25; i += 1) {
                await store.put({ id: `r${i}`, kind: i % 2 ? 'checkin' : 'dose',
                                  fields: { n: i, note: 'x'.repeat(i) } });
            }
            await store.remove('r3');
            const before = await v1.getAll('records');
            const outboxBefore = await v1.getAll('outbox');
            const metaBefore = [await v1.get('meta', 'node'), await v1.get('meta', 'clock')];
            const v1Indexes = [...v1.transaction('records').store.indexNames];
            v1.close();

            const latest = await openDatabase({ name });
            const after = await latest.getAll('records');
            const outboxAfter = await latest.getAll('outbox');
            const metaAfter = [await latest.get('meta', 'node'), await latest.get('meta', 'clock')];
            const checkins = await latest.getAllFromIndex('records', 'kind', 'checkin');
            const version = latest.version;
            latest.close();
            await deleteDatabase(name);
            return { before, after, outboxBefore, outboxAfter, metaBefore, metaAfter,
                     v1Indexes, checkins: checkins.length, version, DB_VERSION };
        }""",
        [module(page, "db.js"), module(page, "store.js")],
    )
    assert result["version"] == result["DB_VERSION"] >= 2
    assert result["v1Indexes"] == []
    assert len(result["before"]) == 25
    assert result["after"] == result["before"]
    assert result["outboxAfter"] == result["outboxBefore"]
    assert len(result["outboxAfter"]) == 26  # 25 writes and a delete
    assert result["metaAfter"] == result["metaBefore"]
    assert result["checkins"] == 12  # the new index finds the old records


def test_a_failed_write_leaves_neither_record_nor_outbox_entry(page, live_server):
    open_app(page, live_server.url)
    result = page.evaluate(
        """async ([dbUrl, storeUrl]) => {
            const { openDatabase, deleteDatabase } = await import(dbUrl);
            const { RecordStore } = await import(storeUrl);
            const name = 'envelope-atomic-test';
            await deleteDatabase(name);
            const db = await openDatabase({ name });
            const store = await RecordStore.open(db);
            await store.put({ id: 'a', kind: 'checkin', fields: { energy: 1 } });
            let error = null;
            try {
                // A function cannot be stored: the record put fails inside the transaction.
                await store.put({ id: 'a', kind: 'checkin', fields: { energy: 2, bad: () => 1 } });
            } catch (e) { error = e.name; }
            const record = await db.get('records', 'a');
            const outbox = await db.count('outbox');
            db.close();
            await deleteDatabase(name);
            return { error, energy: record.data.energy, outbox };
        }""",
        [module(page, "db.js"), module(page, "store.js")],
    )
    assert result["error"] == "DataCloneError"
    assert result["energy"] == 1
    assert result["outbox"] == 1


def test_stamps_keep_increasing_across_reloads_and_tabs(context, page, live_server):
    open_app(page, live_server.url)
    other = context.new_page()
    other.goto(live_server.url + "/")
    script = """async ([dbUrl, storeUrl, id]) => {
        const { openDatabase } = await import(dbUrl);
        const { RecordStore } = await import(storeUrl);
        const db = await openDatabase();
        const store = await RecordStore.open(db);
        const stamps = [];
        for (let i = 0; i < 20; i += 1) {
            const r = await store.put({ id, kind: 'checkin', fields: { n: i } });
            stamps.push(r.field_hlcs.n);
        }
        db.close();
        return stamps;
    }"""
    urls = [module(page, "db.js"), module(page, "store.js")]
    first = page.evaluate(script, [*urls, "tab-a"])
    second = other.evaluate(script, [*urls, "tab-b"])
    page.reload()
    third = page.evaluate(script, [*urls, "tab-a"])
    stamps = first + second + third
    assert stamps == sorted(stamps)
    assert len(set(stamps)) == len(stamps)
