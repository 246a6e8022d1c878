"""Alembic environment: run programmatically by pos_app.store.migrate with a live connection."""
from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from pos_app.store.models import Base

config = context.config
target_metadata = Base.metadata


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is None:  # `alembic` CLI use during development: sqlalchemy.url from -x db=PATH
        url = context.get_x_argument(as_dictionary=True).get("db", "sqlite:///dev.sqlite3")
        with create_engine(url).begin() as conn:
            context.configure(connection=conn, target_metadata=target_metadata, render_as_batch=True)
            context.run_migrations()
        return
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    context.run_migrations()


run()
