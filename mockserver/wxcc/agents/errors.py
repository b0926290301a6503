"""The error bodies of the agent, task and notification APIs (the "AQM" family, wxcc-api.md §4).

Control calls (login, state, task actions...) answer ``{errorType, errorMessage, errorData,
reasonCode, trackingId}``, the body Cisco's agent SDK parses (``generateTaskErrorObject``). The
reporting reads (``GET /v1/tasks``, ``/v1/agents/activities``, ``/statistics``, ``/v1/ewt``,
``/v1/queues/statistics``) document Cisco's ``ApiErrorResponse`` instead:
``{trackingId, error:{key, message:[{description}]}}`` — an error raised with ``report=True``.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from mockserver.core.errors import ApiError

ERROR_TYPES = {
    400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
    409: "Conflict", 413: "Payload Too Large", 422: "Unprocessable Entity", 429: "Too Many Requests",
    500: "Internal Server Error", 503: "Service Unavailable",
}

# reasonCode values (numbers, as the SDK types them). Cisco publishes no table; these are the
# sandbox's, stable and documented in docs/fidelity.md.
INVALID_REQUEST = 1001
UNAUTHORIZED = 1002
FORBIDDEN = 1003
NOT_FOUND = 1004
INVALID_STATE = 1005
NOT_OWNER = 1006
AGENT_NOT_LOGGED_IN = 1010
AGENT_NOT_CC_USER = 1011
TEAM_NOT_FOUND = 1012
TEAM_NOT_ASSIGNED = 1013
NO_CAPACITY = 1014
QUEUE_NOT_FOUND = 1015
AUX_CODE_INVALID = 1016
_DEFAULT_CODES = {400: INVALID_REQUEST, 401: UNAUTHORIZED, 403: FORBIDDEN, 404: NOT_FOUND, 409: INVALID_STATE}


class AqmError(ApiError):
    def __init__(self, status: int, message: str, *, reason_code: int | None = None, details: list[str] | None = None,
                 data: dict[str, Any] | None = None, report: bool = False) -> None:
        super().__init__(status, message, details, extra={
            "reasonCode": reason_code if reason_code is not None else _DEFAULT_CODES.get(status, 1000),
            "errorData": data, "report": report})


def render_aqm(err: ApiError, tracking_id: str) -> dict:
    # Under /v1/agents, /v1/tasks, /v1/queues and /v1/ewt every GET is a reporting read: Cisco's
    # ApiErrorResponse, whatever refused it (the token, a control character, a parameter).
    if err.extra.get("report") or err.extra.get("method") == "GET":
        return {"trackingId": tracking_id,
                "error": {"key": str(err.status), "message": [{"description": d} for d in err.details]}}
    details = [d for d in err.details if d != err.message]
    message = err.message if not details else f"{err.message.rstrip('.')}: {'; '.join(details)}"
    data = err.extra.get("errorData")
    return {
        "errorType": ERROR_TYPES.get(err.status, "Error"),
        "errorMessage": message,
        "errorData": data if data is not None else {"details": err.details},
        "reasonCode": err.extra.get("reasonCode", _DEFAULT_CODES.get(err.status, 1000)),
        "trackingId": tracking_id,
    }


def render_report(err: ApiError, tracking_id: str) -> dict:
    """A family whose every call is a reading one, a POST too (``/v1/captures/query``)."""
    return {"trackingId": tracking_id,
            "error": {"key": str(err.status), "message": [{"description": d} for d in err.details]}}


def forbidden(message: str) -> ApiError:
    return AqmError(403, message, reason_code=FORBIDDEN)


def report_forbidden(message: str) -> ApiError:
    return AqmError(403, message, reason_code=FORBIDDEN, report=True)


# --- OpenAPI documentation --------------------------------------------------------------------
class AqmErrorBody(BaseModel):
    """The error body of the agent and task control APIs (what Cisco's agent SDK parses)."""

    errorType: str
    errorMessage: str
    errorData: Any = None
    reasonCode: int
    trackingId: str


class ReportErrorMessage(BaseModel):
    description: str


class ReportErrorDetails(BaseModel):
    key: str
    message: list[ReportErrorMessage]


class ReportError(BaseModel):
    """Cisco's `ApiErrorResponse`, as the reporting reads (tasks search, activities, statistics) send it."""

    trackingId: str
    error: ReportErrorDetails


_TEXT = {
    400: "Bad request: a missing or malformed Authorization header, an invalid body field (each named), or an action the task's or agent's state does not allow.",
    401: "Unknown, revoked or expired access token.",
    403: "The token lacks cjp:user, the user is not contact-center enabled or inactive, or the task belongs to another agent.",
    404: "No such task in the caller's organization.",
}


def responses(*codes: int, report: bool = False) -> dict[int | str, dict[str, Any]]:
    from mockserver.core.http import error_responses

    return error_responses(ReportError if report else AqmErrorBody, *codes, texts=_TEXT)
