"""`--demo`: a throwaway data directory, an embedded prepaid server on loopback with matching
seeded data, and an enrolled terminal — the whole flow after one command."""
from __future__ import annotations

import logging
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from pos_app.application import settings as bs
from pos_app.domain.roles import LOCAL_ADMIN
from pos_app.runtime import Runtime

log = logging.getLogger(__name__)
DEMO_ALLOWANCE = 2_000_000  # KES 20,000 of float reserved for selling offline


@dataclass
class Demo:
    root: Path
    app: Runtime
    server: object  # prepaid_server.embedded.ServerHandle
    usage: threading.Thread | None = None  # issue 15: the demo customers' usage simulation

    def stop(self) -> None:
        if self.usage is not None:
            self.usage.join(30)
        self.server.stop()


def _demo_usage(database_url: str, server_url: str) -> None:
    """issue 15: give the demo's customers a real usage breakdown (never stops the demo)."""
    from .embedded_server import seed_embedded_usage

    try:
        seed_embedded_usage(database_url, server_url)
    except Exception:  # noqa: BLE001 - the demo works without usage; say why in the log
        log.warning("demo usage simulation failed", exc_info=True)


def start_demo(root: Path | None = None) -> Demo:
    from .embedded_server import seed_embedded_server, start_embedded_server

    root = Path(root or tempfile.mkdtemp(prefix="topup-pos-demo-"))
    database_url = f"sqlite:///{root / 'prepaid-server.sqlite3'}"
    seeded = seed_embedded_server(database_url)
    server = start_embedded_server(database_url)
    app = Runtime.open(root / "terminal")
    usage = None  # the background usage simulator: only on the first start of a data directory
    try:
        if app.engine.enrolled:
            # Issue 11: the same data directory keeps its terminal (its code, float, receipt numbers);
            # only the embedded server's port is new.
            app.enroll.repoint(server.url)
        else:
            app.setup.seed_demo()
            app.settings.update(LOCAL_ADMIN, {bs.OFFLINE_ALLOWANCE: DEMO_ALLOWANCE})
            app.enroll(server.url, str(seeded["enrollment_code"]), "Demo till")
            usage = threading.Thread(target=_demo_usage, args=(database_url, server.url), name="demo-usage",
                                     daemon=True)
            usage.start()  # in the background: the demo opens at once, the breakdown fills in a few seconds
    except BaseException:
        app.close()
        server.stop()
        raise
    return Demo(root, app, server, usage)
