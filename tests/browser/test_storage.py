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
                const day = `2026-10-${String(i + 1).padStart(2, '0')}`;
                if (i % 2) {
                    await store.put({ id: `checkin-${day}`, kind: 'checkin',
                                      fields: { date: day, energy: i % 11, note: 'x'.repeat(i) } });
                } else {
                    await store.put({ id: `r${i}`, kind: 'dose', fields: {
                        taken_at: `${day}T08:00:00+01:00`, substance: 'LDN', amount: 1 + i / 2,
                        unit: 'mg' } });
                }
            }
            await store.remove('checkin-2026-10-04');
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
            const onDay = await latest.getAllFromIndex('records', 'day', '2026-10-03');
            const version = latest.version;
            latest.close();
            await deleteDatabase(name);
            return { before, after, outboxBefore, outboxAfter, metaBefore, metaAfter,
                     v1Indexes, checkins: checkins.length, onDay: onDay.map((r) => r.id),
                     version, DB_VERSION };
        }""",
        [module(page, "db.js"), module(page, "store.js")],
    )
    assert result["version"] == result["DB_VERSION"] >= 3
    assert result["v1Indexes"] == []
    assert len(result["before"]) == 25
    # Every record intact; the upgrade only added the day each one belongs to.
    for record in result["after"]:
        record.pop("day")
    for record in result["before"]:
        record.pop("day", None)
    assert result["after"] == result["before"]
    assert result["onDay"] == ["r2"]  # a dose taken that day, found by the new index
    assert result["outboxAfter"] == result["outboxBefore"]
    assert len(result["outboxAfter"]) == 26  # 25 writes and a delete
    assert result["metaAfter"] == result["metaBefore"]
    assert result["checkins"] == 12  # the kind index finds the old records


def test_a_write_whose_outbox_entry_fails_leaves_the_record_untouched(page, live_server):
    """Record and outbox change share one transaction: if the outbox add fails, the
    record's new value is rolled back too (and the error reaches the caller)."""
    open_app(page, live_server.url)
    result = page.evaluate(
        """async ([dbUrl, storeUrl]) => {
            const { openDatabase, deleteDatabase } = await import(dbUrl);
            const { RecordStore } = await import(storeUrl);
            const name = 'envelope-atomic-test';
            await deleteDatabase(name);
            const db = await openDatabase({ name });
            const store = await RecordStore.open(db);
            const fields = { date: '2026-11-20', energy: 1 };
            await store.put({ id: 'checkin-2026-11-20', kind: 'checkin', fields });
            const add = IDBObjectStore.prototype.add;
            IDBObjectStore.prototype.add = function (...args) {
                if (this.name === 'outbox') {
                    throw new DOMException('disk full', 'QuotaExceededError');
                }
                return add.apply(this, args);
            };
            let error = null;
            try {
                await store.put({ id: 'checkin-2026-11-20', kind: 'checkin',
                                  fields: { energy: 2 } });
            } catch (e) { error = e.name; } finally {
                IDBObjectStore.prototype.add = add;
            }
            const record = await db.get('records', 'checkin-2026-11-20');
            const outbox = await db.count('outbox');
            db.close();
            await deleteDatabase(name);
            return { error, energy: record.data.energy, outbox };
        }""",
        [module(page, "db.js"), module(page, "store.js")],
    )
    assert result == {"error": "QuotaExceededError", "energy": 1, "outbox": 1}


def test_an_invalid_write_is_refused_whole(page, live_server):
    open_app(page, live_server.url)
    result = page.evaluate(
        """async ([dbUrl, storeUrl]) => {
            const { openDatabase, deleteDatabase } = await import(dbUrl);
            const { RecordStore } = await import(storeUrl);
            const name = 'envelope-invalid-test';
            await deleteDatabase(name);
            const db = await openDatabase({ name });
            const store = await RecordStore.open(db);
            await store.put({ id: 'checkin-2026-11-20', kind: 'checkin',
                              fields: { date: '2026-11-20', energy: 1 } });
            const refused = [];
            for (const write of [
                { id: 'checkin-2026-11-20', kind: 'checkin', fields: { energy: 11, mood: 3 } },
                { id: 'x1', kind: 'checkin', fields: { energy: 3 } },
                { id: 'x2', kind: 'diary', fields: { text: 'hello' } },
                { id: 'x3', kind: 'dose', fields: { substance: 'LDN', amount: -1, unit: 'mg',
                                                    taken_at: '2026-11-20T08:00:00Z' } },
            ]) {
                try { await store.put(write); refused.push(null); }
                catch (e) { refused.push([e.name, Object.keys(e.errors ?? {}).sort()]); }
            }
            const record = await db.get('records', 'checkin-2026-11-20');
            const count = await db.count('records');
            const outbox = await db.count('outbox');
            db.close();
            await deleteDatabase(name);
            return { refused, data: record.data, count, outbox };
        }""",
        [module(page, "db.js"), module(page, "store.js")],
    )
    assert result["refused"] == [
        ["ValidationError", ["energy"]],
        ["ValidationError", ["date"]],
        ["ValidationError", ["_kind"]],
        ["ValidationError", ["amount"]],
    ]
    assert result["data"] == {"date": "2026-11-20", "energy": 1}
    assert result["count"] == 1 and result["outbox"] == 1


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
            const r = await store.put({ id, kind: 'rest', fields: {
                started_at: '2026-11-20T10:00:00Z', duration_min: i + 1, kind: 'lying' } });
            stamps.push(r.field_hlcs.duration_min);
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
