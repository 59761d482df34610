"""GET /healthz: is this process up, can it reach its database, and is that database migrated?"""

from flask import Blueprint, current_app, jsonify
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from .extensions import db

bp = Blueprint("health", __name__)

NOT_MIGRATED = ("The database lacks the app's tables or columns ({problem}): run "
                "`flask --app server db upgrade`.")


def _schema_problem() -> str | None:
    """The first table of the app's models that cannot be read whole, or None.

    Reading every mapped column of each table, no rows, finds a database whose migrations
    never ran (or ran only part way) in one cheap statement a table.
    """
    for table in db.metadata.sorted_tables:
        try:
            db.session.execute(select(*table.columns).limit(0))
        except SQLAlchemyError:
            db.session.rollback()
            return f"table {table.name}"
    return None


@bp.get("/healthz")
def healthz():
    """Report the process and its database; 503 names the part that failed."""
    status = 200
    try:
        db.session.execute(select(1))
    except SQLAlchemyError as error:
        db.session.rollback()
        current_app.logger.warning("healthz: database unreachable: %s", error.__class__.__name__)
        body = {"status": "error", "database": "unreachable"}
        status = 503
    else:
        problem = _schema_problem()
        if problem:
            current_app.logger.warning("healthz: database not migrated: %s", problem)
            body = {"status": "error", "database": "not_migrated",
                    "reason": NOT_MIGRATED.format(problem=problem)}
            status = 503
        else:
            body = {"status": "ok", "database": "ok"}
    response = jsonify(body)
    response.status_code = status
    # Load balancers and the container HEALTHCHECK must see the live answer.
    response.headers["Cache-Control"] = "no-store"
    return response
