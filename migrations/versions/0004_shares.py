"""Clinician sharing: invite codes, shares, and the access log a patient reads.

Revision ID: 0004_shares
Revises: 0003_session_expiry_index
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
MOMENT = sa.DateTime(timezone=True)

revision = '0004_shares'
down_revision = '0003_session_expiry_index'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('access_log',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('patient_id', sa.String(length=36), nullable=False),
    sa.Column('clinician_id', sa.String(length=36), nullable=False),
    sa.Column('clinician_name', sa.String(length=100), nullable=False),
    sa.Column('share_id', sa.String(length=36), nullable=False),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('query', JSON, nullable=False),
    sa.Column('at', MOMENT, nullable=False),
    sa.ForeignKeyConstraint(['patient_id'], ['accounts.id'], name=op.f('fk_access_log_patient_id_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_access_log'))
    )
    with op.batch_alter_table('access_log', schema=None) as batch_op:
        batch_op.create_index('ix_access_log_patient_at', ['patient_id', 'at'], unique=False)

    op.create_table('share_invites',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('patient_id', sa.String(length=36), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('scope', JSON, nullable=False),
    sa.Column('created_at', MOMENT, nullable=False),
    sa.Column('expires_at', MOMENT, nullable=False),
    sa.Column('used_at', MOMENT, nullable=True),
    sa.ForeignKeyConstraint(['patient_id'], ['accounts.id'], name=op.f('fk_share_invites_patient_id_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_share_invites')),
    sa.UniqueConstraint('code_hash', name=op.f('uq_share_invites_code_hash'))
    )
    with op.batch_alter_table('share_invites', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_share_invites_patient_id'), ['patient_id'], unique=False)

    op.create_table('shares',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('patient_id', sa.String(length=36), nullable=False),
    sa.Column('clinician_id', sa.String(length=36), nullable=False),
    sa.Column('scope', JSON, nullable=False),
    sa.Column('created_at', MOMENT, nullable=False),
    sa.Column('ended_at', MOMENT, nullable=True),
    sa.ForeignKeyConstraint(['clinician_id'], ['accounts.id'], name=op.f('fk_shares_clinician_id_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['patient_id'], ['accounts.id'], name=op.f('fk_shares_patient_id_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shares'))
    )
    with op.batch_alter_table('shares', schema=None) as batch_op:
        batch_op.create_index('ix_shares_clinician_patient', ['clinician_id', 'patient_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_shares_patient_id'), ['patient_id'], unique=False)



def downgrade():
    with op.batch_alter_table('shares', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_shares_patient_id'))
        batch_op.drop_index('ix_shares_clinician_patient')

    op.drop_table('shares')
    with op.batch_alter_table('share_invites', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_share_invites_patient_id'))

    op.drop_table('share_invites')
    with op.batch_alter_table('access_log', schema=None) as batch_op:
        batch_op.drop_index('ix_access_log_patient_at')

    op.drop_table('access_log')
