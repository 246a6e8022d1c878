"""Run by test_crash.py in a subprocess that gets kill -9'd while its receipt is printing."""
from __future__ import annotations

import sys
import time

from pos_app.application import settings as bs
from pos_app.domain.roles import LOCAL_ADMIN
from pos_app.runtime import Runtime


def main(data_dir: str, uri: str, sale_id: str) -> None:
    app = Runtime.open(data_dir, spool_options={"status_poll_s": None})  # the only connection is the job
    app.settings.update(LOCAL_ADMIN, {bs.PRINTER_URI: uri})
    app.start(worker=False)
    job = app.sell.queue_receipt(app.sales.get_sale(LOCAL_ADMIN, sale_id))
    print(f"ENQUEUED {job.id}", flush=True)
    time.sleep(120)  # the parent kills us long before this


if __name__ == "__main__":
    main(*sys.argv[1:4])
