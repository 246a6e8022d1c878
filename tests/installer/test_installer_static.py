"""Fast, static checks of the installer sources (the real build takes minutes: see docs/INSTALL.md
and installer/build-linux.sh). The spec parses and names data that exists; the build scripts are
valid shell; the .desktop file validates; the .deb and Inno Setup scripts agree with the spec.
`test_frozen_self_test` runs the built app's --self-test when a build exists (dist/topup-pos)."""
from __future__ import annotations

import ast
import configparser
import importlib.util
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
INSTALLER = REPO / "installer"
SPEC = INSTALLER / "topup-pos.spec"
SCRIPTS = [INSTALLER / "build-linux.sh", INSTALLER / "linux" / "build-deb.sh", REPO / "scripts" / "update-translations.sh"]


def _spec_tree() -> ast.Module:
    return ast.parse(SPEC.read_text(encoding="utf-8"), str(SPEC))


def _assigned(name: str):  # noqa: ANN202
    for node in ast.walk(_spec_tree()):
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
            return ast.literal_eval(node.value)
    raise AssertionError(f"{name} not assigned in the spec")


def test_spec_parses_and_its_data_folders_exist():
    assert _assigned("APP_NAME") == "topup-pos"
    data_dirs = _assigned("DATA_DIRS")
    sources = {src for src, _ in data_dirs}
    assert {"resources", "pos_app/store/migrations", "prepaid_server/store/migrations"} <= sources
    for src, dest in data_dirs:
        assert (REPO / src).is_dir(), src
        assert src == dest  # the frozen layout mirrors the checkout, so resource_dir() and alembic find them
    assert (REPO / "pos_app/store/migrations/env.py").is_file()
    assert list((REPO / "pos_app/store/migrations/versions").glob("0001_*.py"))
    assert list((REPO / "prepaid_server/store/migrations/versions").glob("0001_*.py"))


def test_spec_collects_the_third_party_data_the_app_needs():
    text = SPEC.read_text(encoding="utf-8")
    for package in ("escpos", "babel", "phonenumbers", "reportlab"):
        assert f'collect_data_files("{package}")' in text, package
        assert importlib.util.find_spec(package) is not None, package
    escpos_dir = Path(importlib.util.find_spec("escpos").origin).parent
    assert (escpos_dir / "capabilities.json").is_file()  # printer profiles and code pages
    entry = INSTALLER / "topup_pos_main.py"
    assert entry.is_file() and "pos_app.cli.app" in entry.read_text(encoding="utf-8")
    assert str(entry.relative_to(REPO)).replace(os.sep, "/") in text.replace('" / "', "/").replace('ROOT / "', "")


def test_resources_the_bundle_ships_exist():
    for rel in ("translations/pos_fr.qm", "icons/app.svg", "styles/light.qss", "demo/catalog_ke.json"):
        assert (REPO / "resources" / rel).is_file(), rel


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_build_scripts_are_valid_and_executable(script: Path):
    assert script.is_file()
    assert script.stat().st_mode & stat.S_IXUSR, f"{script} is not executable"
    assert script.read_text(encoding="utf-8").startswith("#!/usr/bin/env bash\n")
    bash = shutil.which("bash")
    if bash:
        proc = subprocess.run([bash, "-n", str(script)], capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr


def test_desktop_file_is_valid():
    path = INSTALLER / "linux" / "topup-pos.desktop"
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read(path, encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application" and entry["Exec"].split()[0] == "topup-pos"
    assert entry["Icon"] == "topup-pos" and entry["Terminal"] == "false"
    assert entry["Categories"].endswith(";")
    validator = shutil.which("desktop-file-validate")
    if validator:  # Debian: desktop-file-utils
        proc = subprocess.run([validator, str(path)], capture_output=True, text=True)
        assert proc.returncode == 0 and not proc.stdout.strip(), proc.stdout + proc.stderr


def test_deb_script_ships_what_the_desktop_file_names():
    text = (INSTALLER / "linux" / "build-deb.sh").read_text(encoding="utf-8")
    assert "dpkg-deb" in text and "dist/topup-pos" in text
    assert "/usr/bin/topup-pos" in text  # the desktop file's Exec
    assert "hicolor/scalable/apps/topup-pos.svg" in text and (REPO / "resources/icons/app.svg").is_file()
    assert "installer/linux/99-topup-pos-printers.rules" in text and "udev/rules.d" in text
    assert (INSTALLER / "linux" / "99-topup-pos-printers.rules").is_file()


def test_inno_setup_script_matches_the_build():
    text = (INSTALLER / "windows" / "topup-pos.iss").read_text(encoding="utf-8")
    assert re.search(r'#define MyAppExe "topup-pos\.exe"', text)
    assert r"dist\topup-pos" in text and "recursesubdirs" in text
    assert re.search(r"^AppId=\{\{[0-9A-F-]{36}\}", text, re.M)  # never change it: upgrades depend on it
    for section in ("[Setup]", "[Files]", "[Icons]", "[Run]", "[Languages]"):
        assert section in text


def test_unfrozen_self_test_passes():
    """`pos-app --self-test` from the checkout (the same checks the frozen build runs)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run([sys.executable, "-m", "pos_app.cli.app", "--self-test"], capture_output=True, text=True,
                          timeout=120, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.count("ok   ") == 6 and "self-test passed" in proc.stdout


FROZEN = REPO / "dist" / "topup-pos" / ("topup-pos.exe" if sys.platform == "win32" else "topup-pos")


@pytest.mark.skipif(not FROZEN.exists(), reason="no PyInstaller build here (installer/build-linux.sh makes one)")
def test_frozen_self_test():
    proc = subprocess.run([str(FROZEN), "--self-test"], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert proc.returncode == 0, proc.stdout + proc.stderr
