"""Shared bits of the command-line front ends: data dir default and error reporting."""
from __future__ import annotations

import sys
from pathlib import Path

from platformdirs import user_data_dir

from pos_app import APP_AUTHOR, APP_NAME


def default_data_dir() -> Path:
    return Path(user_data_dir(APP_NAME, APP_AUTHOR))


def fail(prog: str, message: str, code: int = 1) -> int:
    print(f"{prog}: {message}", file=sys.stderr)
    return code
