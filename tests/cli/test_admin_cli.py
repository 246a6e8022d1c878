"""`pos-admin` as a real subprocess: exit codes, one-line errors, PINs never on argv."""
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

PROG = [sys.executable, "-m", "pos_app.cli.admin"]


def run(data_dir: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([*PROG, "--data-dir", str(data_dir), *args], input=stdin, capture_output=True,
                          text=True, timeout=120, env={**os.environ, "PYTHONIOENCODING": "utf-8"})


@pytest.fixture
def demo_dir(tmp_path):
    proc = run(tmp_path, "init", "--demo")
    assert proc.returncode == 0, proc.stderr
    return tmp_path


def test_init_demo_status_verify(demo_dir):
    status = run(demo_dir, "status")
    assert status.returncode == 0
    assert "NBO1" in status.stdout and "catalog_version        1" in status.stdout
    verify = run(demo_dir, "verify")
    assert verify.returncode == 0 and verify.stdout.count(" ok") == 8  # + pin_key, file_modes (issue 11), queued_totals (issue 13)


def test_user_add_reads_pin_from_stdin_only(demo_dir):
    proc = run(demo_dir, "user", "add", "bob", "--role", "clerk", "--name", "Bob K", "--as", "admin",
               stdin="0000\n4321\n")
    assert proc.returncode == 0, proc.stderr
    listing = run(demo_dir, "user", "list").stdout
    assert "bob" in listing and "clerk" in listing
    assert "4321" not in listing
    # there is no way to pass a PIN on the command line
    proc = run(demo_dir, "user", "add", "carol", "--pin", "1111")
    assert proc.returncode == 2 and "unrecognized arguments" in proc.stderr


def test_errors_are_one_line_and_non_zero(demo_dir):
    proc = run(demo_dir, "user", "add", "bob", "--as", "admin", stdin="0000\n12\n")
    assert proc.returncode == 1
    assert proc.stderr.strip().count("\n") == 0 and proc.stderr.startswith("pos-admin: ")
    proc = run(demo_dir, "user", "disable", "ghost", "--as", "admin", stdin="0000\n")
    assert proc.returncode == 1 and "no user" in proc.stderr and "ghost" not in proc.stderr  # never echoed (issue 11)
    assert run(demo_dir, "user", "add", "alice", "--as", "admin", stdin="0000\n1234\n").returncode == 1  # exists


def test_disable_user(demo_dir):
    assert run(demo_dir, "user", "disable", "alice", "--as", "admin", stdin="0000\n").returncode == 0
    assert "disabled" in [line for line in run(demo_dir, "user", "list").stdout.splitlines() if "alice" in line][0]


def test_backup_is_a_verifiable_copy(demo_dir):
    proc = run(demo_dir, "backup", "--keep", "2")
    assert proc.returncode == 0
    copy = Path(proc.stdout.strip())
    assert copy.exists()
    conn = sqlite3.connect(copy)
    assert conn.execute("SELECT COUNT(*) FROM users").fetchone() == (3,)
    conn.close()
    restored = demo_dir.parent / "restored"
    restored.mkdir()
    copy.rename(restored / "pos.sqlite3")
    (restored / "pin.key").write_bytes((demo_dir / "pin.key").read_bytes())  # restored with its key (issue 11)
    assert run(restored, "verify").returncode == 0
    for _ in range(3):
        run(demo_dir, "backup", "--keep", "2")
    assert len(list((demo_dir / "backups").glob("pos-*.sqlite3"))) == 2


def test_second_process_on_same_data_dir_is_refused(demo_dir):
    holder = subprocess.Popen([sys.executable, "-c",
                               "import sys,time; from pos_app.runtime import Runtime\n"
                               f"s = Runtime.open({str(demo_dir)!r}); print('ready', flush=True); time.sleep(60)"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        proc = run(demo_dir, "status")
        assert proc.returncode == 3 and "already in use" in proc.stderr
    finally:
        holder.kill()
        holder.wait()
