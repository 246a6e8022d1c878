"""Who may do what. Checked in the use cases (pos_app.application), so hiding a button is never the only guard."""
from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from topup_core.errors import AuthenticationError, PermissionDenied


class Role(str, enum.Enum):
    CLERK = "clerk"
    MANAGER = "manager"
    ADMIN = "admin"


class Permission(str, enum.Enum):
    SELL = "sell"
    VIEW_OWN_SALES = "view_own_sales"
    VIEW_ALL_SALES = "view_all_sales"
    VIEW_REPORTS = "view_reports"
    CANCEL_SALE = "cancel_sale"
    REVERSE_SALE = "reverse_sale"
    CLOSE_DAY = "close_day"
    MANAGE_USERS = "manage_users"
    CONFIGURE = "configure"
    VIEW_AUDIT = "view_audit"
    REPRINT_VOUCHER_PIN = "reprint_voucher_pin"  # a copy of a voucher receipt shows the PIN again


_CLERK = frozenset({Permission.SELL, Permission.VIEW_OWN_SALES})
_MANAGER = _CLERK | {Permission.VIEW_ALL_SALES, Permission.VIEW_REPORTS, Permission.CANCEL_SALE,
                     Permission.REVERSE_SALE, Permission.CLOSE_DAY, Permission.MANAGE_USERS, Permission.VIEW_AUDIT,
                     Permission.REPRINT_VOUCHER_PIN}
ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.CLERK: _CLERK,
    Role.MANAGER: frozenset(_MANAGER),
    Role.ADMIN: frozenset(Permission),
}


@dataclass(frozen=True, slots=True)
class Actor:
    """An authenticated person (or the local admin tool) acting through a service."""

    user_id: str
    username: str
    display_name: str
    role: Role
    expires_at: datetime | None = None  # None: no expiry (local admin CLI)

    @property
    def label(self) -> str:
        return f"{self.role.value}:{self.username}"

    def can(self, permission: Permission) -> bool:
        return permission in ROLE_PERMISSIONS[self.role]

    def require(self, permission: Permission, now: datetime) -> None:
        if self.expires_at is not None and now >= self.expires_at:
            raise AuthenticationError("session_expired", "Your session has ended. Log in again with your PIN.")
        if not self.can(permission):
            raise PermissionDenied("permission_denied",
                                   f"A {self.role.value} may not do this ({permission.value}). Ask a manager.")


# The local command-line tool: whoever can run it owns the data directory already.
LOCAL_ADMIN = Actor(user_id="system", username="pos-admin", display_name="Local administrator", role=Role.ADMIN)
