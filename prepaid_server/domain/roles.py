"""Console operators' roles and what each may do (pure). Services check these; templates only
follow them (a hidden link is not a permission)."""
from __future__ import annotations

ROLES = ("admin", "finance", "risk", "support")

# permission -> roles that hold it
PERMISSIONS: dict[str, frozenset[str]] = {
    "agents.view": frozenset(ROLES),
    "agents.create": frozenset({"admin"}),
    "float.deposit": frozenset({"admin", "finance"}),
    "float.transfer": frozenset({"admin", "finance"}),
    "terminals.issue_code": frozenset({"admin"}),
    "terminals.manage": frozenset({"admin"}),
    "settlement.view": frozenset({"admin", "finance"}),
    "alerts.view": frozenset({"admin", "risk"}),
    "customers.view": frozenset({"admin", "support"}),
    "audit.view": frozenset({"admin"}),
    "operators.manage": frozenset({"admin"}),
    # catalog editor (issue 16): everyone sees versions; admin and finance edit drafts and publish
    "catalog.view": frozenset(ROLES),
    "catalog.edit": frozenset({"admin", "finance"}),
    "catalog.publish": frozenset({"admin", "finance"}),
}


def may(role: str, permission: str) -> bool:
    return role in PERMISSIONS.get(permission, frozenset())


FREE_ATTEMPTS = 5  # wrong passwords before the first lockout (as on the terminal)
BASE_LOCKOUT_S = 30  # doubles with every further failure...
MAX_LOCKOUT_S = 15 * 60  # ...up to this


def lockout_seconds(failures: int) -> int:
    """How long an operator is locked out after `failures` consecutive wrong passwords."""
    if failures < FREE_ATTEMPTS:
        return 0
    return min(BASE_LOCKOUT_S * 2 ** (failures - FREE_ATTEMPTS), MAX_LOCKOUT_S)
