"""Effects that must reach every worker: events written with the change that caused them.

A service that changes state and must tell somebody connected to *any* worker (an agent's
websocket, the control plane's live stream) posts the event into ``sandbox_outbox`` inside its
own transaction: the change and its announcement commit together or not at all. Each process
then delivers, in commit order, every row it has not yet delivered to the subscribers it holds
locally (``live`` subscriptions, made in ``wiring.py``).

Delivery is triggered three ways, so nothing is lost between a commit and a crash:
- right after the request (or timer) that wrote it, in the writing process;
- in the other processes, when the cross-process signal (``core/shared.py``) tells them;
- by the ticker's periodic sweep (``core/ticker.py``), which catches whatever a crashed writer
  committed but never announced.

Writes are serialized (BEGIN IMMEDIATE on SQLite, an advisory lock on PostgreSQL), so sequence
order is commit order and a cursor per process never skips a row.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from typing import Any, Callable

from sqlalchemy import JSON, BigInteger, Column, Integer, delete, event, func, insert, select
from sqlmodel import Field, Session, SQLModel

from mockserver.core.clock import clock
from mockserver.core.events import Dispatcher
from mockserver.core.lifecycle import forget_on_new_app

log = logging.getLogger("mockserver.outbox")

KEEP_MS = 10 * 60 * 1000  # rows older than this are swept (every process has long delivered them)


class SandboxOutbox(SQLModel, table=True):
    __tablename__ = "sandbox_outbox"
    # INTEGER PRIMARY KEY on SQLite (its rowid: autoincrementing), BIGINT identity elsewhere.
    seq: int | None = Field(default=None, sa_column=Column(BigInteger().with_variant(Integer, "sqlite"),
                                                            primary_key=True, autoincrement=True))
    topic: str = Field(index=True)
    pod: int | None = None
    created_ms: int = Field(sa_column=Column(BigInteger, nullable=False))
    wall_ms: int = Field(sa_column=Column(BigInteger, nullable=False, index=True))
    payload: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class Outbox:
    def __init__(self) -> None:
        self.types: dict[str, type] = {}
        self.live = Dispatcher()  # local deliveries: who holds what in this process
        self.cursor: int | None = None  # the last seq delivered here (None: not started)
        self.dirty = False  # this process committed rows it has not yet delivered or announced
        self._announce: Callable[[], None] | None = None

    # --- declaring and posting -----------------------------------------------------------------
    def crosses(self, cls: type) -> type:
        """Class decorator for an event that is delivered through the outbox."""
        self.types[cls.__name__] = cls
        return cls

    def post(self, session: Session, event: Any, *, pod: int | None = None) -> None:
        """Adds the event in the caller's transaction: it exists only if the caller commits.

        The rows wait in the session and are written by one INSERT when it commits (``_write``):
        an ORM object and an INSERT ... RETURNING per frame were a tenth of a contact's cost, and
        nothing reads the outbox before the commit."""
        name = type(event).__name__
        if name not in self.types:
            raise ValueError(f"{name} is not an outbox event (decorate it with @outbox.crosses)")
        payload = dataclasses.asdict(event)
        session.info.setdefault(_PENDING, []).append(
            {"topic": name, "pod": pod if pod is not None else payload.get("pod"), "created_ms": clock.now_ms(),
             "wall_ms": int(time.time() * 1000), "payload": payload})
        self.dirty = True

    # --- delivering ----------------------------------------------------------------------------
    def start(self, announce: Callable[[], None] | None = None) -> None:
        """From now on, deliver what commits after this point (history is not replayed)."""
        from mockserver.core.db import db

        self._announce = announce
        self.dirty = False
        if db.engine is None:
            self.cursor = 0
            return
        with db.engine.connect() as conn:
            self.cursor = conn.execute(select(func.max(SandboxOutbox.seq))).scalar() or 0

    def flush(self) -> int:
        """After a commit in this process: deliver here, then tell the other processes."""
        if not self.dirty:
            return 0
        self.dirty = False
        n = self.drain()
        if self._announce is not None:
            self._announce()
        return n

    def drain(self) -> int:
        from mockserver.core.db import db, write_intent

        if self.cursor is None or db.engine is None:
            return 0
        # A read: it needs no place in the writers' queue (BEGIN IMMEDIATE on SQLite, the advisory
        # lock on PostgreSQL), which the request that wrote the rows would otherwise make it join.
        token = write_intent.set(False)
        try:
            with db.engine.connect() as conn:
                rows = conn.execute(
                    select(SandboxOutbox.seq, SandboxOutbox.topic, SandboxOutbox.payload)
                    .where(SandboxOutbox.seq > self.cursor).order_by(SandboxOutbox.seq).limit(1000)
                ).all()
        finally:
            write_intent.reset(token)
        for seq, topic, payload in rows:
            self.cursor = seq
            cls = self.types.get(topic)
            if cls is None:
                continue
            try:
                self.live.publish(cls(**payload))
            except Exception:  # noqa: BLE001 - one subscriber's failure must not stop delivery
                log.exception("delivering outbox event %s #%s failed", topic, seq)
        return len(rows)

    def sweep(self) -> None:
        """Drops rows every process has long delivered (by wall time: the sandbox clock jumps)."""
        from mockserver.core.db import db, write_intent

        if db.engine is None:
            return
        token = write_intent.set(True)
        try:
            with db.session() as s:
                s.exec(delete(SandboxOutbox).where(SandboxOutbox.wall_ms < int(time.time() * 1000) - KEEP_MS))  # type: ignore[call-overload]
                s.commit()
        finally:
            write_intent.reset(token)

    def stop(self) -> None:
        self.cursor = None
        self.dirty = False
        self._announce = None


outbox = Outbox()
_PENDING = "core.outbox.pending"


@event.listens_for(Session, "before_commit")
def _write(session: Session) -> None:
    """The posted rows join the transaction as it commits, in the order they were posted."""
    rows = session.info.pop(_PENDING, None)
    if rows:
        session.connection().execute(insert(SandboxOutbox.__table__), rows)  # type: ignore[arg-type]


@event.listens_for(Session, "after_transaction_end")
def _forget(session: Session, transaction: Any) -> None:
    """A transaction that ends without committing (rollback, close) takes its posts with it."""
    if transaction.parent is None:
        session.info.pop(_PENDING, None)
forget_on_new_app("core.outbox", outbox.stop)
