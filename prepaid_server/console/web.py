"""What every console route shares: the session cookie, the CSRF check, bounded form reading,
templates, and HTML error pages (a clear 4xx page, never a 5xx, for bad input)."""
from __future__ import annotations

import os
import secrets
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from topup_core.errors import DomainError, ValidationError
from topup_core.formatting import format_amount, format_number
from topup_core.money import currency_exponent

from ..services import operators
from ..services.context import ServerContext
from . import i18n

PREFIX = "/console"
COOKIE = "topup_console"
LOGIN_COOKIE = "topup_console_login"  # double-submit CSRF token of the login form (no session yet)
MAX_BODY = 64 * 1024
MAX_FIELDS = 50
HERE = Path(__file__).resolve().parent
HTMX = "htmx-2.0.4.min.js"
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}

_env = Environment(loader=FileSystemLoader(str(HERE / "templates")),
                   autoescape=select_autoescape(["html"], default_for_string=True, default=True),
                   trim_blocks=True, lstrip_blocks=True)


class WebError(DomainError):
    """A request the console refuses at its edge, with its HTTP status."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(code, message)
        self.status = status


def cookie_secure() -> bool:
    """Secure cookies unless POS_CONSOLE_COOKIE_SECURE=0 (plain-http development only)."""
    return os.environ.get("POS_CONSOLE_COOKIE_SECURE", "1") != "0"


def ctx_of(request: Request) -> ServerContext:
    return request.app.state.ctx


def language(request: Request, actor: operators.Actor | None = None) -> str:
    return i18n.choose(actor.language if actor else "", request.headers.get("accept-language"))


def _money(lang: str):  # noqa: ANN202
    locale = "fr_FR" if lang == "fr" else "en_KE"
    return lambda amount, currency: format_amount(int(amount), currency, locale)


def _when(ms: int) -> str:
    from datetime import datetime, timezone
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc).strftime("%Y-%m-%d %H:%M:%S")


def render(request: Request, template: str, status: int = 200, session: operators.Session | None = None,
           **values: Any) -> HTMLResponse:
    lang = language(request, session.actor if session else None)
    t = i18n.translator(lang)
    body = _env.get_template(template).render(
        t=t, lang=lang, session=session, actor=session.actor if session else None,
        csrf=session.csrf if session else values.pop("csrf", ""), prefix=PREFIX, htmx=HTMX,
        money=_money(lang), number=lambda n: format_number(int(n), "fr_FR" if lang == "fr" else "en_KE"),
        when=_when, may=lambda perm: session is not None and not session.actor.must_change
        and operators.may_do(session.actor, perm), **values)
    return HTMLResponse(body, status_code=status, headers=SECURITY_HEADERS)


def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


async def read_form(request: Request) -> dict[str, str]:
    """The urlencoded form, at most MAX_BODY bytes and MAX_FIELDS fields, NUL bytes refused."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/x-www-form-urlencoded":
        raise WebError(415, "unsupported_media_type", "Forms are sent as application/x-www-form-urlencoded.")
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > MAX_BODY):
        raise WebError(413, "payload_too_large", "That request is too large.")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            raise WebError(413, "payload_too_large", "That request is too large.")
    try:
        text = body.decode("ascii")
        pairs = parse_qs(text, keep_blank_values=True, max_num_fields=MAX_FIELDS, encoding="utf-8", errors="strict")
    except (UnicodeDecodeError, ValueError):
        raise WebError(400, "bad_request", "The request contains characters that are not allowed.") from None
    form = {k: v[0] for k, v in pairs.items()}
    if any("\x00" in k or "\x00" in v for k, v in form.items()):
        raise WebError(400, "bad_request", "The request contains characters that are not allowed.")
    return form


def current_session(request: Request) -> operators.Session:
    token = request.cookies.get(COOKIE)
    return operators.session(ctx_of(request), token)


def check_csrf(request: Request, session: operators.Session, form: dict[str, str]) -> None:
    given = request.headers.get("x-csrf-token") or form.get("csrf")
    if not operators.csrf_ok(session.csrf, given):
        raise WebError(403, "csrf_invalid", "The form was out of date. Reload the page and try again.")


async def posted(request: Request) -> tuple[operators.Session, dict[str, str]]:
    """A state-changing request: a live session, a bounded form, the right CSRF token."""
    session = current_session(request)
    form = await read_form(request)
    check_csrf(request, session, form)
    return session, form


def new_login_token() -> str:
    return secrets.token_urlsafe(24)


def set_session_cookie(response: Response, token: str) -> None:
    response.set_cookie(COOKIE, token, httponly=True, secure=cookie_secure(), samesite="strict", path=PREFIX)


def minor_units(text: str, currency: str) -> int:
    """'1500' or '1500.50' (or '1500,50') in major units -> minor units; anything else is refused."""
    raw = (text or "").strip().replace(" ", "").replace(",", ".")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValidationError("amount_invalid", "Type an amount such as 1500 or 1500.50.") from None
    if not value.is_finite() or len(raw) > 20:
        raise ValidationError("amount_invalid", "Type an amount such as 1500 or 1500.50.")
    minor = value.scaleb(currency_exponent(currency))
    if minor != minor.to_integral_value():
        raise ValidationError("amount_invalid", "Type an amount such as 1500 or 1500.50.")
    return int(minor)


def whole(text: str, default: int = 0) -> int:
    raw = (text or "").strip()
    if not raw:
        return default
    if not raw.lstrip("-").isdigit() or len(raw) > 18:
        raise ValidationError("invalid_input", "A whole number is expected.")
    return int(raw)


def error_page(request: Request, status: int, code: str, message: str) -> Response:
    """A 4xx page the operator can read (or, for an expired session, the way to the login page)."""
    if code == "password_change_required" and not is_htmx(request):  # a temporary password: change it first
        return RedirectResponse(f"{PREFIX}/password", status_code=303)
    if code == "session_expired":
        if is_htmx(request):
            return Response(status_code=401, headers={"HX-Redirect": f"{PREFIX}/login"})
        if request.method == "GET":
            return RedirectResponse(f"{PREFIX}/login", status_code=303)
    session = None
    try:
        session = current_session(request) if code != "session_expired" else None
    except DomainError:
        session = None
    lang = language(request, session.actor if session else None)
    response = render(request, "error.html", status=status, session=session, code=code,
                      message=i18n.error_text(lang, code, message))
    if is_htmx(request):  # show the message where the form is
        response.headers["HX-Retarget"] = "#flash"
        response.headers["HX-Reswap"] = "innerHTML"
    return response


