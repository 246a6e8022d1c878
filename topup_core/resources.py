"""Where bundled files (demo data, styles, icons, translations) live: the top-level `resources/`
folder in a checkout, or beside the executable in a PyInstaller build."""
from __future__ import annotations

import sys
from pathlib import Path


def resource_dir() -> Path:
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    return resource_dir().joinpath(*parts)
