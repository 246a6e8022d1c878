#!/usr/bin/env bash
# Refresh resources/translations/pos_*.ts from the tr() strings in pos_app/ui (existing
# translations are kept; new strings come in as "unfinished"), then compile the .qm files.
# Re-runnable at any time, e.g. after merging new screens. Translate the new strings in
# Qt Linguist (.venv/bin/pyside6-linguist resources/translations/pos_fr.ts) and run this again.
#   scripts/update-translations.sh [--no-obsolete]
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-.venv/bin/python}"
[ -x "$PY" ] || PY=python3
"$PY" scripts/i18n.py update "$@"
"$PY" scripts/i18n.py release
unfinished=$(grep -c 'type="unfinished"' resources/translations/pos_fr.ts || true)
echo "pos_fr.ts: ${unfinished} string(s) still to translate"
