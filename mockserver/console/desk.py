"""Part 2 of the console (issue 15): play the customer, play the agent, conversations, tasks and a
flow execution's step log. Its pages live under /sandbox/console/pods/{n}/customer, /agent,
/conversations and /tasks; templates are ``templates/desk_*.html``, the script ``static/desk.js``.

This router is mounted next to ``console/routes.py``'s (``routes.routers``), under the same prefix
and out of the OpenAPI document; render pages with ``mockserver.console.pages.render``
(docs/console.md has the contract).
"""

from __future__ import annotations

from fastapi import APIRouter

from mockserver.console.pages import BASE

router = APIRouter(prefix=BASE, include_in_schema=False)
