"""HTTP API (FastAPI) under /api/v1, see docs/PROTOCOL.md."""
from .app import create_app

__all__ = ["create_app"]
