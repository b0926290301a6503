"""Answers kept ready until what they were built from changes: the generic cache of the hot reads.

A wing that serves a read often (a collection list, a "who am I") may keep the serialized answer
here instead of reading and serializing rows on every call. Nothing is ever dropped by hand: an
entry carries a *stamp* of what it was built from, and a lookup whose stamp differs from the
current one is a miss. The stamp is made of

- the write generations of the tables the answer reads (``tables=``; None: every table). Every
  committed transaction that wrote a table bumps that table's generation (``changes``, fed by the
  engine's statement hook in ``core/db.py``): service writes, seeding, resets, snapshot restores,
  timers' handlers, whatever opened a session -- no wing has to remember to call anything;
- the clock's move counter (``clock_sensitive=True``, the default): moving, setting or resetting
  the clock drops the answer, for answers that show anything derived from "now";
- an epoch bumped when a new app is made in the process (tests make many).

Several processes on one database (``serve --workers N``, replicas): a process that committed
writes announces them through ``core/shared.py`` before its response starts (the middleware calls
``changes.announce()``; so do timers fired outside a request, and the heartbeat every 50 ms for
writes no HTTP response follows, such as a websocket's), and every other process, which
syncs before each request, then treats every table as changed. So an answer a client reads after
another worker's 2xx is never older than that write.

How a wing uses it (wxcc/config/service.py is the example)::

    from mockserver.core.cache import AnswerCache
    _lists = AnswerCache("wxcc.config.lists")                     # any table write drops it
    _people = AnswerCache("identity.people", tables=("identity_person",))

    body: bytes = _lists.answer((org_id, kind, query), lambda: dumps(build_the_page()))

The key must hold everything else the answer depends on (org, path, query, and the caller when
the answer differs per caller); the answer is looked up only after the route's dependencies have
authorized the caller. Declaring ``tables=`` is an optimisation with a duty: list every table the
build reads, directly or through another product's public.py; when in doubt leave it None.
"""

from __future__ import annotations

import re
import threading
from typing import Any, Callable, Hashable, Iterable

from mockserver.core.clock import clock
from mockserver.core.lifecycle import forget_on_new_app

ALL = "*"
# The shared signal's own table (its writes are the announcement, not a change of state) and the
# outbox (a delivery queue no answer shows; its sweep runs every minute).
UNTRACKED = frozenset({"sandbox_shared", "sandbox_outbox"})
_DML = re.compile(r"^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?|REPLACE\s+INTO)\s+\"?(\w+)\"?",
                  re.IGNORECASE)
_READ_ONLY = ("SELECT", "PRAGMA", "BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "SHOW", "SET", "LISTEN",
              "EXPLAIN", "WITH")


class Changes:
    """Per-table write generations of this process's view of the database."""

    def __init__(self) -> None:
        self.total = 0  # bumped by every committed write: the stamp of "every table"
        self._gens: dict[str, int] = {}
        self._everything = 0  # bumped when all tables count as changed (DDL, another process wrote)
        self.unannounced = False  # committed writes other processes have not been told about
        self._lock = threading.Lock()

    # --- fed by core/db.py's engine hooks -------------------------------------------------------
    @staticmethod
    def written_by(statement: str, table: str | None) -> str | None:
        """The table a statement writes (ALL when it cannot tell), None for a read."""
        if table is not None:
            return table
        head = statement.lstrip()[:9].upper()
        if head.startswith(_READ_ONLY):
            return None
        m = _DML.match(statement)
        return m.group(1).lower() if m else ALL

    def committed(self, tables: Iterable[str]) -> None:
        tables = [t for t in tables if t not in UNTRACKED]
        if not tables:
            return
        with self._lock:
            self.total += 1
            for t in tables:
                if t == ALL:
                    self._everything += 1
                else:
                    self._gens[t] = self._gens.get(t, 0) + 1
            self.unannounced = True

    def everything_changed(self) -> None:
        """Another process wrote (or the database was rebuilt): every table counts as changed."""
        with self._lock:
            self.total += 1
            self._everything += 1

    def table_stamp(self, table: str) -> tuple[int, int]:
        return self._everything, self._gens.get(table, 0)

    def stamp(self, tables: tuple[str, ...] | None) -> Any:
        if tables is None:
            return self.total
        gens = self._gens
        return (self._everything, *(gens.get(t, 0) for t in tables))

    # --- telling other processes ----------------------------------------------------------------
    def announce(self) -> None:
        """Called where a response is about to start (and after timers fired outside a request):
        other processes learn that tables changed before the client can ask them."""
        if not self.unannounced:
            return
        self.unannounced = False
        from mockserver.core.shared import shared

        if shared.enabled:
            shared.publish("tables")


changes = Changes()


class AnswerCache:
    """Serialized answers by key, valid while the stamp of what they were built from holds."""

    registry: list["AnswerCache"] = []

    def __init__(self, name: str, *, tables: Iterable[str] | None = None, clock_sensitive: bool = True,
                 max_entries: int = 1024) -> None:
        self.name = name
        self.tables = tuple(tables) if tables is not None else None
        self.clock_sensitive = clock_sensitive
        self.max_entries = max_entries
        self._entries: dict[Hashable, tuple[Any, bytes]] = {}
        self.hits = 0
        self.misses = 0
        AnswerCache.registry.append(self)

    def _stamp(self) -> Any:
        return (_epoch[0], changes.stamp(self.tables), clock.moves if self.clock_sensitive else 0)

    def answer(self, key: Hashable, build: Callable[[], bytes]) -> bytes:
        stamp = self._stamp()  # taken before building: a write during the build makes it stale at once
        hit = self._entries.get(key)
        if hit is not None and hit[0] == stamp:
            self.hits += 1
            return hit[1]
        self.misses += 1
        body = build()
        if len(self._entries) >= self.max_entries:
            self._entries.clear()  # a few hundred keys is the working set of a test run; start over
        self._entries[key] = (stamp, body)
        return body

    def clear(self) -> None:
        self._entries.clear()


_epoch = [0]


def _new_app() -> None:
    _epoch[0] += 1
    changes.everything_changed()
    changes.unannounced = False
    for c in AnswerCache.registry:
        c.clear()


forget_on_new_app("core.cache", _new_app)
