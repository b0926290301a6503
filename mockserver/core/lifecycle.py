"""What a process must forget when a new app is made in it (tests make many): each piece that
keeps process-wide state registers how to forget it, next to that state; ``create_app`` calls
them all before it sets the products up, without knowing who they are."""

from __future__ import annotations

from typing import Callable

_forgetters: dict[str, Callable[[], None]] = {}


def forget_on_new_app(name: str, fn: Callable[[], None]) -> None:
    """``name`` keeps a module that is imported twice from registering twice."""
    _forgetters[name] = fn


def forget_all() -> None:
    for fn in list(_forgetters.values()):
        fn()
