"""The one place where `pos_app` reaches into `prepaid_server`: an embedded prepaid server on
loopback for `pos-app --demo` and `--self-test`. Everything else in `pos_app` talks to a server
only over HTTP (import-linter holds this: see `[tool.importlinter]` in pyproject.toml)."""
from __future__ import annotations

from typing import Any


def start_embedded_server(database_url: str) -> Any:
    """Start the prepaid server on a free loopback port; returns a handle with `.url` and `.stop()`."""
    from prepaid_server.embedded import start_server

    return start_server(database_url)


def seed_embedded_server(database_url: str) -> dict[str, object]:
    """The demo agent and catalog on that server; returns `agent_id` and a fresh `enrollment_code`."""
    from prepaid_server.embedded import seed_demo

    return seed_demo(database_url)


def seed_embedded_usage(database_url: str, server_url: str) -> dict[str, object]:
    """issue 15: demo customers with top-ups and a small usage simulation, so they have a breakdown."""
    from prepaid_server.embedded import seed_demo_usage

    return seed_demo_usage(database_url, server_url)


def check_server_schema(database_url: str) -> str:
    """Migrate the server database at `database_url` to head; returns the revision (self-test)."""
    from prepaid_server.store.engine import dispose_engine, get_engine
    from prepaid_server.store.migrate import current_revision, head_revision, upgrade

    engine = get_engine(database_url)
    try:
        upgrade(engine)
        revision = current_revision(engine)
    finally:
        dispose_engine(database_url)
    if revision != head_revision():
        raise RuntimeError(f"schema at {revision}, expected {head_revision()}")
    return revision
