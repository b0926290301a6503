"""Contact Center settings (Control Hub → Services → Contact Center → Settings) that WxCC owns and
its routing reads: Desktop → RONA timeouts and General → Synchronize Users.

Layout: ``models.py`` (the per-org row), ``schemas.py``, ``service.py`` (validation, Synchronize
Users publishes UsersSyncRequested), ``deps.py`` (the Control Hub administrator gate, the org's
row), ``routes.py`` (HTTP; mounted with the rest of the Control Hub page in app set-up),
``seed.py`` (fixture rows and the ``connect.set_rona`` step), ``public.py`` (what Connect reads).
"""

from __future__ import annotations


def setup(app) -> None:  # noqa: ANN001 - FastAPI app
    from mockserver.wxcc.settings import seed

    seed.register()
