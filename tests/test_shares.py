"""Clinician sharing through the real API, on SQLite and PostgreSQL: who may do what
(the access matrix), invite codes, scope, and the access log."""

from __future__ import annotations

import copy
import itertools
import threading
import uuid
from datetime import timedelta

import pytest

from server.extensions import db
from server.models import Share, ShareInvite
from server.shares import CODE_ALPHABET, code_key
from tests.test_sync import PASSWORD, checkin, dose, first_chunk_then_gone, stamp

API = "/api/v1"
ADDRESSES = itertools.count(1)


class Party:
    """One signed-in account, talking to the API from its own address."""

    def __init__(self, client, role, name, address):
        self.client, self.role, self.name = client, role, name
        self.email = f"{name.lower().replace(' ', '.')}-{uuid.uuid4().hex[:10]}@example.org"
        self.environ = {"REMOTE_ADDR": address}
        created = self.call("POST", "/accounts", json={
            "email": self.email, "password": PASSWORD, "role": role, "display_name": name})
        assert created.status_code == 201, created.get_json()
        self.id = created.get_json()["id"]
        signed_in = self.call("POST", "/sessions", json={"email": self.email,
                                                         "password": PASSWORD})
        self.headers = {"Authorization": f"Bearer {signed_in.get_json()['token']}"}

    def call(self, method, path, **options):
        headers = options.pop("headers", getattr(self, "headers", {}))
        return self.client.open(API + path, method=method, headers=headers,
                                environ_base=self.environ, **options)

    def ok(self, method, path, status=200, **options):
        response = self.call(method, path, **options)
        assert response.status_code == status, response.data
        return response.get_json() if response.data else None


class World:
    """A patient with two entries, a clinician with an active share, one whose share the
    patient ended, a clinician with none, and another patient."""

    def __init__(self, client):
        address = f"10.{next(ADDRESSES) % 250}.{next(ADDRESSES) % 250}.1"
        self.owner = Party(client, "patient", "Pat", address)
        self.clinician = Party(client, "clinician", "Dr Cole", address)
        self.revoked = Party(client, "clinician", "Dr Reve", address)
        self.stranger = Party(client, "clinician", "Dr Stray", address)
        self.other_patient = Party(client, "patient", "Olive", address)
        self.anonymous = Party.__new__(Party)
        self.anonymous.client, self.anonymous.environ, self.anonymous.headers = (
            client, {"REMOTE_ADDR": address}, {})
        self.owner.ok("POST", "/sync/push", json={
            "protocol": 1, "device_id": "0123456789abcdef",
            "changes": [checkin(stamp(), energy=4, note="tired"),
                        dose("dose-1", stamp(1), note="for you", for_clinician=True)]})
        self.share = self.clinician.ok("POST", "/shares", 201,
                                       json={"code": self.invite()})["id"]
        ended = self.revoked.ok("POST", "/shares", 201, json={"code": self.invite()})["id"]
        self.owner.ok("DELETE", f"/shares/{ended}", 204)

    def invite(self, scope=None):
        body = {"scope": scope} if scope else None
        return self.owner.ok("POST", "/shares/invites", 201, json=body)["code"]


ACTORS = ("owner", "clinician", "revoked", "stranger", "other_patient", "anonymous")
PUSH = {"protocol": 1, "device_id": "0123456789abcdef", "changes": []}


def _row(*statuses):
    return dict(zip(ACTORS, statuses, strict=True))


# endpoint -> (method, path, body) built from the world and the actor, and each actor's status.
MATRIX = {
    "make invite": (lambda w, a: ("POST", "/shares/invites", None),
                    _row(201, 403, 403, 403, 201, 401)),
    "redeem": (lambda w, a: ("POST", "/shares", {"code": w.invite()}),
               _row(403, 201, 201, 201, 403, 401)),
    "list shares": (lambda w, a: ("GET", "/shares", None), _row(200, 200, 200, 200, 200, 401)),
    "change scope": (lambda w, a: ("PATCH", f"/shares/{w.share}",
                                   {"scope": {"kinds": ["checkin"], "notes": "none"}}),
                     _row(200, 403, 403, 403, 404, 401)),
    "end share": (lambda w, a: ("DELETE", f"/shares/{w.share}", None),
                  _row(204, 204, 404, 404, 404, 401)),
    "patient's entries": (lambda w, a: ("GET", f"/patients/{w.owner.id}/entries", None),
                          _row(404, 200, 404, 404, 404, 401)),
    "access log": (lambda w, a: ("GET", "/access-log", None), _row(200, 403, 403, 403, 200, 401)),
    "push": (lambda w, a: ("POST", "/sync/push", PUSH), _row(200, 403, 403, 403, 200, 401)),
    "pull": (lambda w, a: ("GET", "/sync/pull", None), _row(200, 403, 403, 403, 200, 401)),
    "export": (lambda w, a: ("GET", "/account/export", None), _row(200, 200, 200, 200, 200, 401)),
    "account": (lambda w, a: ("GET", "/account", None), _row(200, 200, 200, 200, 200, 401)),
    "change password": (lambda w, a: ("PUT", "/account/password",
                                      {"password": PASSWORD, "new_password": PASSWORD + "!"}),
                        _row(204, 204, 204, 204, 204, 401)),
    "delete account": (lambda w, a: ("DELETE", "/account", {"password": PASSWORD}),
                       _row(204, 204, 204, 204, 204, 401)),
    "sign out here": (lambda w, a: ("DELETE", "/sessions/current", None),
                      _row(204, 204, 204, 204, 204, 401)),
    "sign out everywhere": (lambda w, a: ("DELETE", "/sessions", None),
                            _row(204, 204, 204, 204, 204, 401)),
    # No token needed: each signs in with their own email (the anonymous, with a wrong one).
    "sign in": (lambda w, a: ("POST", "/sessions", {
        "email": getattr(w, a).email if a != "anonymous" else "nobody@example.org",
        "password": PASSWORD}), _row(201, 201, 201, 201, 201, 401)),
    "sign up": (lambda w, a: ("POST", "/accounts", {
        "email": f"new-{uuid.uuid4().hex[:8]}@example.org", "password": PASSWORD}),
        _row(201, 201, 201, 201, 201, 201)),
}


# A cell that would decide a later one of its row (an owner ending the share the clinician
# then tries to end) gets a world of its own; the other rows' actors touch only what is theirs.
FRESH_WORLD_EACH = {"end share"}


@pytest.mark.parametrize("endpoint", MATRIX)
def test_access_matrix(client, endpoint):
    build, expected = MATRIX[endpoint]
    seen = {}
    world = World(client)
    for actor in ACTORS:
        if endpoint in FRESH_WORLD_EACH:
            world = World(client)
        method, path, body = build(world, actor)
        response = getattr(world, actor).call(method, path, json=body)
        response.get_data()  # read to the end, as a client would
        seen[actor] = response.status_code
        if response.status_code >= 400:
            assert set(response.get_json()) == {"error"}, (endpoint, actor)
        if response.status_code == 500:
            pytest.fail(f"{endpoint} as {actor}: {response.data}")
    assert seen == expected


def test_no_share_looks_like_no_patient(client):
    world = World(client)
    for actor in (world.stranger, world.revoked, world.other_patient, world.owner):
        real = actor.call("GET", f"/patients/{world.owner.id}/entries")
        made_up = actor.call("GET", f"/patients/{uuid.uuid4()}/entries")
        assert real.status_code == made_up.status_code == 404
        assert real.get_json() == made_up.get_json()


def test_each_side_sees_only_its_own(client):
    world = World(client)
    as_clinician = world.clinician.ok("GET", "/shares")
    assert as_clinician == [{"id": world.share, "created_at": as_clinician[0]["created_at"],
                             "patient": {"id": world.owner.id, "display_name": "Pat"},
                             "scope": {"kinds": ["checkin", "activity", "rest", "dose",
                                                 "episode", "settings", "questionnaire",
                                                 "snapshot"],
                                       "notes": "all"}}]
    as_patient = world.owner.ok("GET", "/shares")
    assert [s["clinician"] for s in as_patient] == [
        {"id": world.clinician.id, "display_name": "Dr Cole"}]  # the ended share is not listed
    assert world.stranger.ok("GET", "/shares") == []
    assert world.other_patient.ok("GET", "/shares") == []
    # Another patient's feed and export hold nothing of the owner's.
    assert world.other_patient.ok("GET", "/sync/pull")["changes"] == []
    assert world.other_patient.ok("GET", "/account/export")["records"] == []
    entries = world.clinician.ok("GET", f"/patients/{world.owner.id}/entries")["entries"]
    assert sorted(e["id"] for e in entries) == ["checkin-2026-11-25", "dose-1"]
    assert set(entries[0]) == {"id", "kind", "data", "updated_at"}


def test_the_entries_are_streamed_and_let_go_when_the_clinician_does(client, app):
    world = World(client)
    world.owner.ok("POST", "/sync/push", json={**PUSH, "changes": [
        dose(f"dose-{i:04d}", stamp(i)) for i in range(2, 452)]})
    path = f"/patients/{world.owner.id}/entries"
    assert len(world.clinician.ok("GET", path)["entries"]) == 452
    response = world.clinician.call("GET", path, buffered=False)
    assert response.status_code == 200 and "Content-Length" not in response.headers
    assert first_chunk_then_gone(app, response) == b'{"entries":['


def test_the_clinician_cannot_write_the_patients_data(client):
    world = World(client)
    before = world.owner.ok("GET", "/account/export")["records"]
    for method, path in (("POST", "/sync/push"), ("PUT", f"/patients/{world.owner.id}/entries"),
                         ("POST", f"/patients/{world.owner.id}/entries"),
                         ("DELETE", f"/patients/{world.owner.id}/entries")):
        response = world.clinician.call(method, path, json=PUSH)
        assert response.status_code in (403, 405), (method, path)
    assert world.owner.ok("GET", "/account/export")["records"] == before


# ------------------------------------------------------------------ invite codes


def test_a_code_is_short_readable_and_single_use(client):
    world = World(client)
    invite = world.owner.ok("POST", "/shares/invites", 201)
    code = invite["code"]
    groups = code.split("-")
    assert [len(g) for g in groups] == [4, 4, 4]
    assert set("".join(groups)) <= set(CODE_ALPHABET)
    assert not set("01OIL") & set(CODE_ALPHABET)
    # Typed by hand: lower case and spaces are fine.
    typed = " ".join(groups).lower()
    share = world.stranger.ok("POST", "/shares", 201, json={"code": typed})
    assert share["patient"] == {"id": world.owner.id, "display_name": "Pat"}
    again = world.other_clinician = Party(client, "clinician", "Dr Two", "10.99.0.1")
    refused = again.call("POST", "/shares", json={"code": code})
    assert refused.status_code == 400
    assert refused.get_json()["error"]["code"] == "invite_used"
    assert "code" in refused.get_json()["error"]["fields"]


def test_unknown_and_expired_codes_say_which(client, app):
    world = World(client)
    unknown = world.stranger.call("POST", "/shares", json={"code": "2222-3333-4444"})
    assert (unknown.status_code, unknown.get_json()["error"]["code"]) == (400, "invite_unknown")
    nonsense = world.stranger.call("POST", "/shares", json={"code": "not a code at all"})
    assert nonsense.get_json()["error"]["code"] == "invite_unknown"
    invite = world.owner.ok("POST", "/shares/invites", 201)
    with app.app_context():
        row = db.session.execute(db.select(ShareInvite).where(
            ShareInvite.code_hash == __import__("server.shares", fromlist=["code_hash"])
            .code_hash(code_key(invite["code"])))).scalar_one()
        assert row.expires_at - row.created_at == timedelta(hours=48)
        row.expires_at = row.created_at - timedelta(seconds=1)  # two days later
        db.session.commit()
    expired = world.stranger.call("POST", "/shares", json={"code": invite["code"]})
    assert (expired.status_code, expired.get_json()["error"]["code"]) == (400, "invite_expired")
    # No share was opened by any of these.
    assert world.stranger.ok("GET", "/shares") == []


def test_the_code_itself_is_not_stored(client, app):
    world = World(client)
    code = world.invite()
    with app.app_context():
        stored = [row.code_hash for row in db.session.execute(db.select(ShareInvite)).scalars()]
    assert code_key(code) not in stored and code not in stored


def test_guessing_codes_is_rate_limited(client):
    world = World(client)
    guesses = [world.stranger.call("POST", "/shares", json={"code": f"2222-3333-{i:04d}"})
               for i in range(11)]
    assert [g.status_code for g in guesses] == [400] * 10 + [429]
    assert guesses[-1].get_json()["error"]["code"] == "rate_limited"
    # Even the right code waits now: the limit is on the guesser, not on the code.
    assert world.stranger.call("POST", "/shares", json={"code": world.invite()}).status_code == 429
    # Another clinician is not held up by it.
    assert world.revoked.call("POST", "/shares", json={"code": world.invite()}).status_code == 201


# ------------------------------------------------------------------ scope


def test_a_narrowed_share_shows_only_what_it_allows(client):
    world = World(client)
    narrow = {"kinds": ["dose"], "notes": "none"}
    share = world.stranger.ok("POST", "/shares", 201, json={"code": world.invite(narrow)})
    assert share["scope"] == narrow
    path = f"/patients/{world.owner.id}/entries"
    entries = world.stranger.ok("GET", path)["entries"]
    assert [(e["id"], "note" in e["data"]) for e in entries] == [("dose-1", False)]
    assert world.stranger.ok("GET", path, query_string={"kind": "checkin"})["entries"] == []
    # Only the marked notes: the dose's (marked for the clinician), not the check-in's.
    world.owner.ok("PATCH", f"/shares/{share['id']}",
                   json={"scope": {"kinds": ["checkin", "dose"], "notes": "marked"}})
    entries = {e["id"]: e["data"] for e in world.stranger.ok("GET", path)["entries"]}
    assert entries["dose-1"]["note"] == "for you"
    assert "note" not in entries["checkin-2026-11-25"]
    assert entries["checkin-2026-11-25"]["energy"] == 4
    # A change names only what changes: an empty one changes nothing, and notes alone
    # leave the kinds as they were (never widened back to everything).
    assert world.owner.ok("PATCH", f"/shares/{share['id']}", json={"scope": {}})["scope"] == {
        "kinds": ["checkin", "dose"], "notes": "marked"}
    changed = world.owner.ok("PATCH", f"/shares/{share['id']}", json={"scope": {"notes": "all"}})
    assert changed["scope"] == {"kinds": ["checkin", "dose"], "notes": "all"}
    entries = {e["id"]: e["data"] for e in world.stranger.ok("GET", path)["entries"]}
    assert entries["checkin-2026-11-25"]["note"] == "tired"
    assert {e["kind"] for e in world.stranger.ok("GET", path)["entries"]} == {"checkin", "dose"}


def test_notes_cover_every_prose_field_not_names(client):
    """A dose's reason is the person's own words, as a note is: "none" and "marked" keep it
    back. Substances, activity names and side effects are names the report is built from."""
    world = World(client)
    world.owner.ok("POST", "/sync/push", json={
        "protocol": 1, "device_id": "0123456789abcdef", "changes": [
            dose("dose-why", stamp(5), reason="after the argument", side_effects=["nausea"]),
            dose("dose-why-marked", stamp(6), reason="ask about this", for_clinician=True)]})
    share = world.stranger.ok("POST", "/shares", 201,
                              json={"code": world.invite({"kinds": ["dose"], "notes": "none"})})
    path = f"/patients/{world.owner.id}/entries"

    def doses():
        return {e["id"]: e["data"] for e in world.stranger.ok("GET", path)["entries"]}

    seen = doses()
    assert "reason" not in seen["dose-why"] and "reason" not in seen["dose-why-marked"]
    assert "note" not in seen["dose-1"]
    assert seen["dose-why"]["substance"] == "LDN"
    assert seen["dose-why"]["side_effects"] == ["nausea"]
    world.owner.ok("PATCH", f"/shares/{share['id']}", json={"scope": {"notes": "marked"}})
    seen = doses()
    assert "reason" not in seen["dose-why"]
    assert seen["dose-why-marked"]["reason"] == "ask about this"
    assert seen["dose-1"]["note"] == "for you"  # marked
    world.owner.ok("PATCH", f"/shares/{share['id']}", json={"scope": {"notes": "all"}})
    assert doses()["dose-why"]["reason"] == "after the argument"


def test_a_bad_scope_names_the_field(client):
    world = World(client)
    for scope, field in (({"kinds": ["diary"]}, "kinds"), ({"kinds": []}, "kinds"),
                         ({"notes": "some"}, "notes"), ({"colour": "red"}, "colour")):
        response = world.owner.call("POST", "/shares/invites", json={"scope": scope})
        assert response.status_code == 422, scope
        fields = response.get_json()["error"]["fields"]
        assert any(field in name for name in fields), (scope, fields)


def test_entries_by_kind_and_day(client):
    world = World(client)
    world.owner.ok("POST", "/sync/push", json={
        "protocol": 1, "device_id": "0123456789abcdef", "changes": [
            {"id": "checkin-2026-11-20", "kind": "checkin", "hlc": stamp(5), "deleted": False,
             "data": {"date": "2026-11-20", "energy": 6}},
            # Late in the evening of the 24th where it was written, the 25th in UTC: the 24th.
            dose("dose-late", stamp(6), taken_at="2026-11-24T23:30:00-05:00"),
            {"id": "settings", "kind": "settings", "hlc": stamp(7), "deleted": False,
             "data": {"daily_budget_points": 80}},
            {"id": "dose-1", "kind": "dose", "data": {}, "hlc": stamp(8), "deleted": True},
        ]})
    path = f"/patients/{world.owner.id}/entries"

    def ids(**query):
        return sorted(e["id"] for e in world.clinician.ok("GET", path, query_string=query)[
            "entries"])

    # The contract's empty parameters mean no filter; deleted records never come.
    assert ids(kind="", **{"from": "", "to": ""}) == [
        "checkin-2026-11-20", "checkin-2026-11-25", "dose-late", "settings"]
    assert ids(kind="dose") == ["dose-late"]
    # Days are the entries' own; settings have none and come whatever the days.
    assert ids(**{"from": "2026-11-24"}) == ["checkin-2026-11-25", "dose-late", "settings"]
    assert ids(**{"from": "2026-11-21", "to": "2026-11-24"}) == ["dose-late", "settings"]
    assert ids(to="2026-11-20T12:00:00Z") == ["checkin-2026-11-20", "settings"]
    for query, field in (({"kind": "diary"}, "kind"), ({"from": "yesterday"}, "from"),
                         ({"from": "2026-11-25", "to": "2026-11-01"}, "to"),
                         ({"to": "2026-13-01"}, "to")):
        response = world.clinician.call("GET", path, query_string=query)
        assert response.status_code == 422, query
        assert field in response.get_json()["error"]["fields"], query
        # Without an active share, or as a patient, the contract's 404 whatever the query:
        # a 422 would answer for the patient id.
        for party in (world.revoked, world.stranger, world.owner, world.other_patient):
            assert party.call("GET", path, query_string=query).status_code == 404, query


# ------------------------------------------------------------------ ending and the log


def test_ending_a_share_takes_effect_on_the_next_request(client):
    world = World(client)
    path = f"/patients/{world.owner.id}/entries"
    assert world.clinician.call("GET", path).status_code == 200
    world.clinician.ok("DELETE", f"/shares/{world.share}", 204)  # the clinician's side ends it
    assert world.clinician.call("GET", path).status_code == 404
    assert world.owner.ok("GET", "/shares") == []
    assert world.owner.call("DELETE", f"/shares/{world.share}").status_code == 404
    # A new code opens a new share.
    share = world.clinician.ok("POST", "/shares", 201, json={"code": world.invite()})
    assert share["id"] != world.share
    assert world.clinician.call("GET", path).status_code == 200


def test_the_access_log_records_each_clinician_read_and_only_those(client):
    world = World(client)
    path = f"/patients/{world.owner.id}/entries"
    assert world.owner.ok("GET", "/access-log") == []  # redeeming and ending are not reads
    world.clinician.ok("GET", path)
    world.clinician.ok("GET", path, query_string={"kind": "dose", "from": "2026-11-01"})
    # Not reads of the owner's diary: refused requests, other endpoints, the owner's own.
    for actor in (world.stranger, world.revoked, world.other_patient, world.owner):
        actor.call("GET", path)
    world.clinician.ok("GET", "/shares")
    world.owner.ok("GET", "/sync/pull")
    log = world.owner.ok("GET", "/access-log")
    assert [(e["clinician"], e["action"], e["share_id"], e["query"]) for e in log] == [
        ({"id": world.clinician.id, "display_name": "Dr Cole"}, "read_entries", world.share,
         {"kind": "dose", "from": "2026-11-01", "to": None}),
        ({"id": world.clinician.id, "display_name": "Dr Cole"}, "read_entries", world.share,
         {"kind": None, "from": None, "to": None}),
    ]
    assert log[0]["at"] >= log[1]["at"]
    assert world.other_patient.ok("GET", "/access-log") == []
    # The log outlives the clinician's account; it goes with the patient's.
    world.clinician.ok("DELETE", "/account", 204, json={"password": PASSWORD})
    assert len(world.owner.ok("GET", "/access-log")) == 2
    assert world.owner.ok("GET", "/shares") == []


def test_deleting_the_patient_removes_every_share_and_invite(client, app):
    world = World(client)
    code = world.invite()
    world.owner.ok("DELETE", "/account", 204, json={"password": PASSWORD})
    assert world.clinician.ok("GET", "/shares") == []
    assert world.clinician.call("GET", f"/patients/{world.owner.id}/entries").status_code == 404
    refused = world.stranger.call("POST", "/shares", json={"code": code})
    assert refused.get_json()["error"]["code"] == "invite_unknown"
    with app.app_context():
        from server.models import AccessLogEntry, Share
        for model in (Share, ShareInvite, AccessLogEntry):
            assert not db.session.execute(db.select(model).where(
                model.patient_id == world.owner.id)).first()


def at_once(app, calls):
    """Run each (party, method, path, body) in its own thread with its own test client,
    released together by a barrier: the requests overlap in the database."""
    barrier = threading.Barrier(len(calls))
    answers = [None] * len(calls)

    def run(i, party, method, path, body):
        own = copy.copy(party)
        own.client = app.test_client()
        barrier.wait()
        answers[i] = own.call(method, path, json=body)

    threads = [threading.Thread(target=run, args=(i, *call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return answers


def active_shares(app, patient_id):
    with app.app_context():
        return db.session.execute(db.select(Share).where(
            Share.patient_id == patient_id, Share.ended_at.is_(None))).scalars().all()


def test_two_clinicians_redeeming_one_code_open_one_share(client, app):
    world = World(client)
    before = len(active_shares(app, world.owner.id))
    code = world.invite()
    answers = at_once(app, [(c, "POST", "/shares", {"code": code})
                            for c in (world.stranger, world.revoked)])
    assert sorted(a.status_code for a in answers) == [201, 400]
    [refused] = [a for a in answers if a.status_code == 400]
    assert refused.get_json()["error"]["code"] == "invite_used"
    assert len(active_shares(app, world.owner.id)) == before + 1


def test_one_clinician_redeeming_two_codes_at_once_has_one_share(client, app):
    world = World(client)
    for round_ in range(4):  # a race: without the unique index it opened two about 1 in 3
        newcomer = Party(client, "clinician", f"Dr New {round_}", "10.99.0.1")
        codes = [world.invite({"kinds": ["dose"]}), world.invite({"kinds": ["dose"]})]
        answers = at_once(app, [(newcomer, "POST", "/shares", {"code": code})
                                for code in codes])
        assert [a.status_code for a in answers] == [201, 201], [a.get_json() for a in answers]
        assert len({a.get_json()["id"] for a in answers}) == 1
        mine = [s for s in active_shares(app, world.owner.id) if s.clinician_id == newcomer.id]
        assert len(mine) == 1
        newcomer.ok("GET", f"/patients/{world.owner.id}/entries")  # the pair's reads work
