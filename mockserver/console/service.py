"""What the console shows, read through the control plane's services and each product's public
reads: no table of a product is queried here.

Each function returns plain dicts and lists for a template; none writes.
"""

from __future__ import annotations

from typing import Any

from mockserver.core.clock import iso_ms
from mockserver.core.db import db
from mockserver.sandbox.service import pods


def pod_list(page: int = 1, per_page: int = 50) -> dict[str, Any]:
    """The seeded PODs, a page of them (a classroom has 40)."""
    with db.session() as session:
        seeded = pods.seeded(session)
    total = len(seeded)
    start = (page - 1) * per_page
    rows = []
    for p in seeded[start:start + per_page]:
        fixture = pods.context(p.pod, p.scenario).fixture
        rows.append({"pod": p.pod, "orgId": p.org_id, "orgName": fixture.get("org", {}).get("name"),
                     "scenario": p.scenario, "seededAt": iso_ms(p.seeded_ms)})
    return {"rows": rows, "total": total, "page": page, "pages": max(1, -(-total // per_page)),
            "seeded": [p.pod for p in seeded]}


def pod_overview(n: int) -> dict[str, Any]:
    """GET /sandbox/pods/{n}'s answer: org, users with passwords, integrations, the scenario."""
    with db.session() as session:
        return pods.describe(session, n)


def scenarios() -> list[dict[str, Any]]:
    """The fixture's scenarios in its order, each with what it extends and its description."""
    data = pods.fixture_data()
    return [{"name": name, "extends": (spec or {}).get("extends"), "description": (spec or {}).get("description", "")}
            for name, spec in (data.get("scenarios") or {}).items()]


def snapshots() -> list[dict[str, Any]]:
    return [{"name": s.name, "takenAt": iso_ms(s.taken_ms), "pods": s.pods,
             "rows": sum(len(v) for v in s.tables.values())} for s in pods.list_snapshots()]
