"""Webex Contact Center configuration API (`/organization/{orgid}/...`), faithful to Cisco's spec.

Layout: ``engine.py`` is the one generic resource engine (CRUD, versioning, lists with paging and
RSQL, 409/412, incoming references, bulk); ``resources/`` holds one thin module per resource (its
wire schema, its references and its domain rules); ``routes.py`` turns a resource into the real
paths; ``users.py`` adds what only contact-center users have; ``seed.py`` seeds a POD's defaults.
"""

from __future__ import annotations


def setup(app) -> None:  # noqa: ANN001 - FastAPI app
    from mockserver.core.errors import ErrorFamily, register_family
    from mockserver.core.http import include_lazy
    from mockserver.wxcc import seed
    from mockserver.wxcc.errors import render_config

    from mockserver.wxcc import resources, users  # noqa: F401 - resource kinds register on import (seeding needs them)

    register_family(ErrorFamily("wxcc-config", "/organization", "ccconfig", render_config))
    seed.register()
    include_lazy(app, ["organization"], _routers)

    from mockserver.wxcc import settings  # Contact Center settings: RONA timeouts, Synchronize Users

    settings.setup(app)


def _routers() -> list:
    from mockserver.wxcc.routes import build_router

    return [build_router()]
