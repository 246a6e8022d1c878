"""What the store tells its callers, in its own words: services never see a driver's exception."""
from __future__ import annotations


class KeyConflict(Exception):
    """A unique key this transaction wrote was taken by a concurrent transaction. The unit of work
    was rolled back; running the use case again sees the other row (and answers from it)."""
