"""Saved work in a real database: scenarios and negotiation rooms (SQLAlchemy; SQLite by default,
PostgreSQL by URL), with Alembic migrations applied at start-up."""
