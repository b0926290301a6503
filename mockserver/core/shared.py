"""State that several worker processes must agree on: the clock, fault rules, cache generations.

With one process (the default, and every in-process test) this does nothing. With `serve
--workers N`, each change is written to `sandbox_shared` with a bumped generation and a global
sequence number, and the number is then written to an 8-byte shared-memory segment that the
parent process created. Every request compares that number with the last one it saw (a memory
read, no query) and reloads from the table only when another worker changed something.
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


_SEQ = "_seq"


class Shared:
    def __init__(self) -> None:
        self.enabled = False
        self._gens: dict[str, int] = {}
        self._loaders: dict[str, Callable[[Any], None]] = {}
        self._shm: Any = None
        self._seen = -1

    # --- the shared-memory signal ----------------------------------------------------------------
    @staticmethod
    def create_segment() -> Any:
        """Made by the parent of the workers (serve --workers N); its name goes to the workers."""
        from multiprocessing import shared_memory

        shm = shared_memory.SharedMemory(create=True, size=8)
        shm.buf[:8] = (0).to_bytes(8, "little")
        return shm

    def attach(self, name: str | None) -> None:
        if not name:
            self._shm = None
            return
        from multiprocessing import resource_tracker, shared_memory

        self._shm = shared_memory.SharedMemory(name=name)
        # The parent owns the segment; a worker must not unlink it when it exits.
        try:
            resource_tracker.unregister(self._shm._name, "shared_memory")  # type: ignore[attr-defined]
        except Exception:  # noqa: BLE001 - best effort across Python versions
            pass

    def _signal(self) -> int:
        return int.from_bytes(bytes(self._shm.buf[:8]), "little") if self._shm is not None else -2

    def register(self, key: str, loader: Callable[[Any], None]) -> None:
        """`loader(value)` applies a change another worker published under `key`."""
        self._loaders[key] = loader

    def publish(self, key: str, value: Any = None) -> None:
        """Call after your own commit: this writes in its own transaction, and with SQLite it
        would wait on the write lock an open transaction of the same request still holds."""
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
                # A global sequence, bumped under the write lock: commit order = number order.
                seq = s.get(SandboxShared, _SEQ) or SandboxShared(key=_SEQ, gen=0)
                seq.gen += 1
                s.add(seq)
                s.commit()
                self._gens[key] = row.gen
                number = seq.gen
        finally:
            write_intent.reset(token)
        if self._shm is not None:
            # Racing writers may leave the smaller number; readers then just sync once more.
            self._shm.buf[:8] = number.to_bytes(8, "little")

    def sync(self) -> None:
        if not self.enabled:
            return
        signal = self._signal()
        if signal == self._seen:
            return
        self._seen = signal
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
        self._seen = -1


shared = Shared()
