"""GET /healthz: is this process up, and can it reach its database?"""

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from .extensions import db

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """Report the process and its database; 503 names the part that failed."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        db.session.rollback()
        current_app.logger.warning("healthz: database unreachable: %s", error.__class__.__name__)
        response = jsonify({"status": "error", "database": "unreachable"})
        response.status_code = 503
    else:
        response = jsonify({"status": "ok", "database": "ok"})
    # Load balancers and the container HEALTHCHECK must see the live answer.
    response.headers["Cache-Control"] = "no-store"
    return response
