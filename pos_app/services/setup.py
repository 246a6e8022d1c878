"""Initialise a terminal's database, optionally with the demo market (Kenya, KES)."""
from __future__ import annotations

import json
import secrets
import uuid

from topup_core.catalog import Catalog
from pos_app.domain.roles import LOCAL_ADMIN, Actor, Role
from topup_core.resources import resource_path
from pos_app.store.database import Database
from pos_app.store.models import VoucherStock
from pos_app.store.uow import UnitOfWork

from .auth import AuthService
from .catalog import CatalogService
from .clock import to_ms
from .terminal import DEFAULTS

# Stated in the README: the demo's users and their PINs.
DEMO_USERS = (
    ("alice", "Alice Wanjiru", Role.CLERK, "1234"),
    ("mary", "Mary Otieno", Role.MANAGER, "9876"),
    ("admin", "Shop administrator", Role.ADMIN, "0000"),
)
DEMO_SHOP = {"shop_name": "Mama Mboga Top-Ups", "shop_address": "Moi Avenue 12, Nairobi", "terminal_code": "NBO1"}
DEMO_VOUCHERS_PER_FACE = 25


def demo_catalog() -> dict:
    return json.loads(resource_path("demo", "catalog_ke.json").read_text(encoding="utf-8"))


def is_initialised(db: Database) -> bool:
    with UnitOfWork(db, write=False) as uow:
        return uow.settings.get("terminal_id") is not None


def initialise(db: Database, clock, settings: dict[str, str] | None = None, actor: Actor = LOCAL_ADMIN) -> str:  # noqa: ANN001
    """Give the terminal an id and its business settings. Idempotent: returns the existing id."""
    now_ms = to_ms(clock.now())
    with UnitOfWork(db) as uow:
        terminal_id = uow.settings.get("terminal_id")
        if terminal_id is None:
            terminal_id = str(uuid.uuid4())
            uow.settings.set("terminal_id", terminal_id)
            for key, value in {**DEFAULTS, **(settings or {})}.items():
                uow.settings.set(key, value)
            uow.audit.append(now_ms, actor.label, "terminal.initialised", terminal_id, {})
        uow.commit()
    return terminal_id


def seed_demo(db: Database, clock, auth: AuthService, catalogs: CatalogService) -> None:  # noqa: ANN001
    """Demo shop, users, catalog and voucher stock. Safe to run again."""
    initialise(db, clock, DEMO_SHOP)
    catalog: Catalog = catalogs.store(demo_catalog(), etag=None, actor_label=LOCAL_ADMIN.label)
    existing = {name for name, _ in auth.login_names()}
    for username, display, role, pin in DEMO_USERS:
        if username not in existing:
            auth.add_user(LOCAL_ADMIN, username, display, role, pin)
    now_ms = to_ms(clock.now())
    with UnitOfWork(db) as uow:
        for product in catalog.products:
            if product.kind.value != "voucher":
                continue
            for face in product.denominations:
                for _ in range(DEMO_VOUCHERS_PER_FACE - uow.vouchers.available(product.code, face)):
                    uow.vouchers.add(VoucherStock(
                        serial=f"DEMO{secrets.token_hex(6).upper()}", product_code=product.code, face=face,
                        pin="".join(secrets.choice("0123456789") for _ in range(16)), state="available",
                        received_at_ms=now_ms))
        uow.audit.append(now_ms, LOCAL_ADMIN.label, "demo.seeded", None, {})
        uow.commit()
