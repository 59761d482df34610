"""`flask envelope backup` / `restore`: a backup restored into a fresh database holds every
record and session, on SQLite (the online backup API) and PostgreSQL (pg_dump -Fc, as the
command runs it and as README documents it), and a restore refuses what it must."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, select, text

from server import create_app
from server.backup import app_tables, migration_head
from server.extensions import db
from tests.support import ROOT, app_config, need, postgres_url
from tests.test_sync import PASSWORD, dose, stamp

PEOPLE = ("ada@example.org", "bo@example.org")


def migrated_app(url: str):
    """An app on `url` migrated as production migrates (a backup carries its revision)."""
    app = create_app(app_config(url))
    with app.app_context():
        upgrade()
    return app


def close(app) -> None:
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def live_account_data(app) -> dict[str, str]:
    """Two people, each signed in on two devices, with entries, a change and a delete; the
    tokens, by device."""
    client = app.test_client()
    tokens = {}
    for n, email in enumerate(PEOPLE):
        assert client.post("/api/v1/accounts",
                           json={"email": email, "password": PASSWORD}).status_code == 201
        for device in ("phone", "laptop"):
            signed_in = client.post("/api/v1/sessions", json={
                "email": email, "password": PASSWORD, "device_name": device})
            assert signed_in.status_code == 201
            tokens[f"{email} {device}"] = signed_in.get_json()["token"]
        changes = [dose(f"d{i}", stamp(i), amount=0.5 + i + n) for i in range(12)]
        changes += [dose("d3", stamp(60), note="taken late"),
                    {"id": "d5", "kind": "dose", "data": {}, "hlc": stamp(61), "deleted": True}]
        pushed = client.post("/api/v1/sync/push", headers=bearer(tokens[f"{email} phone"]),
                             json={"protocol": 1, "device_id": "0123456789abcdef",
                                   "changes": changes})
        assert pushed.status_code == 200
        assert {r["status"] for r in pushed.get_json()["results"]} == {"applied"}
    return tokens


def exports(app, tokens) -> dict[str, list]:
    """What each device gets from the API: its account's export (the records, whole)."""
    client = app.test_client()
    found = {}
    for device, token in tokens.items():
        response = client.get("/api/v1/account/export", headers=bearer(token))
        assert response.status_code == 200, (device, response.get_json())
        found[device] = response.get_json()["records"]
        assert client.get("/api/v1/sync/pull", headers=bearer(token)).status_code == 200
    return found


def rows(app) -> dict[str, list]:
    """Every row of every table of the app, in a stable order."""
    with app.app_context():
        found = {name: sorted(map(repr, db.session.execute(select(table)).all()))
                 for name, table in ((t.name, t) for t in db.metadata.sorted_tables)}
        db.session.remove()
    return found


def flask(*args: str, url: str) -> subprocess.CompletedProcess:
    """The `flask` command as an operator runs it, on the database at `url`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ENVELOPE_")}
    env.update(ENVELOPE_DATABASE_URL=url, ENVELOPE_SECRET_KEY="test-secret")
    return subprocess.run([str(Path(sys.executable).parent / "flask"), "--app", "server",
                           "envelope", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, check=False)


# --- SQLite ---------------------------------------------------------------------------------


def test_sqlite_backup_restored_into_a_fresh_database_holds_everything(tmp_path):
    live = migrated_app(f"sqlite:///{tmp_path / 'live.db'}")
    tokens = live_account_data(live)
    before, held = exports(live, tokens), rows(live)
    assert len(held["sessions"]) == 4 and len(held["records"]) == 24

    done = flask("backup", str(tmp_path / "backup.db"), url=f"sqlite:///{tmp_path / 'live.db'}")
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / "backup.db.partial").exists()
    fresh_url = f"sqlite:///{tmp_path / 'new-server' / 'envelope.db'}"
    done = flask("restore", str(tmp_path / "backup.db"), url=fresh_url)
    assert done.returncode == 0, done.stderr

    # A new server on the restored file: every row, and every device still signed in.
    restored = create_app(app_config(fresh_url))
    assert rows(restored) == held
    assert exports(restored, tokens) == before
    close(restored)
    close(live)


def test_sqlite_backup_while_the_server_writes_is_consistent(tmp_path):
    live = migrated_app(f"sqlite:///{tmp_path / 'live.db'}")
    token = live_account_data(live)[f"{PEOPLE[0]} phone"]
    stop = threading.Event()

    def keep_pushing():
        client = live.test_client()
        i = 0
        while not stop.is_set():
            i += 1
            changes = [dose(f"w{i}-{j}", stamp(100 + i, counter=j)) for j in range(10)]
            client.post("/api/v1/sync/push", headers=bearer(token), json={
                "protocol": 1, "device_id": "0123456789abcdef", "changes": changes})

    writer = threading.Thread(target=keep_pushing)
    writer.start()
    try:
        seen = []
        for n in range(6):
            file = tmp_path / f"backup-{n}.db"
            result = live.test_cli_runner().invoke(args=["envelope", "backup", str(file)])
            assert result.exit_code == 0, result.output
            with sqlite3.connect(file) as copy:
                assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
                # Whole pushes only: the counter and the records agree in every copy.
                counters = dict(copy.execute("SELECT account_id, last_seq FROM change_counters"))
                tops = dict(copy.execute(
                    "SELECT account_id, max(seq) FROM records GROUP BY account_id"))
                assert counters == tops
                seen.append(copy.execute("SELECT count(*) FROM records").fetchone()[0])
            copy.close()
    finally:
        stop.set()
        writer.join()
    assert len(set(seen)) > 1, "the writer never wrote during the backups"
    close(live)


def test_sqlite_restore_refuses_to_overwrite_a_database_in_use_unless_forced(tmp_path):
    first = migrated_app(f"sqlite:///{tmp_path / 'first.db'}")
    first_tokens = live_account_data(first)
    assert first.test_cli_runner().invoke(
        args=["envelope", "backup", str(tmp_path / "first-backup.db")]).exit_code == 0
    other = migrated_app(f"sqlite:///{tmp_path / 'other.db'}")
    other.test_client().post("/api/v1/accounts",
                             json={"email": "cy@example.org", "password": PASSWORD})
    held = rows(other)

    refused = other.test_cli_runner().invoke(
        args=["envelope", "restore", str(tmp_path / "first-backup.db")])
    assert refused.exit_code != 0 and "--force" in refused.output
    assert rows(other) == held

    forced = other.test_cli_runner().invoke(
        args=["envelope", "restore", "--force", str(tmp_path / "first-backup.db")])
    assert forced.exit_code == 0, forced.output
    assert rows(other) == rows(first)
    # The running app sees the restored database at once.
    assert exports(other, first_tokens) == exports(first, first_tokens)
    close(first)
    close(other)


def test_sqlite_restore_refuses_what_is_not_an_envelope_database_at_head(tmp_path):
    target = create_app(app_config(f"sqlite:///{tmp_path / 'target.db'}"))
    runner = target.test_cli_runner()

    def refusal(file: Path) -> str:
        result = runner.invoke(args=["envelope", "restore", str(file)])
        assert result.exit_code != 0
        assert not (tmp_path / "target.db").exists()  # nothing was written
        return result.output

    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all " * 100)
    assert "not a SQLite database" in refusal(junk)

    stranger = tmp_path / "stranger.db"
    with sqlite3.connect(stranger) as connection:
        connection.execute("CREATE TABLE notes (body TEXT)")
    connection.close()
    assert "no migration version" in refusal(stranger)

    older = create_app(app_config(f"sqlite:///{tmp_path / 'older.db'}"))
    with older.app_context():
        upgrade(revision="0003_session_expiry_index")
    close(older)
    message = refusal(tmp_path / "older.db")
    assert "lacks the app's tables" in message and "shares" in message

    with sqlite3.connect(tmp_path / "older.db") as connection:  # tables, an old revision
        for name in app_tables():
            connection.execute(f'CREATE TABLE IF NOT EXISTS "{name}" (x)')
    connection.close()
    assert f"this release at {migration_head()}" in refusal(tmp_path / "older.db")
    close(target)


# --- PostgreSQL -----------------------------------------------------------------------------


@pytest.fixture
def postgres_databases():
    """Make empty databases of this run's own (`envelope_backup_<random>_<n>`), dropped after;
    never the tests' shared database."""
    url = postgres_url()
    need(url is not None, "PostgreSQL backup tests need ENVELOPE_TEST_POSTGRES_URL",
         "ENVELOPE_TEST_REQUIRE_POSTGRES")
    need(shutil.which("pg_dump") is not None and shutil.which("pg_restore") is not None,
         "pg_dump and pg_restore are not installed (apt-get install postgresql-client)",
         "ENVELOPE_TEST_REQUIRE_POSTGRES")
    parts = urlsplit(url)
    admin = create_engine(parts._replace(path="/postgres").geturl().replace(
        "postgresql://", "postgresql+psycopg://", 1), isolation_level="AUTOCOMMIT")
    run = f"envelope_backup_{uuid.uuid4().hex[:10]}"
    made = []

    def make() -> str:
        name = f"{run}_{len(made)}"
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        made.append(name)
        return parts._replace(path="/" + name).geturl()

    try:
        with admin.connect():
            pass
    except Exception as error:  # noqa: BLE001
        need(False, f"PostgreSQL is unreachable: {error}", "ENVELOPE_TEST_REQUIRE_POSTGRES")
    yield make
    with admin.connect() as connection:
        for name in made:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_postgres_backup_restored_into_a_fresh_database_holds_everything(
        postgres_databases, tmp_path):
    live = migrated_app(postgres_databases())
    tokens = live_account_data(live)
    before, held = exports(live, tokens), rows(live)
    backup = tmp_path / "envelope.dump"
    result = live.test_cli_runner().invoke(args=["envelope", "backup", str(backup)])
    assert result.exit_code == 0, result.output
    assert "running: pg_dump --format=custom" in result.output

    fresh = create_app(app_config(postgres_databases()))  # a new, empty database
    result = fresh.test_cli_runner().invoke(args=["envelope", "restore", str(backup)])
    assert result.exit_code == 0, result.output
    assert rows(fresh) == held
    assert exports(fresh, tokens) == before

    # Over a database in use: refused, then done with --force.
    refused = live.test_cli_runner().invoke(args=["envelope", "restore", str(backup)])
    assert refused.exit_code != 0 and "--force" in refused.output
    forced = live.test_cli_runner().invoke(args=["envelope", "restore", "--force", str(backup)])
    assert forced.exit_code == 0, forced.output
    assert rows(live) == held
    close(fresh)
    close(live)


def test_postgres_documented_commands_restore_everything(postgres_databases, tmp_path):
    source, target = postgres_databases(), postgres_databases()
    live = migrated_app(source)
    tokens = live_account_data(live)
    before, held = exports(live, tokens), rows(live)
    close(live)
    dump = tmp_path / "envelope.dump"
    # Exactly as README's "Deploy" documents them.
    subprocess.run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
                    f"--file={dump}", source], check=True, capture_output=True)
    subprocess.run(["pg_restore", "--no-owner", "--no-privileges", "--clean", "--if-exists",
                    "--single-transaction", "--exit-on-error", f"--dbname={target}", str(dump)],
                   check=True, capture_output=True)
    restored = create_app(app_config(target))
    assert rows(restored) == held
    assert exports(restored, tokens) == before
    close(restored)


def test_postgres_restore_refuses_what_is_not_an_envelope_dump_at_head(
        postgres_databases, tmp_path):
    older = create_app(app_config(postgres_databases()))
    with older.app_context():
        upgrade(revision="0003_session_expiry_index")
    dump = tmp_path / "older.dump"
    assert older.test_cli_runner().invoke(args=["envelope", "backup", str(dump)]).exit_code == 0
    close(older)
    junk = tmp_path / "junk.dump"
    junk.write_bytes(b"PGDMP but not really" * 50)

    target = create_app(app_config(postgres_databases()))
    for file, reason in ((dump, "lacks the app's tables (access_log, share_invites, shares)"),
                         (junk, "pg_restore cannot read it")):
        refused = target.test_cli_runner().invoke(args=["envelope", "restore", str(file)])
        assert refused.exit_code != 0 and reason in refused.output, refused.output
    with target.app_context():
        assert db.session.execute(text(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        )).scalar() == 0  # nothing was restored
    close(target)
