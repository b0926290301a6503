"""The sandbox's contact simulator for WxCC: offer a digital contact to a queue the way a flow's
Queue Task node does (``tasks/public.py``: create the task, queue it), without building a flow --
for agent desktops and SDK clients that only need something to accept.

Layout: ``schemas.py``, ``service.py``, ``routes.py`` (``POST /sandbox/wxcc/tasks``).
"""

from __future__ import annotations


def setup(app) -> None:  # noqa: ANN001 - FastAPI app
    from mockserver.core.http import include_lazy

    include_lazy(app, ["sandbox"], _routers, under=["/sandbox/wxcc"])


def _routers() -> list:
    from mockserver.wxcc.simulate.routes import router

    return [router]
