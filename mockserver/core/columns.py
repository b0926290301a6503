"""Column helpers every product's tables share: portable on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, BigInteger, Column
from sqlmodel import Field


def epoch_ms(nullable: bool = False) -> Any:
    """An instant in epoch milliseconds (BigInteger: ms overflow a 32-bit INTEGER)."""
    if nullable:
        return Field(default=None, sa_column=Column(BigInteger, nullable=True))
    return Field(sa_column=Column(BigInteger, nullable=False))


def json_list() -> Any:
    return Field(default_factory=list, sa_column=Column(JSON, nullable=False))


def json_dict() -> Any:
    return Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
