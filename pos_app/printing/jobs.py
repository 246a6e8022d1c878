"""Print job rows: states, the read model handed to the UI, and how a payload becomes bytes."""
from __future__ import annotations

import json
from dataclasses import dataclass

from pos_app.store.models import PrintJob

from .escpos_render import render_escpos
from .layout import Document, document_blocks, receipt_blocks
from .pdf_render import render_pdf
from .receipt import Receipt
from .uri import PrinterUri

QUEUED, PRINTING, PRINTED, FAILED, IN_DOUBT, DISMISSED = "queued", "printing", "printed", "failed", "in_doubt", "dismissed"
NEEDS_ATTENTION = (FAILED, IN_DOUBT)
KINDS = ("receipt", "reprint", "test", "z_slip")


@dataclass(frozen=True)
class JobView:
    """A print job as the UI sees it (plain data, safe to hand across threads)."""

    id: int
    sale_id: str | None
    kind: str
    copy_no: int
    printer_uri: str
    state: str
    attempts: int
    next_attempt_at_ms: int
    last_error: str | None
    created_at_ms: int
    updated_at_ms: int
    title: str  # "Receipt NBO1-000042", "Receipt NBO1-000042 COPY 1", "Printer test page"

    @property
    def needs_attention(self) -> bool:
        return self.state in NEEDS_ATTENTION


def job_view(row: PrintJob) -> JobView:
    return JobView(row.id, row.sale_id, row.kind, row.copy_no, row.printer_uri, row.state, row.attempts,
                   row.next_attempt_at_ms, row.last_error, row.created_at_ms, row.updated_at_ms, _title(row))


def _title(row: PrintJob) -> str:
    try:
        payload = json.loads(row.payload)
    except ValueError:
        return f"Print job {row.id}"
    if payload.get("type") == "receipt":
        title = f"Receipt {payload['receipt'].get('receipt_no', '')}"
        return title + (f" COPY {row.copy_no}" if row.copy_no else "")
    return payload.get("document", {}).get("title", f"Print job {row.id}")


def receipt_payload(receipt: Receipt, drawer_pin: int) -> str:
    return json.dumps({"type": "receipt", "receipt": receipt.to_dict(), "drawer_pin": drawer_pin},
                      ensure_ascii=False, separators=(",", ":"))


def document_payload(document: Document) -> str:
    return json.dumps({"type": "document", "document": document.to_dict()}, ensure_ascii=False, separators=(",", ":"))


def load_item(payload: str) -> tuple[Receipt | Document, int]:
    data = json.loads(payload)
    if data.get("type") == "receipt":
        return Receipt.from_dict(data["receipt"]), int(data.get("drawer_pin", 2))
    return Document.from_dict(data["document"]), 2


def render_for(item: Receipt | Document, uri: PrinterUri, drawer_pin: int = 2) -> bytes:
    """ESC/POS bytes, or PDF bytes for pdf:// — rendered per printer, so a re-routed job fits its new paper."""
    if uri.is_pdf:
        return render_pdf(item, uri.width_mm)
    if isinstance(item, Receipt):
        return render_escpos(receipt_blocks(item, uri.columns), uri, open_drawer=item.open_drawer, drawer_pin=drawer_pin)
    return render_escpos(document_blocks(item, uri.columns), uri)


def pdf_filename(item: Receipt | Document, job_id: int) -> str:
    if isinstance(item, Receipt):
        return f"receipt-{item.receipt_no}" + (f"-copy{item.copy_no}" if item.copy_no else "") + ".pdf"
    return f"job-{job_id}.pdf"
