"""Logs to rotating files: DATA_DIR/logs/pos-app.log when there is a data directory, else the
platform's log folder (platformdirs). Secrets never reach a log (see sync/credentials.py)."""
from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

from platformdirs import user_log_dir

LOG_FORMAT = "%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s"
MAX_BYTES = 2 * 1024 * 1024
BACKUP_COUNT = 5  # pos-app.log plus five older files: at most 12 MB
_HANDLER_NAME = "topup-pos-file"


def log_dir(data_dir: Path | None = None) -> Path:
    if data_dir is not None:
        return Path(data_dir) / "logs"
    from pos_app import APP_AUTHOR, APP_NAME
    return Path(user_log_dir(APP_NAME, APP_AUTHOR))


def setup_logging(data_dir: Path | None = None, *, name: str = "pos-app", level: int = logging.INFO,
                  console: bool = True) -> Path | None:
    """Configure the root logger once per process. Returns the log file (None if it can't be written:
    logging must never stop the till)."""
    root = logging.getLogger()
    root.setLevel(level)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    logging.getLogger("urllib3").setLevel(logging.WARNING)
    formatter = logging.Formatter(LOG_FORMAT)
    if console and not any(getattr(h, "name", "") == "topup-pos-console" for h in root.handlers):
        stream = logging.StreamHandler(sys.stderr)
        stream.set_name("topup-pos-console")
        stream.setFormatter(formatter)
        stream.setLevel(logging.WARNING if not sys.stderr or not sys.stderr.isatty() else level)
        root.addHandler(stream)
    for handler in [h for h in root.handlers if getattr(h, "name", "") == _HANDLER_NAME]:
        root.removeHandler(handler)
        handler.close()
    path = log_dir(data_dir) / f"{name}.log"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT,
                                                       encoding="utf-8", delay=True)
    except OSError as exc:
        logging.getLogger(__name__).warning("cannot write logs to %s: %s", path, exc)
        return None
    handler.set_name(_HANDLER_NAME)
    handler.setFormatter(formatter)
    root.addHandler(handler)
    return path
