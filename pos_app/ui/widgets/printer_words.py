"""The printer's words in the clerk's language. The printing adapter says what happened in plain
English sentences (its states and job errors); this turns the known ones into translated text and
leaves anything else as it came."""
from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication


def _t(text: str) -> str:
    return QCoreApplication.translate("Printer", text)


def _problems() -> dict[str, str]:
    return {
        "out of paper: load a new roll": _t("out of paper: load a new roll"),
        "cover open: close the cover": _t("cover open: close the cover"),
        "printer error: switch the printer off and on": _t("printer error: switch the printer off and on"),
        "printer offline": _t("printer offline"),
    }


def _fixed() -> dict[str, str]:
    return {
        "Printer ready": _t("Printer ready"),
        "Printer ready (paper low)": _t("Printer ready (paper low)"),
        "Printer down": _t("Printer down"),
        "Printer status unknown": _t("Printer status unknown"),
        "Printer connected (it does not report status)": _t("Printer connected (it does not report status)"),
        "Printer connected (this link cannot report status)": _t("Printer connected (this link cannot report status)"),
        "PDF folder ready": _t("PDF folder ready"),
        "PDF": _t("PDF files"),
        "Printed": _t("Printed"),
        "The printer stopped answering after the receipt was sent: check whether it printed before reprinting":
            _t("The printer stopped answering after the receipt was sent: check whether it printed."),
        "The program stopped while this was printing: check whether it printed.":
            _t("The program stopped while this was printing: check whether it printed."),
        "Dismissed": _t("Dismissed"),
        "Confirmed printed by the clerk": _t("Confirmed printed by the clerk"),
    }


_PATTERNS = (
    (re.compile(r"^Printer not reachable: (.*)$"), lambda m: _t("Printer not reachable: %1").replace("%1", m[1])),
    (re.compile(r"^Cannot write to (.*)$"), lambda m: _t("Cannot write to %1").replace("%1", m[1])),
    (re.compile(r"^Connection lost before the whole receipt reached the printer \((.*)\)$"),
     lambda m: _t("The connection was lost before the whole receipt reached the printer (%1).").replace("%1", m[1])),
    (re.compile(r"^The connection broke after the receipt was sent: check whether it printed before reprinting "
                r"\((.*)\)$"),
     lambda m: _t("The connection broke after the receipt was sent: check whether it printed (%1).").replace(
         "%1", m[1])),
    (re.compile(r"^Cannot save the PDF receipt in (.*?): (.*)$"),
     lambda m: _t("Cannot save the PDF receipt in %1: %2").replace("%1", m[1]).replace("%2", m[2])),
    (re.compile(r"^Reprinted as COPY (\d+)$"), lambda m: _t("Reprinted as COPY %1").replace("%1", m[1])),
)


def printer_message(text: str | None) -> str:
    """A printer state or job error as the clerk reads it, translated where it is known."""
    if not text:
        return ""
    parts = [p.strip() for p in text.split(" — ")]  # a settled job's note follows its last error
    return " — ".join(_one(p) for p in parts if p)


def _one(text: str) -> str:
    tail = ""
    gave_up = re.search(r" \(gave up after (\d+) tries\)$", text)
    if gave_up:
        text = text[:gave_up.start()]
        tail = " " + QCoreApplication.translate("Printer", "(gave up after %n tries)", "", int(gave_up[1]))
    fixed = _fixed().get(text)
    if fixed is not None:
        return fixed + tail
    if text.startswith("Printer ") and text[8:].split("; ")[0] in _problems():
        problems = _problems()
        return _t("Printer %1").replace("%1", "; ".join(problems.get(p, p) for p in text[8:].split("; "))) + tail
    for pattern, words in _PATTERNS:
        m = pattern.match(text)
        if m:
            return words(m) + tail
    return text + tail
