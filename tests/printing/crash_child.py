"""Run by test_crash.py in a subprocess that gets kill -9'd while its receipt is printing."""
from __future__ import annotations

import sys
import time

from pos_app.domain.roles import LOCAL_ADMIN
from pos_app.printing import PrintSettings, PrintSpool
from pos_app.services import PosServices


def main(data_dir: str, uri: str, sale_id: str) -> None:
    services = PosServices.open(data_dir)
    spool = PrintSpool.for_services(services, PrintSettings(printer_uri=uri))
    spool.start()
    job = spool.enqueue_receipt(services.sales.get_sale(LOCAL_ADMIN, sale_id))
    print(f"ENQUEUED {job.id}", flush=True)
    time.sleep(120)  # the parent kills us long before this


if __name__ == "__main__":
    main(*sys.argv[1:4])
