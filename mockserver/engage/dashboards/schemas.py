"""Response body of the admin and Customer Care dashboards."""

from __future__ import annotations

from typing import Any

from mockserver.engage.schemas import Out


class EngageDashboardOut(Out):
    conversations: dict[str, int]
    agents: list[dict[str, Any]]
    meta: dict[str, Any]
