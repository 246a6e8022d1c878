"""Report exports: CSV (machines), PDF with a chart (people), a Z slip (thermal printer) and plain
text (the terminal). All read a `pos_app.domain.reports.Report`; money is formatted only here."""
from .csv_export import report_csv
from .text import report_text

__all__ = ["report_csv", "report_text"]
