"""The lab console (issue 15): server-rendered pages under /sandbox/console for people rehearsing
labs: the PODs, a POD's state product by product, the live traffic, and (``desk.py``) playing the
customer and the agent. Part of the control plane: the admin token guards it, and a browser signs
in once for a cookie (``auth.py``). It reads what the control plane and the products' public reads
read (``service.py``) and acts through the JSON control plane and the public APIs, from the page's
own scripts (``static/console.js``). docs/console.md is the contract.
"""

from __future__ import annotations


def setup(app) -> None:  # noqa: ANN001 - FastAPI app
    from mockserver.core.http import include_lazy

    # Built on the first /sandbox request: Jinja2 and the pages cost nothing to a process that
    # never shows them.
    include_lazy(app, ["sandbox"], _routers, under=["/sandbox/console"])


def _routers() -> list:
    from mockserver.console.routes import routers

    return routers
