"""Outside parties the products talk to: not Webex products, but services a lab signs in to.

Layout: ``google.py`` (a Google-like OAuth 2.0 provider under /google: the email asset's GENERATE
TOKEN), ``facebook.py`` (the Facebook account and pages Connect's Messenger asset links). The
direction is one way: products call a provider, a provider never imports a product. Customers who
send messages into the products are not providers.
"""

from __future__ import annotations


def setup(app) -> None:  # noqa: ANN001 - FastAPI app
    from mockserver.core.errors import ErrorFamily, register_family
    from mockserver.core.http import include_lazy
    from mockserver.core.seeding import Seeder, registry
    from mockserver.providers import facebook, google

    register_family(ErrorFamily("google", "/google", "GOOGLE", google.render_google))
    registry.add(Seeder(name="google", tables=list(google.TABLES), rows=google.rows))
    registry.add(Seeder(name="facebook", tables=list(facebook.TABLES), rows=facebook.rows))
    include_lazy(app, ["google"], _routers)


def _routers() -> list:
    from mockserver.providers import google

    return [google.router]
