"""One read-only snapshot of the terminal's state, for `pos-admin status` and support."""
from __future__ import annotations

from typing import Any

from pos_app.store.uow import UnitOfWork

from .terminal import load_terminal


def terminal_status(svc) -> dict[str, Any]:  # noqa: ANN001
    terminal = load_terminal(svc.db)
    with UnitOfWork(svc.db, write=False) as uow:
        catalog = uow.catalogs.latest()
        by_status = uow.sales.count_by_status()
        pending = uow.outbox.pending_count()
        users = len(uow.users.list())
    return {
        "data_dir": str(svc.data_dir.path),
        "terminal_id": terminal.terminal_id or "(not initialised)",
        "terminal_code": terminal.terminal_code,
        "shop": terminal.shop_name,
        "server_url": terminal.server_url or "(not enrolled)",
        "catalog_version": catalog.version if catalog else "(none)",
        "users": users,
        "sales": sum(by_status.values()),
        "sales_by_status": ", ".join(f"{k}={v}" for k, v in sorted(by_status.items())) or "-",
        "outbox_pending": pending,
        "database_bytes": svc.db.db_path.stat().st_size if svc.db.db_path.exists() else 0,
    }
