"""Notifications (``/v1/notification``): the websocket an agent desktop opens to learn the outcome
of its 202 calls and the contacts offered to it.

Layout: ``models.py`` (subscriptions, stored so any worker accepts the socket), ``schemas.py``,
``service.py`` (subscribe; ``send`` posts a frame for one agent to the outbox), ``hub.py`` (the
sockets this process holds; Welcome, keepalives, delivery), ``routes.py``.
"""

from __future__ import annotations


def setup(app) -> None:  # noqa: ANN001 - FastAPI app
    from mockserver.core.errors import ErrorFamily, register_family
    from mockserver.wxcc.agents.errors import render_aqm
    from mockserver.wxcc.notifications import models, service  # noqa: F401 - tables, outbox event types

    register_family(ErrorFamily("wxcc-notification", "/v1/notification", "notifs", render_aqm))


def routers() -> list:
    from mockserver.wxcc.notifications.routes import router, sockets

    return [router, sockets]
