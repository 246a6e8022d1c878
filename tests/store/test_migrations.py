import sqlite3

from pos_app.runtime import Runtime
from pos_app.store import migrate
from pos_app.store.database import Database
from pos_app.store.datadir import DataDir

EXPECTED_TABLES = {"settings", "sequences", "users", "catalog_versions", "sales", "outbox", "audit_log",
                   "voucher_stock", "alembic_version"}


def tables(path):
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        conn.close()


def test_from_empty_to_head(tmp_path):
    data_dir = DataDir(tmp_path)
    db = Database.open(data_dir)
    assert migrate.current_revision(db.writer) == migrate.head_revision()
    assert EXPECTED_TABLES <= tables(data_dir.db_path)
    assert db.migration_backup is None  # nothing to protect in a brand-new file
    db.close()


def test_from_previous_revision_keeps_data_and_copies_the_file_aside(tmp_path):
    data_dir = DataDir(tmp_path)
    db = Database.open(data_dir, migrate_to="0001")
    assert migrate.current_revision(db.writer) == "0001"
    db.close()
    conn = sqlite3.connect(data_dir.db_path)
    conn.execute("INSERT INTO users VALUES ('u1','old','Old','clerk','$argon2id$x',1,0,0,0)")
    conn.execute("""INSERT INTO sales VALUES ('s1',1,'t',0,'2026-01-01','u1','SAF','SAF-AIRTIME','Air','range',
                 '+254712345123','KES',100,0,100,94,6,NULL,'cash',100,0,NULL,1,NULL,NULL,'QUEUED',0,NULL,NULL,NULL)""")
    conn.execute("INSERT INTO outbox (kind, ref_id, payload, created_at_ms, state, attempts, next_attempt_at_ms) "
                 "VALUES ('sale','s1','{}',0,'pending',0,0)")
    conn.commit()
    conn.close()

    db = Database.open(data_dir)
    assert migrate.current_revision(db.writer) == migrate.head_revision()
    assert db.migration_backup is not None and db.migration_backup.exists()
    backup = sqlite3.connect(db.migration_backup)
    assert backup.execute("SELECT COUNT(*) FROM sales").fetchone() == (1,)
    assert backup.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    backup.close()
    conn = sqlite3.connect(data_dir.db_path, isolation_level=None)
    assert conn.execute("SELECT id, status FROM sales").fetchall() == [("s1", "QUEUED")]
    assert conn.execute("SELECT COUNT(*) FROM outbox WHERE state='pending'").fetchone() == (1,)
    # the upgrade's guard triggers now protect the old sale
    try:
        conn.execute("UPDATE sales SET face = 1 WHERE id='s1'")
        raise AssertionError("sale facts changed")
    except sqlite3.DatabaseError as exc:
        assert "sale_immutable" in str(exc)
    conn.close()
    db.close()


def test_head_downgrade_and_upgrade_again_are_clean(tmp_path):
    from alembic import command

    data_dir = DataDir(tmp_path)
    db = Database.open(data_dir)
    cfg = migrate.alembic_config()
    with db.writer.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
    assert tables(data_dir.db_path) == {"alembic_version"}
    db.close()
    db = Database.open(data_dir)
    assert EXPECTED_TABLES <= tables(data_dir.db_path)
    db.close()


def test_reopening_a_current_database_changes_nothing(tmp_path):
    with Runtime.open(tmp_path):
        pass
    with Runtime.open(tmp_path) as svc:
        assert svc.db.migration_backup is None
    assert not (tmp_path / "backups").exists()


def test_fast_head_lookup_agrees_with_alembic():
    from alembic.script import ScriptDirectory

    assert migrate.head_revision() == ScriptDirectory.from_config(migrate.alembic_config()).get_current_head()
