"""Reminder consent (issue 14 item 5, till-points): the customer agrees at the counter to top-up
reminders by SMS; the clerk records it (with the date and the clerk's name), and it can be withdrawn
the same way. Each change is one transaction with its hash-chained audit entry.

Where it lives: at the till only, on purpose. The only reader is the shop's own SMS tool, fed by
`pos-admin customers reminders --csv FILE` (a manager's export, numbers in full because the tool
has to send to them; everywhere else numbers are masked). A shop with several tills exports each
till's list (the consent was given at that counter).

    app.consent.give(clerk, "+254712345678")
    app.consent.status("+254712345678")   # Consent(opted_in=True, at_ms=..., by="Alice", ...)
    app.consent.withdraw(clerk, "+254712345678")
    app.consent.opted_in(manager)         # [(msisdn, consented_at_ms, clerk), ...]
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from topup_core.msisdn import mask_e164, parse_msisdn

from pos_app.domain.roles import Actor, Permission

from .clock import to_ms
from .ports import Clock, UnitOfWorkFactory


@dataclass(frozen=True)
class Consent:
    msisdn: str
    opted_in: bool
    at_ms: int | None  # when it was given (or, withdrawn, when it was withdrawn)
    by: str | None  # the clerk who recorded that
    asked: bool  # False: never recorded either way


class ReminderConsents:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, country: Callable[[], str]) -> None:
        self.uow, self.clock, self._country = uow, clock, country  # the shop's country reads typed numbers

    def status(self, msisdn: str) -> Consent:
        msisdn = parse_msisdn(msisdn, self._country()).e164
        with self.uow(write=False) as uow:
            row = uow.customers.consent(msisdn)
        if row is None:
            return Consent(msisdn, False, None, None, False)
        given_at, given_by, withdrawn_at, withdrawn_by = row
        if withdrawn_at is None:
            return Consent(msisdn, True, given_at, given_by, True)
        return Consent(msisdn, False, int(withdrawn_at), withdrawn_by, True)

    def give(self, actor: Actor, msisdn: str) -> Consent:
        return self._change(actor, msisdn, True)

    def withdraw(self, actor: Actor, msisdn: str) -> Consent:
        return self._change(actor, msisdn, False)

    def _change(self, actor: Actor, msisdn: str, opt_in: bool) -> Consent:
        now = self.clock.now()
        actor.require(Permission.SELL, now)
        e164 = parse_msisdn(msisdn, self._country()).e164  # a bad number: its ValidationError, nothing written
        at = to_ms(now)
        with self.uow() as uow:
            row = uow.customers.consent(e164)
            if (row is not None and row[2] is None) == opt_in:
                return self.status(e164)  # already so: nothing to record
            if opt_in:
                uow.customers.give_consent(e164, at, actor.display_name)
            else:
                uow.customers.withdraw_consent(e164, at, actor.display_name)
            uow.audit.append(at, actor.label, "consent.given" if opt_in else "consent.withdrawn", mask_e164(e164),
                             {"msisdn": mask_e164(e164), "reminders": opt_in})
            uow.commit()
        return self.status(e164)

    def opted_in(self, actor: Actor) -> list[tuple[str, int, str]]:
        """The manager's export: every number still opted in, in full (for the shop's SMS tool)."""
        now = self.clock.now()
        actor.require(Permission.VIEW_REPORTS, now)
        with self.uow() as uow:
            rows = uow.customers.opted_in()
            uow.audit.append(to_ms(now), actor.label, "consent.exported", "reminders", {"numbers": len(rows)})
            uow.commit()
        return rows
