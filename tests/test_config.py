"""create_app's configuration order, the secret-key rules and the set-up command."""

import subprocess
import sys

import pytest

from server import create_app
from server.config import INSECURE_DEFAULT_SECRET_KEY, SECRET_KEY_FILE
from tests.support import ROOT


def test_defaults_then_environment_then_mapping(monkeypatch, tmp_path):
    monkeypatch.setenv("ENVELOPE_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("ENVELOPE_SECRET_KEY", "from-environment")
    monkeypatch.setenv("ENVELOPE_LOG_LEVEL", "DEBUG")
    monkeypatch.setenv("ENVELOPE_DATABASE_URL", f"sqlite:///{tmp_path}/env.db")

    app = create_app()
    assert app.config["SECRET_KEY"] == "from-environment"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/env.db"
    assert app.logger.level == 10

    app = create_app({"SECRET_KEY": "from-mapping", "DATABASE_URL": "sqlite://"})
    assert app.config["SECRET_KEY"] == "from-mapping"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "sqlite://"


def test_default_database_is_sqlite_in_the_instance_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("ENVELOPE_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.delenv("ENVELOPE_DATABASE_URL", raising=False)
    app = create_app({"SECRET_KEY": "k"})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/instance/envelope.db"
    assert (tmp_path / "instance").is_dir()


def test_postgres_urls_use_psycopg3():
    app = create_app({"SECRET_KEY": "k", "DATABASE_URL": "postgres://u@h/db"})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/db"


def test_refuses_default_secret_key_outside_debug_and_testing(monkeypatch, tmp_path):
    monkeypatch.setenv("ENVELOPE_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("ENVELOPE_SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="default"):
        create_app()
    monkeypatch.setenv("ENVELOPE_SECRET_KEY", "  ")  # an empty key is no key either
    with pytest.raises(RuntimeError, match="empty"):
        create_app()
    monkeypatch.delenv("ENVELOPE_SECRET_KEY")
    assert create_app({"TESTING": True}).config["SECRET_KEY"] == INSECURE_DEFAULT_SECRET_KEY
    assert create_app({"DEBUG": True}).config["SECRET_KEY"] == INSECURE_DEFAULT_SECRET_KEY


def test_unknown_log_level_is_refused_by_name(monkeypatch, tmp_path):
    monkeypatch.setenv("ENVELOPE_INSTANCE_PATH", str(tmp_path))
    with pytest.raises(RuntimeError, match="ENVELOPE_LOG_LEVEL"):
        create_app({"SECRET_KEY": "k", "LOG_LEVEL": "LOUD"})


def test_ensure_secret_key_writes_a_random_key_once(monkeypatch, tmp_path):
    env = {"ENVELOPE_INSTANCE_PATH": str(tmp_path / "inst"), "PATH": "/usr/bin:/bin"}
    command = [sys.executable, "-m", "server", "ensure-secret-key"]
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)
    key_file = tmp_path / "inst" / SECRET_KEY_FILE
    key = key_file.read_text().strip()
    assert len(key) >= 48
    assert key_file.stat().st_mode & 0o077 == 0  # readable by its owner only

    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)
    assert key_file.read_text().strip() == key  # a second run keeps it

    # ...and the app, with no ENVELOPE_SECRET_KEY, starts with that key.
    monkeypatch.setenv("ENVELOPE_INSTANCE_PATH", str(tmp_path / "inst"))
    monkeypatch.delenv("ENVELOPE_SECRET_KEY", raising=False)
    assert create_app().config["SECRET_KEY"] == key


def test_postgres_connections_time_out_instead_of_hanging():
    app = create_app({"SECRET_KEY": "k", "DATABASE_URL": "postgresql://u@h/db"})
    assert app.config["SQLALCHEMY_ENGINE_OPTIONS"]["connect_args"]["connect_timeout"] == 5
    sqlite = create_app({"SECRET_KEY": "k", "DATABASE_URL": "sqlite://"})
    assert "connect_args" not in sqlite.config["SQLALCHEMY_ENGINE_OPTIONS"]


def test_the_push_delay_switch_refuses_to_exist_outside_testing():
    with pytest.raises(RuntimeError, match="tests only"):
        create_app({"SECRET_KEY": "x" * 32, "TEST_PUSH_COMMIT_DELAY": 1,
                    "DATABASE_URL": "sqlite://"})
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "TEST_PUSH_COMMIT_DELAY": 1,
                      "DATABASE_URL": "sqlite://"})
    assert app.config["TEST_PUSH_COMMIT_DELAY"] == 1


def test_start_up_warns_when_more_than_one_worker_shares_a_sqlite_file(monkeypatch, tmp_path):
    from server.config import startup_warnings

    monkeypatch.setenv("ENVELOPE_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("ENVELOPE_SECRET_KEY", "k")
    monkeypatch.setenv("ENVELOPE_REDIS_URL", "redis://127.0.0.1:6379/0")  # the limits aside
    monkeypatch.delenv("ENVELOPE_DATABASE_URL", raising=False)
    [warning] = startup_warnings(3)
    assert "SQLite" in warning and "3 workers" in warning and "ENVELOPE_DATABASE_URL" in warning
    assert startup_warnings(1) == []
    monkeypatch.setenv("ENVELOPE_DATABASE_URL", "postgresql://u@h/db")
    assert startup_warnings(3) == []


@pytest.mark.parametrize(("name", "low", "floor"), [("ARGON2_MEMORY_KIB", 15 * 1024 - 1, 15360),
                                                    ("ARGON2_TIME_COST", 1, 2),
                                                    ("ARGON2_PARALLELISM", 0, 1)])
def test_argon2_below_asvs_floor_is_refused_outside_testing(monkeypatch, tmp_path, name, low,
                                                             floor):
    """OWASP ASVS V2.4.5: at least 15 MiB, 2 passes, 1 lane; the floor itself is taken."""
    monkeypatch.setenv("ENVELOPE_INSTANCE_PATH", str(tmp_path))
    with pytest.raises(RuntimeError, match=f"ENVELOPE_{name} is {low}"):
        create_app({"SECRET_KEY": "k", name: low})
    monkeypatch.setenv(f"ENVELOPE_{name}", str(low))  # as an operator would set it
    with pytest.raises(RuntimeError, match=f"ENVELOPE_{name}"):
        create_app({"SECRET_KEY": "k"})
    monkeypatch.delenv(f"ENVELOPE_{name}")
    assert create_app({"SECRET_KEY": "k", name: floor}).config[name] == floor
    assert create_app({"SECRET_KEY": "k", "TESTING": True, name: low}).config[name] == low
