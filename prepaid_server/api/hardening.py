"""Issue 11 at the API edge: the body limit and the sealing of secrets still stored in clear."""
from __future__ import annotations

import os

from fastapi import FastAPI

from ..services.secrets_at_rest import seal_clear_secrets
from .limits import DEFAULT_MAX_BODY_BYTES, BodyLimit


def max_body_bytes_from_env() -> int:
    try:
        return int(os.environ.get("POS_SERVER_MAX_BODY_BYTES", DEFAULT_MAX_BODY_BYTES))
    except ValueError:
        return DEFAULT_MAX_BODY_BYTES


def install(app: FastAPI, max_body_bytes: int | None) -> None:
    # Outermost: nothing (not even the access log's middleware) reads a body over the limit.
    app.add_middleware(BodyLimit, max_bytes=max_body_bytes or max_body_bytes_from_env())
    seal_clear_secrets(app.state.ctx)
