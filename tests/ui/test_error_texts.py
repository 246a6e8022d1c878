"""Every error reaches the person in their language: every code the terminal, the shared core or
the prepaid server can raise has a clerk's text in pos_app/ui/errors.py, and a French one.

The codes are found in the code itself (an AST scan of every DomainError-family constructor call
and `code = "..."` class attribute in topup_core, pos_app and prepaid_server, the server's answers
to sales, reversals and cancellations, the store's guards) and in docs/PROTOCOL.md, so a new code
without a text fails here."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from topup_core.errors import DomainError, ValidationError
from topup_core.formatting import format_money
from topup_core.money import Money
from pos_app.ui import errors as E
from pos_app.ui.i18n import install_language

REPO = Path(__file__).resolve().parents[2]
PACKAGES = ("topup_core", "pos_app", "prepaid_server")
_CODE = re.compile(r"^[a-z]+(?:_[a-z]+)*$")
# Words that are a server answer's status, not an error code.
STATUSES = {"accepted", "duplicate", "reversed", "computed", "pending", "ok", "done"}
# Field names the protocol's paragraphs about codes also mention.
FIELDS = {"id", "code", "errors", "status", "message", "detail"}
# Answers the terminal fills in itself when the server gives no code (application/answers.py).
DEFAULT_ANSWER_CODES = {"rejected", "refused", "cancelled"}
PROTOCOL_MARKERS = ("Codes used by the signing layer", "Rejection codes", "Refused codes", "Framework errors",
                    "Enrollment errors", "Refused (`")


def _error_classes(trees: list[ast.Module]) -> set[str]:
    """DomainError and every class deriving from it (or from one of them), found by name."""
    known = {"DomainError", "Rejection"}
    grew = True
    while grew:
        grew = False
        for tree in trees:
            for node in ast.walk(tree):
                if isinstance(node, ast.ClassDef) and node.name not in known and any(
                        (b.id if isinstance(b, ast.Name) else getattr(b, "attr", None)) in known for b in node.bases):
                    known.add(node.name)
                    grew = True
    return known


def _name(func: ast.expr) -> str | None:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None


def codes_in_the_code() -> dict[str, str]:
    """code -> where it is raised (the first place found)."""
    files = [p for pkg in PACKAGES for p in sorted((REPO / pkg).rglob("*.py"))]
    trees = [ast.parse(p.read_text(encoding="utf-8")) for p in files]
    errors = _error_classes(trees)
    found: dict[str, str] = {}
    for path, tree in zip(files, trees):
        where = str(path.relative_to(REPO))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and node.name in errors:
                for stmt in node.body:
                    if isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Constant) and \
                            any(isinstance(t, ast.Name) and t.id == "code" for t in stmt.targets):
                        found.setdefault(stmt.value.value, f"{where}:{node.name}")
            if not isinstance(node, ast.Call):
                continue
            name = _name(node.func) or ""
            if name == "FieldError":  # the console editor's: the first argument names a field, the code is fixed
                found.setdefault("catalog_invalid", f"{where}:{node.lineno}")
            elif name in errors:  # ValidationError("code", "message"), or code="..."
                arg = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "code"), None)
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.setdefault(arg.value, f"{where}:{node.lineno}")
            elif name.endswith("Result") or name == "_refused":  # the server's answer to a sale/reversal/cancel
                for arg in [*node.args, *(k.value for k in node.keywords if k.arg == "code")]:
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and _CODE.match(arg.value) \
                            and arg.value not in STATUSES and "_" in arg.value:
                        found.setdefault(arg.value, f"{where}:{node.lineno}")
    return found


def codes_in_the_protocol() -> set[str]:
    """The codes docs/PROTOCOL.md promises (signing, sale rejections, reversal and cancel refusals,
    enrollment, the framework's own)."""
    text = (REPO / "docs" / "PROTOCOL.md").read_text(encoding="utf-8")
    out: set[str] = set()
    for paragraph in re.split(r"\n(?=- |\n|`(?:GET|POST|DELETE) )", text):
        if any(marker in paragraph for marker in PROTOCOL_MARKERS):
            out |= {c for c in re.findall(r"`([a-z_]+)`", paragraph)
                    if _CODE.match(c) and c not in STATUSES | FIELDS and not c.endswith("_ms")}
    return out


def every_code() -> dict[str, str]:
    from prepaid_server.api.problems import _STATUS_CODES
    from pos_app.store.uow import _GUARDS, _UNIQUE

    codes = codes_in_the_code()
    for code in codes_in_the_protocol():
        codes.setdefault(code, "docs/PROTOCOL.md")
    for code, _message in _GUARDS:
        codes.setdefault(code, "pos_app/store/uow.py (a database guard)")
    for code, _message in _UNIQUE.values():
        codes.setdefault(code, "pos_app/store/uow.py (a unique index)")
    for code in _STATUS_CODES.values():
        codes.setdefault(code, "prepaid_server/api/problems.py")
    for code in DEFAULT_ANSWER_CODES:
        codes.setdefault(code, "pos_app/application/answers.py")
    codes.pop("error", None)  # DomainError's own placeholder: never raised without a code
    return codes


def test_the_scan_finds_codes_from_every_layer():
    codes = every_code()
    assert len(codes) > 130
    for code in ("msisdn_too_short", "offline_allowance_exceeded", "day_closed", "shift_already_open",
                 "price_mismatch", "risk_rejected", "credit_spent", "already_received", "signature_invalid",
                 "print_job_in_doubt", "printer_uri_invalid", "validation_failed", "data_dir_locked"):
        assert code in codes, code


def test_every_code_has_a_clerks_text():
    texts = E._messages()
    missing = {code: where for code, where in every_code().items() if code not in texts}
    assert not missing, f"codes with no text in pos_app/ui/errors.py: {missing}"


@pytest.fixture
def french(qtbot):  # noqa: ANN001, ANN201
    app = QApplication.instance()
    assert install_language("fr", app) == "fr"
    yield
    install_language("en", app)


def test_every_code_reads_in_french(french):
    untranslated = []
    english = {}
    install_language("en", QApplication.instance())
    for code in every_code():
        english[code] = E.friendly(DomainError(code, "English fallback"))
    install_language("fr", QApplication.instance())
    for code, text in english.items():
        french_text = E.friendly(DomainError(code, "English fallback"))
        if french_text == text:
            untranslated.append((code, text))
    assert not untranslated, f"codes whose text is not translated into French: {untranslated}"


def test_amount_errors_name_what_is_allowed_in_the_clerks_formats(french):
    m = lambda minor: format_money(Money(minor, "KES"), "fr", short=True)  # noqa: E731
    exc = ValidationError("amount_off_step", "", currency="KES", step=100, nearest=[1000, 1100])
    assert E.friendly(exc, "fr") == f"Les montants vont par pas de {m(100)}. Vouliez-vous dire {m(1000)} ou {m(1100)} ?"
    assert E.friendly(ValidationError("amount_below_min", "", currency="KES", min=1000), "fr") == \
        f"Le plus petit montant est {m(1000)}."
    assert m(1000) == "10\u00a0KES"


def test_an_unknown_code_is_logged_and_shows_its_own_message(caplog):
    assert E.friendly(DomainError("brand_new_code", "Something new happened.")) == "Something new happened."
    assert "brand_new_code" in caplog.text
    assert E.friendly(DomainError("http_418", "I'm a teapot")) == "The server refused this (HTTP 418)."
