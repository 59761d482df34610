"""An index on when sessions end, so ended sessions are purged without a full scan.

Revision ID: 0003_session_expiry_index
Revises: 0002_accounts_records
Create Date: 2026-12-02
"""

from alembic import op

revision = '0003_session_expiry_index'
down_revision = '0002_accounts_records'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sessions_expires_at'), ['expires_at'], unique=False)


def downgrade():
    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sessions_expires_at'))
