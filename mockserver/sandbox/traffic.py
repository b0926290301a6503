"""The request journal and fault injection, both kept in process memory."""

from __future__ import annotations

from mockserver.core.lifecycle import forget_on_new_app

import fnmatch
import itertools
from collections import deque
from dataclasses import asdict, dataclass, field
from typing import Any

from mockserver.core.clock import iso_ms
from mockserver.core.ids import ids


class Journal:
    def __init__(self, size: int = 500) -> None:
        self.entries: deque[dict[str, Any]] = deque(maxlen=size)
        self._seq = itertools.count(1)
        self.enabled = True

    def resize(self, size: int) -> None:
        self.entries = deque(self.entries, maxlen=size)

    def add(self, entry: dict[str, Any]) -> None:
        entry["seq"] = next(self._seq)
        self.entries.append(entry)

    def query(
        self,
        *,
        method: str | None = None,
        path: str | None = None,
        status: int | None = None,
        since: int | None = None,
        tracking_id: str | None = None,
        limit: int = 100,
    ) -> list[dict[str, Any]]:
        out = []
        for e in reversed(self.entries):
            if since is not None and e["seq"] <= since:
                break
            if method and e["method"] != method.upper():
                continue
            if path:
                if any(c in path for c in "*?["):
                    if not fnmatch.fnmatchcase(e["path"], path):
                        continue
                elif path not in e["path"]:
                    continue
            if status is not None and e["status"] != status:
                continue
            if tracking_id and e.get("trackingId") != tracking_id:
                continue
            out.append(e)
            if "time" not in e:  # formatted when read, not on the hot path
                e["time"] = iso_ms(e["timeMs"])
            if len(out) >= limit:
                break
        return out

    def clear(self) -> None:
        self.entries.clear()


@dataclass
class FaultRule:
    id: str
    method: str = "*"
    path: str = "*"
    status: int | None = None
    latency_ms: int = 0
    retry_after: int | None = None
    probability: float = 1.0
    count: int | None = None  # remaining injections; None = until deleted
    message: str | None = None
    hits: int = 0

    def matches(self, method: str, path: str) -> bool:
        if self.method != "*" and self.method != method:
            return False
        return fnmatch.fnmatchcase(path, self.path)

    def public(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Faults:
    rules: list[FaultRule] = field(default_factory=list)

    def add(self, rule: FaultRule) -> FaultRule:
        self.rules.append(rule)
        self.publish()
        return rule

    def publish(self) -> None:
        """Other workers take the rules (and what is left of their counts) from the database."""
        from mockserver.core.shared import shared

        shared.publish("faults", [r.public() for r in self.rules])

    def pick(self, method: str, path: str) -> FaultRule | None:
        # The control plane itself is never faulted: a test must always be able to clean up.
        if path.startswith("/sandbox"):
            return None
        for rule in self.rules:
            if not rule.matches(method, path):
                continue
            if rule.probability < 1.0 and ids.random() >= rule.probability:
                continue
            rule.hits += 1
            if rule.count is not None:
                rule.count -= 1
                if rule.count <= 0:
                    self.rules.remove(rule)
            return rule
        return None

    def remove(self, rule_id: str | None = None) -> int:
        before = len(self.rules)
        self.rules = [r for r in self.rules if rule_id is not None and r.id != rule_id]
        if before != len(self.rules):
            self.publish()
        return before - len(self.rules)


journal = Journal()
faults = Faults()
forget_on_new_app("sandbox.journal", journal.clear)
forget_on_new_app("sandbox.faults", faults.remove)
