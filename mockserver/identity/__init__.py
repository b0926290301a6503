"""Webex identity: OAuth, OpenID Connect, people, organizations, licences (webexapis.com/v1)."""

from __future__ import annotations


def setup(app) -> None:  # noqa: ANN001 - FastAPI app
    from mockserver.core.errors import ErrorFamily, register_family, render_identity
    from mockserver.identity import seed
    from mockserver.core.http import include_lazy

    register_family(ErrorFamily("identity", "/v1", "ROUTER", render_identity))
    seed.register()
    include_lazy(app, ["v1"], _routers)


def _routers() -> list:
    from mockserver.identity.routes import router

    return [router]
