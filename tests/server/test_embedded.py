"""Embedded mode for the desktop demo: in-process server, seed and enrollment helpers."""
from __future__ import annotations

import time

import requests

from prepaid_server.embedded import issue_enrollment_code, seed_demo, start_server
from support.server import TerminalClient


def test_embedded_server_seed_enroll_sell_stop(tmp_path):
    url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    seeded = seed_demo(url)
    started = time.monotonic()
    handle = start_server(url)
    try:
        assert time.monotonic() - started < 5  # generous: shared 2-core CI box
        assert handle.port > 0 and handle.url == f"http://127.0.0.1:{handle.port}"
        terminal = TerminalClient.enroll(handle.url, str(seeded["enrollment_code"]))
        assert terminal.send_batch([terminal.sale()]).json()["results"][0]["status"] == "accepted"
        second = TerminalClient.enroll(handle.url, issue_enrollment_code(url, str(seeded["agent_id"])))
        assert second.terminal_code == "NBO2"
        assert seed_demo(url)["agent_id"] == seeded["agent_id"]
    finally:
        handle.stop()
    try:
        requests.get(handle.url + "/api/v1/health", timeout=1)
    except requests.ConnectionError:
        pass
    else:
        raise AssertionError("the server still answers after stop()")
