"""Extensions, created here unbound and bound to an app in create_app with init_app."""

from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

from .api import EnvelopeApi


class Base(DeclarativeBase):
    # Named constraints, so migrations can drop and alter them on SQLite
    # (batch mode) and PostgreSQL alike.
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


db = SQLAlchemy(model_class=Base)
# render_as_batch: SQLite cannot ALTER most things in place; batch mode copies
# the table instead, and is a no-op on PostgreSQL.
migrate = Migrate(render_as_batch=True)
compress = Compress()
api = EnvelopeApi()
# Limits are declared on the views they guard (sign-up, sign-in). Counts live in
# RATELIMIT_STORAGE_URI: Redis in production, so they hold across workers and
# servers; memory:// (one process) is the default for `make run` and tests.
limiter = Limiter(key_func=get_remote_address)
