"""Timers on the sandbox clock: rows with a due time, fired when the clock passes them.

No thread sleeps. A timer fires (a) when the clock is moved (POST /sandbox/clock) and (b) before
any request is served once its due time has passed on a real clock, so whatever a client observes
already reflects every timer that fell due. Products register a handler per timer kind; the
handler runs in its own transaction and may schedule further timers.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Callable

from sqlalchemy import JSON, BigInteger, Column
from sqlmodel import Field, Session, SQLModel, select

from mockserver.core.clock import clock
from mockserver.core.ids import ids
from mockserver.core.outbox import outbox

log = logging.getLogger("mockserver.timers")

Handler = Callable[[Session, "SandboxTimer"], None]


class SandboxTimer(SQLModel, table=True):
    __tablename__ = "sandbox_timer"
    id: str = Field(primary_key=True)
    pod: int = Field(index=True)
    due_ms: int = Field(sa_column=Column(BigInteger, nullable=False, index=True))
    kind: str = Field(index=True)  # e.g. connect.provisioning_done, wxcc.rona
    subject: str = Field(default="", index=True)  # what it is about (task id, tenant...), to cancel by
    payload: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


@outbox.crosses
@dataclass(frozen=True)
class TimerFired:
    """A timer fell due and its handler ran (in the same transaction as what the handler did)."""

    pod: int
    kind: str
    subject: str
    due_ms: int


class Timers:
    def __init__(self) -> None:
        self.handlers: dict[str, Handler] = {}
        self.next_due: int | None = None
        self._firing = False
        self.scheduled = False  # set when this process scheduled a timer (other workers are told)
        self._refreshed: tuple[Any, int | None] | None = None  # (timer table's stamp, next due) at the last refresh

    def on(self, kind: str) -> Callable[[Handler], Handler]:
        def deco(fn: Handler) -> Handler:
            self.handlers[kind] = fn
            return fn

        return deco

    def schedule(self, session: Session, *, pod: int, kind: str, after_s: float | None = None,
                 due_ms: int | None = None, subject: str = "", payload: dict[str, Any] | None = None) -> SandboxTimer:
        """Adds a timer in the caller's transaction (it exists only if the caller commits)."""
        if kind not in self.handlers:
            raise ValueError(f"no handler registered for timer kind '{kind}'")
        due = due_ms if due_ms is not None else clock.now_ms() + int(round((after_s or 0) * 1000))
        t = SandboxTimer(id=ids.uuid(), pod=pod, due_ms=due, kind=kind, subject=subject, payload=payload or {})
        session.add(t)
        self.scheduled = True
        if self.next_due is None or due < self.next_due:
            self.next_due = due
        return t

    def cancel(self, session: Session, *, kind: str | None = None, subject: str) -> int:
        q = select(SandboxTimer).where(SandboxTimer.subject == subject)
        if kind:
            q = q.where(SandboxTimer.kind == kind)
        rows = session.exec(q).all()
        for r in rows:
            session.delete(r)
        return len(rows)

    def pending(self, session: Session, subject: str | None = None) -> list[SandboxTimer]:
        q = select(SandboxTimer).order_by(SandboxTimer.due_ms, SandboxTimer.id)
        if subject is not None:
            q = q.where(SandboxTimer.subject == subject)
        return list(session.exec(q).all())

    def refresh(self) -> None:
        """Recomputes the earliest due time from the table (after a reset or restore)."""
        from mockserver.core.db import db

        if db.engine is None:
            self.next_due = None
            return
        from mockserver.core.cache import changes
        from mockserver.core.shared import shared

        # Every reset asks; the answer changes only when the timer table was written (by this
        # process: with company, another process may have written it, so ask the database).
        stamp = None if shared.enabled else changes.table_stamp(SandboxTimer.__tablename__)
        if stamp is not None and self._refreshed is not None and self._refreshed[0] == stamp:
            self.next_due = self._refreshed[1]
            return
        with db.session() as s:
            first = s.exec(select(SandboxTimer.due_ms).order_by(SandboxTimer.due_ms).limit(1)).first()
        self.next_due = first
        self._refreshed = (stamp, first) if stamp is not None else None

    def maybe_fire(self) -> int:
        """Cheap check for the request path: fires only when something is due."""
        if self.next_due is None or self._firing or clock.now_ms() < self.next_due:
            return 0
        return self.fire_due()

    def fire_due(self, now_ms: int | None = None) -> int:
        from mockserver.core.db import db

        if self._firing or db.engine is None:
            return 0
        from mockserver.core.db import write_intent

        self._firing = True
        intent = write_intent.set(True)  # even when a GET request triggers them, timers write
        fired = 0
        try:
            while True:
                now = clock.now_ms() if now_ms is None else now_ms
                with db.session() as s:
                    t = s.exec(
                        select(SandboxTimer).where(SandboxTimer.due_ms <= now)
                        .order_by(SandboxTimer.due_ms, SandboxTimer.id).limit(1)
                    ).first()
                    if t is None:
                        break
                    handler = self.handlers.get(t.kind)
                    s.delete(t)
                    if handler is not None:
                        handler(s, t)
                        outbox.post(s, TimerFired(pod=t.pod, kind=t.kind, subject=t.subject, due_ms=t.due_ms))
                    else:
                        log.warning("timer %s of unknown kind %s dropped", t.id, t.kind)
                    s.commit()
                    fired += 1
        finally:
            write_intent.reset(intent)
            self._firing = False
            self.refresh()
        if fired:
            from mockserver.core.cache import changes

            changes.announce()  # what the handlers wrote, to other workers (outside a request too)
        return fired


timers = Timers()
