"""Webex Connect and Control Hub's digital-channel settings.

Layout: ``controlhub.py`` (Contact Center settings: provisioning, RONA, Synchronize Users),
``tenant.py`` (JOIN THE TEAM links, sign-in, teammates, groups/teams, tenant settings),
``perms.py`` (the role matrix), ``services.py``, ``assets.py``, ``oauth_client.py`` (Connect as an
OAuth client: email GENERATE TOKEN, node authorizations), ``google.py`` (the Google-like OAuth
provider), ``tools.py`` (integrations listing, templates), ``build.py`` (a provisioned tenant's
rows), ``seed.py`` (fixture rows and scenario steps), ``routes.py`` (HTTP).
"""

from __future__ import annotations


def setup(app) -> None:  # noqa: ANN001 - FastAPI app
    from mockserver.connect import seed
    from mockserver.connect.errors import render_connect, render_google
    from mockserver.core.errors import ErrorFamily, register_family
    from mockserver.identity.public import render_identity
    from mockserver.core.http import include_lazy
    from mockserver.core.timers import timers

    register_family(ErrorFamily("connect", "/connect", "CONNECT", render_connect))
    register_family(ErrorFamily("controlhub", "/controlhub", "ROUTER", render_identity))
    register_family(ErrorFamily("google", "/google", "GOOGLE", render_google))
    seed.register()
    _timers(timers)
    include_lazy(app, ["controlhub", "connect", "google"], _routers)


def _routers() -> list:
    from mockserver.connect import google
    from mockserver.connect.routes import ch, cx

    return [ch, cx, google.router]


def _timers(timers) -> None:  # noqa: ANN001
    from mockserver.connect import oauth_client  # noqa: F401 - registers the refresh timer

    @timers.on("connect.provisioned")
    def _provisioned(session, timer) -> None:  # noqa: ANN001
        from mockserver.connect.controlhub import complete_provisioning
        from mockserver.events import DigitalChannelsProvisioned
        from mockserver.core.events import dispatcher

        done = complete_provisioning(session, timer.payload["org_id"])
        session.commit()
        if done is not None:
            row, tenant = done
            dispatcher.publish(DigitalChannelsProvisioned(pod=row.pod, org_id=row.org_id, tenant=tenant.name,
                                                          tenant_url=tenant.url, owner_person_id=row.owner_person_id or ""))
