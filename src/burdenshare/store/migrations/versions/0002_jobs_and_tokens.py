"""Jobs in the database (any server process runs or answers for them), saved scenarios with an
unguessable key and an edit token (unlisted unless asked), and rate-limit events.

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "jobs",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("client", sa.String(64), nullable=False, index=True),
        sa.Column("request", sa.JSON, nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("status", sa.String(16), nullable=False, index=True),
        sa.Column("cost", sa.BigInteger, nullable=False),
        sa.Column("done", sa.BigInteger, nullable=False),
        sa.Column("total", sa.BigInteger, nullable=False),
        sa.Column("result", sa.JSON, nullable=True),
        sa.Column("error", sa.Text, nullable=True),
        sa.Column("worker", sa.String(64), nullable=True),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished", sa.DateTime(timezone=True), nullable=True),
        sa.Column("heartbeat", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "rate_events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("client", sa.String(64), nullable=False, index=True),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False, index=True),
    )
    with op.batch_alter_table("saved_scenarios") as batch:
        batch.add_column(sa.Column("key", sa.String(32), nullable=True))
        batch.add_column(sa.Column("edit_hash", sa.String(64), nullable=True))
        batch.add_column(sa.Column("listed", sa.Boolean, nullable=False, server_default=sa.false()))
        batch.create_unique_constraint("uq_saved_scenarios_key", ["key"])


def downgrade() -> None:
    with op.batch_alter_table("saved_scenarios") as batch:
        batch.drop_constraint("uq_saved_scenarios_key", type_="unique")
        batch.drop_column("listed")
        batch.drop_column("edit_hash")
        batch.drop_column("key")
    op.drop_table("rate_events")
    op.drop_table("jobs")
