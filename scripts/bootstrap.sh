#!/usr/bin/env bash
# Make this checkout runnable on a fresh Debian 12 machine: the Debian libraries Qt needs,
# a virtualenv in .venv, and the project installed into it with its server and test extras.
# Idempotent and quick when nothing changed. Both README commands call it.
set -euo pipefail
cd "$(dirname "$0")/.."

DEBIAN_PACKAGES=(
  python3-venv python3-pip
  # Qt 6 (PySide6) runtime: offscreen for tests, xcb for a real screen
  libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libglib2.0-0
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-randr0 libxcb-render-util0
  libxcb-image0 libxcb-xinerama0 libxcb-xkb1 fonts-dejavu-core
  # USB receipt printers (pyusb), PDF text checks in tests, time zones
  libusb-1.0-0 poppler-utils tzdata
  # the installer: PyInstaller needs objdump; tests validate the .desktop file
  binutils desktop-file-utils
  # the console's end-to-end tests (issue 16): Playwright drives Debian's browser, never its own download
  chromium
)

missing=()
if command -v dpkg >/dev/null 2>&1; then
  for pkg in "${DEBIAN_PACKAGES[@]}"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "bootstrap: installing Debian packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  echo "bootstrap: creating .venv"
  "$PYTHON" -m venv .venv
fi

# Reinstall only when the dependency list changed.
stamp=.venv/.topup-pos-installed
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "bootstrap: installing Python packages into .venv"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[server,test,build]"
  echo "$want" > "$stamp"
fi
