"""The subscriptions API's error body, Cisco's ``ErrorResult``:
``{"trackingId":"NOTIFS_<uuid>","error":{"key":400,"message":[{"description":".."}]}}`` -- ``key`` is
an integer here, unlike the config API (wxcc-api.md §4)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from mockserver.core.errors import ApiError

PREFIXES = ("/v1/subscriptions", "/v2/subscriptions", "/v1/event-types", "/v2/event-types")


def render(err: ApiError, tracking_id: str) -> dict:
    return {"trackingId": tracking_id,
            "error": {"key": err.status, "message": [{"description": d} for d in err.details]}}


def bad_request(*details: str) -> ApiError:
    return ApiError(400, "Invalid request.", list(details))


def forbidden(detail: str) -> ApiError:
    return ApiError(403, "Forbidden.", [detail])


def not_found(sub_id: str, version: int) -> ApiError:
    return ApiError(404, "Not found.", [f"Subscription {sub_id} not found in this organization's v{version} subscriptions."])


class ErrorMessage(BaseModel):
    description: str


class ErrorDetail(BaseModel):
    key: int
    message: list[ErrorMessage]


class ErrorResult(BaseModel):
    """Cisco's ErrorResult (subscriptions, event types)."""

    trackingId: str
    error: ErrorDetail


_TEXT = {
    400: "Invalid request: a body field, a query parameter or the Authorization header (each named).",
    401: "Missing, unknown or expired access token.",
    403: "The token lacks cjp:config_read / cjp:config_write (or cjp:config), an administrator role for "
         "changes, or orgId names another organization.",
    404: "No such subscription in this organization (v1 and v2 subscriptions are separate).",
}


def responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    from mockserver.core.http import error_responses

    return error_responses(ErrorResult, *codes, texts=_TEXT)
