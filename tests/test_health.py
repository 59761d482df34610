"""GET /healthz against real databases, reachable and not."""

from server import create_app
from tests.support import free_port


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
