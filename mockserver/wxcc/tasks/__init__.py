"""Tasks and routing (``/v1/tasks``, ``/v1/queues/statistics``, ``/v1/ewt``): contacts from the
flows' Queue Task node (``public.py``) or ``POST /v1/tasks``, the routing engine (longest available
agent over distribution groups, multimedia-profile capacity, skills), RONA and max time in queue on
the sandbox clock, every agent action with its frames, and the Task Routed / Modified / Closed events.

Layout: ``models.py``, ``schemas.py``, ``service.py`` (actions), ``routing.py`` (the engine and its
timers), ``frames.py`` (the AgentContact frame), ``stats.py`` (queue statistics, EWT), ``public.py``
(what Connect calls), ``errors.py`` (TaskError), ``routes.py``; ``captures.py`` and
``stats_routes.py`` the reading calls beside them (queue statistics, EWT, ``/v1/captures/query``).
"""

from __future__ import annotations


def setup(app) -> None:  # noqa: ANN001 - FastAPI app
    from mockserver.core.errors import ErrorFamily, register_family
    from mockserver.wxcc.agents.errors import render_aqm, render_report
    from mockserver.wxcc.tasks import models, routing  # noqa: F401 - tables; timer handlers register on import

    for name, prefix in (("wxcc-tasks", "/v1/tasks"), ("wxcc-queues", "/v1/queues"), ("wxcc-ewt", "/v1/ewt")):
        register_family(ErrorFamily(name, prefix, "aqm", render_aqm))
    register_family(ErrorFamily("wxcc-captures", "/v1/captures", "aqm", render_report))


def routers() -> list:
    from mockserver.wxcc.tasks.routes import router
    from mockserver.wxcc.tasks.stats_routes import router as stats

    return [router, stats]
