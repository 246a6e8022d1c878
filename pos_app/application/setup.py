"""Initialise a terminal's database, optionally with the demo market (Kenya, KES)."""
from __future__ import annotations

import json
import secrets
import uuid

from topup_core.catalog import Catalog
from topup_core.resources import resource_path
from pos_app.domain.roles import LOCAL_ADMIN, Actor, Role

from . import settings as bs
from .auth import Auth
from .catalog import CatalogService
from .clock import to_ms
from .ports import Clock, UnitOfWorkFactory

# Stated in the README: the demo's users and their PINs.
DEMO_USERS = (
    ("alice", "Alice Wanjiru", Role.CLERK, "1234"),
    ("mary", "Mary Otieno", Role.MANAGER, "9876"),
    ("admin", "Shop administrator", Role.ADMIN, "0000"),
)
DEMO_SHOP = {bs.SHOP_NAME: "Mama Mboga Top-Ups", bs.SHOP_ADDRESS: "Moi Avenue 12, Nairobi", bs.TERMINAL_CODE: "NBO1"}
DEMO_VOUCHERS_PER_FACE = 25


def demo_catalog() -> dict:
    return json.loads(resource_path("demo", "catalog_ke.json").read_text(encoding="utf-8"))


class Setup:
    """`pos-admin init [--demo]`, the setup wizard's first write, the demo and the self-test."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, settings: bs.BusinessSettings, auth: Auth,
                 catalogs: CatalogService) -> None:
        self.uow = uow
        self.clock = clock
        self.settings = settings
        self.auth = auth
        self.catalogs = catalogs

    def is_initialised(self) -> bool:
        with self.uow(write=False) as uow:
            return uow.settings.get(bs.TERMINAL_ID.key) is not None

    def initialise(self, settings: dict[bs.Setting, object] | None = None, actor: Actor = LOCAL_ADMIN) -> str:
        """Give the terminal an id and its business settings. Idempotent: returns the existing id."""
        now_ms = to_ms(self.clock.now())
        texts = {s.key: s.dump(v) for s, v in (settings or {}).items()}  # refuse bad values before writing
        try:
            with self.uow() as uow:
                terminal_id = uow.settings.get(bs.TERMINAL_ID.key)
                if terminal_id is None:
                    terminal_id = str(uuid.uuid4())
                    uow.settings.set(bs.TERMINAL_ID.key, terminal_id)
                    for key, value in {**bs.defaults(), **texts}.items():
                        uow.settings.set(key, value)
                    uow.audit.append(now_ms, actor.label, "terminal.initialised", terminal_id, {})
                uow.commit()
        finally:
            self.settings.refresh()
        return terminal_id

    def seed_demo(self) -> None:
        """Demo shop, users, catalog and voucher stock. Safe to run again."""
        self.initialise(DEMO_SHOP)
        catalog: Catalog = self.catalogs.store(demo_catalog(), etag=None, actor_label=LOCAL_ADMIN.label)
        existing = {name for name, _ in self.auth.login_names()}
        for username, display, role, pin in DEMO_USERS:
            if username not in existing:
                self.auth.add_user(LOCAL_ADMIN, username, display, role, pin)
        now_ms = to_ms(self.clock.now())
        with self.uow() as uow:
            for product in catalog.products:
                if product.kind.value != "voucher":
                    continue
                for face in product.denominations:
                    for _ in range(DEMO_VOUCHERS_PER_FACE - uow.vouchers.available(product.code, face)):
                        uow.vouchers.add(f"DEMO{secrets.token_hex(6).upper()}", product.code, face,
                                         "".join(secrets.choice("0123456789") for _ in range(16)), now_ms)
            uow.audit.append(now_ms, LOCAL_ADMIN.label, "demo.seeded", None, {})
            uow.commit()
