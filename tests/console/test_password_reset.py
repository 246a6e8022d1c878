"""Password resets in the console (issue 16): an admin gives another operator a one-time
temporary password that must be changed at the next login; an operator changes their own with
the old one. Audited; the lockout rules are the login's."""
from __future__ import annotations

import pytest

from support.console import PASSWORD, ROOT, Console
from topup_core.errors import AuthenticationError, PermissionDenied, ValidationError

from prepaid_server.services import audit, hierarchy, operators


def test_temporary_password_must_be_changed_and_wrong_old_passwords_lock_out(ctx):
    operators.add(ctx, ROOT, "ann", "admin", PASSWORD)
    operators.add(ctx, ROOT, "sam", "support", PASSWORD)
    ann = operators.login(ctx, "ann", PASSWORD).actor
    sam_session = operators.login(ctx, "sam", PASSWORD)
    with pytest.raises(PermissionDenied):
        operators.reset_temporary(ctx, sam_session.actor, "ann")  # only admins
    with pytest.raises(ValidationError):
        operators.reset_temporary(ctx, ann, "ann")  # not oneself
    temporary = operators.reset_temporary(ctx, ann, "sam")
    assert len(temporary) == operators.TEMPORARY_CHARS
    with pytest.raises(AuthenticationError):
        operators.session(ctx, sam_session.token)  # the reset ended sam's sessions
    with pytest.raises(AuthenticationError):
        operators.login(ctx, "sam", PASSWORD)  # the old password is gone
    sam = operators.login(ctx, "sam", temporary)
    assert sam.actor.must_change
    with pytest.raises(PermissionDenied) as refused:
        hierarchy.list_agents(ctx, sam.actor, "", 0)  # nothing else until a new password
    assert refused.value.code == "password_change_required"
    with pytest.raises(ValidationError):
        operators.change_own_password(ctx, sam.actor, temporary, "short")
    with pytest.raises(ValidationError):
        operators.change_own_password(ctx, sam.actor, temporary, temporary)
    operators.change_own_password(ctx, sam.actor, temporary, "a brand new passphrase", sam.token)
    again = operators.session(ctx, sam.token)  # this session stays, with the flag cleared
    assert not again.actor.must_change
    hierarchy.list_agents(ctx, again.actor, "", 0)

    # wrong old passwords count towards the login's lockout
    for _ in range(5):
        with pytest.raises(AuthenticationError) as wrong:
            operators.change_own_password(ctx, again.actor, "not my password", "another new passphrase")
    assert wrong.value.code == "password_wrong"
    with pytest.raises(AuthenticationError) as locked:
        operators.change_own_password(ctx, again.actor, "a brand new passphrase", "another new passphrase")
    assert locked.value.code == "login_locked"
    with pytest.raises(AuthenticationError) as locked:
        operators.login(ctx, "sam", "a brand new passphrase")
    assert locked.value.code == "login_locked"
    actions = [e.action for e in audit.latest(ctx, 40)]
    assert "password_change" in actions and actions.count("password_change_failed") == 5
    reset = [e for e in audit.latest(ctx, 40) if e.action == "operator_reset"][0]
    assert reset.actor == "ann" and reset.subject == "sam" and temporary not in reset.detail
    assert audit.check(ctx).ok


def test_reset_and_change_through_the_web(console):
    server, ctx = console
    ann = Console(server.url)
    ann.login("ann")
    r = ann.post("/console/operators/sam/reset", {"x": ""}, csrf="")
    assert r.status_code == 403
    r = ann.post("/console/operators/sam/reset", {"x": ""})
    assert r.status_code == 200
    import re
    temporary = re.search(r'id="temporary-password">([^<]+)<', r.text).group(1)
    sam = Console(server.url)
    r = sam.login("sam", temporary)
    assert r.url.endswith("/console/password")
    assert sam.get("/console/agents").url.endswith("/console/password")  # every page leads here
    r = sam.post("/console/password", {"old": temporary, "new": "a brand new passphrase",
                                       "repeat": "a brand new passphrase!"})
    assert r.status_code == 422
    r = sam.post("/console/password", {"old": temporary, "new": "a brand new passphrase",
                                       "repeat": "a brand new passphrase"})
    assert r.status_code == 200 and r.url.endswith("/console/agents?notice=password")
    r = sam.post("/console/password", {"old": "wrong one!", "new": "x" * 12, "repeat": "x" * 12})
    assert r.status_code == 401 and "not right" in r.text
