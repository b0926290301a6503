"""The dispatcher: named events published after a commit, handled by subscribers.

The core knows no event of its own: the catalogue of product events is ``mockserver/events.py``
and every subscription is made in ``mockserver/wiring.py``, so the whole map of who reacts to
what is readable in one place.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Callable, TypeVar

E = TypeVar("E")


# --- the dispatcher --------------------------------------------------------------------------
class Dispatcher:
    def __init__(self) -> None:
        self._subs: dict[type, list[Callable[[Any], None]]] = defaultdict(list)
        self.published: list[Any] = []  # a short tail, for debugging and tests
        self._keep = 200

    def subscribe(self, event_type: type[E], handler: Callable[[E], None]) -> None:
        self._subs[event_type].append(handler)

    def publish(self, event: Any) -> None:
        self.published.append(event)
        if len(self.published) > self._keep:
            del self.published[: len(self.published) - self._keep]
        for handler in list(self._subs.get(type(event), ())):
            handler(event)

    def subscriptions(self) -> dict[str, list[str]]:
        return {
            t.__name__: [getattr(h, "__qualname__", repr(h)) for h in hs] for t, hs in self._subs.items()
        }

    def clear(self) -> None:
        self._subs.clear()
        self.published.clear()


dispatcher = Dispatcher()
