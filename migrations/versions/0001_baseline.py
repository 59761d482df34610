"""Baseline: the empty schema every later migration builds on.

Revision ID: 0001_baseline
Revises:
Create Date: 2026-11-25
"""

revision = "0001_baseline"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    # Nothing yet: accounts and records arrive with the sync issue. Having the
    # baseline lets `flask db upgrade` run (and be tested) on SQLite and
    # PostgreSQL from the first commit, and stamps alembic_version.
    pass


def downgrade():
    pass
