"""Issue 11: the terminal verifies the server's certificate (on by default) and can be given a CA
bundle for it. A throwaway CA-less self-signed certificate, a real server process serving HTTPS on
loopback, and a real enrollment over it."""
from __future__ import annotations

import datetime as dt
import ipaddress
import subprocess
import sys
import time

import pytest
import requests

from topup_core.errors import DomainError
from pos_app.application import settings as bs
from pos_app.domain.roles import LOCAL_ADMIN
from pos_app.runtime import Runtime

from support.server import free_port


def _certificate(tmp_path):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = tmp_path / "tls-cert.pem", tmp_path / "tls-key.pem"  # not server.key: the server seals with that
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


@pytest.fixture
def https_server(tmp_path):
    from prepaid_server.embedded import seed_demo
    database_url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    seeded = seed_demo(database_url)
    cert, key = _certificate(tmp_path)
    port = free_port()
    code = ("import uvicorn; from prepaid_server.api.app import create_app; "
            f"uvicorn.run(create_app({database_url!r}), host='127.0.0.1', port={port}, log_level='warning', "
            f"ssl_certfile={str(cert)!r}, ssl_keyfile={str(key)!r})")
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"https://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            requests.get(url + "/api/v1/health", timeout=1, verify=str(cert))
            break
        except requests.RequestException:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError(proc.stderr.read().decode()[-2000:])
            time.sleep(0.1)
    yield url, cert, seeded, database_url
    proc.terminate()
    proc.wait(10)
    from prepaid_server.store.engine import dispose_engine
    dispose_engine(database_url)


def test_enrollment_over_https_needs_a_trusted_certificate(tmp_path, https_server, clock):
    url, cert, seeded, database_url = https_server
    svc = Runtime.open(tmp_path / "pos", clock=clock)
    try:
        svc.setup.seed_demo()
        with pytest.raises(DomainError) as refused:  # verification is on by default: self-signed is refused
            svc.enroll(url, str(seeded["enrollment_code"]), "Till 1")
        assert refused.value.code == "tls_untrusted" and not svc.engine.enrolled
        svc.settings.update(LOCAL_ADMIN, {bs.SERVER_CA_BUNDLE: str(cert)})
        result = svc.enroll(url, _fresh_code(database_url, seeded),
                            "Till 1")
        assert result.terminal_code.startswith("NBO") and result.warning is None
        assert svc.engine.pull_catalog() is not None  # signed requests over TLS too
    finally:
        svc.close()


def _fresh_code(database_url, seeded):
    from prepaid_server.embedded import issue_enrollment_code
    return issue_enrollment_code(database_url, str(seeded["agent_id"]))
