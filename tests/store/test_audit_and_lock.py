import sqlite3
import subprocess
import sys

import pytest

from pos_app.domain.sale import SaleRequest
from pos_app.runtime import Runtime
from pos_app.store.datadir import DataDirLocked


def test_audit_log_is_append_only(services, clerk):
    services.sell.record(clerk, SaleRequest("0712345123", "SAF-AIRTIME", 10000, "cash", 10000))
    conn = sqlite3.connect(services.db.db_path, isolation_level=None)
    for sql in ("UPDATE audit_log SET actor='x'", "DELETE FROM audit_log"):
        with pytest.raises(sqlite3.DatabaseError, match="audit_append_only"):
            conn.execute(sql)


def test_verify_finds_an_altered_audit_entry(services, clerk):
    services.sell.record(clerk, SaleRequest("0712345123", "SAF-AIRTIME", 10000, "cash", 10000))
    assert services.verify().ok
    conn = sqlite3.connect(services.db.db_path, isolation_level=None)
    # Someone with a SQLite shell drops the guard and rewrites history.
    conn.execute("DROP TRIGGER audit_no_update")
    conn.execute("UPDATE audit_log SET details = replace(details, '10000', '1') WHERE action='sale.recorded'")
    report = services.verify()
    assert not report.ok and "altered" in report.checks["audit_chain"]


def test_verify_finds_a_removed_audit_entry_and_a_missing_sale(services, clerk):
    for _ in range(3):
        services.sell.record(clerk, SaleRequest("0712345123", "SAF-AIRTIME", 10000, "cash", 10000))
    conn = sqlite3.connect(services.db.db_path, isolation_level=None)
    conn.execute("DROP TRIGGER audit_no_delete")
    conn.execute("DROP TRIGGER sales_never_deleted")
    conn.execute("DELETE FROM audit_log WHERE id = (SELECT MIN(id) + 2 FROM audit_log)")
    conn.execute("DELETE FROM sales WHERE seq = 2")
    report = services.verify()
    assert "removed" in report.checks["audit_chain"]
    assert "missing" in report.checks["sale_sequence"]


def test_one_process_per_data_directory(tmp_path):
    first = Runtime.open(tmp_path)
    try:
        with pytest.raises(DataDirLocked):
            Runtime.open(tmp_path)
        code = ("import sys; from pos_app.runtime import Runtime\n"
                "from pos_app.store.datadir import DataDirLocked\n"
                f"try:\n    Runtime.open({str(tmp_path)!r})\nexcept DataDirLocked as e:\n    print(e.message); sys.exit(7)")
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
        assert proc.returncode == 7 and "already in use" in proc.stdout
    finally:
        first.close()
    Runtime.open(tmp_path).close()  # released on close
