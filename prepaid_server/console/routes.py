"""The console's pages under /console. Routes are thin: read the request, call one use case
(services/), render a template. Roles are checked by the use cases, not here."""
from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Path as FPath, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from topup_core.errors import AuthenticationError, DomainError, ValidationError

from ..services import audit, care, catalog_editor, hierarchy, operators, risk_desk, settlement, terminal_desk
from . import web
from .web import PREFIX, posted, render


def _see(path: str) -> RedirectResponse:
    return RedirectResponse(f"{PREFIX}{path}", status_code=303)


def build_router() -> APIRouter:
    r = APIRouter(prefix=PREFIX, include_in_schema=False)

    # ------------------------------------------------------------ login

    @r.get("/login")
    def login_page(request: Request) -> Response:
        token = web.new_login_token()
        response = render(request, "login.html", csrf=token)
        response.set_cookie(web.LOGIN_COOKIE, token, httponly=True, secure=web.cookie_secure(), samesite="strict",
                            path=PREFIX)
        return response

    @r.post("/login")
    async def login(request: Request) -> Response:
        form = await web.read_form(request)
        expected = request.cookies.get(web.LOGIN_COOKIE) or ""
        if not expected or not operators.csrf_ok(expected, form.get("csrf")):
            raise web.WebError(403, "csrf_invalid", "The form was out of date. Reload the page and try again.")
        ctx = web.ctx_of(request)
        try:
            session = await run_in_threadpool(operators.login, ctx, form.get("name", ""), form.get("password", ""),
                                              request.cookies.get(web.COOKIE))
        except AuthenticationError as exc:
            token = web.new_login_token()
            lang = web.language(request)
            from .i18n import error_text
            response = render(request, "login.html", status=401 if exc.code == "login_failed" else 429, csrf=token,
                              error=error_text(lang, exc.code, exc.message), name=form.get("name", "")[:64])
            response.set_cookie(web.LOGIN_COOKIE, token, httponly=True, secure=web.cookie_secure(),
                                samesite="strict", path=PREFIX)
            return response
        response = _see("/password" if session.actor.must_change else "/agents")
        web.set_session_cookie(response, session.token)
        response.delete_cookie(web.LOGIN_COOKIE, path=PREFIX)
        return response

    @r.post("/logout")
    async def logout(request: Request) -> Response:
        session, _form = await posted(request)
        await run_in_threadpool(operators.logout, web.ctx_of(request), session.token)
        response = _see("/login")
        response.delete_cookie(web.COOKIE, path=PREFIX)
        return response

    @r.post("/language")
    async def set_language(request: Request) -> Response:
        session, form = await posted(request)
        await run_in_threadpool(operators.set_language, web.ctx_of(request), session.actor, form.get("language", ""))
        return _see(form.get("back", "/agents") if form.get("back", "").startswith("/") else "/agents")

    @r.get("")
    @r.get("/")
    def index(request: Request) -> Response:
        web.current_session(request)
        return _see("/agents")

    # ------------------------------------------------------------ agents

    @r.get("/agents")
    def agents(request: Request, q: str = "", offset: int = 0) -> Response:
        session = web.current_session(request)
        found = hierarchy.list_agents(web.ctx_of(request), session.actor, q[:120], max(0, min(offset, 10**7)))
        template = "agents_table.html" if web.is_htmx(request) else "agents.html"
        return render(request, template, session=session, found=found, q=q[:120],
                      password_changed=request.query_params.get("notice") == "password")

    @r.get("/agents/new")
    def new_agent(request: Request, parent: str = "") -> Response:
        session = web.current_session(request)
        dealers = hierarchy.list_agents(web.ctx_of(request), session.actor, "", 0, 200).agents
        return render(request, "agent_new.html", session=session, dealers=dealers, parent=parent[:36])

    @r.post("/agents")
    async def create_agent(request: Request) -> Response:
        session, form = await posted(request)
        agent_id = await run_in_threadpool(
            hierarchy.create_agent, web.ctx_of(request), session.actor, form.get("name", ""),
            web.whole(form.get("limit", "")), (form.get("currency") or "KES").strip().upper()[:3],
            form.get("prefix") or None, form.get("parent") or None)
        return _see(f"/agents/{agent_id}")

    @r.get("/agents/{agent_id}")
    def agent(request: Request, agent_id: str) -> Response:
        session = web.current_session(request)
        page = hierarchy.agent_page(web.ctx_of(request), session.actor, agent_id[:36])
        return render(request, "agent.html", session=session, page=page, a=page.agent,
                      transfer_id=str(uuid.uuid4()), notice=request.query_params.get("notice", "")[:40])

    @r.post("/agents/{agent_id}/deposit")
    async def deposit(request: Request, agent_id: str) -> Response:
        session, form = await posted(request)
        ctx = web.ctx_of(request)
        page = hierarchy.agent_page(ctx, session.actor, agent_id[:36], history=0)
        amount = web.minor_units(form.get("amount", ""), page.agent.currency)
        await run_in_threadpool(hierarchy.deposit, ctx, session.actor, agent_id, amount)
        return _see(f"/agents/{agent_id}?notice=deposit")

    @r.post("/agents/{agent_id}/transfer")
    async def transfer(request: Request, agent_id: str) -> Response:
        session, form = await posted(request)
        ctx = web.ctx_of(request)
        page = hierarchy.agent_page(ctx, session.actor, agent_id[:36], history=0)
        amount = web.minor_units(form.get("amount", ""), page.agent.currency)
        result = await run_in_threadpool(hierarchy.transfer, ctx, session.actor, form.get("transfer_id", ""),
                                         agent_id, form.get("to", ""), amount)
        return _see(f"/agents/{agent_id}?notice={'duplicate' if result.duplicate else 'transfer'}")

    @r.post("/requests/{request_id}")
    async def decide_request(request: Request, request_id: str) -> Response:
        session, form = await posted(request)
        view = await run_in_threadpool(hierarchy.decide_request, web.ctx_of(request), session.actor, request_id[:64],
                                       form.get("decision") == "approve")
        return _see(f"/agents/{view.parent_id}?notice=transfer")

    @r.post("/agents/{agent_id}/code")
    async def issue_code(request: Request, agent_id: str) -> Response:
        session, _form = await posted(request)
        code = await run_in_threadpool(hierarchy.issue_code, web.ctx_of(request), session.actor, agent_id[:36])
        return render(request, "code.html", session=session, code=code, agent_id=agent_id, qr=_qr_svg(code))

    # ------------------------------------------------------------ terminals

    @r.get("/terminals/{terminal_id}")
    def terminal(request: Request, terminal_id: str) -> Response:
        session = web.current_session(request)
        found = terminal_desk.page(web.ctx_of(request), session.actor, terminal_id[:36])
        return render(request, "terminal.html", session=session, p=found, term=found.terminal)

    @r.post("/terminals/{terminal_id}/state")
    async def terminal_state(request: Request, terminal_id: str) -> Response:
        session, form = await posted(request)
        await run_in_threadpool(terminal_desk.set_disabled, web.ctx_of(request), session.actor, terminal_id[:36],
                                form.get("disabled") == "1")
        return _see(f"/terminals/{terminal_id[:36]}")

    # ------------------------------------------------------------ settlement

    @r.get("/settlement")
    def settlement_page(request: Request, agent: str = "", day: str = "") -> Response:
        session = web.current_session(request)
        operators.require(session.actor, "settlement.view")
        ctx = web.ctx_of(request)
        day = day[:10] or _today(ctx)
        agents = [_Named(i, n) for i, n in hierarchy.agent_names(ctx, session.actor)]  # ids and names only
        result = settlement.for_agent(ctx, session.actor, agent[:36], day) if agent else None
        return render(request, "settlement.html", session=session, agents=agents, agent=agent[:36], day=day,
                      s=result, peak=max(result.hourly_face) if result and any(result.hourly_face) else 1)

    @r.get("/settlement.csv")
    def settlement_csv(request: Request, agent: str = "", day: str = "") -> Response:
        session = web.current_session(request)
        ctx = web.ctx_of(request)
        day = day[:10] or _today(ctx)
        rows = [settlement.for_agent(ctx, session.actor, agent[:36], day)] if agent else \
            settlement.all_agents(ctx, session.actor, day)
        return Response(settlement.to_csv(rows), media_type="text/csv; charset=utf-8",
                        headers={**web.SECURITY_HEADERS,
                                 "Content-Disposition": f'attachment; filename="settlement-{day}.csv"'})

    @r.get("/settlement.pdf")
    def settlement_pdf(request: Request, agent: str = "", day: str = "") -> Response:
        session = web.current_session(request)
        ctx = web.ctx_of(request)
        day = day[:10] or _today(ctx)
        from ..services.settlement_pdf import to_pdf
        body = to_pdf([settlement.for_agent(ctx, session.actor, agent[:36], day)])
        return Response(body, media_type="application/pdf",
                        headers={**web.SECURITY_HEADERS,
                                 "Content-Disposition": f'attachment; filename="settlement-{day}.pdf"'})

    # ------------------------------------------------------------ risk desk

    @r.get("/risk")
    def risk_page(request: Request, rule: str = "", state: str = "open") -> Response:
        session = web.current_session(request)
        ctx = web.ctx_of(request)
        low, hours = risk_desk.low_float(ctx, session.actor)
        rules, _hours = risk_desk.rules(ctx, session.actor)
        found = risk_desk.alerts(ctx, session.actor, rule[:32], state[:12])
        return render(request, "risk.html", session=session, low=low, hours=hours, rules=rules, alerts=found,
                      rule=rule[:32], state=state[:12])

    @r.post("/risk/alerts/{alert_id}")
    async def handle_alert(request: Request, alert_id: Annotated[int, FPath(ge=1, le=2**62)]) -> Response:
        session, form = await posted(request)
        await run_in_threadpool(risk_desk.handle, web.ctx_of(request), session.actor, alert_id,
                                form.get("state", ""), form.get("note", ""))
        return _see("/risk")

    @r.post("/risk/rules")
    async def set_rule(request: Request) -> Response:
        session, form = await posted(request)
        ctx = web.ctx_of(request)
        if form.get("rule") == risk_desk.LOW_FLOAT_HOURS:
            await run_in_threadpool(risk_desk.set_low_float_hours, ctx, session.actor, web.whole(form.get("threshold")))
        else:
            await run_in_threadpool(risk_desk.set_rule, ctx, session.actor, form.get("rule", ""),
                                    form.get("action", ""), web.whole(form.get("threshold")))
        return _see("/risk")

    # ------------------------------------------------------------ customer care

    @r.get("/care")
    def care_page(request: Request) -> Response:
        session = web.current_session(request)
        operators.require(session.actor, "customers.view")
        return render(request, "care.html", session=session, view=None)

    @r.post("/care")
    async def care_lookup(request: Request) -> Response:
        # A POST (with CSRF), so the number never sits in a URL, a log line or the browser history.
        session, form = await posted(request)
        view = await run_in_threadpool(care.lookup, web.ctx_of(request), session.actor, form.get("msisdn", ""))
        return render(request, "care.html", session=session, view=view)

    # ------------------------------------------------------------ operators

    @r.get("/operators")
    def operators_page(request: Request) -> Response:
        session = web.current_session(request)
        found = operators.list_operators(web.ctx_of(request), session.actor)
        return render(request, "operators.html", session=session, operators=found)

    @r.post("/operators")
    async def add_operator(request: Request) -> Response:
        session, form = await posted(request)
        await run_in_threadpool(operators.add, web.ctx_of(request), session.actor, form.get("name", ""),
                                form.get("role", ""), form.get("password", ""))
        return _see("/operators")

    @r.post("/operators/{name}/reset")
    async def operator_reset(request: Request, name: str) -> Response:
        # The temporary password is in this one response only (no redirect, no URL, no-store).
        session, _form = await posted(request)
        temporary = await run_in_threadpool(operators.reset_temporary, web.ctx_of(request), session.actor, name[:64])
        found = operators.list_operators(web.ctx_of(request), session.actor)
        return render(request, "operators.html", session=session, operators=found, reset_name=name[:64],
                      temporary=temporary)

    @r.get("/password")
    def password_page(request: Request) -> Response:
        session = web.current_session(request)
        return render(request, "password.html", session=session)

    @r.post("/password")
    async def password_change(request: Request) -> Response:
        session, form = await posted(request)
        if form.get("new", "") != form.get("repeat", ""):
            return render(request, "password.html", status=422, session=session,
                          error=i18n_t(request, session, "The two new passwords differ."))
        try:
            await run_in_threadpool(operators.change_own_password, web.ctx_of(request), session.actor,
                                    form.get("old", ""), form.get("new", ""), session.token)
        except (AuthenticationError, ValidationError) as exc:
            if exc.code == "session_expired":
                raise
            from .i18n import error_text
            return render(request, "password.html", status=401 if isinstance(exc, AuthenticationError) else 422,
                          session=session, error=error_text(web.language(request, session.actor), exc.code,
                                                            exc.message))
        return _see("/agents?notice=password")

    @r.post("/operators/{name}/state")
    async def operator_state(request: Request, name: str) -> Response:
        session, form = await posted(request)
        await run_in_threadpool(operators.set_disabled, web.ctx_of(request), session.actor, name[:64],
                                form.get("disabled") == "1")
        return _see("/operators")

    # ------------------------------------------------------------ audit

    @r.get("/audit")
    def audit_log(request: Request) -> Response:
        session = web.current_session(request)
        operators.require(session.actor, "audit.view")
        return render(request, "audit.html", session=session, events=audit.latest(web.ctx_of(request), 200))

    # ------------------------------------------------------------ catalog editor

    @r.get("/catalog")
    def catalog_page(request: Request) -> Response:
        session = web.current_session(request)
        versions, drafts = catalog_editor.history(web.ctx_of(request), session.actor)
        return render(request, "catalog.html", session=session, versions=versions, drafts=drafts,
                      grace_h=web.ctx_of(request).settings.catalog_grace_ms // 3_600_000,
                      published=request.query_params.get("published", "")[:12])

    @r.get("/catalog/versions/{version}")
    def catalog_version(request: Request, version: Annotated[int, FPath(ge=1, le=10**9)]) -> Response:
        session = web.current_session(request)
        text = catalog_editor.version_document(web.ctx_of(request), session.actor, version)
        return render(request, "catalog_version.html", session=session, version=version, text=text)

    @r.post("/catalog/drafts")
    async def catalog_new_draft(request: Request) -> Response:
        session, form = await posted(request)
        base = web.whole(form.get("from_version", ""), 0) or None
        draft_id = await run_in_threadpool(catalog_editor.create_draft, web.ctx_of(request), session.actor, base)
        return _see(f"/catalog/drafts/{draft_id}")

    def _draft_page(request: Request, session, draft_id: str, status: int = 200, **values) -> Response:  # noqa: ANN001, ANN003
        draft = catalog_editor.get_draft(web.ctx_of(request), session.actor, draft_id)
        edit = values.pop("edit", request.query_params.get("edit", ""))
        index = int(edit) if str(edit).isdigit() and int(edit) < len(draft.products) else None
        product = values.pop("product", None)
        if product is None:
            product = _product_form(draft.products[index]) if index is not None else {"kind": "fixed"}
        if request.query_params.get("notice") == "saved" and status == 200 and "preview" not in values:
            values.setdefault("request_notice", i18n_t(request, session, "Saved."))
        return render(request, "catalog_draft.html", status=status, session=session, d=draft, edit_index=index,
                      product=product, fields=catalog_editor.PRODUCT_FIELDS, **values)

    @r.get("/catalog/drafts/{draft_id}")
    def catalog_draft(request: Request, draft_id: str) -> Response:
        session = web.current_session(request)
        return _draft_page(request, session, draft_id[:36])

    async def _draft_edit(request: Request, draft_id: str, work, **kept) -> Response:  # noqa: ANN001, ANN003
        session, form = await posted(request)
        revision = web.whole(form.get("revision", ""), 0) or None
        try:
            await run_in_threadpool(work, session, form, revision)
        except catalog_editor.FieldError as exc:
            values = {k: (fn(form) if callable(fn) else fn) for k, fn in kept.items()}
            return _draft_page(request, session, draft_id[:36], status=422, error=exc.message, error_field=exc.field,
                               **values)
        return _see(f"/catalog/drafts/{draft_id[:36]}?notice=saved")

    @r.post("/catalog/drafts/{draft_id}/products")
    async def catalog_product(request: Request, draft_id: str) -> Response:
        def work(session, form, revision):  # noqa: ANN001, ANN202
            raw = form.get("index", "")
            index = int(raw) if raw.isdigit() else None
            catalog_editor.save_product(web.ctx_of(request), session.actor, draft_id[:36], index, form, revision)
        return await _draft_edit(request, draft_id, work, product=lambda f: {k: f.get(k, "") for k in
                                                                             catalog_editor.PRODUCT_FIELDS},
                                 edit=lambda f: f.get("index", ""))

    @r.post("/catalog/drafts/{draft_id}/products/{index}/remove")
    async def catalog_product_remove(request: Request, draft_id: str,
                                     index: Annotated[int, FPath(ge=0, le=10_000)]) -> Response:
        def work(session, form, revision):  # noqa: ANN001, ANN202
            catalog_editor.remove_product(web.ctx_of(request), session.actor, draft_id[:36], index, revision)
        return await _draft_edit(request, draft_id, work)

    @r.post("/catalog/drafts/{draft_id}/sections")
    async def catalog_section(request: Request, draft_id: str) -> Response:
        def work(session, form, revision):  # noqa: ANN001, ANN202
            catalog_editor.save_section(web.ctx_of(request), session.actor, draft_id[:36], form.get("key", ""),
                                        form.get("text", ""), revision)
        return await _draft_edit(request, draft_id, work,
                                 section_text=lambda f: {f.get("key", ""): f.get("text", "")},
                                 new_key=lambda f: f.get("key", ""))

    @r.post("/catalog/drafts/{draft_id}/preview")
    async def catalog_preview(request: Request, draft_id: str) -> Response:
        session, form = await posted(request)
        ctx = web.ctx_of(request)
        draft = catalog_editor.get_draft(ctx, session.actor, draft_id[:36])
        asked = {k: form.get(k, "")[:40] for k in ("operator", "amount", "msisdn", "at")}
        try:
            face = web.minor_units(asked["amount"], str(draft.document.get("currency", "KES")))
            at_ms = _utc_ms(asked["at"]) if asked["at"].strip() else None
            result = await run_in_threadpool(catalog_editor.preview, ctx, session.actor, draft.id, asked["operator"],
                                             face, asked["msisdn"], at_ms)
        except (catalog_editor.FieldError, ValidationError) as exc:
            return _draft_page(request, session, draft.id, status=422, error=exc.message,
                               error_field=getattr(exc, "field", "amount"), asked=asked)
        return _draft_page(request, session, draft.id, preview=result, asked=asked)

    @r.post("/catalog/drafts/{draft_id}/publish")
    async def catalog_publish(request: Request, draft_id: str) -> Response:
        session, form = await posted(request)
        revision = web.whole(form.get("revision", ""), 0) or None
        version = await run_in_threadpool(catalog_editor.publish, web.ctx_of(request), session.actor,
                                          draft_id[:36], revision)
        return _see(f"/catalog?published={version}")

    return r


class _Named:
    __slots__ = ("id", "name")

    def __init__(self, id_: str, name: str) -> None:
        self.id, self.name = id_, name


def i18n_t(request: Request, session, text: str) -> str:  # noqa: ANN001
    from .i18n import translator
    return translator(web.language(request, session.actor))(text)


def _product_form(product: dict) -> dict[str, str]:
    """A draft product as the form's text fields."""
    out = {}
    for name in ("code", "operator", "name", "kind", "commission_bps", "min", "max", "step", "fee", "valid_from",
                 "valid_to"):
        value = product.get(name)
        out[name] = "" if value is None else str(value)
    out["denominations"] = ", ".join(str(d) for d in product.get("denominations", []) or [])
    return out


def _utc_ms(text: str) -> int:
    from datetime import datetime, timezone
    try:
        at = datetime.fromisoformat(text.strip())
    except ValueError:
        raise catalog_editor.FieldError("at", "A date and time such as 2026-12-24T10:00 (UTC).") from None
    if at.tzinfo is None:
        at = at.replace(tzinfo=timezone.utc)
    return int(at.timestamp() * 1000)


def _today(ctx) -> str:  # noqa: ANN001
    from datetime import datetime, timezone
    return datetime.fromtimestamp(ctx.clock() / 1000, tz=timezone.utc).date().isoformat()


def _qr_svg(text: str) -> str:
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    return image.to_string(encoding="unicode")


def error_status(exc: DomainError) -> int:
    from ..api.problems import status_for

    return exc.status if isinstance(exc, web.WebError) else status_for(exc)
