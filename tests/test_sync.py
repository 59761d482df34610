"""Push, pull and export through the real API, on SQLite and PostgreSQL."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime, timedelta

import brotli
import pytest

from server import kind_table
from server.extensions import db

PASSWORD = "correct horse battery"  # noqa: S105
DEVICE = "0123456789abcdef"


def stamp(seconds: int = 0, *, at: datetime | None = None, counter: int = 0,
          node: str = DEVICE) -> str:
    moment = (at or datetime(2026, 11, 25, 8, 30, tzinfo=UTC)) + timedelta(seconds=seconds)
    return f"{moment:%Y-%m-%dT%H:%M:%S}.{moment.microsecond // 1000:03d}Z-{counter:04x}-{node}"


def checkin(hlc, **fields):
    return {"id": "checkin-2026-11-25", "kind": "checkin",
            "data": {"date": "2026-11-25", **fields}, "hlc": hlc, "deleted": False}


def dose(record_id, hlc, **fields):
    data = {"taken_at": "2026-11-25T21:00:00+01:00", "substance": "LDN", "amount": 1.5,
            "unit": "mg", **fields}
    return {"id": record_id, "kind": "dose", "data": data, "hlc": hlc, "deleted": False}


def delete(record_id, kind, hlc):
    return {"id": record_id, "kind": kind, "data": {}, "hlc": hlc, "deleted": True}


class Device:
    """One signed-in device of an account, talking to the API as the app does."""

    def __init__(self, client, email, role="patient"):
        self.client = client
        response = client.post("/api/v1/accounts",
                               json={"email": email, "password": PASSWORD, "role": role})
        assert response.status_code in (201, 409)
        signed_in = client.post("/api/v1/sessions", json={"email": email, "password": PASSWORD})
        self.headers = {"Authorization": f"Bearer {signed_in.get_json()['token']}"}

    def push(self, changes, protocol=1, device_id=DEVICE, expect=200):
        response = self.client.post("/api/v1/sync/push", headers=self.headers, json={
            "protocol": protocol, "device_id": device_id, "changes": changes})
        assert response.status_code == expect, response.get_json()
        return response.get_json()

    def statuses(self, changes):
        return [r["status"] for r in self.push(changes)["results"]]

    def pull(self, cursor=None, limit=None, expect=200):
        query = {k: v for k, v in (("cursor", cursor), ("limit", limit)) if v is not None}
        response = self.client.get("/api/v1/sync/pull", headers=self.headers, query_string=query)
        assert response.status_code == expect, response.get_json()
        return response.get_json()

    def pull_all(self, limit=500):
        changes, cursor = [], None
        while True:
            page = self.pull(cursor, limit)
            changes += page["changes"]
            cursor = page["cursor"]
            if not page["has_more"]:
                return changes, cursor

    def records(self):
        latest = {}
        for change in self.pull_all()[0]:
            latest[change["id"]] = change
        return latest


@pytest.fixture
def ada(client):
    return Device(client, "ada@example.org")


def test_a_push_applies_and_the_pull_gives_the_merged_record(ada):
    body = ada.push([checkin(stamp(1), energy=4)])
    assert body["results"] == [{"id": "checkin-2026-11-25", "status": "applied"}]
    assert datetime.fromisoformat(body["server_hlc"][:23] + "+00:00") <= datetime.now(UTC)
    assert ada.statuses([checkin(stamp(2), mood=6)]) == ["applied"]
    [record] = ada.records().values()
    assert record["data"] == {"date": "2026-11-25", "energy": 4, "mood": 6}
    assert record["field_hlcs"] == {"date": stamp(2), "energy": stamp(1), "mood": stamp(2)}
    assert record["hlc"] == stamp(2) and record["deleted"] is False and record["kind"] == "checkin"


def test_an_exact_retry_is_stale_and_adds_nothing_to_the_feed(ada):
    change = checkin(stamp(1), energy=4)
    assert ada.statuses([change]) == ["applied"]
    _, cursor = ada.pull_all()
    assert ada.statuses([change]) == ["stale"]  # never the first answer replayed
    assert ada.pull(cursor)["changes"] == []


def test_a_new_record_needs_its_required_fields_an_edit_does_not(ada):
    [result] = ada.push([{"id": "d1", "kind": "dose", "data": {"substance": "LDN"},
                          "hlc": stamp(1), "deleted": False}])["results"]
    assert result["status"] == "rejected"
    assert set(result["errors"]) == {"taken_at", "amount", "unit"}
    assert ada.statuses([dose("d1", stamp(1))]) == ["applied"]
    assert ada.statuses([{"id": "d1", "kind": "dose", "data": {"effect": 1}, "hlc": stamp(2),
                          "deleted": False}]) == ["applied"]
    bad_edit = ada.push([{"id": "d1", "kind": "dose", "data": {"amount": -1}, "hlc": stamp(3),
                          "deleted": False}])["results"][0]
    assert bad_edit["status"] == "rejected" and set(bad_edit["errors"]) == {"amount"}
    assert ada.records()["d1"]["data"]["amount"] == 1.5  # nothing half-written


def test_one_bad_change_does_not_hold_back_the_batch(ada):
    results = ada.push([
        dose("d1", stamp(1)),
        {"id": "bad id!", "kind": "dose", "data": {}, "hlc": stamp(1), "deleted": False},
        {"id": "x1", "kind": "mood", "data": {}, "hlc": stamp(1), "deleted": False},
        dose("d2", stamp(1), amount="lots"),
        dose("d4", "yesterday"),
        dose("d5", stamp(1), colour="red"),
        dose("d6", stamp(1)),
    ])["results"]
    statuses = [r["status"] for r in results]
    assert statuses == ["applied"] + ["rejected"] * 5 + ["applied"]
    assert results[1]["code"] == "invalid_id" and results[2]["code"] == "unknown_kind"
    assert "amount" in results[3]["errors"] and "hlc" in results[4]["errors"]
    assert "colour" in results[5]["errors"]
    assert [r["id"] for r in results] == ["d1", "bad id!", "x1", "d2", "d4", "d5", "d6"]
    assert set(ada.records()) == {"d1", "d6"}


@pytest.mark.parametrize(("change", "field"), [
    ("not a change", "changes.1._schema"),
    ({"id": "d3", "kind": "dose", "hlc": stamp(1)}, "changes.1.data"),
    ({"kind": "dose", "data": {}, "hlc": stamp(1)}, "changes.1.id"),
    ({"id": 7, "kind": "dose", "data": {}, "hlc": stamp(1)}, "changes.1.id"),
    ({"id": "d3", "kind": "dose", "data": [], "hlc": stamp(1)}, "changes.1.data"),
    ({"id": "d3", "kind": "dose", "data": {}, "hlc": stamp(1), "deleted": "yes"},
     "changes.1.deleted"),
    ({"id": "d3", "kind": "dose", "data": {}, "hlc": stamp(1), "colour": "red"},
     "changes.1.colour"),
])
def test_a_change_that_is_not_shaped_as_one_refuses_the_push(ada, change, field):
    """A change's shape is part of the request (the OpenAPI document says so); what it
    says is checked per change, as above."""
    response = ada.client.post("/api/v1/sync/push", headers=ada.headers, json={
        "protocol": 1, "device_id": DEVICE, "changes": [dose("d1", stamp(1)), change]})
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "validation_failed" and set(error["fields"]) == {field}
    assert ada.records() == {}  # nothing of the batch was applied


def test_a_clock_ahead_is_refused_and_the_server_time_given(ada):
    ahead = stamp(at=datetime.now(UTC) + timedelta(minutes=6))
    body = ada.push([dose("d1", ahead)])
    assert body["results"][0]["status"] == "rejected"
    assert body["results"][0]["code"] == "clock_skew"
    server = datetime.fromisoformat(body["server_hlc"][:23] + "+00:00")
    assert abs(server - datetime.now(UTC)) < timedelta(seconds=5)
    # Re-stamped from the server's time, the same change applies.
    assert ada.statuses([dose("d1", body["server_hlc"][:24] + "-0000-" + DEVICE)]) == ["applied"]
    near = stamp(at=datetime.now(UTC) + timedelta(minutes=4))
    assert ada.statuses([dose("d2", near)]) == ["applied"]


def test_deletes_are_tombstones_that_only_a_newer_edit_undoes(ada):
    # A delete of a record the server never saw is kept as a tombstone.
    assert ada.statuses([delete("d0", "dose", stamp(5))]) == ["applied"]
    assert ada.statuses([dose("d0", stamp(4))]) == ["stale"]  # an older create stays deleted
    assert ada.records()["d0"]["deleted"] is True

    assert ada.statuses([dose("d1", stamp(1))]) == ["applied"]
    assert ada.statuses([delete("d1", "dose", stamp(3))]) == ["applied"]
    assert ada.statuses([delete("d1", "dose", stamp(3))]) == ["stale"]  # a retry
    assert ada.statuses([delete("d1", "dose", stamp(2))]) == ["stale"]  # an older delete
    assert ada.statuses([dose("d1", stamp(2), effect=1)]) == ["stale"]  # a late edit
    assert ada.records()["d1"]["deleted"] is True
    # Undo sends every field with a newer stamp: the record is back.
    assert ada.statuses([dose("d1", stamp(6))]) == ["applied"]
    record = ada.records()["d1"]
    assert record["deleted"] is False and record["hlc"] == stamp(6)


def test_a_delete_must_name_the_records_kind(ada):
    ada.push([dose("d1", stamp(1))])
    [result] = ada.push([delete("d1", "activity", stamp(2))])["results"]
    assert result["status"] == "rejected" and "kind" in result["errors"]


def test_the_pull_feed_pages_by_change_number(ada):
    ada.push([dose(f"d{i}", stamp(i)) for i in range(5)])
    ada.push([dose("d1", stamp(9), effect=2)])  # d1 changes again: it moves to the end
    first = ada.pull(limit=2)
    assert [c["id"] for c in first["changes"]] == ["d0", "d2"] and first["has_more"]
    seen = [c["seq"] for c in first["changes"]]
    cursor = first["cursor"]
    while True:
        page = ada.pull(cursor, limit=1)
        if not page["changes"]:
            assert page["cursor"] == cursor and page["has_more"] is False  # never null
            break
        seen += [c["seq"] for c in page["changes"]]
        cursor = page["cursor"]
    assert seen == sorted(seen) and len(set(seen)) == 5
    assert ada.pull()["changes"][-1]["id"] == "d1"  # the device's own changes come back
    empty = Device(ada.client, "bo@example.org").pull()
    assert empty["changes"] == [] and empty["cursor"] and empty["has_more"] is False


@pytest.mark.parametrize("cursor", ["", "abc", "v1.-1", "v2.3", "v1.01", "v1.1e3", "'; --"])
def test_a_malformed_cursor_is_refused(ada, cursor):
    response = ada.client.get("/api/v1/sync/pull", headers=ada.headers,
                              query_string={"cursor": cursor})
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid_cursor"


@pytest.mark.parametrize("limit", [0, 1001, "ten"])
def test_pull_limits_are_1_to_1000(ada, limit):
    body = ada.pull(limit=limit, expect=422)
    assert "limit" in body["error"]["fields"]


def test_protocol_batch_size_and_device_id_are_checked(ada):
    body = ada.push([], protocol=2, expect=400)
    assert body["error"]["code"] == "unsupported_protocol"
    body = ada.push([dose(f"d{i}", stamp(1)) for i in range(501)], expect=413)
    assert body["error"]["code"] == "too_many_changes"
    body = ada.push([], device_id="ABC", expect=422)
    assert "device_id" in body["error"]["fields"]
    assert ada.push([dose(f"d{i}", stamp(1)) for i in range(500)])["results"][-1] == {
        "id": "d499", "status": "applied"}


def test_bodies_up_to_5_mib_are_taken_and_larger_refused(ada):
    note = "n" * 4900
    changes = [dose(f"d{i}", stamp(1), note=note) for i in range(500)]  # about 2.6 MB
    assert len(json.dumps(changes)) > 2_000_000
    assert ada.statuses(changes).count("applied") == 500
    huge = json.dumps({"protocol": 1, "device_id": DEVICE, "changes": [], "pad": "x" * (6 << 20)})
    response = ada.client.post("/api/v1/sync/push", headers=ada.headers, data=huge,
                               content_type="application/json")
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "payload_too_large"


def test_a_clinician_may_neither_push_nor_pull(client):
    clinician = Device(client, "dr@example.org", role="clinician")
    assert clinician.push([dose("d1", stamp(1))], expect=403)["error"]["code"] == "forbidden_role"
    assert clinician.pull(expect=403)["error"]["code"] == "forbidden_role"


def test_sync_needs_a_session(client):
    assert client.get("/api/v1/sync/pull").status_code == 401
    assert client.post("/api/v1/sync/push", json={}).status_code == 401


def test_no_account_reads_or_writes_anothers_records(client, ada):
    bo = Device(client, "bo@example.org")
    ada.push([dose("d1", stamp(1), note="Ada's")])
    # The same id is Bo's own record, not Ada's: ids are unique per account.
    assert bo.statuses([dose("d1", stamp(2), note="Bo's")]) == ["applied"]
    assert bo.statuses([delete("d1", "dose", stamp(3))]) == ["applied"]
    assert ada.records()["d1"]["data"]["note"] == "Ada's"
    assert ada.records()["d1"]["deleted"] is False
    assert [r["id"] for r in bo.pull()["changes"]] == ["d1"]
    assert bo.pull()["changes"][0]["deleted"] is True
    exported = client.get("/api/v1/account/export", headers=bo.headers).get_json()
    assert [r["data"].get("note") for r in exported["records"]] == ["Bo's"]


def test_the_export_is_the_apps_format(ada):
    ada.push([checkin(stamp(1), energy=4), dose("d1", stamp(1)), delete("d1", "dose", stamp(2))])
    response = ada.client.get("/api/v1/account/export", headers=ada.headers)
    assert response.status_code == 200
    body = response.get_json()
    assert body["format"] == "envelope-export" and body["version"] == 1
    datetime.fromisoformat(body["exported_at"])
    by_id = {r["id"]: r for r in body["records"]}
    assert set(by_id["checkin-2026-11-25"]) == {
        "id", "kind", "data", "deleted", "created_at", "updated_at", "field_hlcs"}
    assert by_id["d1"]["deleted"] is True and by_id["d1"]["deleted_hlc"] == stamp(2)
    assert by_id["checkin-2026-11-25"]["field_hlcs"]["energy"] == stamp(1)
    for record in body["records"]:
        datetime.fromisoformat(record["created_at"])
        datetime.fromisoformat(record["updated_at"])


EXPORT = "/api/v1/account/export"


def held_connections(app) -> int:
    """Connections of the app's pool checked out now (a stream under way holds one)."""
    with app.app_context():
        return db.engine.pool.checkedout()


def first_chunk_then_gone(app, response) -> bytes:
    """The first chunk of a streamed body, then the client goes away: the connection the
    stream held is back in the pool."""
    chunks = iter(response.response)
    first = next(chunks)
    assert held_connections(app) == 1, "the stream reads its rows as it writes them"
    response.close()
    assert held_connections(app) == 0, "the stream gave its connection back when closed"
    return first


def test_a_large_export_is_the_records_pull_gives(ada):
    # More rows than one batch read (1000) and than one chunk written (200).
    changes = [dose(f"d{i:04d}", stamp(i), amount=i % 50 + 1, note=f"Café n° {i}")
               for i in range(1200)]
    for start in range(0, len(changes), 500):
        ada.push(changes[start:start + 500])
    ada.push([delete("d0007", "dose", stamp(5000))])
    response = ada.client.get(EXPORT, headers=ada.headers)
    assert response.status_code == 200 and response.mimetype == "application/json"
    body = json.loads(response.data)
    assert list(body) == ["exported_at", "format", "records", "version"]
    pulled = ada.records()
    assert [r["id"] for r in body["records"]] == sorted(pulled)  # by id, as before
    for record in body["records"]:
        change = pulled[record["id"]]
        assert {k: record[k] for k in ("kind", "data", "deleted", "field_hlcs")} == {
            k: change[k] for k in ("kind", "data", "deleted", "field_hlcs")}
        assert ("deleted_hlc" in record) is record["deleted"]
    assert next(r for r in body["records"] if r["id"] == "d0007")["deleted_hlc"] == stamp(5000)
    # Compressed as it streams, to the same records: br, or gzip as when it was sent whole.
    br = ada.client.get(EXPORT, headers={**ada.headers, "Accept-Encoding": "br"})
    assert br.headers["Content-Encoding"] == "br"
    assert json.loads(brotli.decompress(br.get_data()))["records"] == body["records"]
    gz = ada.client.get(EXPORT, headers={**ada.headers, "Accept-Encoding": "gzip"})
    assert gz.headers["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(gz.get_data()))["records"] == body["records"]


def test_the_export_is_streamed_and_lets_go_when_the_client_does(ada, app):
    ada.push([dose(f"d{i:04d}", stamp(i)) for i in range(450)])
    response = ada.client.get(EXPORT, headers=ada.headers, buffered=False)
    assert response.status_code == 200 and "Content-Length" not in response.headers
    first = first_chunk_then_gone(app, response)
    assert first.startswith(b'{"exported_at":"') and first.endswith(b'"records":[')
    # A HEAD reads the first rows too, and lets them go with its empty body.
    assert ada.client.head(EXPORT, headers=ada.headers).status_code == 200
    assert held_connections(app) == 0


def test_a_push_goes_through_while_an_export_streams(ada, client):
    # More than a page of rows (1000): on SQLite a statement still being read would hold
    # the read lock, and the push would wait for the download and then fail.
    for start in range(0, 2500, 500):
        ada.push([dose(f"d{i:04d}", stamp(i)) for i in range(start, start + 500)])
    response = ada.client.get(EXPORT, headers=ada.headers, buffered=False)
    chunks = iter(response.response)
    read = [next(chunks), next(chunks)]  # the head and the first rows: mid-stream
    bo = Device(client, "bo@example.org")
    assert bo.statuses([dose("b1", stamp(1))]) == ["applied"]
    assert ada.statuses([dose("d9999", stamp(9))]) == ["applied"]  # the account exported
    body = json.loads(b"".join([*read, *chunks]))
    response.close()
    assert len(body["records"]) in (2500, 2501)  # its page read before or after the push
    assert [r["id"] for r in body["records"]][:2500] == [f"d{i:04d}" for i in range(2500)]


def test_an_export_refused_is_refused_before_any_stream(client, app):
    response = client.get(EXPORT, headers={"Authorization": "Bearer nope"}, buffered=False)
    assert response.status_code == 401
    assert response.get_json()["error"]["code"]
    assert held_connections(app) == 0


def test_the_openapi_document_describes_sync(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    for path in ("/api/v1/sync/push", "/api/v1/sync/pull", "/api/v1/account/export"):
        assert path in paths, path


def test_a_new_record_may_arrive_in_one_change_per_stamp(ada):
    # An upload after sign-in sends one change per stamp: a dose whose amount was
    # edited after it was made arrives as two changes, neither complete alone.
    first = dose("d1", stamp(1))
    amount = first["data"].pop("amount")
    later = {"id": "d1", "kind": "dose", "data": {"amount": amount + 1}, "hlc": stamp(2),
             "deleted": False}
    assert ada.statuses([first, later]) == ["applied", "applied"]
    assert ada.records()["d1"]["data"]["amount"] == 2.5
    # Alone, an incomplete new record is still refused.
    lone = dose("d2", stamp(1))
    del lone["data"]["unit"]
    [result] = ada.push([lone])["results"]
    assert result["status"] == "rejected" and set(result["errors"]) == {"unit"}


@pytest.mark.parametrize("text", ["nul \u0000 here", "half \ud800 pair"])
def test_text_no_database_can_keep_is_refused_alone(ada, text):
    results = ada.push([dose("d1", stamp(1), note=text), dose("d2", stamp(1))])["results"]
    assert [r["status"] for r in results] == ["rejected", "applied"]
    assert set(results[0]["errors"]) == {"note"}


def test_a_refusal_carries_the_apps_codes_as_well_as_the_words(ada):
    """So the app words each refusal in the person's language (an extension: `errors`,
    the contract's messages, stay as they were)."""
    results = ada.push([
        checkin(stamp(1), energy=11),
        dose("d1", stamp(1), unit="kg", note="x" * 5001),
        {"id": "bad id!", "kind": "dose", "data": {}, "hlc": stamp(1), "deleted": False},
        dose("d2", "yesterday"),
    ])["results"]
    assert results[0]["codes"] == {"energy": [{"code": "range", "params": {"min": 0, "max": 10}}]}
    assert results[0]["errors"] == {"energy": ["Use a whole number from 0 to 10."]}
    assert results[1]["codes"] == {
        "unit": [{"code": "enum", "params": {"values": list(kind_table.UNITS)}}],
        "note": [{"code": "length", "params": {"min": 0, "max": 5000}}],
    }
    assert results[2]["codes"] == {"id": [{"code": "invalid_id", "params": {}}]}
    assert results[3]["codes"] == {"hlc": [{"code": "invalid_stamp", "params": {}}]}


def questionnaire(record_id, hlc, **fields):
    data = {"answered_at": "2026-11-25T10:00:00+01:00", "instrument": "dsq_pem",
            "frequency": {"1": 2, "2": 3, "3": 1, "5": 4}, "severity": {"1": 2, "2": 1, "4": 0},
            "note": "Past 6 months.", **fields}
    return {"id": record_id, "kind": "questionnaire", "data": data, "hlc": hlc,
            "deleted": False}


def test_a_questionnaire_pushes_pulls_and_is_exported(ada, client):
    """The new kind travels as every kind does: its ratings objects whole, partial answers
    (item 4 with a severity only, item 5 with a frequency only) kept as they were."""
    q = questionnaire("q1", stamp(1))
    assert ada.statuses([q]) == ["applied"]
    # Another device of the account pulls it, then changes one rating.
    other = Device(client, "ada@example.org")
    [pulled] = other.pull()["changes"]
    assert pulled["kind"] == "questionnaire" and pulled["data"] == q["data"]
    assert set(pulled["field_hlcs"]) == set(q["data"])
    edit = {"id": "q1", "kind": "questionnaire", "data": {"severity": {"1": 3, "2": 1}},
            "hlc": stamp(2), "deleted": False}
    assert other.statuses([edit]) == ["applied"]
    assert ada.records()["q1"]["data"]["severity"] == {"1": 3, "2": 1}
    # A rating the kind does not allow is refused with the app's codes; the record stays.
    bad = {"id": "q1", "kind": "questionnaire", "data": {"frequency": {"1": 5}},
           "hlc": stamp(3), "deleted": False}
    [result] = ada.push([bad])["results"]
    assert result["status"] == "rejected"
    assert result["codes"] == {"frequency.1": [{"code": "range", "params": {"min": 0, "max": 4}}]}
    exported = ada.client.get("/api/v1/account/export", headers=ada.headers).get_json()
    [record] = exported["records"]
    assert record["kind"] == "questionnaire" and record["deleted"] is False
    assert record["data"] == {**q["data"], "severity": {"1": 3, "2": 1}}
    assert record["field_hlcs"]["severity"] == stamp(2)
    assert record["field_hlcs"]["frequency"] == stamp(1)


def snapshot(record_id, hlc, **fields):
    data = {"taken_at": "2026-11-25T14:05:00+01:00", "energy": 3,
            "symptoms": {"fatigue": 7, "brain fog": 5}, **fields}
    return {"id": record_id, "kind": "snapshot", "data": data, "hlc": hlc, "deleted": False}


def test_snapshots_push_pull_and_are_exported_several_a_day(ada, client):
    """The snapshot (issue 12) travels as every kind does, any number of them a day beside
    the day's one check-in; its limits (energy 0-10, at most three symptoms) are the
    server's too, refused field by field with the app's codes."""
    morning = snapshot("s1", stamp(1), taken_at="2026-11-25T08:10:00+01:00", energy=2)
    afternoon = snapshot("s2", stamp(2))
    assert ada.statuses([checkin(stamp(1)), morning, afternoon]) == ["applied"] * 3
    other = Device(client, "ada@example.org")
    pulled = {c["id"]: c for c in other.pull()["changes"]}
    assert pulled["s1"]["kind"] == pulled["s2"]["kind"] == "snapshot"
    assert pulled["s2"]["data"] == afternoon["data"]
    edit = {"id": "s2", "kind": "snapshot", "data": {"symptoms": {"pain": 4}},
            "hlc": stamp(3), "deleted": False}
    assert other.statuses([edit]) == ["applied"]
    assert ada.records()["s2"]["data"]["symptoms"] == {"pain": 4}

    four = {"id": "s2", "kind": "snapshot", "hlc": stamp(4), "deleted": False,
            "data": {"symptoms": {"a": 1, "b": 2, "c": 3, "d": 4}}}
    high = {"id": "s3", "kind": "snapshot", "hlc": stamp(4), "deleted": False,
            "data": {"taken_at": "2026-11-25T16:00:00+01:00", "energy": 11}}
    missing = {"id": "s4", "kind": "snapshot", "hlc": stamp(4), "deleted": False,
               "data": {"taken_at": "2026-11-25T16:00:00+01:00"}}
    results = ada.push([four, high, missing])["results"]
    assert [r["status"] for r in results] == ["rejected"] * 3
    assert results[0]["codes"] == {"symptoms": [{"code": "too_many", "params": {"max": 3}}]}
    assert results[0]["errors"] == {"symptoms": ["Use at most 3 items."]}
    assert results[1]["codes"] == {"energy": [{"code": "range", "params": {"min": 0, "max": 10}}]}
    assert list(results[2]["codes"]) == ["energy"]

    exported = ada.client.get("/api/v1/account/export", headers=ada.headers).get_json()
    records = {r["id"]: r for r in exported["records"]}
    assert set(records) == {"checkin-2026-11-25", "s1", "s2"}
    assert records["s1"]["data"] == morning["data"]
    assert records["s2"]["data"] == {**afternoon["data"], "symptoms": {"pain": 4}}
    assert records["s2"]["field_hlcs"]["symptoms"] == stamp(3)
    assert records["s2"]["field_hlcs"]["energy"] == stamp(2)


def test_the_openapi_document_describes_the_snapshot(client):
    schemas = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    data = schemas["SnapshotData"]["properties"]
    assert data["symptoms"]["maxProperties"] == kind_table.SNAPSHOT_SYMPTOMS == 3
    assert (data["energy"]["minimum"], data["energy"]["maximum"]) == (0, 10)
    for typed in ("SnapshotChange", "SnapshotPulledChange", "SnapshotExportedRecord"):
        assert typed in schemas, typed


def test_the_openapi_document_describes_the_questionnaire(client):
    schemas = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    data = schemas["QuestionnaireData"]["properties"]
    assert data["instrument"]["enum"] == list(kind_table.INSTRUMENTS)
    assert data["frequency"]["maxProperties"] == kind_table.MAX_ITEMS
    assert "Questionnaire" in data["instrument"]["description"]
    for typed in ("QuestionnaireChange", "QuestionnairePulledChange",
                  "QuestionnaireExportedRecord"):
        assert typed in schemas, typed
