"""Reads fixtures/pods.yaml and renders it for one POD and scenario."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from mockserver.core.clock import parse_iso_ms
from mockserver.core.errors import ApiError


class FixtureError(ValueError):
    pass


@lru_cache(maxsize=8)
def _load(path: str, mtime: float) -> dict[str, Any]:
    import yaml

    with open(path, encoding="utf-8") as fh:
        data = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if not isinstance(data, dict) or "pod" not in data:
        raise FixtureError(f"{path}: expected a mapping with a 'pod' template")
    data.setdefault("scenarios", {"default": {"steps": []}})
    data.setdefault("created", "2024-01-01T00:00:00.000Z")
    data["_created_ms"] = parse_iso_ms(str(data["created"]))
    return data


def load(fixtures_dir: Path) -> dict[str, Any]:
    path = Path(fixtures_dir) / "pods.yaml"
    if not path.exists():
        raise FixtureError(f"fixture file not found: {path}")
    return _load(str(path), path.stat().st_mtime)


def _render(value: Any, n: int, org: str) -> Any:
    if isinstance(value, str):
        # {n3}: the POD number on three digits, for values of a fixed length (phone numbers)
        return value.replace("{n3}", f"{n:03d}").replace("{n}", str(n)).replace("{org}", org)
    if isinstance(value, list):
        return [_render(v, n, org) for v in value]
    if isinstance(value, dict):
        return {k: _render(v, n, org) for k, v in value.items()}
    return value


def render_pod(data: dict[str, Any], n: int) -> dict[str, Any]:
    template = data["pod"]
    org = str(template.get("org", {}).get("name", "cl1pod{n}")).replace("{n}", str(n))
    out = _render(template, n, org)  # builds new dicts and lists: the cached template stays as loaded
    out["_created_ms"] = data["_created_ms"]
    out["_n"] = n
    return out


def scenario_names(data: dict[str, Any]) -> list[str]:
    return list(data.get("scenarios", {}))


def scenario_steps(data: dict[str, Any], name: str) -> list[dict[str, Any]]:
    """Steps from the root scenario down to `name`, in order."""
    scenarios = data.get("scenarios", {})
    if name not in scenarios:
        raise ApiError(404, f"Unknown scenario '{name}'.", [
            f"scenario: '{name}' is not defined in fixtures/pods.yaml; known: {', '.join(scenarios)}."
        ])
    chain: list[str] = []
    cur: str | None = name
    while cur is not None:
        if cur in chain:
            raise FixtureError(f"scenario '{name}': 'extends' loops through {' -> '.join(chain + [cur])}")
        if cur not in scenarios:
            raise FixtureError(f"scenario '{chain[-1]}' extends unknown scenario '{cur}'")
        chain.append(cur)
        cur = (scenarios[cur] or {}).get("extends")
    steps: list[dict[str, Any]] = []
    for s in reversed(chain):
        steps.extend((scenarios[s] or {}).get("steps") or [])
    return steps
