"""Webex Engage: the admin and Customer Care portals of a WxCC tenant's Engage, under /engage/{tenant}.

Product-level pieces at the root: ``deps.py`` (cross-launch: who is calling, which tenant),
``models.py`` (the tenant), ``service.py`` (the tenant as the cross-launch shows it, and
provisioning), ``routes.py`` (the cross-launch, and every wing's routes in menu order),
``schemas.py`` (shared wire pieces), ``errors.py``, ``seed.py`` (fixture rows and scenario steps).

One wing per portal menu, each with ``models.py``, ``schemas.py``, ``service.py``, ``routes.py``
and ``deps.py`` (its lookups): ``users/`` (Users, kept in step with Control Hub by events),
``channels/`` (Channel Assets with the web-chat widget, attachment settings), ``settings/``
(Templates, Blocklist, Working Hours), ``dashboards/``, ``conversations/`` (the conversation store
Connect's Engage nodes write through ``public.py``; transcripts; the agent's reply) and
``restapi/`` (Engage's v1 REST API).
Engage learns about users and assets only through events (mockserver/wiring.py); it reads identity
people (identity/public.py) when provisioning and applying a sync.
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
    from mockserver.engage.routes import routers

    return routers()
