"""Print job payloads: how a receipt or a slip is stored in a job row, and how it becomes bytes
for a given printer. (The job's states and read model are the application's: records.py.)"""
from __future__ import annotations

import json

from .escpos_render import render_escpos
from .layout import Document, document_blocks, receipt_blocks
from .pdf_render import render_pdf
from .receipt import Receipt
from .uri import PrinterUri


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
