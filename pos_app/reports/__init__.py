"""Report exports: CSV (machines), PDF with a chart (people) and plain text (the terminal). All read
a `pos_app.domain.reports.Report`; money goes through topup_core.formatting. (The Z slip for the
thermal printer is a printed document: pos_app/printing/slip.py.)"""
from .csv_export import report_csv
from .text import report_text

__all__ = ["report_csv", "report_text"]
