"""Webex Engage: the admin and Customer Care portals of a WxCC tenant's Engage, under /engage/{tenant}.

Layout: ``access.py`` (cross-launch: who is calling, which tenant), ``build.py`` (a provisioned
tenant's rows, for the event and the scenario step alike), ``users.py`` (Users and the event-driven
sync), ``assets.py`` (Channel Assets and the web-chat widget), ``attachments.py`` (Settings),
``manage.py`` (Templates, Blocklist, Working Hours), ``tenant.py`` (tenant, dashboards),
``seed.py`` (fixture rows and scenario steps), ``routes.py`` (HTTP). Engage learns about users
and assets only through events (mockserver/wiring.py); it reads identity people when applying a sync.
"""

from __future__ import annotations


def setup(app) -> None:  # noqa: ANN001 - FastAPI app
    from mockserver.core.errors import ErrorFamily, register_family
    from mockserver.core.http import include_lazy
    from mockserver.engage import seed
    from mockserver.engage.errors import render_engage

    register_family(ErrorFamily("engage", "/engage", "ENGAGE", render_engage))
    seed.register()
    include_lazy(app, ["engage"], _routers)


def _routers() -> list:
    from mockserver.engage.routes import router

    return [router]
