"""Console operators and their browser sessions (issue 16): argon2id passwords, login with a
growing lockout (as on the terminal), sessions with an idle timeout and a CSRF token each, and the
role check every console use case makes (`require`)."""
from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import uuid
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from topup_core.errors import AuthenticationError, Conflict, NotFound, PermissionDenied, ValidationError

from ..domain.roles import FREE_ATTEMPTS, ROLES, lockout_seconds, may
from ..store.repositories.console import OperatorRecord, SessionRecord
from . import audit
from .context import ServerContext

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}$")
MIN_PASSWORD = 10
MAX_PASSWORD = 1024
_hasher = PasswordHasher()  # argon2id, the library's current recommended parameters
_DUMMY = _hasher.hash("not a password anyone has")  # unknown names cost the same time as known ones


def idle_timeout_ms() -> int:
    """Idle sessions end after POS_CONSOLE_IDLE_MINUTES (default 15)."""
    try:
        minutes = int(os.environ.get("POS_CONSOLE_IDLE_MINUTES", "15"))
    except ValueError:
        minutes = 15
    return max(1, minutes) * 60_000


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acts: an operator in the console, or `cli:<user>` (the CLI has the database's keys, so admin)."""

    name: str
    role: str
    operator_id: str | None = None
    language: str = ""
    must_change: bool = False  # a temporary password from an admin's reset: nothing but a new password


def may_do(actor: Actor, permission: str) -> bool:
    """For pages deciding which links to show; the use cases still check with `require`."""
    return may(actor.role, permission)


def cli_actor(user: str) -> Actor:
    return Actor(f"cli:{user}"[:120], "admin")


def require(actor: Actor, permission: str) -> None:
    """Refuse (permission_denied) unless the actor's role holds `permission`; an operator still on
    a temporary password (an admin's reset) may do nothing until they chose their own."""
    if actor.must_change:
        raise PermissionDenied("password_change_required", "Choose a new password first.", permission=permission)
    if not may(actor.role, permission):
        raise PermissionDenied("permission_denied",
                               f"The {actor.role} role may not do that ({permission}).", permission=permission)


def _check_name(name: str) -> str:
    name = (name or "").strip()
    if not _NAME.match(name):
        raise ValidationError("username_invalid",
                              "An operator name is 2 to 64 letters, digits or . _ @ - (starting with a letter or digit).")
    return name


def _check_password(password: str) -> str:
    if not isinstance(password, str) or not (MIN_PASSWORD <= len(password) <= MAX_PASSWORD) or "\x00" in password:
        raise ValidationError("password_weak", f"A password has {MIN_PASSWORD} to {MAX_PASSWORD} characters.")
    return password


def _check_role(role: str) -> str:
    if role not in ROLES:
        raise ValidationError("role_invalid", f"Roles are: {', '.join(ROLES)}.")
    return role


@dataclass(frozen=True, slots=True)
class OperatorView:
    id: str
    name: str
    role: str
    disabled: bool
    locked: bool
    language: str


def add(ctx: ServerContext, actor: Actor, name: str, role: str, password: str) -> OperatorView:
    require(actor, "operators.manage")
    name, role, password = _check_name(name), _check_role(role), _check_password(password)
    record = OperatorRecord(str(uuid.uuid4()), name, role, _hasher.hash(password), False, "", 0, 0, ctx.clock())
    with ctx.uow() as uow:
        if not uow.operators.add(record):
            raise Conflict("user_exists", f"There is already an operator named {name}.")
        audit.record_in(uow, ctx.clock(), actor.name, "operator_add", name, {"role": role})
        uow.commit()
    return OperatorView(record.id, name, role, False, False, "")


def list_operators(ctx: ServerContext, actor: Actor) -> list[OperatorView]:
    require(actor, "operators.manage")
    now = ctx.clock()
    with ctx.uow() as uow:
        return [OperatorView(o.id, o.name, o.role, o.disabled, o.locked_until_ms > now, o.language)
                for o in uow.operators.all()]


def _existing(uow, name: str) -> OperatorRecord:  # noqa: ANN001
    found = uow.operators.by_name(name, for_update=True)
    if found is None:
        raise NotFound("user_unknown", f"There is no operator named {name}.")
    return found


def set_disabled(ctx: ServerContext, actor: Actor, name: str, disabled: bool = True) -> None:
    require(actor, "operators.manage")
    with ctx.uow() as uow:
        op = _existing(uow, name)
        uow.operators.set_disabled(op.id, disabled)
        if disabled:
            uow.console_sessions.remove_for_operator(op.id)  # a disabled operator is logged out now
        audit.record_in(uow, ctx.clock(), actor.name, "operator_disable" if disabled else "operator_enable", name)
        uow.commit()


def reset_password(ctx: ServerContext, actor: Actor, name: str, password: str) -> None:
    """A new password, the lockout cleared, every session of that operator ended."""
    require(actor, "operators.manage")
    password = _check_password(password)
    with ctx.uow() as uow:
        op = _existing(uow, name)
        uow.operators.set_password(op.id, _hasher.hash(password))
        uow.console_sessions.remove_for_operator(op.id)
        audit.record_in(uow, ctx.clock(), actor.name, "operator_reset", name)
        uow.commit()


TEMPORARY_CHARS = 16  # characters of a temporary password (about 95 bits)


def reset_temporary(ctx: ServerContext, actor: Actor, name: str) -> str:
    """An admin resets another operator's password in the console: a one-time temporary password
    (returned once, only its hash is stored) that must be changed at the next login; the lockout
    is cleared and that operator's sessions end. Audited (`operator_reset`, temporary)."""
    require(actor, "operators.manage")
    name = (name or "").strip()[:64]
    if name == actor.name:
        raise ValidationError("reset_self", "Change your own password on the password page (your old one is needed).")
    temporary = secrets.token_urlsafe(12)[:TEMPORARY_CHARS]
    with ctx.uow() as uow:
        op = _existing(uow, name)
        uow.operators.set_password(op.id, _hasher.hash(temporary), must_change=True)
        uow.console_sessions.remove_for_operator(op.id)
        audit.record_in(uow, ctx.clock(), actor.name, "operator_reset", name, {"temporary": True})
        uow.commit()
    return temporary


def change_own_password(ctx: ServerContext, actor: Actor, old: str, new: str, keep_token: str | None = None) -> None:
    """An operator changes their own password: the old one is required, and a wrong one counts
    towards the same lockout as a wrong login. The other sessions of that operator end (the one
    in `keep_token` stays). Audited (`password_change` / `password_change_failed`)."""
    if actor.operator_id is None:
        raise PermissionDenied("permission_denied", "Only a console operator has a password here.")
    old = old if isinstance(old, str) else ""
    now = ctx.clock()
    with ctx.uow() as uow:
        op = uow.operators.get(actor.operator_id)
        if op is None or op.disabled:
            raise AuthenticationError("session_expired", "Your session has ended. Please log in again.")
        op = _existing(uow, op.name)  # locked for update
        if op.locked_until_ms > now:
            wait = -(-(op.locked_until_ms - now) // 1000)
            audit.record_in(uow, now, op.name, "login_locked", op.name, {"via": "password_change"})
            uow.commit()
            raise AuthenticationError("login_locked", f"Too many wrong passwords. Try again in {wait} s.",
                                      retry_after_s=wait)
        if not _verify(op.password_hash, old[:MAX_PASSWORD]):
            failures = op.failed_attempts + 1
            lock_s = lockout_seconds(failures)
            uow.operators.note_login(op.id, failures, now + lock_s * 1000 if lock_s else 0)
            audit.record_in(uow, now, op.name, "password_change_failed", op.name)
            uow.commit()
            raise AuthenticationError("password_wrong", "Your current password is not right.")
        new = _check_password(new)
        if new == old:
            raise ValidationError("password_same", "Choose a password that differs from the current one.")
        uow.operators.set_password(op.id, _hasher.hash(new), must_change=False)
        uow.console_sessions.remove_for_operator(op.id, keep=_token_hash(keep_token) if keep_token else None)
        audit.record_in(uow, now, op.name, "password_change", op.name)
        uow.commit()


# ---------------------------------------------------------------- sessions


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


@dataclass(frozen=True, slots=True)
class Session:
    token: str  # the cookie value (only its hash is stored)
    csrf: str
    actor: Actor


def login(ctx: ServerContext, name: str, password: str, old_token: str | None = None) -> Session:
    """A new session for a right password (the old session, if any, ends: the id is renewed).
    Wrong passwords count; from the FREE_ATTEMPTS-th on, the operator is locked out for a time
    that doubles with every further failure. Every outcome is audited."""
    name = (name or "").strip()[:64]
    password = password if isinstance(password, str) else ""
    now = ctx.clock()
    with ctx.uow() as uow:
        op = uow.operators.by_name(name, for_update=True) if name else None
        if op is not None and op.locked_until_ms > now:
            wait = -(-(op.locked_until_ms - now) // 1000)
            audit.record_in(uow, now, name, "login_locked", name)
            uow.commit()
            raise AuthenticationError("login_locked", f"Too many wrong passwords. Try again in {wait} s.",
                                      retry_after_s=wait)
        ok = _verify(op.password_hash if op else _DUMMY, password[:MAX_PASSWORD]) and op is not None
        if not ok or op.disabled:
            if op is not None and not op.disabled:
                failures = op.failed_attempts + 1
                lock_s = lockout_seconds(failures)
                uow.operators.note_login(op.id, failures, now + lock_s * 1000 if lock_s else 0)
            audit.record_in(uow, now, name or "?", "login_failed", name)
            uow.commit()
            if op is not None and not op.disabled and op.failed_attempts + 1 < FREE_ATTEMPTS:
                left = FREE_ATTEMPTS - op.failed_attempts - 1
                raise AuthenticationError("login_failed",
                                          f"Wrong name or password. {left} tries left before a lockout.")
            raise AuthenticationError("login_failed", "Wrong name or password.")
        uow.operators.note_login(op.id, 0, 0)
        if old_token:
            uow.console_sessions.remove(_token_hash(old_token))
        uow.console_sessions.remove_idle(now - idle_timeout_ms())
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        uow.console_sessions.add(SessionRecord(_token_hash(token), op.id, csrf, now, now))
        audit.record_in(uow, now, op.name, "login", op.name)
        uow.commit()
    return Session(token, csrf, Actor(op.name, op.role, op.id, op.language, op.must_change_password))


def _verify(hashed: str, password: str) -> bool:
    try:
        return _hasher.verify(hashed, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


TOUCH_EVERY_MS = 30_000  # a page view refreshes the idle clock at most this often (fewer writes)


def session(ctx: ServerContext, token: str | None) -> Session:
    """The live session behind a cookie, its idle clock refreshed; else session_expired."""
    if not token or len(token) > 200:
        raise AuthenticationError("session_expired", "Please log in.")
    now = ctx.clock()
    key = _token_hash(token)
    with ctx.uow() as uow:
        found = uow.console_sessions.get(key)
        op = uow.operators.get(found.operator_id) if found is not None else None
        if found is None or op is None or op.disabled or now - found.last_seen_ms > idle_timeout_ms():
            if found is not None:
                uow.console_sessions.remove(key)
                uow.commit()
            raise AuthenticationError("session_expired", "Your session has ended. Please log in again.")
        if now - found.last_seen_ms > TOUCH_EVERY_MS:
            uow.console_sessions.touch(key, now)
            uow.commit()
    return Session(token, found.csrf, Actor(op.name, op.role, op.id, op.language, op.must_change_password))


def csrf_ok(expected: str, given: str | None) -> bool:
    return bool(given) and hmac.compare_digest(expected.encode(), (given or "").encode("utf-8", "replace"))


def logout(ctx: ServerContext, token: str | None) -> None:
    if not token:
        return
    with ctx.uow() as uow:
        found = uow.console_sessions.get(_token_hash(token))
        if found is not None:
            uow.console_sessions.remove(found.token_hash)
            op = uow.operators.get(found.operator_id)
            audit.record_in(uow, ctx.clock(), op.name if op else "?", "logout", op.name if op else "")
            uow.commit()


def set_language(ctx: ServerContext, actor: Actor, language: str) -> None:
    if language not in ("", "en", "fr"):
        raise ValidationError("setting_invalid", "Languages are en and fr.")
    with ctx.uow() as uow:
        uow.operators.set_language(actor.operator_id, language)
        uow.commit()
