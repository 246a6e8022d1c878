"""Sync now: fetch the catalog and the float, then send every queued sale (and the reversals,
cancellations and Z reports behind them). `pos-admin sync` runs it; the worker thread does the
same in the background, with backoff."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from topup_core.errors import DomainError

from .answers import DrainResult
from .ports import ServerLink


@dataclass(frozen=True)
class SyncReport:
    catalog_version: int | None
    float_view: dict[str, Any]
    drained: DrainResult
    still_queued: int


class Sync:
    def __init__(self, link: ServerLink) -> None:
        self.link = link

    def __call__(self, max_seconds: float = 300.0) -> SyncReport:
        if not self.link.enrolled:
            raise DomainError("not_enrolled",
                              "This terminal is not enrolled: run `pos-admin enroll --server URL` first.")
        version = self.link.pull_catalog()
        view = self.link.refresh_float()
        drained = self.link.drain(max_seconds=max_seconds)
        return SyncReport(version, view, drained, self.link.status().queued)
