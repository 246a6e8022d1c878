"""The terminal's enrollment secret: in the OS keyring where there is one, else a file only
this user can read. Never in the database, never in logs."""
from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass
from pathlib import Path

KEYRING_SERVICE = "topup-pos"


@dataclass(frozen=True)
class Credentials:
    server_url: str
    terminal_id: str
    terminal_code: str
    agent_id: str
    secret: bytes

    def __repr__(self) -> str:  # keep the secret out of tracebacks and logs
        return f"Credentials(server_url={self.server_url!r}, terminal_id={self.terminal_id!r}, secret=<hidden>)"


def _keyring():  # noqa: ANN202
    """The keyring module if a real (non-fail, non-plaintext) backend is available, else None."""
    if os.environ.get("TOPUP_NO_KEYRING"):
        return None
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return None
    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring) or "plaintext" in type(backend).__name__.lower():
        return None
    return keyring


class CredentialStore:
    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / "terminal.json"

    def save(self, creds: Credentials) -> str:
        """Returns where the secret went ('keyring' or the file path)."""
        public = {"server_url": creds.server_url, "terminal_id": creds.terminal_id,
                  "terminal_code": creds.terminal_code, "agent_id": creds.agent_id}
        secret_b64 = base64.b64encode(creds.secret).decode()
        ring = _keyring()
        where = "keyring"
        if ring is not None:
            ring.set_password(KEYRING_SERVICE, creds.terminal_id, secret_b64)
        else:
            public["secret"] = secret_b64
            where = str(self.path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(public, out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, self.path)
        return where

    def load(self) -> Credentials | None:
        if not self.path.exists():
            return None
        data = json.loads(self.path.read_text(encoding="utf-8"))
        secret_b64 = data.get("secret")
        if secret_b64 is None:
            ring = _keyring()
            secret_b64 = ring.get_password(KEYRING_SERVICE, data["terminal_id"]) if ring else None
            if secret_b64 is None:
                return None
        return Credentials(data["server_url"], data["terminal_id"], data.get("terminal_code", ""),
                           data.get("agent_id", ""), base64.b64decode(secret_b64))
