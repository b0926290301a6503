"""Webex identity: OAuth, OpenID Connect, people, organizations, licences (webexapis.com/v1)."""

from __future__ import annotations


def setup(app) -> None:  # noqa: ANN001 - FastAPI app
    from mockserver.core.errors import ErrorFamily, register_family
    from mockserver.identity.errors import render_identity
    from mockserver.identity import seed
    from mockserver.core.http import include_lazy

    from mockserver.core.runtime import runtime
    from mockserver.identity.tokens import tokens

    tokens.cluster = runtime.settings.cluster
    from mockserver.core.shared import shared
    from mockserver.identity.directory import forget_people

    # Another process changed people or tokens (or reset): drop what this one cached.
    shared.register("caches", lambda _v: (tokens.forget(), forget_people()))
    from mockserver.core.redact import secret_fields

    secret_fields("code", "code_verifier")  # OAuth: a code is a credential until it is exchanged
    register_family(ErrorFamily("identity", "/v1", "ROUTER", render_identity))
    # webexapis.com answers any unknown path in its own shape
    register_family(ErrorFamily("identity", "/", "ROUTER", render_identity))
    seed.register()
    include_lazy(app, ["v1"], _routers)


def _routers() -> list:
    from mockserver.identity.routes import router

    return [router]
