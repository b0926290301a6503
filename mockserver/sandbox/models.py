"""The control plane's own tables."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column
from sqlmodel import Field, SQLModel


class SandboxPod(SQLModel, table=True):
    """Which PODs are seeded, and from which scenario: what a reset goes back to."""

    __tablename__ = "sandbox_pod"
    pod: int = Field(primary_key=True)
    org_id: str
    scenario: str = "default"
    seeded_ms: int = Field(sa_column=Column(BigInteger, nullable=False))
