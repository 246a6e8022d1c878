"""A per-process sliding-window limit per key (issue 11: subscriber lookups per terminal).

In memory on purpose: a lookup must not cost a database write. With `--workers N` each process
counts for itself, so the effective limit is up to N times the setting (docs/SERVER.md)."""
from __future__ import annotations

import math
import threading
import time
from collections import deque

from topup_core.errors import PermissionDenied


class RateLimited(PermissionDenied):
    code = "rate_limited"


class SlidingWindow:
    def __init__(self, limit: int, window_s: float, clock=time.monotonic) -> None:  # noqa: ANN001
        self.limit, self.window_s, self._clock = limit, window_s, clock
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str) -> None:
        """Count one call for `key`, or raise RateLimited (with retry_after_s) if over the limit."""
        now = self._clock()
        with self._lock:
            hits = self._hits.setdefault(key, deque())
            while hits and hits[0] <= now - self.window_s:
                hits.popleft()
            if len(hits) >= self.limit:
                wait = max(1, math.ceil(hits[0] + self.window_s - now))
                raise RateLimited("rate_limited", f"Too many lookups from this terminal; retry in {wait} s.",
                                  retry_after_s=wait)
            hits.append(now)
            if len(self._hits) > 10_000:  # forget idle keys
                for k in [k for k, v in self._hits.items() if not v or v[-1] <= now - self.window_s]:
                    del self._hits[k]
