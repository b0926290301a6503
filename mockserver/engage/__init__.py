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

from functools import partial


def setup(app) -> None:  # noqa: ANN001 - FastAPI app
    from mockserver.core.errors import ErrorFamily, register_family
    from mockserver.core.http import include_lazy
    from mockserver.engage import seed
    from mockserver.engage.errors import render_engage

    register_family(ErrorFamily("engage", "/engage", "ENGAGE", render_engage))
    seed.register()
    # Each router is built on the first request to one of its buckets, in the portals' menu order
    # (the OpenAPI document's); the cross-launch (/engage, /engage/{tenant}) on any request.
    for part, prefixes in _PARTS:
        include_lazy(app, ["engage"], partial(_routers, part), under=[f"/engage/{p}" for p in prefixes] or None)


_PARTS = (  # "module:router" (under mockserver.engage) -> where its routes are, after /engage/ (a bucket each)
    ("restapi.routes:api_router", ("api",)),
    ("conversations.routes:agent_router", ("v1/conversations",)),
    ("routes:router", ()),
    ("dashboards.routes:admin_router", ("{tenant}/dashboard",)),
    ("users.routes:router", ("{tenant}/users",)),
    ("channels.routes:assets_router", ("{tenant}/assets",)),
    ("settings.routes:admin_templates_router", ("{tenant}/assets",)),
    ("channels.routes:attachments_router", ("{tenant}/settings",)),
    ("restapi.routes:settings_router", ("{tenant}/settings",)),
    ("dashboards.routes:customer_care_router", ("{tenant}/customer-care",)),
    ("conversations.routes:customer_care_router", ("{tenant}/customer-care",)),
    ("settings.routes:customer_care_router", ("{tenant}/customer-care",)),
)


def _routers(part: str) -> list:
    from importlib import import_module

    module, name = part.split(":")
    return [getattr(import_module(f"mockserver.engage.{module}"), name)]
