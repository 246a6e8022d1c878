"""Alembic environment of the prepaid server, run by prepaid_server.store.migrate with a connection."""
from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from prepaid_server.store.models import Base

config = context.config
target_metadata = Base.metadata


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is None:  # development use: -x url=sqlite:///dev.sqlite3
        url = context.get_x_argument(as_dictionary=True).get("url", "sqlite:///server-dev.sqlite3")
        with create_engine(url).begin() as conn:
            context.configure(connection=conn, target_metadata=target_metadata, render_as_batch=True)
            context.run_migrations()
        return
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    context.run_migrations()


run()
