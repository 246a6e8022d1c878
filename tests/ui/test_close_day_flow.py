"""Issue 12: closing the day warns of shifts still open, does not ask the manager at the screen for
their PIN a second time, and the Z slip names people, not ids."""
from __future__ import annotations

import json

from ui_helpers import login, wait_idle


def test_close_day_warns_of_open_shifts_and_the_slip_names_the_manager(qtbot, window, services) -> None:  # noqa: ANN001
    login(qtbot, window)  # alice
    services.shifts.open_shift(window.actor, {})
    mary = services.auth.login("mary", "9876")
    window._enter_manager(mary, 1)
    wait_idle(qtbot, window)
    view = window.manager.reports
    view.ask_close()
    wait_idle(qtbot, window)
    box = view.confirm_box
    assert box is not None and box.isVisible() and view.dialog is None  # no second PIN
    assert "1 shift(s) still open: Alice Wanjiru" in box.text()
    assert box.defaultButton() is box.button(box.StandardButton.Cancel)  # Enter does not close over it
    box.button(box.StandardButton.Ok).click()
    wait_idle(qtbot, window)
    assert view.report is not None and view.report.kind == "Z"
    with services.uow(write=False) as uow:
        slips = [j for j in uow.print_jobs.in_states(()) if j.kind == "z_slip"]
    assert slips
    lines = json.loads(slips[-1].payload)["document"]
    text = json.dumps(lines, ensure_ascii=False)
    assert "Closed by Mary Otieno" in text and "manager:mary" not in text


def test_carry_over_asks_the_manager_at_the_screen_only_for_a_reason_and_audits_it(qtbot, window, services):  # noqa: ANN001
    """Issue 12: the carry-over case asks once (a reason, no second PIN); the reason is in the audit
    row; the Z on screen, as PDF and as CSV names the person, not `manager:mary`."""
    from pos_app.domain.sale import SaleRequest
    from pos_app.reports.csv_export import report_csv
    from pos_app.reports.text import report_text

    login(qtbot, window)  # alice
    services.sell.record(window.actor, SaleRequest("0712345678", "SAF-AIRTIME", 10000, "cash", 10000))  # stays queued
    mary = services.auth.login("mary", "9876")
    window._enter_manager(mary, 1)
    wait_idle(qtbot, window)
    view = window.manager.reports
    view.carry.setChecked(True)
    view.ask_close()
    wait_idle(qtbot, window)
    box = view.reason_box
    assert box is not None and box.isVisible() and view.dialog is None and view.confirm_box is None
    from PySide6.QtWidgets import QDialogButtonBox
    ok = box.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()  # a reason first
    box.setTextValue("line down at closing")
    assert ok.isEnabled()
    ok.click()
    wait_idle(qtbot, window)
    assert view.report is not None and view.report.kind == "Z" and view.report.carried_over
    assert view.dialog is None  # never asked for a PIN
    rows = services.reports.audit_log(mary, query="day.closed")
    assert rows[0]["details"]["reason"] == "line down at closing"
    shown = view.text.toPlainText()
    assert "closed by Mary Otieno, approved by Mary Otieno" in shown and "manager:mary" not in shown
    stored = services.reports.z_report(mary, view.report.z_no)  # read back from the store, as History does
    assert "manager:mary" not in "\n".join(report_text(stored)) and "Mary Otieno" in report_csv(stored)
    assert "manager:mary" not in report_csv(stored)
    from pypdf import PdfReader
    from pos_app.reports.pdf_export import write_pdf
    import tempfile
    from pathlib import Path
    path = Path(tempfile.mkdtemp()) / "z.pdf"
    write_pdf(stored, path)
    text = "".join(page.extract_text() for page in PdfReader(path).pages)
    assert "Mary Otieno" in text and "manager:mary" not in text
