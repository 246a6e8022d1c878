from __future__ import annotations

import argparse

from pos_app.printing import PrinterState, list_usb_printers
from pos_app.printing.cli import add_printer_commands
from pos_app.printing.status import decode_status

from .printer_emulator import PrinterEmulator, free_port


def run(argv):
    parser = argparse.ArgumentParser(prog="pos-admin")
    add_printer_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)


def test_printer_test_command(emulator, capsys, tmp_path):
    assert run(["printer", "test", emulator.uri]) == 0
    assert b"PRINTER TEST" in emulator.received()
    assert run(["printer", "test", f"pdf://{tmp_path}"]) == 0
    assert list(tmp_path.glob("test-page-*.pdf"))


def test_printer_test_failures_are_one_line_and_non_zero(capsys):
    assert run(["printer", "test", f"tcp://127.0.0.1:{free_port()}"]) == 1
    assert run(["printer", "test", "lpt://x"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and "not reachable" in err[0] and "Unknown printer type" in err[1]


def test_printer_status_command(capsys):
    printer = PrinterEmulator(status="cover_open")
    try:
        assert run(["printer", "status", printer.uri]) == 1
        assert "cover open" in capsys.readouterr().out
    finally:
        printer.stop()


def test_status_decoding():
    assert decode_status("x", 0x12, 0x12, 0x12).ready is True
    low = decode_status("x", 0x12, 0x12, 0x1E)
    assert low.ready and low.paper == "low"
    out = decode_status("x", 0x1A, 0x32, 0x72)
    assert out.is_down and out.paper == "out" and "out of paper" in out.message
    assert decode_status("x", None, None, None).ready is None
    assert isinstance(out, PrinterState)


def test_usb_discovery_never_raises():
    printers = list_usb_printers()
    assert isinstance(printers, list)
    assert all(p.uri.startswith("usb://") for p in printers)
    assert run(["printer", "discover"]) == 0
