"""Webex platform services that Cisco's client SDKs (``@webex/contact-center``, ``webex``) discover and
call beside the products: the U2C service catalog (``/u2c/api/v1``), client log upload
(``/clientlogs/api/v1``) and client metrics (``/metrics/api/v1``). Not a product: no product imports
it, and it reads identity only through ``identity/public.py``.

Layout: ``models.py`` (uploaded client logs), ``schemas.py``, ``service.py`` (the catalog, the
upload's three steps), ``routes.py`` (HTTP, and the sandbox's view of uploaded logs).
"""

from __future__ import annotations


def setup(app) -> None:  # noqa: ANN001 - FastAPI app
    from mockserver.core.errors import ErrorFamily, register_family
    from mockserver.core.http import include_lazy
    from mockserver.core.seeding import Seeder, registry
    from mockserver.identity.public import render_identity
    from mockserver.platform.models import TABLES

    for prefix, tracking in (("/u2c", "U2C"), ("/clientlogs", "CLIENTLOGS"), ("/metrics", "METRICS")):
        register_family(ErrorFamily(f"platform{prefix}", prefix, tracking, render_identity))
    registry.add(Seeder(name="platform", tables=list(TABLES), rows=lambda ctx: {}))
    include_lazy(app, ["u2c", "clientlogs", "metrics"], _routers)
    include_lazy(app, ["sandbox"], _sandbox_routers, under=["/sandbox/clientlogs"])


def _routers() -> list:
    from mockserver.platform.routes import router

    return [router]


def _sandbox_routers() -> list:
    from mockserver.platform.routes import sandbox

    return [sandbox]
