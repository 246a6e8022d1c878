"""The automatic daily backup (once per local day, keeping N), the business settings registry and
the rotating log files. A backup restores: `pos-admin verify` passes on the copy."""
from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from topup_core.errors import PermissionDenied, ValidationError
from pos_app.application import settings as bs
from pos_app.application.backup import AutoBackup
from pos_app.store.backups import newest_backup


def _age(path: Path, days: float) -> None:
    t = time.time() - days * 86400
    os.utime(path, (t, t))


@pytest.fixture
def real_clock_services(tmp_path):  # the backup's file time is real time: use the system clock
    from pos_app.runtime import Runtime
    svc = Runtime.open(tmp_path / "data")
    svc.setup.seed_demo()
    yield svc
    svc.close()


def test_daily_backup_once_a_day_and_rotation_keeps_n(real_clock_services):
    svc = real_clock_services
    admin = svc.auth.login("admin", "0000")
    svc.settings.update(admin, {bs.BACKUP_KEEP: 3})
    auto = AutoBackup(svc.backup)
    assert auto.due()
    first = auto.run_once()
    assert first is not None and first.exists()
    assert not auto.due() and auto.run_once() is None  # once a day
    for day in range(1, 6):  # five more days pass
        _age(newest_backup(svc.db.backup_dir), day + 0.01)
        assert auto.due()
        assert auto.run_once() is not None
    copies = sorted(svc.db.backup_dir.glob("pos-*.sqlite3"))
    assert len(copies) == 3  # keeps the newest N
    assert newest_backup(svc.db.backup_dir).stat().st_mtime > time.time() - 60


def test_daily_backup_can_be_switched_off(real_clock_services):
    svc = real_clock_services
    admin = svc.auth.login("admin", "0000")
    svc.settings.update(admin, {bs.BACKUP_DAILY: False})
    auto = AutoBackup(svc.backup)
    assert not auto.due() and auto.run_once() is None
    assert auto.run_once(force=True) is not None


def test_background_thread_backs_up_and_stops(real_clock_services):
    svc = real_clock_services
    auto = AutoBackup(svc.backup, check_every_s=0.05, first_check_after_s=0.01).start()
    deadline = time.monotonic() + 10
    while newest_backup(svc.db.backup_dir) is None and time.monotonic() < deadline:
        time.sleep(0.02)
    auto.stop()
    assert newest_backup(svc.db.backup_dir) is not None and auto.last_error is None
    assert len(list(svc.db.backup_dir.glob("pos-*.sqlite3"))) == 1  # still once a day


def test_automatic_backup_restores_and_verifies(real_clock_services, tmp_path):
    path = AutoBackup(real_clock_services.backup).run_once()
    restored = tmp_path / "restored"
    restored.mkdir()
    path.rename(restored / "pos.sqlite3")
    # restored with its PIN key (issue 11: the backup holds sealed PINs only)
    (restored / "pin.key").write_bytes((real_clock_services.data_dir.path / "pin.key").read_bytes())
    proc = subprocess.run([sys.executable, "-m", "pos_app.cli.admin", "--data-dir", str(restored), "verify"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    status = subprocess.run([sys.executable, "-m", "pos_app.cli.admin", "--data-dir", str(restored), "status"],
                            capture_output=True, text=True, timeout=120)
    assert "NBO1" in status.stdout


# --- the business settings registry ---

def test_registry_defaults_types_and_audit(services, manager):
    store = services.settings
    assert store.get(bs.BACKUP_KEEP) == 14 and store.get(bs.BACKUP_DAILY) is True
    assert store.get(bs.SHOP_NAME) == "Mama Mboga Top-Ups"  # stored by seed_demo under the same key
    with pytest.raises(PermissionDenied):
        store.update(manager, {bs.BACKUP_KEEP: 3})  # business settings need an administrator
    admin = services.auth.login("admin", "0000")
    with pytest.raises(ValidationError):
        store.update(admin, {bs.BACKUP_KEEP: 0})
    assert store.update(admin, {bs.BACKUP_KEEP: 5, bs.SHOP_NAME: "Mama Mboga Top-Ups"}) == {"backup_keep": "5"}
    assert store.get(bs.BACKUP_KEEP) == 5
    assert services.verify().ok  # the audit chain includes settings.changed


def test_registry_is_the_one_place_for_defaults():
    from pos_app.printing.receipt import DEFAULT_FOOTER
    assert bs.RECEIPT_FOOTER.default == DEFAULT_FOOTER
    assert bs.defaults() == {s.key: s.dump(s.default) for s in bs.TERMINAL_SETTINGS}
    assert len(list(bs.BUSINESS)) == len({s.key for s in bs.BUSINESS})


def test_logs_go_to_rotating_files_in_the_data_dir(tmp_path):
    from pos_app.logging_setup import setup_logging
    root = logging.getLogger()
    before = list(root.handlers)
    try:
        path = setup_logging(tmp_path, console=False)
        logging.getLogger("pos_app.test").warning("hello from the test")
        for h in root.handlers:
            h.flush()
        assert path == tmp_path / "logs" / "pos-app.log"
        assert "hello from the test" in path.read_text(encoding="utf-8")
        handler = next(h for h in root.handlers if h.get_name() == "topup-pos-file")
        assert handler.maxBytes > 0 and handler.backupCount >= 1
    finally:
        for h in list(root.handlers):
            if h not in before:
                root.removeHandler(h)
                h.close()
