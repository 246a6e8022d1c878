"""The layer rules of docs/ARCHITECTURE.md, as import-linter contracts in pyproject.toml."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def lint_imports(cwd: Path, *args: str, pythonpath: Path | None = None) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("lint-imports")
    command = [str(exe)] if exe.exists() else [shutil.which("lint-imports") or "lint-imports"]
    env = dict(os.environ)
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    return subprocess.run([*command, "--no-cache", *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=120)


def test_every_layer_contract_is_kept():
    result = lint_imports(REPO)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


def test_the_contracts_cover_the_rules_the_brief_names():
    config = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    for rule in ("topup_core is the shared, pure core", "the terminal never imports the server",
                 "the server never imports the terminal", "pos_app's domain is pure",
                 "the application layer (use cases and ports) does no I/O of its own",
                 "the UI reaches the store, the server link and the printers only through the use cases",
                 "pos_app's layers", "no import cycles between sibling packages"):
        assert rule in config


def _lint_a_package(tmp_path: Path, files: dict[str, str], config: str) -> subprocess.CompletedProcess:
    pkg = tmp_path / "src"
    for name, body in files.items():
        path = pkg / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body)
    (tmp_path / ".importlinter").write_text(textwrap.dedent(config))
    return lint_imports(tmp_path, "--config", str(tmp_path / ".importlinter"), pythonpath=pkg)


def test_a_broken_layer_fails_the_check(tmp_path):
    """The check is real: a package that imports what its contract forbids makes it fail."""
    result = _lint_a_package(tmp_path, {"inner/__init__.py": "import outer\n", "outer/__init__.py": ""}, """\
        [importlinter]
        root_packages =
            inner
            outer

        [importlinter:contract:one]
        name = inner never imports outer
        type = forbidden
        source_modules = inner
        forbidden_modules = outer
        """)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout


def test_a_cycle_between_siblings_fails_even_through_a_lazy_import(tmp_path):
    """What the review found (services <-> sync only worked because one import was inside a function)
    is now a broken contract."""
    result = _lint_a_package(tmp_path, {"app/__init__.py": "", "app/services.py": "def later():\n    from app import sync\n",
                                        "app/sync.py": "from app import services\n"}, """\
        [importlinter]
        root_packages =
            app

        [importlinter:contract:one]
        name = no cycles
        type = acyclic_siblings
        ancestors =
            app
        """)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout
