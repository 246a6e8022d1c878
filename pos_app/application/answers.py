"""The server's answers, applied to the local record inside the sync engine's transaction. The
engine (pos_app.sync) only carries them; what each answer means for a sale, a reversal, a
cancellation or a Z report is decided here."""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from topup_core.audit import canonical
from pos_app.domain.reports import Report, compare_with_server
from pos_app.domain.sale import DISPUTE_CODES, SaleStatus, check_transition

from .ports import UnitOfWork

SYNC_ACTOR = "system:sync"
SALE_ANSWERS = ("accepted", "duplicate", "rejected")
DISPUTED_STATUS = "duplicate_other_terminal"  # issue 11: a newer server's own status for it


def is_dispute(answer: dict[str, Any]) -> bool:
    """The server already holds this id (from this agent under an earlier identity of this terminal,
    or with other content): the outcome is the server's record, not a refusal of this sale."""
    return answer.get("status") == DISPUTED_STATUS or (
        answer.get("status") in ("rejected", "duplicate", DISPUTED_STATUS) and answer.get("code") in DISPUTE_CODES)


def recorded_outcome(answer: dict[str, Any]) -> dict[str, Any]:
    """What the server says it recorded for the id, from whichever field it sent it in (tolerant of
    the shapes a newer server may use; an older one sends only code + message)."""
    for key in ("outcome", "recorded", "original"):
        value = answer.get(key)
        if isinstance(value, dict):
            return {k: value.get(k) for k in ("status", "code", "server_ref", "terminal_code", "terminal_id",
                                              "same_content") if value.get(k) is not None}
    out = {k: answer.get(k) for k in ("server_ref",) if answer.get(k)}
    for key in ("original_status", "recorded_status"):
        if answer.get(key):
            out["status"] = answer[key]
    return out


def dispute_text(answer: dict[str, Any]) -> str:
    """The server's answer, in one line for the manager (History, `pos-admin sales list`)."""
    message = str(answer.get("message") or "The server already holds this sale id.")
    outcome = recorded_outcome(answer)
    if outcome:
        message += " Server record: " + ", ".join(f"{k} {v}" for k, v in outcome.items()) + "."
    return message[:1000]


@dataclass(frozen=True)
class DrainResult:
    sent: int = 0
    accepted: int = 0
    duplicate: int = 0
    rejected: int = 0
    others: int = 0  # reversals, cancellations and Z reports answered
    disputed: int = 0  # issue 11: the server holds the id from an earlier identity (a manager's case)

    def __add__(self, other: "DrainResult") -> "DrainResult":
        return DrainResult(self.sent + other.sent, self.accepted + other.accepted, self.duplicate + other.duplicate,
                           self.rejected + other.rejected, self.others + other.others,
                           self.disputed + other.disputed)


def apply_sale_answers(uow: UnitOfWork, answers: list[tuple[int, dict[str, Any]]], now_ms: int) -> DrainResult:
    """One batch's answers (outbox item id, answer) in the caller's transaction, as a few
    set-based statements (per-row updates made a 250-sale batch cost seconds)."""
    counts = {name: 0 for name in SALE_ANSWERS}
    refs = uow.outbox.refs([item_id for item_id, _ in answers])
    queued = uow.sales.queued_among(list(refs.values()))
    confirmed: list[tuple[str, str | None]] = []
    rejected: list[tuple[str, str, str]] = []
    done: list[tuple[int, str | None]] = []
    parked: list[tuple[int, str | None]] = []
    disputed: list[tuple[str, str, str, str | None, dict[str, Any]]] = []
    unknown: list[tuple[int, str]] = []
    for item_id, answer in answers:
        status, sale_id = answer.get("status"), refs[item_id]
        if is_dispute(answer):
            # Never REJECTED, never a voucher back to stock: a case for the manager (issue 11).
            code = str(answer.get("code") or DISPUTED_STATUS)[:64]
            parked.append((item_id, code))
            if sale_id in queued:
                disputed.append((sale_id, code, dispute_text(answer), recorded_outcome(answer).get("server_ref"),
                                 answer))
            continue
        if status not in counts:  # an answer we don't understand: keep the sale queued
            unknown.append((item_id, f"unexpected answer {status!r}"))
            continue
        counts[status] += 1
        done.append((item_id, answer.get("code") if status == "rejected" else None))
        if sale_id not in queued:
            continue  # already settled (e.g. by the fast path, or cancelled): nothing to change
        if status == "rejected":
            rejected.append((sale_id, answer.get("code") or "rejected",
                             answer.get("message") or "The server refused this sale."))
        else:
            confirmed.append((sale_id, answer.get("server_ref")))
    uow.sales.confirm_queued(confirmed, now_ms)
    uow.sales.reject_queued(rejected, now_ms)
    for sale_id, _code, _message in rejected:
        uow.vouchers.release(sale_id)  # not sold: the voucher goes back to stock
    for sale_id, code, text, server_ref, answer in disputed:
        uow.sales.set_status(sale_id, SaleStatus.DISPUTED, now_ms, reject_code=code, reject_message=text,
                             server_ref=server_ref)
        uow.audit.append(now_ms, SYNC_ACTOR, "sale.disputed", sale_id,
                         {"code": code, "message": text, "server": recorded_outcome(answer)})
    uow.outbox.finish(done)
    uow.outbox.finish(parked, state="parked")
    uow.outbox.note_errors(unknown)
    return DrainResult(sum(counts.values()) + len(parked), counts["accepted"], counts["duplicate"], counts["rejected"],
                       disputed=len(parked))


def apply_reversal_answer(uow: UnitOfWork, fix_id: str, answer: dict[str, Any], now_ms: int) -> str:
    """The server reversed (or refused to reverse) a sale. Returns the fix's new state."""
    fix = uow.fixes.get(fix_id)
    if fix is None or fix.state != "pending":
        return fix.state if fix else "unknown"
    reversed_ = answer.get("status") == "reversed"
    code = None if reversed_ else str(answer.get("code") or "refused")[:64]
    message = None if reversed_ else str(answer.get("message") or "The server refused the reversal.")
    current = uow.sales.status(fix.sale_id)
    new = SaleStatus.REVERSED if reversed_ else SaleStatus.REVERSAL_REFUSED
    if current is SaleStatus.REVERSAL_PENDING:
        check_transition(current, new)
        uow.sales.set_status(fix.sale_id, new, now_ms, reject_code=code, reject_message=message)
    state = "reversed" if reversed_ else "refused"
    outcome = _reversal_outcome(answer) if reversed_ else {}  # issue 14 (refunds)
    uow.fixes.resolve_reversal(fix_id, state, code, message, now_ms, outcome)
    uow.audit.append(now_ms, SYNC_ACTOR, "sale.reversed" if reversed_ else "sale.reversal_refused", fix.sale_id,
                     {"fix_id": fix_id, "code": code, "message": message, **outcome})
    return state


def _reversal_outcome(answer: dict[str, Any]) -> dict[str, object]:
    """Issue 14 (refunds): the server's final state of a reversal and what it moved; a server of
    before the refund policy answers a full reversal."""
    out: dict[str, object] = {}
    state = answer.get("final_state")
    out["final_state"] = state if state in ("reversed_full", "reversed_partial") else "reversed_full"
    for key in ("recovered", "refund", "bonus_back", "points_back"):
        value = answer.get(key)
        if type(value) is int and value >= 0:
            out[key] = value
    return out


def apply_cancel_answer(uow: UnitOfWork, fix_id: str, answer: dict[str, Any], now_ms: int) -> None:
    fix = uow.fixes.get(fix_id)
    if answer.get("status") != "cancelled" and fix is not None:
        # The server says the sale reached it after all: keep the record and make it visible.
        uow.audit.append(now_ms, SYNC_ACTOR, "sale.cancel_disputed", fix.sale_id,
                         {"fix_id": fix_id, "code": answer.get("code"), "message": answer.get("message")})


def apply_close_answer(uow: UnitOfWork, z_id: str, answer: dict[str, Any], now_ms: int) -> str:
    """Store the server's own totals of a Z once, and flag a mismatch."""
    row = uow.z_reports.by_id(z_id)
    if row is None or row.server_state != "pending":
        return row.server_state if row else "unknown"
    report = Report.from_body(json.loads(row.report))
    if answer.get("status") == "refused":
        state, mismatches = "refused", [str(answer.get("message") or answer.get("code") or "refused")]
    else:
        mismatches = compare_with_server(report.figures.settled, report.reversed, answer)
        state = "mismatch" if mismatches else "matched"
    uow.z_reports.record_server_answer(row.z_no, state, canonical({"server": answer, "mismatches": mismatches}),
                                       now_ms)
    uow.audit.append(now_ms, SYNC_ACTOR, "day.server_checked", f"Z{row.z_no}",
                     {"state": state, "mismatches": mismatches[:10]})
    return state


OTHER_ANSWERS = {"reversal": apply_reversal_answer, "cancel": apply_cancel_answer, "z_report": apply_close_answer}
