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


def _unreachable_apps(tmp_path):
    yield create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path}/missing/dir/x.db"})
    url = f"postgresql://postgres@127.0.0.1:{free_port()}/test?connect_timeout=2"
    yield create_app({"TESTING": True, "DATABASE_URL": url})


def test_the_api_answers_503_in_the_error_shape_while_the_database_is_away(tmp_path, caplog):
    # Not only /healthz: a sign-in, a pull, a push, each reaching for the database that is
    # not there, is the 503 a client retries after, never a 500 with a stack trace.
    for app in _unreachable_apps(tmp_path):
        client = app.test_client()
        bearer = {"Authorization": "Bearer " + "x" * 43}
        answers = [
            client.post("/api/v1/sessions", json={"email": "a@example.org", "password": "p" * 12,
                                                  "device_name": "phone"}),
            client.get("/api/v1/sync/pull", headers=bearer),
            client.post("/api/v1/sync/push", headers=bearer,
                        json={"protocol": 1, "device_id": "d", "changes": []}),
        ]
        for response in answers:
            assert response.status_code == 503, response.data
            assert response.json == {"error": {
                "code": "service_unavailable",
                "message": "The server cannot reach its database right now. "
                           "Please try again soon."}}
            # Seconds (on a rate-limited route, Flask-Limiter's own figure wins).
            assert int(response.headers["Retry-After"]) > 0
    assert "Traceback" not in caplog.text
    assert all(record.levelname != "ERROR" for record in caplog.records)
