"""`--demo`: a throwaway data directory, an embedded prepaid server on loopback with matching
seeded data, and an enrolled terminal — the whole flow after one command."""
from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from pos_app.application import settings as bs
from pos_app.domain.roles import LOCAL_ADMIN
from pos_app.runtime import Runtime

DEMO_ALLOWANCE = 2_000_000  # KES 20,000 of float reserved for selling offline


@dataclass
class Demo:
    root: Path
    app: Runtime
    server: object  # prepaid_server.embedded.ServerHandle

    def stop(self) -> None:
        self.server.stop()


def start_demo(root: Path | None = None) -> Demo:
    from .embedded_server import seed_embedded_server, start_embedded_server

    root = Path(root or tempfile.mkdtemp(prefix="topup-pos-demo-"))
    database_url = f"sqlite:///{root / 'prepaid-server.sqlite3'}"
    seeded = seed_embedded_server(database_url)
    server = start_embedded_server(database_url)
    app = Runtime.open(root / "terminal")
    try:
        if app.engine.enrolled:
            # Issue 11: the same data directory keeps its terminal (its code, float, receipt numbers);
            # only the embedded server's port is new.
            app.enroll.repoint(server.url)
        else:
            app.setup.seed_demo()
            app.settings.update(LOCAL_ADMIN, {bs.OFFLINE_ALLOWANCE: DEMO_ALLOWANCE})
            app.enroll(server.url, str(seeded["enrollment_code"]), "Demo till")
    except BaseException:
        app.close()
        server.stop()
        raise
    return Demo(root, app, server)
