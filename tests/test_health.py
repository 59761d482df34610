"""GET /healthz against real databases, reachable and not."""

from flask_migrate import upgrade

from server import create_app
from server.extensions import db
from tests.support import app_config, free_port


def test_ok_with_a_reachable_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}
    assert response.headers["Cache-Control"] == "no-store"


def test_503_when_sqlite_file_cannot_be_opened(tmp_path):
    # A file in a folder that does not exist: SQLite really cannot open it.
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path}/missing/dir/x.db"})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json == {"status": "error", "database": "unreachable"}


def test_503_when_postgres_is_not_listening():
    # A port nothing listens on: the connection is really refused.
    url = f"postgresql://postgres@127.0.0.1:{free_port()}/test?connect_timeout=2"
    app = create_app({"TESTING": True, "DATABASE_URL": url})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["database"] == "unreachable"


def test_503_names_a_database_whose_migrations_did_not_run(database_url):
    # The database is there and answers, but nothing created the app's tables.
    app = create_app(app_config(database_url))
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    body = response.json
    assert body["status"] == "error" and body["database"] == "not_migrated"
    assert "db upgrade" in body["reason"] and "table" in body["reason"]
    with app.app_context():
        db.engine.dispose()


def test_503_for_a_database_migrated_only_part_way(database_url):
    app = create_app(app_config(database_url))
    with app.app_context():
        upgrade(revision="0001_baseline")  # before the accounts and records
    response = app.test_client().get("/healthz")
    assert response.status_code == 503 and response.json["database"] == "not_migrated"
    with app.app_context():
        upgrade()
    assert app.test_client().get("/healthz").status_code == 200
    with app.app_context():
        db.engine.dispose()
