"""Issue 12: `pos-admin report z` refuses to close the day over a shift still open unless
`--force` (like the screen's warning, whose default button is Cancel); with --force it warns."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run(data_dir: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pos_app.cli.admin", "--data-dir", str(data_dir), *args],
                          input=stdin, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"})


def test_report_z_refuses_over_an_open_shift_without_force(tmp_path):
    assert run(tmp_path, "init", "--demo").returncode == 0
    from pos_app.runtime import Runtime
    with Runtime.open(tmp_path) as svc:
        svc.shifts.open_shift(svc.auth.login("alice", "1234"), {})
    refused = run(tmp_path, "report", "z", "--manager", "mary", stdin="9876\n")
    assert refused.returncode == 1
    assert refused.stderr.count("\n") == 1 and "shift(s) still open (Alice Wanjiru)" in refused.stderr
    assert "--force" in refused.stderr
    with Runtime.open(tmp_path) as svc:
        assert svc.reports.z_reports(svc.auth.login("mary", "9876")) == []  # nothing closed
    forced = run(tmp_path, "report", "z", "--manager", "mary", "--force", stdin="9876\n")
    assert forced.returncode == 0, forced.stderr
    assert "warning: closing the day over 1 open shift(s): Alice Wanjiru" in forced.stderr
    assert "Z report #1" in forced.stdout and "closed by Local administrator, approved by Mary Otieno" in forced.stdout
