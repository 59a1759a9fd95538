"""Alembic environment: runs on the connection burdenshare hands it (see store/db.py)."""

from alembic import context

from burdenshare.store.models import Base

config = context.config
connection = config.attributes.get("connection")
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
