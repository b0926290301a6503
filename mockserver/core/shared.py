"""State that several worker processes must agree on: the clock, fault rules, cache generations.

With one process (the default, and every in-process test) this does nothing. With `serve
--workers N`, each change is written to `sandbox_shared` with a bumped generation, and every
request first compares the generations it knows with the table's (one indexed read) and reloads
what another worker changed.
"""

from __future__ import annotations

from typing import Any, Callable

from sqlalchemy import JSON, BigInteger, Column, select
from sqlmodel import Field, SQLModel


class SandboxShared(SQLModel, table=True):
    __tablename__ = "sandbox_shared"
    key: str = Field(primary_key=True)
    gen: int = Field(sa_column=Column(BigInteger, nullable=False))
    value: Any = Field(default=None, sa_column=Column(JSON, nullable=True))


class Shared:
    def __init__(self) -> None:
        self.enabled = False
        self._gens: dict[str, int] = {}
        self._loaders: dict[str, Callable[[Any], None]] = {}

    def register(self, key: str, loader: Callable[[Any], None]) -> None:
        """`loader(value)` applies a change another worker published under `key`."""
        self._loaders[key] = loader

    def publish(self, key: str, value: Any = None) -> None:
        if not self.enabled:
            return
        from mockserver.core.db import db, write_intent

        token = write_intent.set(True)
        try:
            with db.session() as s:
                row = s.get(SandboxShared, key)
                if row is None:
                    row = SandboxShared(key=key, gen=1, value=value)
                else:
                    row.gen += 1
                    row.value = value
                s.add(row)
                s.commit()
                self._gens[key] = row.gen
        finally:
            write_intent.reset(token)

    def sync(self) -> None:
        if not self.enabled:
            return
        from mockserver.core.db import db

        with db.engine.connect() as conn:  # type: ignore[union-attr]
            rows = conn.execute(select(SandboxShared.key, SandboxShared.gen)).all()
            changed = [k for k, g in rows if self._gens.get(k) != g]
            if not changed:
                return
            values = conn.execute(
                select(SandboxShared.key, SandboxShared.gen, SandboxShared.value).where(SandboxShared.key.in_(changed))
            ).all()
        for key, gen, value in values:
            self._gens[key] = gen
            loader = self._loaders.get(key)
            if loader is not None:
                loader(value)

    def reset(self) -> None:
        self._gens.clear()


shared = Shared()
