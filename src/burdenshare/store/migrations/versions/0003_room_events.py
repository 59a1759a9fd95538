"""Rooms of two kinds (two parties, or practice against an agent) with their settings, and room
events (offers accepted, blind bids, answers to post-settlement proposals).

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("rooms") as batch:
        batch.add_column(sa.Column("kind", sa.String(16), nullable=False, server_default="room"))
        batch.add_column(sa.Column("settings", sa.JSON, nullable=True))
    op.create_table(
        "room_events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("room_id", sa.String(32), sa.ForeignKey("rooms.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("party", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("round", sa.Integer, nullable=True),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("room_events")
    with op.batch_alter_table("rooms") as batch:
        batch.drop_column("settings")
        batch.drop_column("kind")
