"""Issue 11, server side: secrets at rest (sealed terminal secrets, a 0600 key file, 0600 database
files in a 0700 directory), clean logs, and TLS with a throwaway CA the client pins."""
from __future__ import annotations

import base64
import datetime as dt
import ipaddress
import os
import sqlite3
import stat
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from support.server import TerminalClient, free_port, now_ms, postgres_database, start_server, unique_msisdn


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _secret_column(db: Path, terminal_id: str) -> str:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT secret FROM terminals WHERE id = ?", (terminal_id,)).fetchone()[0]


def test_terminal_secrets_are_sealed_and_the_files_are_the_owners_only(tmp_path):
    db = tmp_path / "data" / "server.sqlite3"
    server = start_server(f"sqlite:///{db}")
    try:
        t = server.enroll("Till")
        clear = base64.b64encode(t.secret).decode()
        stored = _secret_column(db, t.terminal_id)
        assert stored.startswith("v1:") and clear not in stored and t.secret.hex() not in stored
        assert clear.encode() not in db.read_bytes()
        key = db.parent / "server.key"
        assert _mode(key) == 0o600
        assert _mode(db.parent) == 0o700
        for path in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
            assert _mode(path) == 0o600, path
        assert t.get("/api/v1/float").status_code == 200
    finally:
        server.stop()


def test_secrets_stored_in_clear_before_are_sealed_at_start_and_keep_working(tmp_path):
    db = tmp_path / "server.sqlite3"
    server = start_server(f"sqlite:///{db}")
    t = server.enroll("Old row")
    server.stop()
    with sqlite3.connect(db) as conn:  # a row as it was stored before issue 11
        conn.execute("UPDATE terminals SET secret = ? WHERE id = ?", (base64.b64encode(t.secret).decode(),
                                                                       t.terminal_id))
    assert not _secret_column(db, t.terminal_id).startswith("v1:")
    server = start_server(f"sqlite:///{db}", seed=False)
    try:
        assert _secret_column(db, t.terminal_id).startswith("v1:")
        t.base_url = server.url
        assert t.get("/api/v1/float").status_code == 200
    finally:
        server.stop()


def test_a_key_file_readable_by_others_is_refused(tmp_path):
    db = tmp_path / "server.sqlite3"
    start_server(f"sqlite:///{db}").stop()  # the first start makes the key
    os.chmod(tmp_path / "server.key", 0o644)
    with pytest.raises(RuntimeError, match="chmod 600"):
        start_server(f"sqlite:///{db}", seed=False)


def test_the_default_data_dir_is_0700_and_its_files_0600(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("POS_SERVER_")}
    env["XDG_DATA_HOME"] = str(tmp_path / "xdg")
    proc = subprocess.run([sys.executable, "-m", "prepaid_server.cli", "seed-demo"], env=env, capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    folder = tmp_path / "xdg" / "topup-pos-server"
    assert _mode(folder) == 0o700
    assert _mode(folder / "server.sqlite3") == 0o600


def test_logs_carry_no_secret_code_or_customer_number():
    """A PostgreSQL server at debug level, taken through enrollment, retries, bad signatures,
    malformed input, a disabled terminal and lookups; then its whole log is searched."""
    with postgres_database() as url:
        server = start_server(url, extra_args=("--log-level", "debug"))
        try:
            code, rid = server.issue_code(), str(uuid.uuid4())
            body = {"code": code, "label": "Till", "enrollment_request_id": rid}
            first = requests.post(server.url + "/api/v1/enroll", json=body, timeout=10).json()
            requests.post(server.url + "/api/v1/enroll", json=body, timeout=10)
            requests.post(server.url + "/api/v1/enroll", json={**body, "enrollment_request_id": "x" * 20}, timeout=10)
            t = TerminalClient(server.url, first["terminal_id"], base64.b64decode(first["secret"]))
            number = unique_msisdn()
            sale = t.sale(msisdn=number)
            t.send_batch([sale, {**sale, "id": str(uuid.uuid4()), "face": 1}, {**sale, "msisdn": number + "\x00"}])
            t.post("/api/v1/sales", {**sale, "payment_method": "\ud800"})
            t.get(f"/api/v1/subscribers/{number}")
            TerminalClient(server.url, t.terminal_id, b"\x01" * 32).get("/api/v1/float")
            server.cli("terminal", "disable", t.terminal_id)
            t.get("/api/v1/float")
            t.post("/api/v1/reversals", {"id": str(uuid.uuid4()), "sale_id": sale["id"], "reason": number,
                                         "created_at_ms": now_ms()})
        finally:
            server.stop()
        log = server.process.stderr.read()
    assert "request" in log  # the access lines were written: there was something to search
    secret = base64.b64decode(first["secret"])
    for needle in (first["secret"], secret.hex(), code, code.replace("-", ""), number, number.lstrip("+"),
                   number[-9:]):
        assert needle not in log, needle


# ---------------------------------------------------------------- TLS


def _certificates(folder: Path) -> tuple[Path, Path, Path]:
    """A throwaway CA and a server certificate for 127.0.0.1 / localhost signed by it."""
    now = dt.datetime.now(dt.timezone.utc)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "TopUp test CA")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
          .not_valid_after(now + dt.timedelta(days=1))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                       content_commitment=False, key_encipherment=False, data_encipherment=False,
                                       key_agreement=False, encipher_only=False, decipher_only=False), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
            .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                                        x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    ca_pem, cert_pem, key_pem = folder / "ca.pem", folder / "server.pem", folder / "server.key.pem"
    ca_pem.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    cert_pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_pem.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))
    os.chmod(key_pem, 0o600)
    return ca_pem, cert_pem, key_pem


def test_enroll_and_sync_over_https_with_a_pinned_ca(tmp_path):
    ca, cert, key = _certificates(tmp_path)
    url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    from prepaid_server.embedded import issue_enrollment_code, seed_demo
    agent_id = str(seed_demo(url)["agent_id"])
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "prepaid_server.cli", "--database-url", url, "--port", str(port),
                                "serve", "--tls-cert", str(cert), "--tls-key", str(key)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"https://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, process.stderr.read()
            try:
                if requests.get(base + "/api/v1/health", verify=str(ca), timeout=1).status_code == 200:
                    break
            except requests.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        with pytest.raises(requests.exceptions.SSLError):  # verification is on: an unknown CA is refused
            requests.get(base + "/api/v1/health", timeout=5)
        with pytest.raises(requests.ConnectionError):  # and plain HTTP gets nothing
            requests.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=5)
        r = requests.post(base + "/api/v1/enroll", json={"code": issue_enrollment_code(url, agent_id), "label": "TLS",
                                                          "enrollment_request_id": str(uuid.uuid4())},
                          verify=str(ca), timeout=10)
        assert r.status_code == 201, r.text
        body = r.json()
        t = TerminalClient(base, body["terminal_id"], base64.b64decode(body["secret"]), body["terminal_code"])
        t.session.verify = str(ca)
        t.session.trust_env = False  # else REQUESTS_CA_BUNDLE from the environment wins over the pin
        sale = t.sale()
        reply = t.send_batch([sale])
        assert reply.status_code == 200 and reply.json()["results"][0]["status"] == "accepted"
        assert t.get("/api/v1/terminal/status").json()["last_seq"] == sale["seq"]
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


def test_a_sealed_secret_opens_only_with_its_key_and_for_its_terminal():
    from topup_core.errors import StoreUnavailable
    from prepaid_server.services.secrets_at_rest import Sealer
    secret = base64.b64encode(os.urandom(32)).decode()
    key = os.urandom(32)
    sealed = Sealer(key).seal("terminal-a", secret)
    assert sealed.startswith("v1:") and secret not in sealed
    assert Sealer(key).open("terminal-a", sealed) == base64.b64decode(secret)
    for sealer, terminal in ((Sealer(os.urandom(32)), "terminal-a"), (Sealer(key), "terminal-b")):
        with pytest.raises(StoreUnavailable) as caught:  # 503, never the secret of another row
            sealer.open(terminal, sealed)
        assert caught.value.code == "server_key_invalid"


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_driver_errors_never_quote_sql_parameters(tmp_path, kind):
    """A failing statement's error (what a traceback in the log would show) names no parameter value."""
    from sqlalchemy import text

    from prepaid_server.store.engine import dispose_engine, get_engine

    def check(url: str) -> None:
        engine = get_engine(url)
        try:
            with engine.connect() as conn, pytest.raises(Exception) as caught:
                conn.execute(text("SELECT no_such_column FROM no_such_table WHERE x = :secret"),
                             {"secret": "TOPSECRET-0712345678"})
            assert "TOPSECRET" not in str(caught.value) and "0712345678" not in str(caught.value)
        finally:
            dispose_engine(url)

    if kind == "sqlite":
        check(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    else:
        with postgres_database() as url:
            check(url)
