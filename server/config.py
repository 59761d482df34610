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

# The file in the instance folder where `flask ensure-secret-key` keeps a
# random key, so `make run` works on first try without anyone choosing one.
SECRET_KEY_FILE = "secret_key"  # noqa: S105 (a file name)


class Defaults:
    SECRET_KEY = INSECURE_DEFAULT_SECRET_KEY
    DATABASE_URL: str | None = None  # None: a SQLite file in the instance folder
    LOG_LEVEL = "INFO"
    # Pushes are at most 5 MiB (sync issue); anything larger is refused with 413.
    MAX_CONTENT_LENGTH = 5 * 1024 * 1024
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, Any] = {"pool_pre_ping": True}
    # flask-smorest: the OpenAPI document lives under the API's own prefix.
    API_TITLE = "Envelope API"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.1.0"
    OPENAPI_URL_PREFIX = "/api/v1"
    OPENAPI_JSON_PATH = "openapi.json"
    # Flask-Compress: br for browsers that take it, gzip for the rest. Streams
    # (static files) use br or deflate since gzip cannot be streamed there.
    COMPRESS_ALGORITHM = ["br", "gzip"]
    COMPRESS_ALGORITHM_STREAMING = ["br", "deflate"]
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
