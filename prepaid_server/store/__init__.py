"""Persistence: SQLAlchemy models, engines (SQLite or PostgreSQL) and Alembic migrations."""
