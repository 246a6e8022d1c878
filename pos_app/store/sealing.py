"""Voucher PINs sealed at rest (issue 11): AES-256-GCM under a key in `DATA_DIR/pin.key` (mode 0600,
made on first use). A copied database or backup holds no readable PIN; the repositories seal on
the way in and open on the way out, so use cases, printing and the screens see plain PINs only in
memory. The key file is not part of a backup: keep it with the terminal secret.

Sealed text: `gcm1:` + base64(12-byte nonce + ciphertext + tag), the purpose as associated data.
Anything without the prefix is a PIN from before sealing (read as it is, sealed at start-up).
"""
from __future__ import annotations

import base64
import json
import logging
import os
import secrets
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from topup_core.errors import DomainError

log = logging.getLogger(__name__)

PREFIX = "gcm1:"
KEY_FILE = "pin.key"
SEALED_MARK = "voucher_pins_sealed"
_AAD = b"topup-pos voucher pin v1"


class PinSealer:
    def __init__(self, key: bytes) -> None:
        if len(key) != 32:
            raise ValueError("a PIN key is 32 bytes")
        self._aead = AESGCM(key)

    def __repr__(self) -> str:
        return "PinSealer(<key hidden>)"

    @classmethod
    def for_data_dir(cls, path: Path) -> "PinSealer":
        """The data directory's key, made (0600, atomically) on first use."""
        key_path = Path(path) / KEY_FILE
        if not key_path.exists():
            tmp = key_path.with_suffix(".tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as out:
                out.write(base64.b64encode(secrets.token_bytes(32)))
                out.flush()
                os.fsync(out.fileno())
            try:
                os.link(tmp, key_path)  # never replaces a key another process just made
            except FileExistsError:
                pass
            finally:
                tmp.unlink(missing_ok=True)
        try:
            key = base64.b64decode(key_path.read_bytes().strip(), validate=True)
            return cls(key)
        except (ValueError, OSError) as exc:
            raise DomainError("pin_key_unreadable",
                              f"The voucher PIN key {key_path} cannot be read; restore it from where the "
                              "terminal's secrets are kept.") from exc

    @staticmethod
    def is_sealed(value: str | None) -> bool:
        return bool(value) and value.startswith(PREFIX)

    def seal(self, pin: str | None) -> str | None:
        if pin is None or pin == "" or self.is_sealed(pin):
            return pin
        nonce = secrets.token_bytes(12)
        return PREFIX + base64.b64encode(nonce + self._aead.encrypt(nonce, pin.encode(), _AAD)).decode()

    def open(self, value: str | None) -> str | None:
        if not self.is_sealed(value):
            return value  # before sealing (or none)
        raw = base64.b64decode(value[len(PREFIX):])
        try:
            return self._aead.decrypt(raw[:12], raw[12:], _AAD).decode()
        except Exception as exc:  # noqa: BLE001 - InvalidTag: another key, or a changed value
            raise DomainError("pin_key_mismatch",
                              "A voucher PIN cannot be opened with this terminal's key.") from exc

    # --- the PIN inside a receipt's print-job payload ---

    def seal_payload(self, payload: str) -> str:
        return self._payload(payload, self.seal)

    def open_payload(self, payload: str) -> str:
        return self._payload(payload, self.open)

    @staticmethod
    def _payload(payload: str, fn: Any) -> str:
        if '"voucher_pin"' not in payload:
            return payload
        try:
            data = json.loads(payload)
        except ValueError:
            return payload
        receipt = data.get("receipt") if isinstance(data, dict) else None
        if not isinstance(receipt, dict) or not receipt.get("voucher_pin"):
            return payload
        receipt["voucher_pin"] = fn(receipt["voucher_pin"])
        return json.dumps(data, sort_keys=True, separators=(",", ":"))


def seal_existing(conn: Any, sealer: PinSealer) -> int:
    """Seal every PIN still in clear (a database from before sealing): voucher stock, sales, print
    jobs. One transaction on a raw sqlite3 connection; returns how many values were sealed."""
    count = 0
    cur = conn.cursor()
    if cur.execute("SELECT 1 FROM settings WHERE key = ?", (SEALED_MARK,)).fetchone():
        return 0  # done once: every PIN written since is sealed on the way in (no scan at each start)
    cur.execute("BEGIN IMMEDIATE")
    try:
        for table, key in (("voucher_stock", "serial"), ("sales", "id")):
            column = "pin" if table == "voucher_stock" else "voucher_pin"
            rows = cur.execute(f"SELECT {key}, {column} FROM {table} WHERE {column} IS NOT NULL "
                               f"AND {column} <> '' AND {column} NOT LIKE '{PREFIX}%'").fetchall()
            cur.executemany(f"UPDATE {table} SET {column} = ? WHERE {key} = ?",
                            [(sealer.seal(pin), k) for k, pin in rows])
            count += len(rows)
        rows = cur.execute("SELECT id, payload FROM print_jobs WHERE payload LIKE '%voucher_pin%'").fetchall()
        sealed = [(new, job_id) for job_id, old in rows if (new := sealer.seal_payload(old)) != old]
        cur.executemany("UPDATE print_jobs SET payload = ? WHERE id = ?", sealed)
        count += len(sealed)
        cur.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, '1')", (SEALED_MARK,))
        cur.execute("COMMIT")
    except BaseException:
        cur.execute("ROLLBACK")
        raise
    if count:
        log.info("sealed %d voucher PIN value(s) left in clear by an older version", count)
    return count
