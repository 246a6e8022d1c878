"""Plain rows the repositories hand to the use cases (and take back). No ORM object ever leaves
`pos_app.store`: a use case reads these, decides, and asks a repository to write.

`SaleRecord` (the sale as everyone reads it) lives in `pos_app.domain.records`.
"""
from __future__ import annotations

import json
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class UserRow:
    id: str
    username: str
    display_name: str
    role: str
    pin_hash: str
    active: bool
    failed_attempts: int
    locked_until_ms: int
    created_at_ms: int


@dataclass(frozen=True, slots=True)
class CatalogRow:
    version: int
    etag: str | None
    body: str  # the catalog document as JSON text
    received_at_ms: int


@dataclass(frozen=True, slots=True)
class OutboxRow:
    id: int
    kind: str  # sale | reversal | cancel | z_report
    ref_id: str
    payload: str  # JSON text
    created_at_ms: int
    state: str  # pending | done | parked | cancelled
    attempts: int
    next_attempt_at_ms: int
    last_error: str | None
    sent_at_ms: int | None


@dataclass(frozen=True, slots=True)
class AuditRow:
    id: int
    at_ms: int
    actor: str
    action: str
    subject: str | None
    details: str  # canonical JSON text
    prev_hash: str
    hash: str


@dataclass(frozen=True, slots=True)
class FixRow:
    """A cancellation or a reversal of a sale."""

    id: str
    sale_id: str
    kind: str  # cancellation | reversal
    requested_at_ms: int
    requested_by: str
    approved_by: str | None
    reason: str
    state: str  # cancelled | pending | reversed | refused
    code: str | None = None
    message: str | None = None
    resolved_at_ms: int | None = None
    # issue 14 (refunds): the policy's inputs, and the server's outcome of a reversal
    reason_code: str | None = None
    second_approver: str | None = None
    allow_partial: bool | None = None
    final_state: str | None = None  # reversed_full | reversed_partial
    recovered: int | None = None
    refund: int | None = None
    bonus_back: int | None = None
    points_back: int | None = None


@dataclass(frozen=True, slots=True)
class ShiftRow:
    id: str
    clerk_id: str
    currency: str
    state: str  # open | closed
    opened_at_ms: int
    opened_by: str
    opening_count: str  # JSON {denomination: pieces}
    opening_float: int
    closed_at_ms: int | None = None
    closed_by: str | None = None
    approved_by: str | None = None
    close_reason: str | None = None
    closing_count: str | None = None
    reconciliation: str | None = None  # JSON [{method, expected, counted, variance}]
    sales_count: int | None = None


@dataclass(frozen=True, slots=True)
class ZRow:
    z_no: int
    id: str
    business_day: str
    after_day: str | None
    closed_at_ms: int
    closed_by: str
    approved_by: str
    carried_over: int
    report: str  # canonical JSON of the whole report
    digest: str
    server_state: str  # pending | matched | mismatch | refused
    server_totals: str | None = None
    server_checked_at_ms: int | None = None


# ---------------------------------------------------------------- print jobs

# Life of a job: queued -> printing -> printed | queued (retry, capped backoff) | failed (the clerk
# retries, re-routes or dismisses) | in_doubt (may have printed: confirm it, or print a COPY).
QUEUED, PRINTING, PRINTED, FAILED, IN_DOUBT, DISMISSED = "queued", "printing", "printed", "failed", "in_doubt", "dismissed"
NEEDS_ATTENTION = (FAILED, IN_DOUBT)
JOB_KINDS = ("receipt", "reprint", "test", "z_slip")


@dataclass(frozen=True, slots=True)
class JobRow:
    id: int
    sale_id: str | None
    kind: str
    copy_no: int
    printer_uri: str
    state: str
    attempts: int
    next_attempt_at_ms: int
    last_error: str | None
    payload: str  # JSON of the receipt / document model, rendered per printer when it prints
    created_at_ms: int
    updated_at_ms: int
    reached_printer: bool = False  # some byte may have reached a printer (issue 12)


@dataclass(frozen=True, slots=True)
class JobView:
    """A print job as screens and `pos-admin print-jobs` show it (plain data, safe across threads)."""

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
    reached_printer: bool = False  # False: no printer took a byte of it, so printing it again cannot double it

    @property
    def untouched(self) -> bool:
        """Failed before any printer took a byte: printing it again is still the one original."""
        return not self.reached_printer

    @property
    def needs_attention(self) -> bool:
        return self.state in NEEDS_ATTENTION

    def as_dict(self) -> dict[str, object]:
        return {"id": self.id, "sale_id": self.sale_id, "kind": self.kind, "copy_no": self.copy_no,
                "printer_uri": self.printer_uri, "state": self.state, "attempts": self.attempts,
                "last_error": self.last_error, "created_at_ms": self.created_at_ms,
                "updated_at_ms": self.updated_at_ms, "title": self.title, "reached_printer": self.reached_printer}


def job_view(row: JobRow) -> JobView:
    return JobView(row.id, row.sale_id, row.kind, row.copy_no, row.printer_uri, row.state, row.attempts,
                   row.next_attempt_at_ms, row.last_error, row.created_at_ms, row.updated_at_ms, _title(row),
                   row.reached_printer)


def _title(row: JobRow) -> str:
    try:
        payload = json.loads(row.payload)
    except ValueError:
        return f"Print job {row.id}"
    if payload.get("type") == "receipt":
        title = f"Receipt {payload['receipt'].get('receipt_no', '')}"
        return title + (f" COPY {row.copy_no}" if row.copy_no else "")
    return payload.get("document", {}).get("title", f"Print job {row.id}")


@dataclass(frozen=True, slots=True)
class Enrollment:
    """What the server said when this terminal enrolled (the secret stays in the sync adapter)."""

    terminal_id: str
    terminal_code: str
    server_url: str
