"""What the ingest needs to know about a terminal and its agent once the float row is locked, in
one round trip (issue 13): the terminal's allowance balance, the agent's float limit and the
terminal's allowance counters.

No row lock here: every writer of a terminal's allowance account (ingest, reserve, release) holds
the agent's float row lock first, so once the caller holds it this read (a new statement, a new
snapshot under READ COMMITTED) sees the latest committed values.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text

from .base import Repository

_READ = text(
    "SELECT (SELECT a.balance FROM accounts a WHERE a.id = :allowance_account), g.float_limit, "
    "t.allowance_reserved, t.allowance_used "
    "FROM terminals t JOIN agents g ON g.id = t.agent_id WHERE t.id = :terminal_id")


@dataclass(frozen=True, slots=True)
class SaleState:
    allowance: int  # what is left of the terminal's offline allowance
    float_limit: int  # the agent's float may not go below this
    allowance_reserved: int  # counters since the last release
    allowance_used: int


class SaleStateRepository(Repository):
    def read(self, terminal_id: str, allowance_account: str) -> SaleState:
        allowance, limit, reserved, used = self._execute(
            _READ, {"allowance_account": allowance_account, "terminal_id": terminal_id}).one()
        return SaleState(allowance or 0, limit, reserved, used)
