"""Service errors become friendly, actionable messages at the right field; unexpected ones are
logged and shown, never closing the window or losing the sale in progress."""
from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType
from typing import Callable

from PySide6.QtCore import QCoreApplication

from topup_core.errors import DomainError
from topup_core.formatting import DEFAULT_LOCALE, format_money
from topup_core.money import Money

log = logging.getLogger("pos_app.ui")

# Which field of the sale a code belongs to (the screen puts the message there and goes back to it).
FIELD_MSISDN = "msisdn"
FIELD_OPERATOR = "operator"
FIELD_AMOUNT = "amount"
FIELD_TENDERED = "tendered"
FIELD_REFERENCE = "reference"
FIELD_LOGIN = "login"
FIELD_GENERAL = "general"

_FIELDS = {
    "msisdn_": FIELD_MSISDN,
    "operator_": FIELD_OPERATOR,
    "amount_": FIELD_AMOUNT,
    "product_": FIELD_AMOUNT,
    "voucher_": FIELD_AMOUNT,
    "tendered_": FIELD_TENDERED,
    "currency_mismatch": FIELD_TENDERED,
    "payment_reference": FIELD_REFERENCE,
    "payment_method": FIELD_TENDERED,
    "session_expired": FIELD_LOGIN,
    "login_": FIELD_LOGIN,
    "pin_": FIELD_LOGIN,
}


def field_of(code: str) -> str:
    for prefix, field in _FIELDS.items():
        if code.startswith(prefix):
            return field
    return FIELD_GENERAL


def _t(text: str) -> str:
    return QCoreApplication.translate("Errors", text)


def _messages() -> dict[str, str]:
    """Every code a use case, the store or the prepaid server can raise, as the clerk's text.
    tests/ui/test_error_texts.py finds the codes in the code and fails on one missing here or in
    French. Built on each call so a translator installed later is honoured."""
    return {
        "msisdn_empty": _t("Type the customer's phone number."),
        "msisdn_invalid_characters": _t("Digits only, please (spaces and dashes are fine)."),
        "msisdn_too_short": _t("The number is too short. Check it with the customer."),
        "msisdn_too_long": _t("The number is too long. Check it with the customer."),
        "msisdn_wrong_country": _t("Only numbers of this country can be topped up here."),
        "msisdn_invalid": _t("That number does not exist. Check the digits with the customer."),
        "msisdn_not_mobile": _t("That is not a mobile number. Ask for the customer's mobile number."),
        "operator_missing": _t("Choose the customer's network."),
        "operator_unknown": _t("That network is not in the price list. Choose another."),
        "amount_invalid": _t("Type the amount in digits, for example 100 or 99.50."),
        "amount_not_positive": _t("The amount must be more than zero."),
        "amount_absurd": _t("That amount is not possible. Check the digits."),
        "amount_not_a_denomination": _t("Pick one of the amounts shown for this product."),
        "amount_below_min": _t("That amount is below this product's smallest amount."),
        "amount_above_max": _t("That amount is above this product's largest amount."),
        "amount_off_step": _t("That amount is not one of this product's steps."),
        "amount_above_sale_limit": _t("That is more than one sale may be. Split it into two sales."),
        "amount_missing": _t("Type the amount, or tap one."),
        "product_missing": _t("Choose a product first."),
        "product_unknown": _t("That product is no longer sold. Pick another."),
        "product_unavailable": _t("That product is not on sale right now. Pick another."),
        "voucher_out_of_stock": _t("No vouchers of this amount left here. Sell another amount or a pinless top-up."),
        "tendered_missing": _t("Type the cash the customer handed over."),
        "tendered_too_low": _t("That is less than the price. Take more cash or choose another payment."),
        "currency_mismatch": _t("The money must be in the shop's currency."),
        "payment_reference_missing": _t("Type the reference from the card or mobile-money slip."),
        "payment_reference_invalid": _t("A reference has 3 to 64 letters, digits, dashes or slashes."),
        "payment_method_unknown": _t("Choose cash, card or mobile money."),
        "sale_incomplete": _t("The number, the amount or the payment is missing. Go back and fill it in."),
        "offline_no_allowance": _t("The server cannot be reached and this till has no offline allowance yet. Connect to the server, then sell."),
        "offline_allowance_exceeded": _t("Offline, this till cannot sell more: its allowance is used up. Reconnect to the server to sell more."),
        "login_failed": _t("Wrong user or PIN."),
        "login_locked": _t("Too many wrong PINs. Wait, then try again."),
        "pin_invalid": _t("A PIN is 4 to 8 digits."),
        "pin_mismatch": _t("The two PINs are different. Type the same PIN twice."),
        "session_expired": _t("Your session has ended. Type your PIN to go on."),
        "permission_denied": _t("You may not do this. Ask a manager."),
        "authentication_failed": _t("You could not be signed in. Type your PIN again."),
        "approval_required": _t("The count is off by more than is allowed. A manager must approve."),
        "reason_required": _t("Say why, in a few words."),
        "user_exists": _t("There is already a user with that name. Choose another user name."),
        "user_unknown": _t("There is no such user on this till."),
        "username_invalid": _t("A user name is 2 to 32 lowercase letters, digits, dots, dashes or underscores."),
        "cannot_disable_self": _t("You cannot disable your own account."),
        "sale_unknown": _t("That sale is not on this till."),
        "sale_already_sent": _t("This sale may already have reached the server, so it cannot be cancelled here. Wait for its result; if it goes through, reverse it."),
        "sale_not_queued": _t("Only a sale still waiting to be sent can be cancelled."),
        "sale_not_confirmed": _t("Only a sale the network confirmed can be reversed. A queued sale is cancelled instead."),
        "sale_state_conflict": _t("The sale has moved on meanwhile. Look at it again in History."),
        "sale_status_unknown": _t("There is no such sale status."),
        "sale_immutable": _t("A recorded sale cannot be changed."),
        "window_expired": _t("It is too late to reverse this sale: the time allowed for it has passed."),
        "not_confirmed": _t("The server has no confirmed sale to reverse. Nothing was changed."),
        "credit_spent": _t("The customer has already used the airtime, so it cannot be taken back."),
        "already_reversed": _t("This sale has already been reversed."),
        "already_received": _t("The server had already received this sale, so it could not be cancelled. Reverse it if needed."),
        "not_this_terminal": _t("That sale belongs to another till."),
        "cancelled": _t("The sale was cancelled before it was sent. Nothing was charged."),
        "rejected": _t("The server refused this sale. Nothing was charged."),
        "refused": _t("The server refused this."),
        "price_mismatch": _t("The server priced this sale differently. Nothing was charged; sync to get the new prices."),
        "catalog_version_unknown": _t("The price list this sale used is not known. Sync to get the current one."),
        "catalog_version_expired": _t("The price list this sale used was not valid at the time. Sync, then sell again."),
        "insufficient_float": _t("The agent's float is too low for this sale. Nothing was charged."),
        "risk_rejected": _t("The server's risk checks stopped this sale. Nothing was charged. Call your manager."),
        "id_conflict": _t("The server already has a different sale with this number. Nothing was charged. Call your technician."),
        "terminal_mismatch": _t("The sale names another till than the one that sent it. Call your technician."),
        "created_at_invalid": _t("The sale is dated in the future: check the till's date and time."),
        "sale_malformed": _t("The server could not read this sale. Call your technician."),
        "subscriber_unknown": _t("That number has never been topped up."),
        "balance_insufficient": _t("The customer does not have that much credit."),
        "network_error": _t("The server cannot be reached. Sales are kept and sent by themselves later."),
        "server_unavailable": _t("The server is having trouble. Sales are kept and sent by themselves later."),
        "corrupt_reply": _t("The server's answer could not be read. It will be asked again."),
        "not_enrolled": _t("This till is not connected to a prepaid server yet. Enroll it in the setup."),
        "server_url_invalid": _t("The server address starts with https:// or http://."),
        "enrollment_code_empty": _t("Type the enrollment code from the server's administrator."),
        "enrollment_code_invalid": _t("That enrollment code does not exist. Check it with the server's administrator."),
        "enrollment_code_used": _t("That enrollment code has already been used. Ask for a new one."),
        "enrollment_code_expired": _t("That enrollment code has expired. Ask for a new one."),
        "signature_missing": _t("The server refused an unsigned request. Call your technician."),
        "signature_invalid": _t("The server did not accept this till's signature. Call your technician."),
        "clock_skew": _t("The till's clock is too far from the server's. Check the date and time."),
        "nonce_replayed": _t("The server already received this request. It will be sent again."),
        "terminal_unknown": _t("The server does not know this till. Enroll it again."),
        "terminal_disabled": _t("The server has disabled this till. Call your manager."),
        "sync_worker_running": _t("This till is already sending its sales."),
        "bad_request": _t("The server did not understand the request. Call your technician."),
        "unauthorized": _t("The server did not accept this till. Call your technician."),
        "forbidden": _t("The server does not allow this."),
        "not_found": _t("The server does not know this."),
        "method_not_allowed": _t("The server does not offer this. Call your technician."),
        "not_acceptable": _t("The server cannot answer in a form this till reads. Call your technician."),
        "conflict": _t("This clashes with what is already recorded."),
        "payload_too_large": _t("That was too much to send at once. It will be sent in smaller parts."),
        "unsupported_media_type": _t("The server could not read the request. Call your technician."),
        "validation_failed": _t("The server found a mistake in what was sent. Call your technician."),
        "too_many_requests": _t("The server is busy. It will be tried again shortly."),
        "internal_error": _t("The server had a problem. Sales are kept and sent again later."),
        "store_unavailable": _t("The database is not available right now. Nothing was saved. Try again in a moment."),
        "catalog_missing": _t("There is no price list yet. Connect to the server to download it."),
        "catalog_invalid": _t("The price list is damaged. Sync to download it again."),
        "catalog_unreadable": _t("The price list cannot be read. Sync to download it again."),
        "promotion_invalid": _t("A promotion in the price list is damaged. Sync to download the list again."),
        "currency_invalid": _t("A currency is three capital letters, such as KES."),
        "shift_already_open": _t("You already have an open shift. Close it first."),
        "shift_not_open": _t("You have no open shift. Open one from the Shift menu."),
        "shift_unknown": _t("There is no such shift."),
        "shift_closed": _t("That shift is already closed."),
        "shift_immutable": _t("A closed shift cannot be changed."),
        "denomination_unknown": _t("That is not a note or coin of this currency."),
        "count_invalid": _t("Count whole pieces for each note and coin."),
        "day_already_closed": _t("That business day is already closed by a Z report."),
        "day_not_open": _t("That business day has not started yet."),
        "day_closed": _t("That business day is closed by a Z report. The sale goes to the next day."),
        "z_unsent_sales": _t("Some sales of this day are not settled with the server yet. Sync first, or carry them over to the report."),
        "z_unknown": _t("There is no such Z report."),
        "z_tampered": _t("This Z report does not match its seal: it may have been altered. Call your manager."),
        "z_immutable": _t("A Z report cannot be changed."),
        "z_sequence": _t("Z reports are numbered without gaps."),
        "seq_ranges_invalid": _t("The report's list of sales is not valid. Call your technician."),
        "fix_immutable": _t("A settled cancellation or reversal cannot be changed."),
        "printer_uri_invalid": _t("That printer address cannot be used. Use for example tcp://192.168.1.50:9100 or usb://04b8:0202."),
        "printing_error": _t("The receipt could not be printed. The sale stands; reprint it from History."),
        "print_job_unknown": _t("There is no such print job."),
        "print_job_state": _t("That print job cannot do this in its present state."),
        "print_job_in_doubt": _t("This receipt may have printed already: confirm it, or reprint it as a COPY."),
        "print_job_not_a_receipt": _t("Only receipts can be reprinted; retry this job instead."),
        "store_busy": _t("The till is busy. Nothing was saved. Press Enter to try again."),
        "disk_full": _t("The disk is full. Nothing was saved. Call your technician."),
        "store_error": _t("The database failed. Nothing was saved. Try again, then call your technician."),
        "store_conflict": _t("This clashes with a record already stored. Nothing was saved."),
        "audit_append_only": _t("The audit log cannot be changed."),
        "outbox_unsent": _t("Work not yet sent to the server cannot be removed."),
        "data_dir_locked": _t("This till's data is in use by another TopUp POS. Close it first."),
        "setting_invalid": _t("That setting has a value it cannot take."),
        "shop_name_empty": _t("Type the shop's name: it is printed on every receipt."),
        "limit_invalid": _t("The limit is a whole number from 1 upwards."),
        "invalid_input": _t("Something typed is not right. Check it and try again."),
        "agent_unknown": _t("There is no such agent."),
        "agent_name_invalid": _t("An agent needs a name of 1 to 120 characters."),
        "risk_rule_unknown": _t("There is no such risk rule."),
        "risk_action_invalid": _t("That is not an action a risk rule can take."),
        # issue 11 (server hardening)
        "duplicate_other_terminal": _t("The server had already accepted this sale from this till before it was enrolled again. It was charged once. A manager must check it."),
        "rate_limited": _t("Too many customer lookups in a short time. Wait a moment and try again."),
        "input_invalid": _t("The server refused a value that was sent. Nothing was saved. Call your technician."),
        "server_key_invalid": _t("The prepaid server's key is damaged. Call your technician."),
        "server_key_mode": _t("The prepaid server's key file can be read by other users. Call your technician."),
        # issue 11 (terminal hardening)
        "reenroll_unsettled": _t("This till still has sales waiting for the server's answer. Sync them first, then enroll again."),
        "admin_required": _t("Only an administrator can do this."),
        "setting_unknown": _t("There is no such setting."),
        "ca_bundle_missing": _t("The certificate file for the server does not exist."),
        "pin_key_unreadable": _t("The voucher PIN key cannot be read. Call your technician."),
        "sale_not_disputed": _t("This sale has no dispute with the server to settle."),
        "dispute_outcome_invalid": _t("Settle it as confirmed or rejected, as the server's record says."),
        "tls_untrusted": _t("The server's certificate could not be verified. Call your technician."),
        "pin_key_mismatch": _t("A voucher PIN cannot be opened with this till's key. Call your technician."),
        # issue 15: real-time charging
        "charging_not_allowed": _t("A till cannot charge usage; only a charging client can."),
        "charging_client_unknown": _t("This charging client is not enrolled with the server."),
        "charging_client_disabled": _t("This charging client has been disabled."),
        "charging_client_name_invalid": _t("A charging client needs a name of 1 to 120 characters."),
        "credit_limit_reached": _t("The customer has no credit left for this."),
        "units_invalid": _t("The number of units is not a whole number the server accepts."),
        "service_unknown": _t("That service is not voice, data or SMS."),
        "service_not_rated": _t("The tariff has no price for that service."),
        "tariff_missing": _t("The catalog has no tariff yet, so usage cannot be charged."),
        "tariff_invalid": _t("The tariff in this catalog is not valid."),
        "request_conflict": _t("This request number was already used with other content."),
        "request_out_of_order": _t("This request came after a later one of the same session."),
        "session_exists": _t("That charging session is already open."),
        "session_unknown": _t("There is no such charging session."),
        "session_closed": _t("That charging session is already closed."),
        "session_released": _t("That charging session timed out and its reservation was released."),
        "validity_invalid": _t("A bundle is valid for 1 to 366 days."),
        "days_invalid": _t("Usage can be shown for 1 to 92 days."),
        "statement_link_invalid": _t("This statement link is not valid."),
        # issue 16: the distributor's console
        "role_invalid": _t("That is not an operator role (admin, finance, risk or support)."),
        "password_weak": _t("A password needs at least 10 characters."),
        "csrf_invalid": _t("The form was out of date. Reload the page and try again."),
        "transfer_not_allowed": _t("Float moves only from a dealer to its own retailers."),
        "transfer_id_invalid": _t("The transfer has no valid id. Reload the page and try again."),
        "agent_parent_invalid": _t("That parent agent cannot be used (another currency?)."),
        "day_invalid": _t("A day is written YYYY-MM-DD."),
        # issue 16 (console): the catalog editor and passwords in the browser
        "draft_unknown": _t("There is no such catalog draft."),
        "draft_published": _t("This draft is already published. Start a new draft from the current version."),
        "draft_changed": _t("Someone else changed this draft meanwhile. Reload it and edit again."),
        "password_change_required": _t("Choose a new password first."),
        "reset_self": _t("Change your own password on the password page (your old one is needed)."),
        "password_wrong": _t("Your current password is not right."),
        "password_same": _t("Choose a password that differs from the current one."),
        # issue 12 (counter)
        "pin_only_no_match": _t("No single person has this PIN here. Choose your name (Up/Down keys), then type "
                                "your PIN."),
        "pin_only_unavailable": _t("Choose your name first (Up/Down keys), then type your PIN."),
        # issue 14
        "points_insufficient": _t("The customer does not have enough points for this sale. Take another payment."),
        "points_unavailable": _t("There is no loyalty programme: points cannot pay for this sale."),
        # issue 14 (till-points)
        "points_offline_off": _t("Points can pay only while the till reaches the server. Take another payment."),
        "points_offline_unknown": _t("Offline, this till has not seen the customer's points yet. "
                                     "Take another payment."),
        "points_offline_cap": _t("Offline, points can pay only up to the offline limit for this customer. "
                                 "Take another payment or reconnect."),
        "alert_unknown": _t("That alert is not one of this shop's."),
        # issue 14 (refunds)
        "reason_code_required": _t("Pick the reason for the reversal."),
        "reason_code_unknown": _t("Pick one of the reasons offered for a reversal."),
        "approver_required": _t("A manager must approve the reversal."),
        "second_approver_required": _t("Above this amount the refund policy needs a second, different manager to approve."),
        "second_approver_same": _t("The second approval must come from a different manager."),
        "partial_not_allowed": _t("The refund policy allows full reversals only: the customer has used part of the airtime."),
        "partial_needs_consent": _t("Part of the airtime was used. Only what remains can be taken back: tick partial reversal to accept it."),
        "reversal_pending": _t("A reversal of this sale is already waiting for the server."),
    }


def _amount(exc: DomainError, key: str, locale: str) -> str:
    return format_money(Money(int(exc.details[key]), str(exc.details["currency"])), locale, short=True)


def _with_details(exc: DomainError, locale: str) -> str | None:
    """Messages that name what is allowed (the SaleDraft and the use cases put it in the details)."""
    d = exc.details
    if "currency" not in d:
        return None
    if exc.code == "amount_below_min" and "min" in d:
        return _t("The smallest amount is %1.").replace("%1", _amount(exc, "min", locale))
    if exc.code == "amount_above_max" and "max" in d:
        return _t("The largest amount is %1.").replace("%1", _amount(exc, "max", locale))
    if exc.code == "amount_off_step" and "step" in d:
        nearest = [format_money(Money(int(a), str(d["currency"])), locale, short=True) for a in d.get("nearest", [])]
        if len(nearest) == 2:
            return _t("Amounts go up in steps of %1. Did you mean %2 or %3?").replace(
                "%1", _amount(exc, "step", locale)).replace("%2", nearest[0]).replace("%3", nearest[1])
        return _t("Amounts go up in steps of %1.").replace("%1", _amount(exc, "step", locale))
    if exc.code == "amount_above_sale_limit" and "max_sale" in d:
        return _t("One sale can be at most %1. Split it into two sales.").replace("%1", _amount(exc, "max_sale", locale))
    return None


def friendly(exc: BaseException, locale: str = DEFAULT_LOCALE) -> str:
    """The clerk's message for an error, in their language; amounts in `locale`'s formats."""
    if isinstance(exc, DomainError):
        detailed = _with_details(exc, locale)
        if detailed is not None:
            return detailed
        if exc.code == "login_failed" and "tries_left" in exc.details:
            left = int(exc.details["tries_left"])  # type: ignore[arg-type]
            return QCoreApplication.translate("Errors", "Wrong PIN. %n tries left before a lockout.", "", left)
        if exc.code == "login_locked":
            wait = int(exc.details.get("retry_after_s", 0) or 0)  # type: ignore[arg-type]
            return locked_message(wait)
        if exc.code.startswith("http_"):  # a server's refusal without a code of its own
            return _t("The server refused this (HTTP %1).").replace("%1", exc.code[5:])
        text = _messages().get(exc.code)
        if text is None:
            log.warning("no clerk text for error code %r; showing its own message", exc.code)
            return exc.message
        return text
    return _t("Something went wrong on this till (%1). Your sale in progress is kept; try again.").replace(
        "%1", type(exc).__name__)


# issue 12: codes whose exception carries a sentence that says exactly what is wrong with what was
# typed (the printing adapter's "'x' is not a printer address; use e.g. tcp://192.168.1.50:9100"):
# beside the field, that sentence says more than the code's general text.
OWN_MESSAGE_CODES = frozenset({"printer_uri_invalid"})


def field_message(exc: BaseException | None, locale: str = DEFAULT_LOCALE) -> str:
    """The text to show beside a field for `exc`: the exception's own sentence for the codes above,
    else the clerk's text for its code ("" for None)."""
    if exc is None:
        return ""
    if isinstance(exc, DomainError) and exc.code in OWN_MESSAGE_CODES and exc.message and exc.message != exc.code:
        return exc.message
    return friendly(exc, locale)


def locked_message(wait_s: int) -> str:
    return QCoreApplication.translate("Errors", "Too many wrong PINs. Try again in %n s.", "", max(wait_s, 0))


ErrorSink = Callable[[BaseException], None]


def logged(what: str) -> ErrorSink:
    """An `on_error` for background reads nobody needs to see fail (the next refresh tries again):
    the failure goes to the log, never nowhere."""
    def sink(exc: BaseException) -> None:
        log.warning("%s failed: %s", what, getattr(exc, "code", None) or f"{type(exc).__name__}: {exc}")
    return sink


def install_excepthook(show: ErrorSink) -> Callable[..., None]:
    """Route uncaught GUI exceptions to the log and to ``show`` (a banner) instead of a crash.

    Returns the previous hook so callers (tests) can restore it.
    """
    previous = sys.excepthook

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            previous(exc_type, exc, tb)
            return
        log.error("unexpected error in the GUI:\n%s", "".join(traceback.format_exception(exc_type, exc, tb)))
        try:
            show(exc)
        except Exception:  # noqa: BLE001 - never raise from the hook itself
            log.exception("could not show the error")

    sys.excepthook = hook
    return previous
