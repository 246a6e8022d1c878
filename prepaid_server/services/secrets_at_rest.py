"""Terminal secrets at rest (issue 11): sealed with AES-GCM under the server key, never in clear.

The server must compute HMACs, so a secret cannot be hashed; it is encrypted instead. The key:
`POS_SERVER_KEY` (base64 of 32 bytes) if set, else the file `POS_SERVER_KEY_FILE`, else
`server.key` next to the SQLite database (or in the user data dir for PostgreSQL), created on
first use with mode 0600. A key file readable by group or others is refused. Sealed form:
`v1:` + base64(nonce 12 bytes + ciphertext + tag), with the terminal id as associated data so a
sealed secret cannot be moved to another terminal's row. docs/SERVER.md, "Secrets at rest".
"""
from __future__ import annotations

import base64
import logging
import os
import secrets
import stat
import threading
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from topup_core.errors import StoreUnavailable, ValidationError

log = logging.getLogger("prepaid_server.secrets")

PREFIX = "v1:"
KEY_BYTES = 32
_lock = threading.Lock()
_sealers: dict[str, "Sealer"] = {}


class ServerKeyError(ValidationError):
    """The server key is missing, malformed or too open (start-up refuses to run)."""


class Sealer:
    def __init__(self, key: bytes) -> None:
        if len(key) != KEY_BYTES:
            raise ServerKeyError("server_key_invalid", "The server key must be 32 bytes (base64 in POS_SERVER_KEY).")
        self._aead = AESGCM(key)

    def seal(self, terminal_id: str, secret_b64: str) -> str:
        nonce = secrets.token_bytes(12)
        sealed = self._aead.encrypt(nonce, base64.b64decode(secret_b64), terminal_id.encode())
        return PREFIX + base64.b64encode(nonce + sealed).decode()

    def open(self, terminal_id: str, stored: str) -> bytes:
        """The raw secret bytes of a stored secret (sealed, or a legacy clear base64 row)."""
        if not stored.startswith(PREFIX):
            return base64.b64decode(stored)
        blob = base64.b64decode(stored[len(PREFIX):])
        try:
            return self._aead.decrypt(blob[:12], blob[12:], terminal_id.encode())
        except InvalidTag:
            # Not the key the secret was sealed with: the server is misconfigured, not the terminal.
            log.error("a terminal secret cannot be opened with this server key (wrong POS_SERVER_KEY/key file?)")
            raise StoreUnavailable("server_key_invalid", "The server cannot open its key store; retry later.") \
                from None


def is_sealed(stored: str) -> bool:
    return stored.startswith(PREFIX)


def default_key_path(database_url: str) -> Path | None:
    """Where the key file lives for this database (None: an in-memory database, ephemeral key)."""
    if os.environ.get("POS_SERVER_KEY_FILE"):
        return Path(os.environ["POS_SERVER_KEY_FILE"]).expanduser()
    if database_url.startswith("sqlite"):
        path = database_url.split("///", 1)[1] if "///" in database_url else ""
        path = path.split("?", 1)[0]
        if not path or path == ":memory:":
            return None
        return Path(path).expanduser().resolve().parent / "server.key"
    from platformdirs import user_data_dir
    return Path(user_data_dir("topup-pos-server")) / "server.key"


def load_key(path: Path) -> bytes:
    """Read the key file, creating it (0600, in a 0700 directory) on first use."""
    if not path.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process made it first
        else:
            with os.fdopen(fd, "wb") as fh:
                fh.write(base64.b64encode(secrets.token_bytes(KEY_BYTES)) + b"\n")
                fh.flush()
                os.fsync(fh.fileno())
    mode = stat.S_IMODE(path.stat().st_mode)
    if os.name == "posix" and mode & 0o077:
        raise ServerKeyError("server_key_mode", f"The server key file {path} is readable by others "
                                           f"(mode {mode:o}); chmod 600 it.")
    try:
        key = base64.b64decode(path.read_bytes().strip(), validate=True)
    except ValueError:
        raise ServerKeyError("server_key_invalid", f"The server key file {path} is not base64.") from None
    return key


def sealer_for(database_url: str) -> Sealer:
    """The sealer of this database (one per URL per process)."""
    with _lock:
        sealer = _sealers.get(database_url)
        if sealer is None:
            env = os.environ.get("POS_SERVER_KEY")
            if env:
                try:
                    key = base64.b64decode(env, validate=True)
                except ValueError:
                    raise ServerKeyError("server_key_invalid", "POS_SERVER_KEY is not base64.") from None
            else:
                path = default_key_path(database_url)
                key = secrets.token_bytes(KEY_BYTES) if path is None else load_key(path)
            sealer = _sealers[database_url] = Sealer(key)
        return sealer


def seal_clear_secrets(ctx) -> int:  # noqa: ANN001 - ServerContext (no import cycle)
    """Seal every terminal secret still stored in clear (rows from before issue 11). Returns how many."""
    sealer = sealer_for(ctx.url)
    with ctx.uow() as uow:
        clear = uow.hardening.clear_secrets()
        for terminal_id, secret in clear:
            uow.hardening.set_secret(terminal_id, sealer.seal(terminal_id, secret))
        uow.commit()
    return len(clear)
