"""`--demo`: a throwaway data directory, an embedded prepaid server on loopback with matching
seeded data, and an enrolled terminal — the whole flow after one command."""
from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from pos_app.services import PosServices
from pos_app.services.setup import seed_demo
from pos_app.store.uow import UnitOfWork
from pos_app.sync.engine import DEFAULT_ALLOWANCE_SETTING, SyncEngine

DEMO_ALLOWANCE = 2_000_000  # KES 20,000 of float reserved for selling offline


@dataclass
class Demo:
    root: Path
    services: PosServices
    server: object  # prepaid_server.embedded.ServerHandle

    def stop(self) -> None:
        self.server.stop()


def start_demo(root: Path | None = None) -> Demo:
    from .embedded_server import seed_embedded_server, start_embedded_server

    root = Path(root or tempfile.mkdtemp(prefix="topup-pos-demo-"))
    database_url = f"sqlite:///{root / 'prepaid-server.sqlite3'}"
    seeded = seed_embedded_server(database_url)
    server = start_embedded_server(database_url)
    services = PosServices.open(root / "terminal")
    try:
        seed_demo(services.db, services.clock, services.auth, services.catalogs)
        with UnitOfWork(services.db) as uow:
            uow.settings.set(DEFAULT_ALLOWANCE_SETTING, str(DEMO_ALLOWANCE))
            uow.commit()
        engine = SyncEngine(services)
        engine.enroll(server.url, str(seeded["enrollment_code"]), "Demo till")
        engine.pull_catalog()
        engine.refresh_float()
        engine.close()  # the Runtime makes the engine that lives on
    except BaseException:
        services.close()
        server.stop()
        raise
    return Demo(root, services, server)
