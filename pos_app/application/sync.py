"""Sync now: fetch the catalog and the float, then send every queued sale (and the reversals,
cancellations and Z reports behind them). `pos-admin sync` runs it; the worker thread does the
same in the background, with backoff."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from topup_core.errors import DomainError

from .answers import DrainResult
from .ports import ServerLink

log = logging.getLogger(__name__)


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

    def contact(self) -> bool:
        """Ask the server for the float once, without sending anything: a process that has just
        started (`pos-admin sell`) learns whether it is online and what offline allowance it holds,
        as the till's worker does at start. False when the server cannot be reached: the sale then
        follows the offline rules. A terminal that is not enrolled has nothing to ask."""
        if not self.link.enrolled:
            return False
        try:
            self.link.refresh_float()
        except DomainError as exc:  # unreachable, or refused: the link has noted it (offline rules apply)
            log.info("no contact with the server before the sale: %s", exc.code)
            return False
        return True
