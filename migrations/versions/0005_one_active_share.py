"""At most one active share per clinician and patient.

Two codes of one patient redeemed at the same moment by the same clinician could open two
active shares, and every later read of that pair (which looks up the one) then failed.

Revision ID: 0005_one_active_share
Revises: 0004_shares
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = '0005_one_active_share'
down_revision = '0004_shares'
branch_labels = None
depends_on = None

ACTIVE = sa.text("ended_at IS NULL")


def upgrade():
    # A pair with more than one active share already keeps its newest; the others end now.
    op.execute("""
        UPDATE shares SET ended_at = CURRENT_TIMESTAMP
        WHERE ended_at IS NULL AND EXISTS (
            SELECT 1 FROM shares AS newer
            WHERE newer.clinician_id = shares.clinician_id
              AND newer.patient_id = shares.patient_id
              AND newer.ended_at IS NULL
              AND (newer.created_at > shares.created_at
                   OR (newer.created_at = shares.created_at AND newer.id > shares.id)))
    """)
    with op.batch_alter_table('shares', schema=None) as batch_op:
        batch_op.create_index('ux_shares_active_pair', ['clinician_id', 'patient_id'],
                              unique=True, sqlite_where=ACTIVE, postgresql_where=ACTIVE)


def downgrade():
    with op.batch_alter_table('shares', schema=None) as batch_op:
        batch_op.drop_index('ux_shares_active_pair', sqlite_where=ACTIVE,
                            postgresql_where=ACTIVE)
