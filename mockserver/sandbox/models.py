"""The control plane's own tables."""

from __future__ import annotations

from sqlalchemy import JSON, BigInteger, Column
from sqlmodel import Field, SQLModel


class SandboxPod(SQLModel, table=True):
    """Which PODs are seeded, and from which scenario: what a reset goes back to."""

    __tablename__ = "sandbox_pod"
    pod: int = Field(primary_key=True)
    org_id: str
    scenario: str = "default"
    seeded_ms: int = Field(sa_column=Column(BigInteger, nullable=False))


class SandboxSnapshot(SQLModel, table=True):
    """A named capture of every seeded table, kept in the database so any worker can restore it
    and a restart keeps it."""

    __tablename__ = "sandbox_snapshot"
    name: str = Field(primary_key=True)
    taken_ms: int = Field(sa_column=Column(BigInteger, nullable=False))
    pods: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    tables: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
