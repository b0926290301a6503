"""Error body of the Engage admin API (designed; Engage publishes no admin REST for WxCC tenants).

Modelled on Engage's documented legacy envelope (``{status_code, description, response}``,
connect-api.md §2) with the per-field list every sandbox error carries::

    {"status_code": 400, "description": "Invalid parameter - name",
     "errors": [{"field": "name", "description": "name: a template named 'Greeting' already exists"}],
     "trackingId": "ENGAGE_<UUID>"}
"""

from __future__ import annotations

import re
from typing import Any, Optional

from pydantic import BaseModel

from mockserver.core.errors import ApiError

_FIELD = re.compile(r"^([A-Za-z_][\w.\[\]-]*): ")


def _item(detail: str) -> dict[str, Any]:
    m = _FIELD.match(detail)
    return {"field": m.group(1), "description": detail} if m else {"description": detail}


def render_engage(err: ApiError, tracking_id: str) -> dict:
    return {
        "status_code": err.status,
        "description": err.message,
        "errors": [_item(d) for d in err.details],
        "trackingId": tracking_id,
    }


def bad(field: str, rule: str) -> ApiError:
    return ApiError(400, f"Invalid parameter - {field}", [f"{field}: {rule}"])


def bad_many(details: list[str]) -> ApiError:
    first = details[0].split(":", 1)[0] if details else "body"
    return ApiError(400, f"Invalid parameter - {first}", details)


def not_found(what: str, id_: str) -> ApiError:
    return ApiError(404, f"{what} not found.", [f"{what} '{id_}' does not exist in this Engage tenant."])


def conflict(detail: str) -> ApiError:
    return ApiError(409, "Conflict.", [detail])


# --- OpenAPI documentation ---------------------------------------------------------------------
class EngageErrorItem(BaseModel):
    field: Optional[str] = None
    description: str


class EngageError(BaseModel):
    """Error body of the Engage admin API (designed; see docs/fidelity.md, Webex Engage)."""

    status_code: int
    description: str
    errors: list[EngageErrorItem]
    trackingId: str


_TEXT = {
    400: "Invalid parameter: each offending field is named with the rule it breaks.",
    401: "Missing, unknown or expired Webex access token.",
    403: "Only Control Hub administrators reach the Engage portals (cross-launch); writes need a full administrator.",
    404: "No Engage tenant for your organization (provision digital channels first), or no such object.",
    409: "Conflicts with the current state (duplicate name, object in use...).",
    429: "Rate limited (injected fault); see Retry-After.",
}


def responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    from mockserver.core.http import error_responses

    return error_responses(EngageError, *codes, texts=_TEXT)


E = responses(400, 401, 403, 404)  # what any Engage route may answer
E409 = responses(400, 401, 403, 404, 409)  # ... and one whose write may conflict
