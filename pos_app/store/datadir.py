"""The data directory: one database, its backups and logs, and a lock so one process owns it."""
from __future__ import annotations

import os
from pathlib import Path

from topup_core.errors import DomainError


class DataDirLocked(DomainError):
    code = "data_dir_locked"


class DataDir:
    def __init__(self, path: Path | str) -> None:
        self.path = Path(path).expanduser().resolve()
        self._lock_file = None

    @property
    def db_path(self) -> Path:
        return self.path / "pos.sqlite3"

    @property
    def backup_dir(self) -> Path:
        return self.path / "backups"

    @property
    def log_dir(self) -> Path:
        return self.path / "logs"

    def exists(self) -> bool:
        return self.db_path.exists()

    def lock(self) -> "DataDir":
        """Take the exclusive lock or raise DataDirLocked naming the holder."""
        self.path.mkdir(parents=True, exist_ok=True)
        lock_path = self.path / "pos.lock"
        handle = open(lock_path, "a+")
        try:
            _try_lock(handle)
        except OSError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            handle.close()
            raise DataDirLocked(
                message=f"{self.path} is already in use by process {holder}. Close the other TopUp POS first."
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self._lock_file = handle
        return self

    def unlock(self) -> None:
        if self._lock_file is not None:
            self._lock_file.close()  # closing the descriptor releases the lock
            self._lock_file = None


def _try_lock(handle) -> None:  # noqa: ANN001
    if os.name == "nt":  # pragma: no cover - Windows
        import msvcrt

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
    else:
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
