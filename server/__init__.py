"""Envelope's server: the app factory."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from . import accounts, health, kinds, models, security, sessions, shell, sync  # noqa: F401
from .config import instance_path, load_config
from .extensions import api, compress, db, limiter, migrate

# Committed with the code; the Docker image copies them beside the package.
MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: defaults, then instance folder, then ENVELOPE_* variables, then `config`."""
    app = Flask(__name__, instance_path=instance_path(), static_folder=None)
    load_config(app, config)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS))
    compress.init_app(app)
    # The API registers the one error handler for every HTTPException.
    api.init_app(app)
    api.spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    # The entry kinds a change's `data` must follow, documented from the schemas that check it.
    for kind, schema in kinds.SCHEMAS.items():
        api.spec.components.schema(f"{kind.capitalize()}Data", schema=schema)
    api.register_blueprint(accounts.blp)
    api.register_blueprint(sessions.blp)
    api.register_blueprint(sync.blp)
    limiter.init_app(app)
    security.init_app(app)

    app.register_blueprint(health.bp)
    shell.init_app(app)
    return app
