"""Webex Connect (the tenant's portal under /connect/{tenant}) and Control Hub's digital-channel
settings, in wings along Connect's menus. Each wing has ``models.py`` (its tables), ``schemas.py``
(its bodies), ``service.py`` (the rules), ``routes.py`` (thin HTTP) and ``deps.py`` (the lookups
chained on the caller) where it looks objects up:

- ``team/``: sign-in, JOIN THE TEAM links, Profile, Settings → Teammates and Groups/Teams, and the
  role matrix every operation checks (``roles.py``);
- ``tenant_settings/``: Settings → Tenant Settings and Usage;
- ``services/``: Services (credentials, lock, dashboard);
- ``flows/``: a service's flows (the open definition format, the template catalog, Save, Make Live,
  versions), the engine that runs them, the channels' message log (docs/flows.md);
- ``assets/``: Assets → Numbers and Apps, sharing, Register to Webex CC; ``email_tokens.py`` keeps
  the email app's Google tokens fresh;
- ``public_api/``: the public APIs (service key / JWT; Messaging v1/v2, SMS v1, custom events, inbound
  webhooks, delivery receipts) under /connect/api and /connect/hooks;
- ``integrations/``: Assets → Integrations, node authorizations, and the OAuth round trips Connect
  starts as a client (the tenant's callback);
- ``controlhub/``: Control Hub → Contact Center → Settings, the digital-channel tabs (General's
  service details, Digital provisioning).

At the root: ``tenant.py`` (the tenant row and its lookup by name), ``caller.py`` (who is calling
the portal: typed dependencies), ``errors.py`` (Connect's error bodies and field rules),
``schema_base.py`` (what every body is built on), ``provisioned_tenant.py`` (a provisioned tenant's
rows), ``seed.py`` (fixture rows, scenario steps, what GET /sandbox/pods shows), ``testkit.py``.
Connect calls outside parties (mockserver/providers: Google, Facebook) and reads WxCC's Contact
Center settings only through ``mockserver/wxcc/settings/public.py``.
"""

from __future__ import annotations

from functools import partial


def setup(app) -> None:  # noqa: ANN001 - FastAPI app
    from mockserver.connect import seed
    from mockserver.connect.errors import render_connect
    from mockserver.core.errors import ErrorFamily, register_family
    from mockserver.core.http import include_lazy

    # The services that own timers register their handlers on import (timers may fall due before
    # any route is built).
    from mockserver.connect.assets import email_tokens  # noqa: F401 - the email app's token refresh
    from mockserver.connect.controlhub import service  # noqa: F401 - provisioning completes
    from mockserver.connect.integrations import service as _integrations  # noqa: F401 - node authorization refresh
    from mockserver.connect.flows import engine as _engine, reports as _reports, service as _flows  # noqa: F401 - publishing, Receive timeouts, exports
    from mockserver.connect.public_api import service as _public_api  # noqa: F401 - delivery receipts

    from mockserver.core.redact import secret_fields

    secret_fields("serviceKey")  # with the service secret, it calls the tenant's services
    register_family(ErrorFamily("connect", "/connect", "CONNECT", render_connect))
    seed.register()
    # Each part of the portal is built on the first request to one of its buckets (a client of
    # the team pages never pays for flows' routes); in the portal's menu order, which the OpenAPI
    # document follows. tests/test_fast_paths.py checks every route lies under its part's prefixes.
    for part, prefixes in _PARTS.items():
        include_lazy(app, ["connect"], partial(_routers, part), under=[f"/connect/{p}" for p in prefixes])


_PARTS = {  # module (under mockserver.connect) -> where its routes are, after /connect/ (a bucket each)
    "public_api": ("api", "hooks"),
    "team": tuple(f"{{tenant}}/{b}" for b in ("login", "logout", "join", "me", "roles", "users", "groups", "teams")),
    "tenant_settings": ("{tenant}/settings",),
    "services": ("{tenant}/services",),
    "flows": tuple(f"{{tenant}}/{b}" for b in ("flows", "services", "debug", "tools", "reports")),
    "assets": ("{tenant}/assets",),
    "integrations": ("{tenant}/integrations", "{tenant}/callback"),
    "tools": ("{tenant}/templates",),
}


def _routers(part: str) -> list:
    from importlib import import_module

    return [import_module(f"mockserver.connect.{part}.routes").router]
