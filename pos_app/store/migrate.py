"""Apply Alembic migrations at start-up, after copying the database file aside."""
from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import re

from sqlalchemy import Engine, text

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
_REVISION = re.compile(r"^revision\s*=\s*[\"'](\w+)[\"']", re.M)
_DOWN = re.compile(r"^down_revision\s*=\s*[\"'](\w+)[\"']", re.M)


def alembic_config():  # noqa: ANN201
    from alembic.config import Config  # alembic costs ~0.2 s to import: only when migrating

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    """The newest revision, read straight from the version files (no alembic import at start-up).
    tests/store/test_migrations.py checks it agrees with alembic's own answer."""
    revisions, parents = set(), set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        if match := _REVISION.search(source):
            revisions.add(match.group(1))
        if match := _DOWN.search(source):
            parents.add(match.group(1))
    heads = revisions - parents
    if len(heads) != 1:
        raise RuntimeError(f"migrations must have exactly one head, found {sorted(heads)}")
    return heads.pop()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        exists = conn.execute(text("SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'")).scalar()
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar() if exists else None


def copy_aside(db_path: Path, dest: Path) -> Path:
    """Consistent copy of a live WAL database with SQLite's online backup API."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(db_path)
    try:
        out = sqlite3.connect(dest)
        try:
            src.backup(out)
        finally:
            out.close()
    finally:
        src.close()
    return dest


def upgrade(engine: Engine, db_path: Path, backup_dir: Path, target: str = "head") -> Path | None:
    """Bring the schema to `target`. Returns the pre-migration copy, if one was needed."""
    current = current_revision(engine)
    wanted = head_revision() if target == "head" else target
    if current == wanted:
        return None
    copy = None
    if current is not None:  # an existing database: keep the old file before touching it
        stamp = time.strftime("%Y%m%d-%H%M%S")
        copy = copy_aside(db_path, backup_dir / f"pre-migrate-{current}-to-{wanted}-{stamp}.sqlite3")
    from alembic import command

    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, target)
    return copy
