"""Jobs held under a lease (renewed by the worker that runs them; an expired lease lets another
worker take the job again) with a count of attempts; named locks for counts that must be one step
with their write on SQLite (PostgreSQL uses advisory locks).

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("jobs") as batch:
        batch.add_column(sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("attempts", sa.Integer, nullable=False, server_default="0"))
    op.create_table("store_locks", sa.Column("name", sa.String(64), primary_key=True))
    op.create_index("ix_rate_events_client_action_at", "rate_events", ["client", "action", "at"])


def downgrade() -> None:
    op.drop_index("ix_rate_events_client_action_at", "rate_events")
    op.drop_table("store_locks")
    with op.batch_alter_table("jobs") as batch:
        batch.drop_column("attempts")
        batch.drop_column("lease_until")
