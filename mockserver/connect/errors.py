"""Error bodies of the Connect admin API (designed) and Control Hub settings.

Connect (``/connect/...``): one shape for every portal operation, modelled on the documented
Messaging API v2 error (``{"code":"7004","message":"Invalid parameter - sendAt"}``, connect-api.md
§1.4) plus the per-field list every sandbox error carries::

    {"code": "7004", "message": "Invalid parameter - name", "errors": [{"description": "name: ..."}],
     "transid": "<tracking id>"}

``code`` is Connect's documented code where one exists (7004 invalid parameter, 7001 authentication
failed); otherwise the HTTP status as a string. Control Hub (``/controlhub/...``) answers in the
Webex shape (``{message, errors[{description}], trackingId}``), as Webex admin APIs do.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel

from mockserver.core.errors import ApiError

CONNECT_CODES = {400: "7004", 401: "7001"}
CONNECT_MESSAGES = {
    400: "Invalid parameter",
    401: "Authentication failed.",
    403: "Permission denied.",
    404: "Not found.",
    405: "Method not allowed.",
    409: "Conflict.",
    410: "Link expired.",
    423: "Locked.",
    429: "Too many requests.",
    500: "Internal error.",
}


def render_connect(err: ApiError, tracking_id: str) -> dict:
    message = err.extra.get("message") or err.message
    body: dict[str, Any] = {
        "code": str(err.extra.get("code") or CONNECT_CODES.get(err.status, err.status)),
        "message": message,
        "errors": [{"description": d} for d in err.details],
        "transid": tracking_id,
    }
    for k in ("registeredAt", "serviceId", "serviceName", "expiredAt"):
        if k in err.extra:
            body[k] = err.extra[k]
    return body


# --- the field rules several wings check, and the errors they raise -----------------------------
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def bad(field: str, rule: str) -> ApiError:
    return ApiError(400, f"Invalid parameter - {field}", [f"{field}: {rule}"])


def bad_many(details: list[str]) -> ApiError:
    first = details[0].split(":", 1)[0] if details else "body"
    return ApiError(400, f"Invalid parameter - {first}", details)


def forbidden(detail: str) -> ApiError:
    return ApiError(403, "Permission denied.", [detail])


def not_found(what: str, id_: str) -> ApiError:
    return ApiError(404, f"{what} not found.", [f"{what} '{id_}' does not exist in this tenant (or is outside your group/team)."])


def conflict(detail: str, **extra: Any) -> ApiError:
    return ApiError(409, "Conflict.", [detail], extra=extra)


# --- OpenAPI documentation ---------------------------------------------------------------------
class ConnectErrorItem(BaseModel):
    description: str


class ConnectError(BaseModel):
    """Error body of the Connect admin API (designed; see docs/fidelity.md)."""

    code: str
    message: str
    errors: list[ConnectErrorItem]
    transid: str
    registeredAt: str | None = None
    serviceId: str | None = None
    serviceName: str | None = None
    expiredAt: str | None = None


_TEXT = {
    400: "Invalid parameter: each offending field is named with the rule it breaks.",
    401: "Missing, unknown or expired Connect session (sign in at POST /connect/{tenant}/login).",
    403: "Your role (or your group/team) does not allow this operation; see GET /connect/{tenant}/roles.",
    404: "No such tenant or object (or it belongs to a container above yours).",
    409: "Conflicts with the current state (duplicate name, already registered, already authorized...).",
    410: "The link expired or was already used.",
    423: "The service is locked (Service Locking): unlock it first.",
    429: "Rate limited (injected fault); see Retry-After.",
}


def responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    from mockserver.core.http import error_responses

    return error_responses(ConnectError, *codes, texts=_TEXT)


E = responses(400, 401, 403, 404)  # what most portal operations may answer
E409 = responses(400, 401, 403, 404, 409)
