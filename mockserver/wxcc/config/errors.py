"""The config API's error shape and the few errors its services raise.

Wire shape (Cisco spec `ApiErrorResponse` examples, wxcc-api.md §4):
``{"trackingId":"ccconfig_<uuid>","error":{"key":"412","reason":..,"message":[{"description":..,
"code":"412","entity":..,"references":[..]}]}}``. ``ApiError.extra`` may carry ``reason``,
``entity`` and ``messages`` (a list of ready-made message entries, used by 412).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from mockserver.core.errors import ApiError

REASONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    412: "Precondition Failed",
    415: "Unsupported Media Type",
    429: "Too Many Requests",
    500: "Internal Server Error",
}


def render_config(err: ApiError, tracking_id: str) -> dict:
    code = str(err.status)
    messages = err.extra.get("messages")
    if messages is None:
        messages = []
        for d in err.details:
            m: dict[str, Any] = {"description": d, "code": code}
            if err.extra.get("entity"):
                m["entity"] = err.extra["entity"]
            messages.append(m)
    return {
        "trackingId": tracking_id,
        "error": {"key": code, "reason": err.extra.get("reason") or REASONS.get(err.status, err.message),
                  "message": messages},
    }


def bad_request(details: list[str], entity: str | None = None, reason: str | None = None) -> ApiError:
    return ApiError(400, "Invalid request.", details, extra={"entity": entity, "reason": reason})


def not_found(entity: str, id_: str) -> ApiError:
    return ApiError(404, "Not found.", [f"{entity} with id {id_} not found for given orgId."],
                    extra={"entity": entity, "reason": "Entity not found"})


def conflict(entity: str, detail: str) -> ApiError:
    return ApiError(409, "Similar entity is already present.", [detail],
                    extra={"entity": entity, "reason": "Similar entity is already present"})


def referenced(entity: str, what: str, refs: list[tuple[str, list[dict]]]) -> ApiError:
    """412: one message per referencing entity type, listing the references."""
    messages = [{
        "description": f"{entity} is referred in {len(rows)} {kind}(s); {what}. "
                       "Get all the reference entities info by invoking the incoming-references API.",
        "code": "412", "entity": kind, "references": rows,
    } for kind, rows in refs]
    if not messages:
        messages = [{"description": f"{entity}: {what}.", "code": "412", "entity": entity}]
    return ApiError(412, "Resource referred in other entity(s).", [m["description"] for m in messages],
                    extra={"entity": entity, "reason": "Resource referred in other entity(s)", "messages": messages})


# --- OpenAPI documentation of the error body ---------------------------------------------------
class ConfigErrorReference(BaseModel):
    id: str
    name: str | None = None


class ConfigErrorMessage(BaseModel):
    description: str
    code: str | None = None
    entity: str | None = None
    references: list[ConfigErrorReference] | None = None


class ConfigErrorDetails(BaseModel):
    key: str
    reason: str | None = None
    message: list[ConfigErrorMessage]


class ConfigError(BaseModel):
    """Cisco's `ApiErrorResponse` as the config API sends it."""

    trackingId: str
    error: ConfigErrorDetails


_TEXT = {
    400: "Invalid request: missing or malformed Authorization header, or an invalid parameter or body field (each named).",
    401: "Unknown, revoked or expired access token.",
    403: "The token lacks cjp:config_read / cjp:config_write (or cjp:config), the admin role for writes, or the orgId is not the token's.",
    404: "Resource not found or URI is invalid.",
    409: "Similar entity is already present.",
    412: "Resource referred in other entity(s). Please get all the reference entities info by invoking Get incoming-references api.",
    415: "A multipart part is not of the media type the operation needs (the metadata part must be application/json).",
    429: "Too many requests (injected fault); see Retry-After.",
}


def responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    from mockserver.core.http import error_responses

    return error_responses(ConfigError, *codes, texts=_TEXT)
