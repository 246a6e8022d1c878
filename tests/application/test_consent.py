"""Reminder consent (issue 14 item 5, till-points): recorded at the counter with the date and the
clerk, withdrawable, audited; the manager's export lists only the numbers still opted in."""
from __future__ import annotations


import pytest
from sqlalchemy import select

from topup_core.errors import PermissionDenied, ValidationError
from pos_app.store.models import AuditEntry
from pos_app.store.uow import UnitOfWork


def test_consent_given_withdrawn_and_exported(services, clerk, manager, clock) -> None:  # noqa: ANN001
    assert services.consent.status("0712345678").asked is False
    given = services.consent.give(clerk, "0712 345678")  # as typed at the counter
    assert (given.msisdn, given.opted_in, given.by) == ("+254712345678", True, "Alice Wanjiru")
    assert given.at_ms == int(clock.now().timestamp() * 1000)
    assert services.consent.give(clerk, "+254712345678") == given  # again: nothing new recorded
    services.consent.give(clerk, "0722000111")
    clock.advance(minutes=5)
    gone = services.consent.withdraw(manager, "0722000111")
    assert (gone.opted_in, gone.by, gone.asked) == (False, "Mary Otieno", True)
    assert [r[0] for r in services.consent.opted_in(manager)] == ["+254712345678"]
    with pytest.raises(PermissionDenied):
        services.consent.opted_in(clerk)  # the export is a manager's
    with pytest.raises(ValidationError):
        services.consent.give(clerk, "12")  # a bad number: nothing written
    again = services.consent.give(clerk, "0722000111")  # agreed once more
    assert again.opted_in and len(services.consent.opted_in(manager)) == 2
    with UnitOfWork(services.db, write=False) as uow:
        actions = [a for a in uow.session.scalars(select(AuditEntry.action)) if a.startswith("consent.")]
    assert actions == ["consent.given", "consent.given", "consent.withdrawn", "consent.exported",
                       "consent.given", "consent.exported"]
