"""Fault injection (POST /sandbox/faults): latency, an error status or 429 + Retry-After, by method
and path glob; the rules are shared between processes, the middleware applies them."""

from __future__ import annotations

import fnmatch
from dataclasses import asdict, dataclass, field
from typing import Any

from mockserver.core.ids import ids
from mockserver.core.lifecycle import forget_on_new_app


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


faults = Faults()
forget_on_new_app("sandbox.faults", faults.remove)
