"""State that several server processes must agree on: the clock, fault rules, cache generations,
and the doorbell of the outbox.

With one process (every in-process test) this does nothing. When several processes serve one
database (`serve --workers N`, or separate `serve` processes -- replicas -- sharing a PostgreSQL
URL), each change is written to `sandbox_shared` with a bumped generation and a global sequence
number, in one transaction. The database is what carries the signal to the other processes:
- PostgreSQL: the same transaction sends `NOTIFY sandbox_shared, '<seq>'`; a listener thread in
  every process (`LISTEN`) records the newest number as it arrives;
- SQLite: a poller thread reads the sequence every 50 ms (a file database is one host's anyway).
Workers of one `serve --workers N` also share an 8-byte memory segment their parent made, written
after the commit: on one host it rings before the database's signal arrives, so a client that
moves the clock on one worker sees it on the next request to another. Every request compares the
newest number seen with the last one applied (a memory read, no query) and reloads from the table
only when something changed.
"""

from __future__ import annotations

import logging
import threading
from typing import Any, Callable

from sqlalchemy import JSON, BigInteger, Column, select
from sqlmodel import Field, SQLModel

from mockserver.core.lifecycle import forget_on_new_app


class SandboxShared(SQLModel, table=True):
    __tablename__ = "sandbox_shared"
    key: str = Field(primary_key=True)
    gen: int = Field(sa_column=Column(BigInteger, nullable=False))
    value: Any = Field(default=None, sa_column=Column(JSON, nullable=True))


_SEQ = "_seq"
CHANNEL = "sandbox_shared"
POLL_S = 0.05
log = logging.getLogger("mockserver.shared")


class Shared:
    def __init__(self) -> None:
        self.enabled = False
        self._gens: dict[str, int] = {}
        self._loaders: dict[str, list[Callable[[Any], None]]] = {}
        self._shm: Any = None
        self._seen = -1
        self._heard = -1  # the newest sequence number the database's signal brought
        self._listener: threading.Thread | None = None
        self._stop = threading.Event()

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
        if self._shm is not None:
            return max(int.from_bytes(bytes(self._shm.buf[:8]), "little"), self._heard)
        # Processes that share only the database (replicas, no common parent): the listener hears
        # other processes within a poll or a notification, which a client's next request can beat.
        # Reading the sequence itself (one primary-key row) makes a write another process
        # acknowledged visible to every request that starts after it.
        from mockserver.core.db import db

        if db.engine is not None:
            try:
                with db.engine.connect() as conn:
                    gen = conn.execute(select(SandboxShared.gen).where(SandboxShared.key == _SEQ)).scalar()
                if gen is not None:
                    self._hear(int(gen))
            except Exception:  # noqa: BLE001 - the listener's signal still stands
                log.debug("reading the shared sequence failed", exc_info=True)
        return self._heard

    # --- the database's signal -------------------------------------------------------------------
    def listen(self, url: str) -> None:
        """Starts the thread that hears other processes' changes through the database."""
        self.stop_listening()
        self._stop = threading.Event()
        target = self._listen_pg if url.startswith("postgresql") else self._poll
        self._listener = threading.Thread(target=target, args=(url, self._stop), name="sandbox-shared", daemon=True)
        self._listener.start()

    def stop_listening(self) -> None:
        if self._listener is not None:
            self._stop.set()
            self._listener.join(timeout=2)
            self._listener = None

    def _hear(self, number: int) -> None:
        if number > self._heard:
            self._heard = number

    def _poll(self, _url: str, stop: threading.Event) -> None:
        from mockserver.core.db import db

        while not stop.wait(POLL_S):
            try:
                with db.engine.connect() as conn:  # type: ignore[union-attr]
                    gen = conn.execute(select(SandboxShared.gen).where(SandboxShared.key == _SEQ)).scalar()
                if gen is not None:
                    self._hear(int(gen))
            except Exception:  # noqa: BLE001 - the next poll tries again
                log.debug("polling the shared sequence failed", exc_info=True)

    def _listen_pg(self, url: str, stop: threading.Event) -> None:
        import psycopg
        from sqlalchemy.engine import make_url

        u = make_url(url)
        dsn = u.set(drivername="postgresql").render_as_string(hide_password=False)
        while not stop.is_set():
            try:
                with psycopg.connect(dsn, autocommit=True) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    # What was published before LISTEN took effect is read once.
                    row = conn.execute(f"SELECT gen FROM sandbox_shared WHERE key = '{_SEQ}'").fetchone()
                    if row:
                        self._hear(int(row[0]))
                    while not stop.is_set():
                        for n in conn.notifies(timeout=0.5):
                            if n.payload.isdigit():
                                self._hear(int(n.payload))
            except Exception:  # noqa: BLE001 - reconnect after a pause
                log.debug("listening for shared changes failed", exc_info=True)
                stop.wait(0.5)

    def register(self, key: str, loader: Callable[[Any], None]) -> None:
        """`loader(value)` applies a change another process published under `key` (several
        owners may react to one key: "caches" is dropped by every cache's owner)."""
        self._loaders.setdefault(key, []).append(loader)

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
                if db.engine is not None and db.engine.dialect.name == "postgresql":
                    from sqlalchemy import text

                    s.flush()
                    s.execute(text(f"SELECT pg_notify('{CHANNEL}', :n)"), {"n": str(seq.gen)})
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
            for loader in self._loaders.get(key, ()):
                loader(value)

    def reset(self) -> None:
        self.stop_listening()
        self.enabled = False
        self._loaders.clear()
        self._gens.clear()
        self._seen = -1
        self._heard = -1


shared = Shared()
forget_on_new_app("core.shared", shared.reset)
