"""The data directory: one database, its backups and logs, and a lock so one process owns it."""
from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

from topup_core.errors import DomainError

log = logging.getLogger(__name__)

# Issue 11: only this user reads the terminal's files (sales, PIN hashes, sealed PINs, the secret).
DIR_MODE = 0o700
FILE_MODE = 0o600
PRIVATE_SUBDIRS = ("backups", "logs")


class DataDirLocked(DomainError):
    code = "data_dir_locked"


class DataDir:
    def __init__(self, path: Path | str) -> None:
        self.path = Path(path).expanduser().resolve()
        self._lock_file = None
        self.fixed_at_start: list[str] = []  # modes tightened by lock(): they were open until then

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

    def private_paths(self) -> list[Path]:
        """The data directory, its private folders and every file in them (databases, WAL, backups,
        logs, the secret and the PIN key)."""
        if not self.path.is_dir():
            return []
        paths = [self.path]
        for entry in sorted(self.path.iterdir()):
            if entry.is_symlink():
                continue
            paths.append(entry)
            if entry.is_dir() and entry.name in PRIVATE_SUBDIRS:
                paths += sorted(p for p in entry.rglob("*") if not p.is_symlink())
        return paths

    def mode_problems(self) -> list[str]:
        """`pos-admin verify`: every path readable or writable by anyone but this user."""
        problems = []
        for path in self.private_paths():
            try:
                mode = stat.S_IMODE(path.stat().st_mode)
            except FileNotFoundError:
                continue  # a WAL that went away meanwhile
            if mode & 0o077:
                problems.append(f"{path.relative_to(self.path.parent)} is {mode:04o}")
        return problems

    def secure(self) -> list[str]:
        """Tighten what is too open (0700 folders, 0600 files), with a warning for each: the files
        may have been copied already. Returns what was fixed."""
        fixed = []
        for path in self.private_paths():
            try:
                mode = stat.S_IMODE(path.stat().st_mode)
                if mode & 0o077:
                    path.chmod(DIR_MODE if path.is_dir() else FILE_MODE)
                    fixed.append(f"{path.name} {mode:04o}")
            except OSError as exc:  # e.g. a file owned by someone else: say so, keep going
                log.warning("cannot tighten %s: %s", path, exc)
        if fixed:
            log.warning("data directory %s was readable by other users; tightened: %s", self.path, ", ".join(fixed))
        return fixed

    def lock(self) -> "DataDir":
        """Take the exclusive lock or raise DataDirLocked naming the holder. Sets this process's
        umask to 077 first, so every file made from now on (WAL, backups, logs) is this user's only."""
        if os.name != "nt":
            os.umask(0o077)
        self.path.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
        self.fixed_at_start = self.secure()
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
