"""Configuration: defaults, then the instance file, then ENVELOPE_* variables, then a mapping."""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

# A placeholder that is refused outside debug and testing, so a deployment can
# never run with a key that is public in this repository.
INSECURE_DEFAULT_SECRET_KEY = "insecure-default-key-change-me"  # noqa: S105 (refused below)

# OWASP ASVS 4.0.3 V2.4.5's floor for argon2id: 15 MiB, 2 passes, 1 lane. Lower is refused
# outside testing (the tests hash cheaply on purpose: tests/support.py).
ARGON2_FLOOR = {"ARGON2_MEMORY_KIB": 15 * 1024, "ARGON2_TIME_COST": 2, "ARGON2_PARALLELISM": 1}

# The file in the instance folder where `flask ensure-secret-key` keeps a
# random key, so `make run` works on first try without anyone choosing one.
SECRET_KEY_FILE = "secret_key"  # noqa: S105 (a file name)


class Defaults:
    SECRET_KEY = INSECURE_DEFAULT_SECRET_KEY
    DATABASE_URL: str | None = None  # None: a SQLite file in the instance folder
    LOG_LEVEL = "INFO"
    # "text" or "json": the app's log lines, its line per request among them (requestlog.py).
    LOG_FORMAT = "text"
    # Prometheus metrics at /api/metrics (metrics.py); off, the address does not exist.
    METRICS = False
    # Pushes are at most 5 MiB (sync issue); anything larger is refused with 413.
    MAX_CONTENT_LENGTH = 5 * 1024 * 1024
    # hide_parameters: a database error's message (logged) never carries the values sent
    # with the statement: emails, password hashes, diary text.
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, Any] = {"pool_pre_ping": True, "hide_parameters": True}
    # flask-smorest: the OpenAPI document lives under the API's own prefix.
    API_TITLE = "Envelope API"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.1.0"
    OPENAPI_URL_PREFIX = "/api/v1"
    OPENAPI_JSON_PATH = "openapi.json"
    # Flask-Compress: br for browsers that take it, gzip for the rest, streamed answers
    # (the export, a clinician's entries) too, so a client that takes only gzip still gets
    # it for the export, as when it was sent whole; deflate for a client that takes neither.
    COMPRESS_ALGORITHM = ["br", "gzip"]
    COMPRESS_ALGORITHM_STREAMING = ["br", "gzip", "deflate"]
    COMPRESS_MIMETYPES = [
        "text/html",
        "text/css",
        "text/plain",
        "text/javascript",
        "application/json",
        "application/manifest+json",
        "image/svg+xml",
    ]
    COMPRESS_MIN_SIZE = 256
    # Flask-Limiter: where counts live (redis://host:6379 across workers and
    # servers), and Retry-After / X-RateLimit-* headers on every limited answer.
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_KEY_PREFIX = "envelope"
    # Redis for the limits' counts whenever it is configured (RATELIMIT_STORAGE_URI wins).
    REDIS_URL: str | None = None
    # Proxies whose X-Forwarded-For and X-Forwarded-Proto are believed: addresses or
    # networks, comma-separated. The README's deploy has the TLS proxy on the same host.
    TRUSTED_PROXIES = "127.0.0.1,::1"
    # argon2id parameters for new password hashes (argon2-cffi's defaults, RFC 9106's
    # low-memory profile). A hash made with others is rehashed at the next sign-in.
    ARGON2_TIME_COST = 3
    ARGON2_MEMORY_KIB = 65536
    ARGON2_PARALLELISM = 4
    # Wrong passwords for one email, from any address, before each further try from an
    # address that failed waits a doubling delay, of at most this many seconds.
    SIGN_IN_FREE_FAILURES = 5
    SIGN_IN_MAX_DELAY = 60
    # A session ends after this many days without use (it renews on use; the contract
    # says at least 90), and this many days after sign-in however much it is used.
    SESSION_IDLE_DAYS = 90
    SESSION_MAX_DAYS = 365
    # Tests only: seconds a push waits before it commits, so a test can kill a
    # worker in the middle of the transaction. Refused unless TESTING is on.
    TEST_PUSH_COMMIT_DELAY = 0


def load_config(app: Flask, overrides: Mapping[str, Any] | None) -> None:
    """Fill app.config in order: defaults, instance file, ENVELOPE_* variables, overrides."""
    app.config.from_object(Defaults)
    key_file = Path(app.instance_path) / SECRET_KEY_FILE
    if key_file.is_file():
        app.config["SECRET_KEY"] = key_file.read_text().strip()
    # from_prefixed_env parses JSON values ("2" -> 2, "true" -> True) and leaves
    # anything else a string, which is what a table of settings in the README expects.
    app.config.from_prefixed_env(prefix="ENVELOPE")
    if overrides:
        app.config.update(overrides)

    app.config["SECRET_KEY"] = str(app.config["SECRET_KEY"])
    if app.config.get("REDIS_URL") and app.config["RATELIMIT_STORAGE_URI"] == "memory://":
        app.config["RATELIMIT_STORAGE_URI"] = str(app.config["REDIS_URL"])
    database_url = app.config.get("DATABASE_URL") or default_database_url(app)
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(str(database_url))
    app.config["DATABASE_URL"] = app.config["SQLALCHEMY_DATABASE_URI"]

    level = str(app.config["LOG_LEVEL"]).upper()
    if level not in logging.getLevelNamesMapping():
        raise RuntimeError(f"ENVELOPE_LOG_LEVEL: unknown log level {level!r}")
    app.logger.setLevel(level)

    if postgres_url(app.config["SQLALCHEMY_DATABASE_URI"]):
        # A database that drops packets must make /healthz answer 503 in
        # seconds, not hang a worker until gunicorn's timeout.
        options = dict(app.config["SQLALCHEMY_ENGINE_OPTIONS"])
        options["connect_args"] = {"connect_timeout": 5, **options.get("connect_args", {})}
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options

    if app.config["TEST_PUSH_COMMIT_DELAY"] and not app.testing:
        raise RuntimeError("ENVELOPE_TEST_PUSH_COMMIT_DELAY is for tests only (TESTING is off).")

    for name, floor in ARGON2_FLOOR.items():
        if int(app.config[name]) < floor and not app.testing:
            raise RuntimeError(f"ENVELOPE_{name} is {app.config[name]}; passwords need at least "
                               f"{floor} (OWASP ASVS V2.4.5), or a stolen database is cheap to "
                               "crack.")

    key = app.config["SECRET_KEY"].strip()
    if (key == INSECURE_DEFAULT_SECRET_KEY or not key) and not app.debug and not app.testing:
        raise RuntimeError(
            "Envelope will not start with the default (or an empty) secret key. Set "
            "ENVELOPE_SECRET_KEY, "
            "or run `python -m server ensure-secret-key` to write a random one into "
            f"{key_file} (`make run` does this for you)."
        )


def instance_path() -> str:
    """Where the SQLite file and the secret key live: ENVELOPE_INSTANCE_PATH, else ./instance."""
    configured = os.environ.get("ENVELOPE_INSTANCE_PATH")
    if configured:
        return str(Path(configured).resolve())
    # The repository root (this file's parent's parent), as Flask does for a
    # package that is not installed into site-packages; fixed here so the
    # set-up command and the app always agree.
    return str(Path(__file__).resolve().parent.parent / "instance")


def default_database_url(app: Flask) -> str:
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    return "sqlite:///" + str(Path(app.instance_path) / "envelope.db")


def postgres_url(url: str) -> bool:
    return url.startswith("postgresql")


def normalise_database_url(url: str) -> str:
    """Accept the postgres:// and postgresql:// forms hosts hand out; use psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def ensure_secret_key(instance_path: str) -> Path:
    """Write a random secret key into the instance folder unless one is there."""
    path = Path(instance_path) / SECRET_KEY_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_urlsafe(48) + "\n")
    return path


def startup_warnings(workers: int) -> list[str]:
    """What an operator should hear as gunicorn starts `workers` workers with this config."""
    from flask import Flask  # a bare app: only the configuration, as create_app reads it

    app = Flask("envelope-config", instance_path=instance_path())
    load_config(app, None)
    warnings = []
    if workers > 1 and app.config["RATELIMIT_STORAGE_URI"].startswith("memory://"):
        warnings.append(
            f"Sign-in limits are counted in memory by each of the {workers} workers alone, "
            "so a guesser gets that many times the tries. Set ENVELOPE_REDIS_URL (or "
            "ENVELOPE_RATELIMIT_STORAGE_URI) to a Redis that every worker and server shares."
        )
    if workers > 1 and app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        warnings.append(
            f"SQLite is shared by {workers} workers: one write at a time, across them all, "
            "so under load a worker waits for the file's lock and a write can fail with "
            "'database is locked'. For more than one worker set ENVELOPE_DATABASE_URL to a "
            "PostgreSQL database, or run ENVELOPE_WORKERS=1."
        )
    return warnings
