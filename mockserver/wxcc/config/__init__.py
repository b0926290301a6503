"""The WxCC configuration API (``/organization/{orgid}/...``), faithful to Cisco's spec.

Layout: ``engine.py`` is the one generic resource engine (CRUD, versioning, lists with paging and
RSQL, 409/412, incoming references, bulk); ``resources/`` holds one thin module per resource (its
wire schema, its references and its domain rules; ``resources/users.py`` adds what only
contact-center users have); ``service.py`` is what the routes call (one transaction per
operation); ``routes.py`` turns a resource into the real paths; ``deps.py`` says who may call;
``routes_extra.py`` / ``extras.py`` are the operations beyond the resource pattern (fetch-*,
by-*, reskill, counts, the AI feature views); ``files.py`` takes multipart uploads (audio files,
greetings) and keeps their bytes, served under ``/wxcc-media``; ``agent_view.py`` serves the reads an agent desktop (Cisco's agent SDK) makes at sign-in;
``licensed_users.py`` makes
contact-center users follow Control Hub (LicenceChanged, PersonChanged); ``asset_registry.py``
records the Connect assets registered to Webex CC (AssetRegistered); ``seed.py`` seeds a POD's
defaults.
"""

from __future__ import annotations

from functools import partial


def setup(app) -> None:  # noqa: ANN001 - FastAPI app
    from mockserver.core.errors import ErrorFamily, register_family
    from mockserver.core.http import include_lazy
    from mockserver.wxcc.config import resources, seed  # noqa: F401 - resource kinds register on import (seeding needs them)
    from mockserver.wxcc.config.errors import render_config

    register_family(ErrorFamily("wxcc-config", "/organization", "ccconfig", render_config))
    # The uploaded files' bytes (files.py) answer their 404 in the config API's shape too.
    register_family(ErrorFamily("wxcc-media", "/wxcc-media", "ccconfig", render_config))
    seed.register()
    # Built a bucket at a time (a resource's paths, an AI view's), on the bucket's first request:
    # a client of queues never pays for the other resources' routes and body models.
    for bucket in buckets():
        include_lazy(app, ["organization"], partial(_routers, bucket), under=[f"/organization/{{orgid}}/{bucket}"])
    include_lazy(app, ["organization"], _agent_view)  # answers /organization/{orgid} itself: any request builds it
    include_lazy(app, ["wxcc-media"], _media)


def buckets() -> list[str]:
    """Every bucket of the config API's routes, in the OpenAPI document's order."""
    from mockserver.core.http import bucket_of
    from mockserver.wxcc.config import engine
    from mockserver.wxcc.config.resources import ai_features

    out: dict[str, None] = {}
    for key in sorted(engine.REGISTRY):
        for path in engine.REGISTRY[key].route_paths():
            out.setdefault(bucket_of(f"/organization/{{orgid}}/{path}") or "", None)
    for view in ai_features.VIEWS:  # routes_extra.py: mount_ai
        out.setdefault(view, None)
    return list(out)


def _routers(bucket: str) -> list:
    from mockserver.wxcc.config.routes import build_router

    return [build_router({bucket})]


def _agent_view() -> list:
    from mockserver.wxcc.config import agent_view

    return [agent_view.router]


def _media() -> list:
    from fastapi import APIRouter

    from mockserver.wxcc.config.routes_extra import mount_media

    media = APIRouter()
    mount_media(media)
    return [media]
