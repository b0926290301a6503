"""How products contribute seeded state, without the control plane importing any product.

Each product registers a ``Seeder``: the tables it owns (every one has a ``pod`` column) and a
function that turns one POD's rendered fixture into rows. Scenario steps are named functions
(``identity.set_licenses`` ...) that rewrite those rows before they are written, so a reset to
any scenario is still one bulk insert per table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from sqlmodel import SQLModel

from mockserver.core.lifecycle import forget_on_new_app

Rows = dict[type[SQLModel], list[dict[str, Any]]]


@dataclass
class PodContext:
    n: int
    scenario: str
    fixture: dict[str, Any]  # the POD's fixture, placeholders filled in
    org_id: str


@dataclass
class Seeder:
    name: str
    tables: list[type[SQLModel]]
    rows: Callable[[PodContext], Rows]
    # Tables whose rows are kept across resets and snapshots (issued tokens, signing keys).
    durable_tables: list[type[SQLModel]] = field(default_factory=list)


StepHandler = Callable[[PodContext, Rows, dict[str, Any]], None]


class SeedRegistry:
    def __init__(self) -> None:
        self.seeders: list[Seeder] = []
        self.steps: dict[str, StepHandler] = {}
        self.describers: list[Any] = []
        # Set by the control plane: the rendered fixture of POD n (products read their section).
        self.fixture_provider: Callable[[int], dict[str, Any]] | None = None

    def add(self, seeder: Seeder) -> None:
        self.seeders = [s for s in self.seeders if s.name != seeder.name] + [seeder]

    def step(self, name: str) -> Callable[[StepHandler], StepHandler]:
        def deco(fn: StepHandler) -> StepHandler:
            self.steps[name] = fn
            return fn

        return deco

    def fixture(self, n: int) -> dict[str, Any]:
        if self.fixture_provider is None:
            return {}
        return self.fixture_provider(n)

    @property
    def pod_tables(self) -> list[type[SQLModel]]:
        return [t for s in self.seeders for t in s.tables]


registry = SeedRegistry()
forget_on_new_app("core.seeding", registry.seeders.clear)  # a new app's products register again


def pod_org_id(n: int) -> str:
    """The org of POD N has the same UUID everywhere."""
    from mockserver.core.ids import derived_uuid

    return derived_uuid("org", n)


Describer = Callable[[Any, PodContext], dict[str, Any]]


def add_describer(fn: Describer) -> Describer:
    """Products add what GET /sandbox/pods/{n} shows of them (users, integrations, tenant...)."""
    if fn not in registry.describers:
        registry.describers.append(fn)
    return fn
