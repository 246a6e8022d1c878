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
    # Built on each call so a translator installed later is honoured.
    return {
        "msisdn_empty": _t("Type the customer's phone number."),
        "msisdn_invalid_characters": _t("Digits only, please (spaces and dashes are fine)."),
        "msisdn_too_short": _t("The number is too short. Check it with the customer."),
        "msisdn_too_long": _t("The number is too long. Check it with the customer."),
        "msisdn_wrong_country": _t("Only numbers of this country can be topped up here."),
        "msisdn_invalid": _t("That number does not exist. Check the digits with the customer."),
        "msisdn_not_mobile": _t("That is not a mobile number. Ask for the customer's mobile number."),
        "operator_missing": _t("Choose the customer's network."),
        "amount_invalid": _t("Type the amount in digits, for example 100 or 99.50."),
        "amount_not_positive": _t("The amount must be more than zero."),
        "amount_absurd": _t("That amount is not possible. Check the digits."),
        "amount_not_a_denomination": _t("Pick one of the amounts shown for this product."),
        "amount_missing": _t("Type the amount, or tap one."),
        "product_missing": _t("Choose a product first."),
        "product_unknown": _t("That product is no longer sold. Pick another."),
        "product_unavailable": _t("That product is not on sale right now. Pick another."),
        "voucher_out_of_stock": _t("No vouchers of this amount left here. Sell another amount or a pinless top-up."),
        "tendered_missing": _t("Type the cash the customer handed over."),
        "tendered_too_low": _t("That is less than the price. Take more cash or choose another payment."),
        "payment_reference_missing": _t("Type the reference from the card or mobile-money slip."),
        "payment_reference_invalid": _t("A reference has 3 to 64 letters, digits, dashes or slashes."),
        "payment_method_unknown": _t("Choose cash, card or mobile money."),
        "login_failed": _t("Wrong user or PIN."),
        "pin_invalid": _t("A PIN is 4 to 8 digits."),
        "session_expired": _t("Your session has ended. Type your PIN to go on."),
        "permission_denied": _t("You may not do this. Ask a manager."),
        "catalog_missing": _t("There is no price list yet. Connect to the server to download it."),
        "store_busy": _t("The till is busy. Nothing was saved. Press Enter to try again."),
        "disk_full": _t("The disk is full. Nothing was saved. Call your technician."),
        "store_error": _t("The database failed. Nothing was saved. Try again, then call your technician."),
        "sale_unknown": _t("That sale is not on this till."),
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
        return _messages().get(exc.code, exc.message)
    return _t("Something went wrong on this till (%1). Your sale in progress is kept; try again.").replace(
        "%1", type(exc).__name__)


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
