"""Database engine and sessions. SQLite (file or memory) by default; any SQLAlchemy URL works.

Routes are ``async def`` and use a synchronous session: SQLite answers in microseconds, and
skipping the thread pool is worth more than async drivers here (measured in bench/).
"""

from __future__ import annotations

from typing import Iterator

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, SQLModel, create_engine


class Database:
    def __init__(self) -> None:
        self.engine: Engine | None = None
        self.url: str = ""

    def connect(self, url: str) -> Engine:
        if self.engine is not None:
            self.engine.dispose()
        self.url = url
        if url.startswith("sqlite"):
            kwargs: dict = {"connect_args": {"check_same_thread": False}}
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
                    cur.execute("PRAGMA busy_timeout=5000")
                cur.close()
        else:
            engine = create_engine(url, pool_pre_ping=True)
        self.engine = engine
        return engine

    def drop_all(self) -> None:
        assert self.engine is not None
        SQLModel.metadata.drop_all(self.engine)

    def create_all(self) -> None:
        assert self.engine is not None
        SQLModel.metadata.create_all(self.engine)

    def session(self) -> Session:
        assert self.engine is not None, "database not connected"
        return Session(self.engine, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.url.startswith("sqlite")


db = Database()


async def get_session() -> Iterator[Session]:
    with db.session() as session:
        yield session
