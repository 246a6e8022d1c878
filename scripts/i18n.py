"""Qt Linguist pipeline for the UI: extract every tr()/translate() string from pos_app/ui into
resources/translations/pos_<lang>.ts (keeping existing translations) and compile .qm files.

    python scripts/i18n.py update            # lupdate: refresh the .ts files
    python scripts/i18n.py release           # lrelease: .ts -> .qm
    python scripts/i18n.py extract OUT.ts    # a fresh .ts of today's source strings (for tests)

Why not plain `lupdate pos_app/ui`: some modules translate through a helper,
``def _t(text): return QCoreApplication.translate("History", text)``, defined in the module or
imported from a sibling (``from .words import _t``), which lupdate cannot see. So lupdate runs over
a temporary copy of pos_app/ui where each ``_t("...")`` is spelled out as
``QCoreApplication.translate("<that helper's context>", "...")`` (same lines, so the locations
in the .ts stay true), laid out like the repository so the relative paths match.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
UI = Path("pos_app") / "ui"
TRANSLATIONS = Path("resources") / "translations"
LANGUAGES = ("fr",)
_HELPER_DEF = re.compile(r'^def\s+(\w+)\(text[^)]*\)[^:]*:\s*\n\s+return\s+QCoreApplication\.translate\(\s*"([^"]+)"\s*,\s*text\s*\)',
                         re.M)


def tool(name: str) -> str:
    """pyside6-<name> from this interpreter's environment (or PATH), else Qt's own <name>."""
    candidates = [Path(sys.executable).parent / f"pyside6-{name}", Path(sysconfig.get_path("scripts")) / f"pyside6-{name}"]
    for c in candidates + [c.with_suffix(".exe") for c in candidates]:
        if c.exists():
            return str(c)
    for found in (shutil.which(f"pyside6-{name}"), shutil.which(name)):
        if found:
            return found
    raise SystemExit(f"{name} not found: install PySide6-Essentials (it ships pyside6-{name})")


_RELATIVE_IMPORT = re.compile(r"^from\s+(\.+)([\w.]*)\s+import\s+([^\n(]+)$", re.M)


def _helpers(paths: list[Path]) -> dict[Path, dict[str, str]]:
    """Per module: helper name -> translation context, defined there or imported from a sibling
    module (``from .words import _t``)."""
    own = {p: dict(_HELPER_DEF.findall(p.read_text(encoding="utf-8"))) for p in paths}
    out = {}
    for path in paths:
        helpers = dict(own[path])
        for dots, module, names in _RELATIVE_IMPORT.findall(path.read_text(encoding="utf-8")):
            base = path.parent
            for _ in range(len(dots) - 1):
                base = base.parent
            source = base.joinpath(*module.split(".")).with_suffix(".py") if module else base / "__init__.py"
            for name in (n.strip().split(" as ")[0] for n in names.split(",")):
                if name in own.get(source, {}):
                    helpers[name] = own[source][name]
        out[path] = helpers
    return out


def _spell_out_helpers(source: str, helpers: dict[str, str]) -> str:
    for helper, context in helpers.items():
        source = re.sub(rf'(?<![\w.]){helper}\(\s*(?=["\'])', f'QCoreApplication.translate("{context}", ', source)
    return source


def _mirror(dest: Path) -> None:
    paths = sorted((REPO / UI).rglob("*.py"))
    helpers = _helpers(paths)
    for path in paths:
        rel = path.relative_to(REPO)
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_spell_out_helpers(path.read_text(encoding="utf-8"), helpers[path]), encoding="utf-8")


def _lupdate(ts_files: list[Path], *extra: str) -> None:
    with tempfile.TemporaryDirectory(prefix="pos-lupdate-") as tmp:
        root = Path(tmp)
        _mirror(root)
        staged = []
        for ts in ts_files:
            target = root / TRANSLATIONS / ts.name
            target.parent.mkdir(parents=True, exist_ok=True)
            if ts.exists():
                shutil.copy2(ts, target)
            staged.append(target)
        cmd = [tool("lupdate"), "-extensions", "py", "-locations", "relative", *extra, str(UI),
               "-ts", *[str(s.relative_to(root)) for s in staged]]
        subprocess.run(cmd, cwd=root, check=True, stdout=subprocess.PIPE if extra else None)
        for ts, target in zip(ts_files, staged):
            ts.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(target, ts)


def update(no_obsolete: bool = False) -> None:
    _lupdate([REPO / TRANSLATIONS / f"pos_{lang}.ts" for lang in LANGUAGES],
             *(["-no-obsolete"] if no_obsolete else []))


def extract(out: Path) -> None:
    """A fresh .ts (no translations) of every source string in pos_app/ui today."""
    if out.exists():
        out.unlink()
    _lupdate([out], "-silent")


def release() -> None:
    for lang in LANGUAGES:
        ts = REPO / TRANSLATIONS / f"pos_{lang}.ts"
        subprocess.run([tool("lrelease"), "-removeidentical", str(ts), "-qm", str(ts.with_suffix(".qm"))],
                       check=True)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("update", "release", "extract", "all"):
        print(__doc__, file=sys.stderr)
        return 2
    os.chdir(REPO)
    if argv[0] in ("update", "all"):
        update(no_obsolete="--no-obsolete" in argv)
    if argv[0] in ("release", "all"):
        release()
    if argv[0] == "extract":
        extract(Path(argv[1]).resolve())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
