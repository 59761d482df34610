"""Envelope's server: the app factory."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from . import (  # noqa: F401
    accounts,
    backup,
    errors,
    health,
    kinds,
    metrics,
    models,
    openapi,
    patients,
    requestlog,
    security,
    sessions,
    shares,
    shell,
    sync,
)
from .api import EnvelopeRequest, StrictJSONProvider
from .config import instance_path, load_config
from .extensions import api, compress, db, limiter, migrate
from .proxies import TrustedProxies, parse_networks

# Committed with the code; the Docker image copies them beside the package.
MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: defaults, then instance folder, then ENVELOPE_* variables, then `config`."""
    app = Flask(__name__, instance_path=instance_path(), static_folder=None)
    # Every body a client sends is read by one strict, bounded JSON reader.
    app.request_class = EnvelopeRequest
    app.json = StrictJSONProvider(app)
    load_config(app, config)
    # First, so that their clocks start before any other hook runs, and their lines and
    # counts see every response, those other hooks' refusals too.
    requestlog.init_app(app)
    metrics.init_app(app)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS))
    compress.init_app(app)
    # The API registers the one error handler for every HTTPException.
    api.init_app(app)
    errors.init_app(app)
    api.spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    # The entry kinds and the typed changes and records, before the paths refer to them.
    openapi.prepare(api)
    openapi.document(api, change=sync.ChangeSchema, pulled=sync.PulledChangeSchema,
                     exported=sync.ExportedRecordSchema)
    api.register_blueprint(accounts.blp)
    api.register_blueprint(sessions.blp)
    api.register_blueprint(sync.blp)
    api.register_blueprint(shares.blp)
    api.register_blueprint(patients.blp)
    limiter.init_app(app)
    security.init_app(app)

    app.register_blueprint(health.bp)
    shell.init_app(app)
    backup.init_app(app)
    app.wsgi_app = TrustedProxies(app.wsgi_app, parse_networks(app.config["TRUSTED_PROXIES"]))
    return app
