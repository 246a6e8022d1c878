"""Issue 11 through `pos-admin` as a real subprocess: read-only commands create nothing, file modes,
`--as NAME` for user and settings commands, unknown names never recorded as typed, the enroll exit
code against a real server whose first catalog pull fails."""
from __future__ import annotations

import os
import sqlite3
import stat
import sys
from pathlib import Path

import pytest

from support.server import run_cli, start_server

from test_admin_cli import run

READ_ONLY = (("status",), ("verify",), ("sales", "list"), ("print-jobs", "list"), ("report", "x"),
             ("user", "list"), ("settings", "list"))


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def demo_dir(tmp_path):
    data = tmp_path / "pos"
    proc = run(data, "init", "--demo")
    assert proc.returncode == 0, proc.stderr
    return data


def audit_rows(data: Path) -> list[tuple[str, str, str]]:
    conn = sqlite3.connect(data / "pos.sqlite3")
    try:
        return [tuple(r) for r in conn.execute("SELECT actor, action, details FROM audit_log ORDER BY id")]
    finally:
        conn.close()


@pytest.mark.parametrize("command", READ_ONLY, ids=lambda c: " ".join(c))
def test_read_only_commands_create_nothing_in_a_fresh_dir(tmp_path, command):
    missing = tmp_path / "nowhere"
    proc = run(missing, *command)
    assert proc.returncode != 0 and "not a terminal's data directory" in proc.stderr
    assert not missing.exists()
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run(empty, *command).returncode != 0
    assert list(empty.iterdir()) == []


def test_read_only_commands_point_at_the_demos_terminal(tmp_path):
    (tmp_path / "demo" / "terminal").mkdir(parents=True)
    sqlite3.connect(tmp_path / "demo" / "terminal" / "pos.sqlite3").close()
    proc = run(tmp_path / "demo", "status")
    assert proc.returncode != 0 and str(tmp_path / "demo" / "terminal") in proc.stderr


def test_files_are_this_users_only_and_verify_tightens_what_is_open(demo_dir):
    assert run(demo_dir, "backup").returncode == 0
    assert mode(demo_dir) == 0o700
    for name in ("pos.sqlite3", "pin.key"):
        assert mode(demo_dir / name) == 0o600, name
    for path in (demo_dir / "backups").iterdir():
        assert mode(path) == 0o600, path
    assert mode(demo_dir / "backups") == 0o700
    # someone (an old version, a restore, a copy) leaves them open: the next start says so and fixes it
    os.chmod(demo_dir, 0o755)
    os.chmod(demo_dir / "pos.sqlite3", 0o644)
    proc = run(demo_dir, "verify")
    assert proc.returncode == 0, proc.stderr
    assert "tightened" in proc.stdout and "pos.sqlite3 0644" in proc.stdout
    assert mode(demo_dir) == 0o700 and mode(demo_dir / "pos.sqlite3") == 0o600


def test_user_and_settings_commands_need_an_admin(demo_dir, tmp_path):
    # the attack: no authentication at all
    proc = run(demo_dir, "user", "add", "eve", "--role", "admin", stdin="5555\n")
    assert proc.returncode == 1 and "administrator" in proc.stderr
    # a clerk is not an administrator
    proc = run(demo_dir, "user", "add", "eve", "--role", "admin", "--as", "alice", stdin="1234\n5555\n")
    assert proc.returncode == 1 and "administrator" in proc.stderr
    # a wrong admin PIN counts toward the lockout like at the till
    for _ in range(5):
        proc = run(demo_dir, "user", "add", "eve", "--as", "admin", stdin="1111\n5555\n")
        assert proc.returncode == 1
    assert "Try again in" in proc.stderr
    assert "eve" not in run(demo_dir, "user", "list").stdout
    # mary's own admin would work; here a second terminal to keep the lockout out of the way
    fresh = tmp_path / "fresh"
    assert run(fresh, "init", "--shop-name", "Kiosk").returncode == 0
    # the first admin of an empty terminal needs nobody
    proc = run(fresh, "user", "add", "boss", "--role", "admin", stdin="2468\n")
    assert proc.returncode == 0, proc.stderr
    # after that, even another admin needs --as
    assert run(fresh, "user", "add", "deputy", "--role", "admin", stdin="1357\n").returncode == 1
    proc = run(fresh, "user", "add", "deputy", "--role", "admin", "--as", "boss", stdin="2468\n1357\n")
    assert proc.returncode == 0, proc.stderr
    proc = run(fresh, "user", "disable", "deputy", "--as", "boss", stdin="2468\n")
    assert proc.returncode == 0, proc.stderr
    bundle = tmp_path / "ca.pem"
    bundle.write_text("-----BEGIN CERTIFICATE-----\n")
    assert run(fresh, "settings", "set", "server_ca_bundle", str(bundle)).returncode == 1
    proc = run(fresh, "settings", "set", "server_ca_bundle", str(bundle), "--as", "boss", stdin="2468\n")
    assert proc.returncode == 0, proc.stderr
    assert str(bundle) in run(fresh, "settings", "list").stdout
    proc = run(fresh, "init", "--shop-name", "Other name")
    assert proc.returncode == 1  # changing an initialised terminal's settings is a settings command
    actions = [(actor, action) for actor, action, _ in audit_rows(fresh)]
    assert ("admin:boss", "user.added") in actions and ("admin:boss", "user.disabled") in actions
    assert ("admin:boss", "settings.changed") in actions
    assert all("1357" not in d and "2468" not in d for _, _, d in audit_rows(fresh))


def test_a_pin_typed_as_a_user_name_is_never_recorded(demo_dir):
    proc = run(demo_dir, "report", "z", "--manager", "9876", stdin="9876\n")
    assert proc.returncode == 1 and "9876" not in proc.stderr
    proc = run(demo_dir, "user", "disable", "5555", "--as", "admin", stdin="0000\n")
    assert proc.returncode == 1 and "5555" not in proc.stderr
    rows = audit_rows(demo_dir)
    assert not [r for r in rows if "9876" in "".join(r) or "5555" in "".join(r)]
    assert any(actor.startswith("unknown:#") for actor, action, _ in rows if action == "login.failed")


def test_enroll_exit_code_says_enrolled_even_when_the_catalog_pull_fails(tmp_path):
    """A real server with an agent but no catalog published: enrollment works, the first catalog
    pull fails. Exit 0 with a warning; run again: still 0, and no second server terminal."""
    database_url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    server = start_server(database_url, seed=False)
    try:
        agent = run_cli(database_url, "create-agent", "Kiosk", "--prefix", "KSK").stdout.strip().splitlines()[-1]
        code = run_cli(database_url, "issue-code", agent).stdout.strip().splitlines()[-1]
        data = tmp_path / "pos"
        assert run(data, "init", "--shop-name", "Kiosk").returncode == 0
        proc = run(data, "enroll", "--server", server.url, stdin=code + "\n")
        assert proc.returncode == 0, proc.stderr
        assert "enrolled as KSK" in proc.stdout and "warning" in proc.stderr
        second = run_cli(database_url, "issue-code", agent).stdout.strip().splitlines()[-1]
        proc = run(data, "enroll", "--server", server.url, stdin=second + "\n")
        assert proc.returncode == 0 and "already enrolled as KSK" in proc.stdout
        from sqlalchemy import create_engine, text
        engine = create_engine(database_url)
        with engine.connect() as conn:
            assert conn.execute(text("SELECT COUNT(*) FROM terminals")).scalar() == 1
        engine.dispose()
        # not enrolled is non-zero
        proc = run(tmp_path / "other", "enroll", "--server", server.url, stdin="NOPE-NOPE-NOPE\n")
        assert proc.returncode != 0
    finally:
        server.stop()


def test_a_backup_restored_without_its_pin_key_is_reported(demo_dir, tmp_path):
    """The key is not in the backup (that is the point); verify says when it is missing."""
    proc = run(demo_dir, "backup", "--to", str(tmp_path / "copy.sqlite3"))
    assert proc.returncode == 0, proc.stderr
    assert b"gcm1:" in (tmp_path / "copy.sqlite3").read_bytes()  # sealed in the backup too
    restored = tmp_path / "restored"
    restored.mkdir()
    (tmp_path / "copy.sqlite3").rename(restored / "pos.sqlite3")
    proc = run(restored, "verify")
    assert proc.returncode == 1 and "pin_key" in proc.stderr
    (restored / "pin.key").write_bytes((demo_dir / "pin.key").read_bytes())
    assert run(restored, "verify").returncode == 0
