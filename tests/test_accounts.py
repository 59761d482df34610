"""Accounts and sessions through the real API, on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest

from server.extensions import db
from server.models import Account, ChangeCounter, Record, Session

PASSWORD = "correct horse battery"  # noqa: S105


def sign_up(client, email="ada@example.org", password=PASSWORD, **extra):
    return client.post("/api/v1/accounts", json={"email": email, "password": password, **extra})


def sign_in(client, email="ada@example.org", password=PASSWORD, device="phone", address=None):
    environ = {"REMOTE_ADDR": address} if address else {}
    return client.post("/api/v1/sessions", environ_base=environ,
                       json={"email": email, "password": password, "device_name": device})


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def error_of(response):
    body = response.get_json()
    assert set(body) == {"error"}, body
    return body["error"]


@pytest.fixture
def token(client):
    assert sign_up(client).status_code == 201
    response = sign_in(client)
    assert response.status_code == 201
    return response.get_json()["token"]


def test_sign_up_answers_the_account(client):
    response = sign_up(client, display_name="Ada")
    assert response.status_code == 201
    body = response.get_json()
    assert set(body) == {"id", "email", "role", "display_name"}
    assert body["email"] == "ada@example.org" and body["display_name"] == "Ada"
    assert body["role"] == "patient"  # the default
    clinician = sign_up(client, email="dr@example.org", role="clinician").get_json()
    assert clinician["role"] == "clinician"


def test_password_is_stored_as_argon2id(client, app):
    sign_up(client)
    with app.app_context():
        account = db.session.execute(db.select(Account)).scalar_one()
        assert account.password_hash.startswith("$argon2id$")
        assert PASSWORD not in account.password_hash


def test_an_email_signs_up_once_whatever_its_case(client):
    assert sign_up(client).status_code == 201
    again = sign_up(client, email="  ADA@Example.org ")
    assert again.status_code == 409
    error = error_of(again)
    assert error["code"] == "email_taken" and "email" in error["fields"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": "ada@example.org", "password": "nine char"}, "password"),
        ({"email": "not an email", "password": PASSWORD}, "email"),
        ({"email": "ada@example.org"}, "password"),
        ({"password": PASSWORD}, "email"),
        ({"email": "ada@example.org", "password": PASSWORD, "role": "admin"}, "role"),
        ({"email": "ada@example.org", "password": PASSWORD, "display_name": "x" * 101},
         "display_name"),
        ({"email": "ada@example.org", "password": PASSWORD, "is_admin": True}, "is_admin"),
    ],
)
def test_sign_up_names_the_field_at_fault(client, body, field):
    response = client.post("/api/v1/accounts", json=body)
    assert response.status_code == 422
    assert field in error_of(response)["fields"]


def test_passwords_need_length_only(client):
    # No composition rules: pasted passphrases and managers' strings just work.
    assert sign_up(client, email="a@example.org", password="aaaaaaaaaa").status_code == 201
    assert sign_up(client, email="b@example.org", password="ünïcødé 🙂 ok").status_code == 201


def test_sign_in_gives_a_long_lived_token_stored_only_hashed(client, app):
    sign_up(client)
    response = sign_in(client)
    assert response.status_code == 201
    body = response.get_json()
    assert set(body) == {"token", "expires_at", "account"}
    assert body["account"]["email"] == "ada@example.org"
    expires = datetime.fromisoformat(body["expires_at"])
    assert expires.tzinfo is not None
    assert expires - datetime.now(UTC) > timedelta(days=89, hours=23)
    with app.app_context():
        session = db.session.execute(db.select(Session)).scalar_one()
        assert session.token_hash == hashlib.sha256(body["token"].encode()).hexdigest()
        assert session.device_name == "phone"


def test_wrong_email_and_wrong_password_look_the_same(client):
    sign_up(client)
    wrong_password = sign_in(client, password="not the password")
    wrong_email = sign_in(client, email="nobody@example.org")
    assert wrong_password.status_code == wrong_email.status_code == 401
    assert wrong_password.get_json() == wrong_email.get_json()


def test_the_token_opens_the_account_and_nothing_else_does(client, token):
    response = client.get("/api/v1/account", headers=bearer(token))
    assert response.status_code == 200 and response.get_json()["email"] == "ada@example.org"
    for headers in ({}, bearer("made-up"), {"Authorization": token}, bearer("")):
        denied = client.get("/api/v1/account", headers=headers)
        assert denied.status_code == 401
        assert error_of(denied)["code"] == "unauthorized"
        assert denied.headers["WWW-Authenticate"].startswith("Bearer")


def test_sessions_expire_and_renew_on_use(client, app, token):
    with app.app_context():
        session = db.session.execute(db.select(Session)).scalar_one()
        session.last_used_at = datetime.now(UTC) - timedelta(hours=2)
        session.expires_at = datetime.now(UTC) + timedelta(days=3)
        db.session.commit()
    assert client.get("/api/v1/account", headers=bearer(token)).status_code == 200
    with app.app_context():
        session = db.session.execute(db.select(Session)).scalar_one()
        assert session.expires_at - datetime.now(UTC) > timedelta(days=89)
        session.expires_at = datetime.now(UTC) - timedelta(seconds=1)
        db.session.commit()
    assert client.get("/api/v1/account", headers=bearer(token)).status_code == 401


def test_signing_out_ends_only_this_devices_session(client, token):
    laptop = sign_in(client, device="laptop").get_json()["token"]
    assert client.delete("/api/v1/sessions/current", headers=bearer(token)).status_code == 204
    assert client.get("/api/v1/account", headers=bearer(token)).status_code == 401
    assert client.get("/api/v1/account", headers=bearer(laptop)).status_code == 200
    assert client.delete("/api/v1/sessions/current", headers=bearer(token)).status_code == 401


def test_deleting_the_account_takes_everything_and_frees_the_email(client, app, token):
    other = sign_up(client, email="bo@example.org").get_json()
    with app.app_context():
        ada = db.session.execute(db.select(Account).where(Account.email_key == "ada@example.org"))
        ada_id = ada.scalar_one().id
        stamp = "2026-11-25T08:30:00.000Z-0000-0123456789abcdef"
        for owner in (ada_id, other["id"]):
            db.session.add(Record(account_id=owner, id="checkin-2026-11-25", kind="checkin",
                                  data={"date": "2026-11-25"}, field_hlcs={"date": stamp},
                                  hlc=stamp, seq=1))
        db.session.commit()

    wrong = client.delete("/api/v1/account", headers=bearer(token), json={"password": "nope"})
    assert wrong.status_code == 403  # not 401: the app must not think it was signed out
    assert error_of(wrong)["code"] == "wrong_password"
    assert client.get("/api/v1/account", headers=bearer(token)).status_code == 200

    done = client.delete("/api/v1/account", headers=bearer(token), json={"password": PASSWORD})
    assert done.status_code == 204
    assert client.get("/api/v1/account", headers=bearer(token)).status_code == 401
    with app.app_context():
        for model in (Record, Session, ChangeCounter):
            left = db.session.execute(db.select(model).where(model.account_id == ada_id)).all()
            assert left == [], model.__name__
        assert db.session.get(Account, ada_id) is None
        # The other account is untouched.
        assert db.session.execute(
            db.select(Record).where(Record.account_id == other["id"])
        ).scalar_one()
    assert sign_up(client).status_code == 201


def test_a_stranger_failing_for_an_email_cannot_lock_its_owner_out(client):
    sign_up(client)
    statuses = {sign_in(client, password="wrong", address="127.0.0.2").status_code
                for _ in range(100)}
    assert statuses == {401, 429}  # the attacker's own address is held back
    # The owner, on an address with no failures, gets in at once.
    assert sign_in(client, address="127.0.0.3").status_code == 201


def test_the_eleventh_failure_for_an_email_from_one_address_waits(client, app):
    # Without the per-email delay (below), which would slow these down first.
    app.config["SIGN_IN_FREE_FAILURES"] = 1000
    sign_up(client)
    sign_up(client, email="bo@example.org")
    for i in range(10):  # from one address, alternating with another email's successes
        assert sign_in(client, password="wrong", address="10.0.0.1").status_code == 401
        if i == 4:
            assert sign_in(client, email="bo@example.org", address="10.0.0.1").status_code == 201
    limited = sign_in(client, address="10.0.0.1")  # even the right password now waits here
    assert limited.status_code == 429
    assert error_of(limited)["code"] == "rate_limited"
    assert 0 < int(limited.headers["Retry-After"]) <= 15 * 60


def test_failures_from_many_addresses_slow_an_email_down_without_shutting_it(client, app):
    longest = app.config["SIGN_IN_MAX_DELAY"]
    sign_up(client)
    waits = []
    for i in range(14):  # each from its own address, as from a botnet
        assert sign_in(client, password="wrong", address=f"10.1.0.{i}").status_code == 401
        # That address again at once: free for the first few failures, then it waits a
        # delay that doubles with each failure for the email, up to a minute.
        again = sign_in(client, password="wrong", address=f"10.1.0.{i}")
        assert again.status_code in (401, 429)
        waits.append(int(again.headers["Retry-After"]) if again.status_code == 429 else 0)
    assert app.config["SIGN_IN_FREE_FAILURES"] == 5  # so: failures 1-5 free, then waits
    assert waits[:3] == [0, 0, 0] and all(wait > 0 for wait in waits[3:])
    assert waits[3] <= 2 and longest - 5 <= max(waits) <= longest
    assert all(later >= earlier - 1 for earlier, later in zip(waits, waits[1:], strict=False))
    # The right password from an address with no failures always gets in.
    assert sign_in(client, address="10.2.0.1").status_code == 201


def test_no_email_is_kept_in_clear_in_the_limit_counts(client, app):
    from server.extensions import limiter

    sign_up(client)
    assert sign_in(client, password="wrong", address="10.3.0.1").status_code == 401
    with app.app_context():
        keys = " ".join(str(key) for key in limiter.storage.storage)  # memory:// in tests
    assert "failed-email" in keys
    assert "ada@example.org" not in keys and "example" not in keys


def test_the_eleventh_failed_sign_in_from_an_address_waits(client):
    sign_up(client)
    for i in range(10):
        response = sign_in(client, email=f"guess{i}@example.org", address="10.9.9.9")
        assert response.status_code == 401
    assert sign_in(client, address="10.9.9.9").status_code == 429
    assert sign_in(client, address="10.9.9.8").status_code == 201


def test_sixty_sign_ins_and_sign_ups_a_minute_pass(client):
    sign_up(client)
    for _ in range(60):
        assert sign_in(client).status_code == 201
    limited = sign_in(client)
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) <= 60
    for i in range(59):  # one sign-up was made above
        assert sign_up(client, email=f"user{i}@example.org").status_code == 201
    limited = sign_up(client, email="one-more@example.org")
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) <= 60


def test_the_api_documents_bearer_auth(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    for path in ("/api/v1/accounts", "/api/v1/sessions", "/api/v1/account",
                 "/api/v1/sessions/current"):
        assert path in spec["paths"], path


def test_the_eleventh_wrong_password_when_deleting_waits(client, token):
    for _ in range(10):
        response = client.delete("/api/v1/account", headers=bearer(token),
                                 json={"password": "a guess"})
        assert response.status_code == 403
    limited = client.delete("/api/v1/account", headers=bearer(token), json={"password": PASSWORD})
    assert limited.status_code == 429  # even the right password now waits
    assert error_of(limited)["code"] == "rate_limited"
    assert 0 < int(limited.headers["Retry-After"]) <= 15 * 60
    assert client.get("/api/v1/account", headers=bearer(token)).status_code == 200  # nothing gone


def test_the_production_hash_parameters_are_argon2ids_recommended_ones(tmp_path):
    """The tests hash cheaply (tests/support.py); a default app hashes as RFC 9106 says."""
    from server import create_app
    from server.auth import hash_password

    app = create_app({"TESTING": True, "SECRET_KEY": "x",
                      "DATABASE_URL": f"sqlite:///{tmp_path / 'e.db'}"})
    with app.app_context():
        assert hash_password("a long passphrase").startswith("$argon2id$v=19$m=65536,t=3,p=4$")


def test_a_session_ends_at_its_absolute_lifetime_however_much_it_is_used(client, app, token):
    with app.app_context():
        session = db.session.execute(db.select(Session)).scalar_one()
        # Signed in 364 days ago, used an hour ago: renewed, but only up to day 365.
        session.created_at = datetime.now(UTC) - timedelta(days=364)
        session.last_used_at = datetime.now(UTC) - timedelta(hours=2)
        db.session.commit()
    assert client.get("/api/v1/account", headers=bearer(token)).status_code == 200
    with app.app_context():
        session = db.session.execute(db.select(Session)).scalar_one()
        left = session.expires_at - datetime.now(UTC)
        assert timedelta(hours=23) < left <= timedelta(days=1)
        session.created_at = datetime.now(UTC) - timedelta(days=365, seconds=1)
        session.expires_at = session.created_at + timedelta(days=365)
        db.session.commit()
    assert client.get("/api/v1/account", headers=bearer(token)).status_code == 401


def test_sign_out_everywhere_ends_every_session_of_the_account_only(client, token):
    laptop = sign_in(client, device="laptop").get_json()["token"]
    sign_up(client, email="bo@example.org")
    bo = sign_in(client, email="bo@example.org").get_json()["token"]
    assert client.delete("/api/v1/sessions", headers=bearer(laptop)).status_code == 204
    for ended in (token, laptop):
        assert client.get("/api/v1/account", headers=bearer(ended)).status_code == 401
    assert client.get("/api/v1/account", headers=bearer(bo)).status_code == 200
    assert client.delete("/api/v1/sessions").status_code == 401


def test_changing_the_password_keeps_this_session_and_ends_the_others(client, token):
    laptop = sign_in(client, device="laptop").get_json()["token"]
    new = "a new and longer passphrase"
    wrong = client.put("/api/v1/account/password", headers=bearer(token),
                       json={"password": "not it", "new_password": new})
    assert wrong.status_code == 403 and "password" in error_of(wrong)["fields"]
    short = client.put("/api/v1/account/password", headers=bearer(token),
                       json={"password": PASSWORD, "new_password": "short"})
    assert short.status_code == 422 and set(error_of(short)["fields"]) == {"new_password"}
    assert client.get("/api/v1/account", headers=bearer(laptop)).status_code == 200
    changed = client.put("/api/v1/account/password", headers=bearer(token),
                         json={"password": PASSWORD, "new_password": new})
    assert changed.status_code == 204
    assert client.get("/api/v1/account", headers=bearer(token)).status_code == 200
    assert client.get("/api/v1/account", headers=bearer(laptop)).status_code == 401
    assert sign_in(client).status_code == 401
    assert sign_in(client, password=new).status_code == 201


def test_the_eleventh_wrong_password_when_changing_it_waits(client, token):
    for _ in range(10):
        response = client.put("/api/v1/account/password", headers=bearer(token),
                              json={"password": "a guess", "new_password": "x" * 12})
        assert response.status_code == 403
    limited = client.put("/api/v1/account/password", headers=bearer(token),
                         json={"password": PASSWORD, "new_password": "x" * 12})
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) > 0


def test_ended_sessions_are_purged_at_the_next_sign_in(client, app, token):
    with app.app_context():
        session = db.session.execute(db.select(Session)).scalar_one()
        session.expires_at = datetime.now(UTC) - timedelta(seconds=1)
        db.session.commit()
    sign_up(client, email="bo@example.org")
    assert sign_in(client, email="bo@example.org").status_code == 201
    with app.app_context():
        left = db.session.execute(db.select(Session.device_name)).scalars().all()
    assert left == ["phone"] and len(left) == 1  # bo's; ada's ended one is gone


def test_limits_count_the_client_behind_a_trusted_proxy_not_the_proxy(client, app):
    sign_up(client)

    def through(proxy, client_address, email="nobody@example.org"):
        return client.post("/api/v1/sessions", environ_base={"REMOTE_ADDR": proxy},
                           headers={"X-Forwarded-For": client_address},
                           json={"email": email, "password": "wrong"})

    # The trusted proxy (127.0.0.1 by default) forwards ten clients: none is held back,
    # since each is counted as itself, not as the proxy.
    for i in range(11):
        assert through("127.0.0.1", f"203.0.113.{i}").status_code == 401
    # From an untrusted address the header is not believed: it is counted as itself (ten
    # emails tried, so that only the per-address count is at work).
    for i in range(10):
        response = through("198.51.100.7", f"203.0.113.{50 + i}", f"e{i}@example.org")
        assert response.status_code == 401
    assert through("198.51.100.7", "203.0.113.99", "e99@example.org").status_code == 429
    # And a forwarded client that failed ten times is held back as itself.
    for i in range(10):
        assert through("127.0.0.1", "192.0.2.1", f"f{i}@example.org").status_code == 401
    assert through("127.0.0.1", "192.0.2.1", "f99@example.org").status_code == 429
    assert through("127.0.0.1", "192.0.2.2", "f99@example.org").status_code == 401


def test_a_long_password_is_taken_whole_never_truncated(client):
    """ASVS 2.1.2-2.1.4: 64 characters and more, up to 1024, any printable Unicode, spaces
    kept; every character counts, the last one of 1024 too."""
    long = ("my  passphrase 🙂 ünïcødé 猫 " * 40)[:1023] + "Z"
    assert len(long) == 1024
    assert sign_up(client, password=long).status_code == 201
    assert sign_in(client, password=long).status_code == 201
    for near in (long[:-1] + "Y", long[:-1], long[:72], long.replace("  ", " ")):
        assert sign_in(client, password=near).status_code == 401
    too_long = sign_up(client, email="bo@example.org", password=long + "x")
    assert too_long.status_code == 422 and set(error_of(too_long)["fields"]) == {"password"}


def test_each_password_hash_has_its_own_random_salt_of_128_bits(client, app):
    """ASVS 2.4.2: a unique salt of at least 32 bits per credential, stored with the hash."""
    import base64

    for email in ("ada@example.org", "bo@example.org", "cy@example.org"):
        assert sign_up(client, email=email).status_code == 201  # the same password
    with app.app_context():
        hashes = db.session.execute(db.select(Account.password_hash)).scalars().all()
    salts = [h.split("$")[4] for h in hashes]  # $argon2id$v=19$m=..,t=..,p=..$salt$hash
    assert len(set(salts)) == len(set(hashes)) == 3
    assert all(len(base64.b64decode(salt + "==")) >= 16 for salt in salts)


def test_every_sign_in_makes_a_new_token_of_256_random_bits(client, app):
    """ASVS 3.2.1, 3.2.2: a new token at each sign-in, 32 bytes from the OS's CSPRNG
    (secrets.token_urlsafe), 43 URL-safe characters."""
    import re

    sign_up(client)
    tokens = [sign_in(client).get_json()["token"] for _ in range(5)]
    assert len(set(tokens)) == 5
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{43}", token) for token in tokens)
    with app.app_context():
        stored = db.session.execute(db.select(Session.token_hash)).scalars().all()
    assert sorted(stored) == sorted(hashlib.sha256(t.encode()).hexdigest() for t in tokens)
    assert not set(tokens) & set(stored)


def test_a_token_anywhere_but_the_authorization_header_opens_nothing(client, token):
    """ASVS 3.1.1, 13.1.3: a token in the URL (or a cookie) is never read, so no client is
    led to put one where proxies and histories keep it."""
    for query in ({"token": token}, {"access_token": token}, {"authorization": f"Bearer {token}"}):
        assert client.get("/api/v1/account", query_string=query).status_code == 401
    client.set_cookie("token", token)
    client.set_cookie("session", token)
    assert client.get("/api/v1/account").status_code == 401
    assert client.get("/api/v1/account", headers=bearer(token)).status_code == 200


def test_no_answer_sets_a_cookie(client, token):
    """ASVS 3.4, 4.2.2, 13.2.3: the session is a bearer token the app sends itself, never a
    cookie, so a page elsewhere cannot make a browser act with it (no CSRF to defend)."""
    answers = [
        sign_up(client, email="bo@example.org"),
        sign_in(client, email="bo@example.org"),
        sign_in(client, password="wrong"),
        client.get("/api/v1/account", headers=bearer(token)),
        client.get("/"),
        client.put("/api/v1/account/password", headers=bearer(token),
                   json={"password": PASSWORD, "new_password": "another passphrase"}),
        client.delete("/api/v1/sessions/current", headers=bearer(token)),
    ]
    assert [a.status_code for a in answers] == [201, 201, 401, 200, 200, 204, 204]
    assert [a.headers.get("Set-Cookie") for a in answers] == [None] * len(answers)
