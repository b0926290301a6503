"""Agents at run time (``/v1/agents``): station login, state, logout, reload, buddy list, and the
reporting reads (activities, statistics).

Layout: ``models.py`` (the agent's live row and its activity history), ``schemas.py``,
``service.py`` (the rules, frames and events), ``reports.py`` (activities, statistics),
``deps.py`` (who calls the agent, task and notification APIs), ``errors.py`` (their error shapes),
``config_view.py`` (what the runtime reads of the configuration), ``effects.py`` (events published
after the caller's commit), ``routes.py``.
"""

from __future__ import annotations


def setup(app) -> None:  # noqa: ANN001 - FastAPI app
    from mockserver.core.errors import ErrorFamily, register_family
    from mockserver.wxcc.agents import effects, models  # noqa: F401 - tables; the after-commit hook
    from mockserver.wxcc.agents.errors import render_aqm

    register_family(ErrorFamily("wxcc-agents", "/v1/agents", "aqm", render_aqm))


def routers() -> list:
    from mockserver.wxcc.agents.routes import router

    return [router]
