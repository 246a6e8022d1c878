#!/usr/bin/env bash
# The server tests need PostgreSQL on 127.0.0.1:5432 (trust auth). Start it if it is down;
# fail loudly if it cannot be reached. TOPUP_PG_URL points the tests elsewhere.
set -euo pipefail
pg_up() { command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h 127.0.0.1 -p 5432; }
if pg_up; then exit 0; fi
if [ -z "${TOPUP_PG_URL:-}" ]; then
  if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    echo "ensure-postgres: PostgreSQL is not installed; installing it" >&2
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
  fi
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  for _ in $(seq 1 30); do pg_up && exit 0; sleep 1; done
  echo "ensure-postgres: PostgreSQL did not come up on 127.0.0.1:5432" >&2
  exit 1
fi
