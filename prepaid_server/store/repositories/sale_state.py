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
from .sales import SaleOutcome
from ...domain.risk import RuleSetting

# PostgreSQL: lock the agent's float row and read the risk rule settings in one statement (one
# round trip fewer per sale, issue 13 perf-sale). The rules are configuration, read as before
# without a lock; the subquery costs nothing measurable inside the lock.
_LOCK_FLOAT_AND_RULES = text(
    "SELECT a.balance, (SELECT json_agg(json_build_array(r.rule, r.action, r.threshold)) FROM risk_rules r) "
    "FROM accounts a WHERE a.id = :float_account FOR UPDATE OF a")

_OUTCOME_LIMIT = 500  # ids per one-statement read (a batch's maximum)

# PostgreSQL: the state and the stored outcomes of the request's sale ids in one statement (one
# round trip fewer per sale, issue 13 perf-sale). Both under the caller's float lock.
_READ_WITH_OUTCOMES = text(
    "SELECT (SELECT a.balance FROM accounts a WHERE a.id = :allowance_account), g.float_limit, "
    "t.allowance_reserved, t.allowance_used, "
    "(SELECT json_agg(json_build_array(s.id, s.content_hash, s.status, s.code, s.message, s.server_ref, "
    "s.terminal_id, s.agent_id)) FROM sales s WHERE s.id = ANY(:ids)) "
    "FROM terminals t JOIN agents g ON g.id = t.agent_id WHERE t.id = :terminal_id")

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

    def read_with_outcomes(self, terminal_id: str, allowance_account: str, ids: list[str]
                           ) -> tuple[SaleState, dict[str, SaleOutcome]]:
        """`read`, and the stored outcome of each of `ids` the server has seen (SaleRepository.outcomes):
        one round trip on PostgreSQL; SQLite (no round trips) and big id lists use the two reads."""
        if not self._pg or not ids or len(ids) > _OUTCOME_LIMIT:
            from .sales import SaleRepository
            return self.read(terminal_id, allowance_account), SaleRepository(self._uow).outcomes(ids)
        allowance, limit, reserved, used, found = self._execute(
            _READ_WITH_OUTCOMES, {"allowance_account": allowance_account, "terminal_id": terminal_id,
                                  "ids": ids}).one()
        return (SaleState(allowance or 0, limit, reserved, used),
                {r[0]: SaleOutcome(*r[1:]) for r in found or ()})

    def lock_float_and_rules(self, float_account: str) -> tuple[int | None, dict[str, RuleSetting]]:
        """LedgerRepository.lock_balance(float_account) and RiskRepository.rules() (stored settings
        only): one round trip on PostgreSQL. None balance: the account does not exist yet."""
        if not self._pg:
            from .ledger import LedgerRepository
            from .risk import RiskRepository
            return LedgerRepository(self._uow).lock_balance(float_account), RiskRepository(self._uow).rules()
        row = self._execute(_LOCK_FLOAT_AND_RULES, {"float_account": float_account}).first()
        if row is None:  # no float account: lock nothing (as lock_balance), read the rules alone
            from .risk import RiskRepository
            return None, RiskRepository(self._uow).rules()
        balance, rules = row
        return balance, {rule: RuleSetting(action, threshold) for rule, action, threshold in rules or ()}
