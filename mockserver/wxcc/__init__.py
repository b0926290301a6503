"""Webex Contact Center, one wing per capability.

- ``config/``: the configuration API (``/organization/{orgid}/...``): sites, teams, queues, entry
  points, profiles, skills, aux codes, business hours and the contact-center users, plus the
  registry of Connect assets registered to Webex CC.
- ``settings/``: the Contact Center settings its routing reads (Control Hub → Contact Center →
  Settings: RONA timeouts, Synchronize Users).
- ``agents/``: ``/v1/agents`` (station login, state, logout, reload, buddy list, activities,
  statistics).
- ``notifications/``: ``/v1/notification/subscribe`` and the agent's websocket.
- ``tasks/``: ``/v1/tasks``, routing, ``/v1/queues/statistics``, ``/v1/ewt``; ``tasks/public.py``
  is what Connect's flows call.
- ``reporting.py``: query parsing shared by the reporting reads.
- ``webhooks/``: subscriptions (``/v1``, ``/v2/subscriptions``, event types) and the signed delivery
  of agent and task events to subscribers' URLs, with retries and a delivery log.
- ``simulate/``: ``POST /sandbox/wxcc/tasks``, a contact offered to a queue without a flow.
"""

from __future__ import annotations


RUNTIME_SEGMENTS = ("agents", "captures", "ewt", "notification", "queues", "tasks")  # under /v1


def setup(app) -> None:  # noqa: ANN001 - FastAPI app
    from mockserver.core.http import include_lazy
    from mockserver.wxcc import agents, config, notifications, settings, simulate, tasks, webhooks

    config.setup(app)
    settings.setup(app)
    agents.setup(app)
    notifications.setup(app)
    tasks.setup(app)
    webhooks.setup(app)
    simulate.setup(app)
    include_lazy(app, ["v1"], _runtime_routers, under=[f"/v1/{s}" for s in RUNTIME_SEGMENTS])
    _register_runtime_tables()


def _register_runtime_tables() -> None:
    """The runtime's rows belong to a POD: a reset or a snapshot takes them with the rest (and a
    reset starts from no agent logged in, no task, no subscription)."""
    from mockserver.core.seeding import Seeder, registry
    from mockserver.wxcc.agents.models import TABLES as AGENT_TABLES
    from mockserver.wxcc.notifications.models import TABLES as NOTIF_TABLES
    from mockserver.wxcc.tasks.models import TABLES as TASK_TABLES

    registry.add(Seeder(name="wxcc-runtime", tables=[*NOTIF_TABLES, *TASK_TABLES, *AGENT_TABLES], rows=lambda ctx: {}))


def _runtime_routers() -> list:
    from mockserver.wxcc import agents, notifications, tasks

    return [*agents.routers(), *notifications.routers(), *tasks.routers()]
