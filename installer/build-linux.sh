#!/usr/bin/env bash
# Build the one-folder app with PyInstaller and check it with its own --self-test (offscreen).
#   installer/build-linux.sh            -> dist/topup-pos/ (then installer/linux/build-deb.sh for a .deb)
# Needs: the project's venv (.venv), binutils (objdump) for PyInstaller; installs pyinstaller into
# the venv when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-.venv/bin/python}"
start=$(date +%s)
if ! "$PY" -c "import PyInstaller" 2>/dev/null; then
    "$PY" -m pip install --quiet "pyinstaller>=6.5"
fi
command -v objdump >/dev/null || { echo "build-linux: objdump missing (apt-get install binutils)" >&2; exit 1; }
"$PY" scripts/i18n.py release  # the .qm files ship compiled
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller installer/topup-pos.spec
built=$(date +%s)
echo "build-linux: bundle in dist/topup-pos ($(du -sh dist/topup-pos | cut -f1)) after $((built - start)) s"
QT_QPA_PLATFORM=offscreen dist/topup-pos/topup-pos --self-test
echo "build-linux: self-test passed; total $(( $(date +%s) - start )) s"
