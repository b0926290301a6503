"""Database engine and sessions. SQLite (file or memory) by default; any SQLAlchemy URL works.

Routes are ``async def`` and use a synchronous session: SQLite answers in microseconds, and
skipping the thread pool is worth more than async drivers here (measured in bench/).

A route and its dependencies share one session per request (``DbSession``): the lookups, the
checks and the write are one transaction, taken with the request's write intent.
"""

from __future__ import annotations

import contextlib
from contextvars import ContextVar
from typing import Annotated, AsyncIterator, Iterator

from fastapi import Depends
from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, SQLModel, create_engine

# Table classes are read and written through the ORM; pydantic validates or dumps only a few of
# them (and only in some requests). Building each one's validator when its class is made was a
# tenth of the start-up: pydantic builds it on first use instead. Every class of the sandbox's is
# a table (its bodies are pydantic models with their own config), so only tables are affected.
SQLModel.model_config["defer_build"] = True


# Whether the current request may write. Writing transactions are serialized (SQLite: BEGIN
# IMMEDIATE; PostgreSQL: a transaction-scoped advisory lock), so concurrent clients and several
# workers never double-create or lose an update between a check and a write. Reads never wait.
# Outside a request (seeding, CLI, timers) everything counts as a write.
write_intent: ContextVar[bool] = ContextVar("write_intent", default=True)
_PG_WRITE_LOCK = 7_351_000_001
_PG_START_LOCK = 7_351_000_002


@contextlib.contextmanager
def _reading() -> Iterator[None]:
    """Transactions begun here take no write lock (the begin listener takes it for writes): the
    start lock's connection must not hold it while a replica waits, or the seeding one would
    wait for the waiting one."""
    token = write_intent.set(False)
    try:
        yield
    finally:
        write_intent.reset(token)


class Database:
    def __init__(self) -> None:
        self.engine: Engine | None = None
        self.url: str = ""

    def connect(self, url: str) -> Engine:
        if self.engine is not None:
            self.engine.dispose()
        self.url = url
        if url.startswith("sqlite"):
            # isolation_level=None: pysqlite leaves BEGIN to us (see the "begin" listener).
            kwargs: dict = {"connect_args": {"check_same_thread": False, "isolation_level": None}}
            if url in ("sqlite://", "sqlite:///:memory:"):
                # One shared connection: an in-memory database lives as long as its connection.
                kwargs["poolclass"] = StaticPool
            engine = create_engine(url, **kwargs)

            @event.listens_for(engine, "connect")
            def _pragmas(dbapi_conn, _record):  # pragma: no cover - trivial
                cur = dbapi_conn.cursor()
                if url not in ("sqlite://", "sqlite:///:memory:"):
                    cur.execute("PRAGMA journal_mode=WAL")
                    cur.execute("PRAGMA synchronous=NORMAL")
                    cur.execute("PRAGMA busy_timeout=10000")
                cur.close()

            @event.listens_for(engine, "begin")
            def _begin(conn):  # pragma: no cover - trivial
                conn.exec_driver_sql("BEGIN IMMEDIATE" if write_intent.get() else "BEGIN")
        else:
            engine = create_engine(url, pool_pre_ping=True)
            if engine.dialect.name == "postgresql":

                @event.listens_for(engine, "begin")
                def _begin_pg(conn):  # pragma: no cover - trivial
                    if write_intent.get():
                        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_WRITE_LOCK})")
        _track_writes(engine)
        self.engine = engine
        return engine

    def drop_all(self) -> None:
        assert self.engine is not None
        SQLModel.metadata.drop_all(self.engine)

    def drop_unknown(self) -> None:
        """Drops the tables an older version made that this one no longer knows."""
        from sqlalchemy import MetaData

        assert self.engine is not None
        old = MetaData()
        old.reflect(self.engine)
        old.drop_all(self.engine)

    @contextlib.contextmanager
    def start_lock(self) -> Iterator[None]:
        """Held while a process makes the schema and seeds: replicas started together on one
        database (`serve` answers before it has built, so a script may start the next at once)
        take turns, and the later one finds the tables and PODs made. PostgreSQL: a session-level
        advisory lock; a SQLite file: an exclusive flock on the file; memory: nothing."""
        assert self.engine is not None
        if self.engine.dialect.name == "postgresql":
            conn = self.engine.connect()
            try:
                with _reading():
                    conn.exec_driver_sql(f"SELECT pg_advisory_lock({_PG_START_LOCK})")
                    conn.commit()
                yield
            finally:
                with _reading():
                    conn.exec_driver_sql(f"SELECT pg_advisory_unlock({_PG_START_LOCK})")
                    conn.commit()
                conn.close()
            return
        path = self.engine.url.database if self.engine.dialect.name == "sqlite" else None
        if not path or path == ":memory:":
            yield
            return
        try:
            import fcntl
        except ImportError:  # Windows: no flock; replicas there start one after the other
            yield
            return
        # flock on the database file itself: independent of SQLite's own (fcntl) locks, and no
        # file of ours beside the user's. An absent file is made empty, which SQLite takes as new.
        with open(path, "a") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def create_all(self) -> None:
        """Creates the tables the database lacks: one look at its table names instead of
        SQLAlchemy's check per table (dozens of queries at every start)."""
        from sqlalchemy import inspect

        assert self.engine is not None
        present = set(inspect(self.engine).get_table_names())
        missing = [t for t in SQLModel.metadata.sorted_tables if t.name not in present]
        if missing:
            SQLModel.metadata.create_all(self.engine, tables=missing, checkfirst=False)

    @staticmethod
    def schema_fingerprint() -> str:
        """Names and columns of every table: a database made by another version differs."""
        import hashlib

        parts = [f"{t.name}({','.join(f'{c.name}:{c.type}' for c in t.columns)})"
                 for t in sorted(SQLModel.metadata.tables.values(), key=lambda t: t.name)]
        return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]

    def outdated(self) -> bool:
        """True when this database holds tables made by another version of the sandbox."""
        from sqlalchemy import inspect

        assert self.engine is not None
        present = set(inspect(self.engine).get_table_names())
        if not present:
            return False
        if "sandbox_schema" not in present:
            return True
        with self.engine.connect() as conn:
            row = conn.exec_driver_sql("SELECT fingerprint FROM sandbox_schema").first()
        return row is None or row[0] != self.schema_fingerprint()

    def stamp(self) -> None:
        assert self.engine is not None
        with self.engine.begin() as conn:
            conn.exec_driver_sql("CREATE TABLE IF NOT EXISTS sandbox_schema (fingerprint VARCHAR(64) NOT NULL)")
            conn.exec_driver_sql("DELETE FROM sandbox_schema")
            conn.execute(text("INSERT INTO sandbox_schema (fingerprint) VALUES (:f)"), {"f": self.schema_fingerprint()})

    def session(self) -> Session:
        assert self.engine is not None, "database not connected"
        return Session(self.engine, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.url.startswith("sqlite")


db = Database()


def _track_writes(engine: Engine) -> None:
    """Tells ``core/cache.py: changes`` which tables each committed transaction wrote, whoever
    wrote them (services, seeding, resets, restores, timers), so cached answers never outlive
    what they were built from. Recorded per connection as statements run, handed over only once
    the database has committed (a rolled-back write changes nothing)."""
    from mockserver.core.cache import ALL, changes

    @event.listens_for(engine, "after_cursor_execute")
    def _note(conn, _cursor, statement, _params, context, _many):  # noqa: ANN001
        if context is not None and (context.isinsert or context.isupdate or context.isdelete):
            table = getattr(getattr(context.compiled, "statement", None), "table", None)
            name = getattr(table, "name", None) or ALL
        else:
            if context is not None and context.compiled is not None and not hasattr(context.compiled.statement, "text"):
                return  # a compiled SELECT (or DDL, below)
            name = changes.written_by(statement, None)
            if name is None:
                return
        conn.info.setdefault("written", set()).add(name)

    @event.listens_for(engine, "rollback")
    def _rolled_back(conn):  # noqa: ANN001
        conn.info.pop("written", None)

    dialect = engine.dialect
    do_commit = dialect.do_commit

    def _commit(dbapi_connection):  # noqa: ANN001, ANN202
        do_commit(dbapi_connection)
        written = dbapi_connection.info.pop("written", None)
        if written:
            changes.committed(written)

    dialect.do_commit = _commit  # type: ignore[method-assign]

    @event.listens_for(engine, "after_execute")
    def _ddl(conn, clauseelement, *_rest):  # noqa: ANN001
        from sqlalchemy.sql.ddl import ExecutableDDLElement

        if isinstance(clauseelement, ExecutableDDLElement):
            conn.info.setdefault("written", set()).add(ALL)


async def request_session() -> AsyncIterator[Session]:
    """The request's one session (FastAPI caches it per request: every dependency asking for it gets
    this one). ``async``, so it opens in the request's own context, after the middleware has set
    ``write_intent``: its first statement begins the transaction with the request's intent (a sync
    generator would run in the thread pool). Closed (what was not committed rolled back) as soon as
    the route returns, before the response is sent: no transaction stays open across an ``await``
    where another request could start one on the same connection."""
    session = _LazySession()
    try:
        yield session  # type: ignore[misc]
    finally:
        session.close()


class _LazySession:
    """The request's session, opened on its first use: a read answered from a cache
    (core/cache.py) or a cached token never opens one, and making and closing a Session was a
    visible share of such a request."""

    __slots__ = ("_session",)

    def __init__(self) -> None:
        self._session: Session | None = None

    def __getattr__(self, name: str):  # noqa: ANN204 - whatever the Session has
        s = self._session
        if s is None:
            s = self._session = db.session()
        return getattr(s, name)

    def __enter__(self) -> "_LazySession":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._session is not None:
            self._session.close()
            self._session = None


DbSession = Annotated[Session, Depends(request_session, scope="function")]
