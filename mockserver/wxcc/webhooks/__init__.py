"""WxCC webhooks: subscriptions (``/v1``, ``/v2/subscriptions``), event types, and the delivery of
agent and task events to the subscribers' URLs.

Layout: ``models.py`` (subscriptions, deliveries, attempts), ``schemas.py``, ``event_types.py`` (the
catalogue per API version), ``service.py`` (subscription rules), ``delivery.py`` (event -> signed
CloudEvent -> attempts, retries on the sandbox clock, through the outbox and timers),
``sender.py`` (the allow-list and the POST), ``log.py`` (the delivery log), ``routes.py``,
``deps.py``, ``errors.py`` (Cisco's ErrorResult).
"""

from __future__ import annotations


def setup(app) -> None:  # noqa: ANN001 - FastAPI app
    from mockserver.core.errors import ErrorFamily, register_family
    from mockserver.core.http import include_lazy
    from mockserver.core.seeding import Seeder, registry
    from mockserver.wxcc.webhooks import delivery  # noqa: F401 - the timer kind and outbox event register on import
    from mockserver.wxcc.webhooks.errors import PREFIXES, render
    from mockserver.wxcc.webhooks.models import TABLES

    for prefix in PREFIXES:
        register_family(ErrorFamily("wxcc-subscriptions", prefix, "NOTIFS", render))
    registry.add(Seeder(name="wxcc-webhooks", tables=list(TABLES), rows=lambda ctx: {}))
    include_lazy(app, ["v1", "v2"], _routers, under=["/v1/event-types", "/v1/subscriptions", "/v2/event-types",
                                                    "/v2/subscriptions"])
    include_lazy(app, ["sandbox"], _sandbox_routers, under=["/sandbox/wxcc"])


def _routers() -> list:
    from mockserver.wxcc.webhooks.routes import router

    return [router]


def _sandbox_routers() -> list:
    from mockserver.wxcc.webhooks.routes import sandbox

    return [sandbox]
