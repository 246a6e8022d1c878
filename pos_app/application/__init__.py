"""The application layer: one module per use case, each given its ports (ports.py) in its
constructor, so the UI, `pos-admin` and the tests call the same plain objects.

    sell.py             Sell: validate -> record -> fast path -> receipt -> drawer
    reprint.py          Reprint: COPY n, permission checked, a voucher PIN only for a manager
    cancel_queued.py    CancelQueued        reverse.py      Reverse
    shifts.py           Shifts: open / close with a cash count
    close_day.py        CloseDay: the Z report (and its slip)
    resolve_print_job.py ResolvePrintJob: retry / re-route / confirm printed / dismiss / COPY
    enroll.py  sync.py  backup.py  verify.py
    sale_draft.py       SaleDraft: the sale screen's state and rules, without Qt
    sales.py reports.py status.py auth.py catalog.py settings.py terminal.py setup.py firstrun.py
                        reading, signing in, reference data, typed settings, first run
    answers.py          what the server's answers mean (the sync engine applies them)

No Qt, SQLAlchemy, requests, escpos or reportlab here (import-linter holds it).
"""
