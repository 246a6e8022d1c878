"""The domain is pure Python: no Qt, SQLAlchemy, HTTP, printing, nor any outer pos_app layer."""
import ast
from pathlib import Path

import pos_app.domain

FORBIDDEN = ("PySide6", "sqlalchemy", "requests", "escpos", "reportlab", "alembic", "fastapi",
             "pos_app.store", "pos_app.services", "pos_app.sync", "pos_app.printing", "pos_app.ui", "pos_app.cli")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_domain_imports_no_outer_layer():
    domain_dir = Path(pos_app.domain.__file__).parent
    files = sorted(domain_dir.glob("*.py"))
    assert len(files) >= 8
    offenders = {
        f"{path.name}: {name}"
        for path in files
        for name in imported_modules(path)
        if any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN)
    }
    assert not offenders, offenders


def test_purity_check_catches_a_forbidden_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from sqlalchemy import select\nimport PySide6.QtCore\n")
    assert {"sqlalchemy", "PySide6.QtCore"} <= imported_modules(bad)
