from __future__ import annotations

import pytest

from pos_app.printing import PrinterUriError, parse_printer_uri


@pytest.mark.parametrize("text,scheme,target,width,columns", [
    ("tcp://192.168.1.50", "tcp", "192.168.1.50", 80, 48),
    ("tcp://printer.local:9101?width=58", "tcp", "printer.local", 58, 32),
    ("usb://04b8:0202?profile=TM-T20II", "usb", "04b8:0202", 80, 48),
    ("usb://0416:5011?profile=POS-5890", "usb", "0416:5011", 58, 32),
    ("serial:///dev/ttyUSB0?baudrate=19200", "serial", "/dev/ttyUSB0", 80, 48),
    ("file:///dev/usb/lp0", "file", "/dev/usb/lp0", 80, 48),
    ("cups://TM_T20", "cups", "TM_T20", 80, 48),
    ("win32://EPSON TM-T20II Receipt", "win32", "EPSON TM-T20II Receipt", 80, 48),
    ("dummy://", "dummy", "", 80, 48),
    ("pdf:///var/lib/pos/receipts?width=58", "pdf", "/var/lib/pos/receipts", 58, 32),
    ("dummy://?profile=TM-T88V", "dummy", "", 80, 42),  # the profile's font A has 42 columns
])
def test_valid_uris(text, scheme, target, width, columns):
    uri = parse_printer_uri(text)
    assert (uri.scheme, uri.target, uri.width_mm, uri.columns) == (scheme, target, width, columns)


def test_tcp_default_port_and_usb_ids():
    assert parse_printer_uri("tcp://10.0.0.9").port == 9100
    assert parse_printer_uri("usb://04b8:0e15").usb_ids == (0x04B8, 0x0E15)
    assert parse_printer_uri("usb://0416:5011?profile=POS-5890").pixels == 384


@pytest.mark.parametrize("text,words", [
    ("", "not a printer address"),
    ("192.168.1.50", "not a printer address"),
    ("lpt://x", "Unknown printer type"),
    ("tcp://", "names no host"),
    ("tcp://host:notaport", "invalid port"),
    ("usb://04b8", "VID:PID"),
    ("usb://zzzz:0202", "VID:PID"),
    ("serial://", "names no device"),
    ("cups://", "no printer queue"),
    ("pdf://", "names no folder"),
    ("dummy://?width=72", "58 or 80"),
    ("dummy://?profile=NoSuchPrinter", "Unknown printer profile"),
    ("dummy://?colour=red", "Unknown printer option"),
    ("serial:///dev/ttyS0?baudrate=fast", "baudrate"),
])
def test_malformed_uris_say_what_is_wrong(text, words):
    with pytest.raises(PrinterUriError, match=words):
        parse_printer_uri(text)
