"""One error type for every product; each product registers how its errors look on the wire.

A route or service raises ``ApiError(status, message, details)``; the app's exception handler
renders it in the shape of the API family that owns the request path (identity, WxCC config,
sandbox, ...), with the request's tracking id in the body and the ``TrackingId`` header.
"""

from __future__ import annotations

from mockserver.core.lifecycle import forget_on_new_app

from dataclasses import dataclass
from typing import Any, Callable

Renderer = Callable[["ApiError", str], dict]


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        message: str,
        details: list[str] | None = None,
        *,
        headers: dict[str, str] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.details = details if details is not None else [message]
        self.headers = headers or {}
        # Family-specific fields (e.g. config's key/reason/entity/references).
        self.extra = extra or {}


@dataclass
class ErrorFamily:
    name: str
    prefix: str  # path prefix that the family owns
    tracking_prefix: str
    render: Renderer


_families: list[ErrorFamily] = []
forget_on_new_app("core.errors", _families.clear)  # a new app registers its families again


def register_family(family: ErrorFamily) -> None:
    _families.append(family)
    # Longest prefix first so /v1/tasks can belong to WxCC while /v1/people stays identity.
    _families.sort(key=lambda f: len(f.prefix), reverse=True)


def family_for(path: str) -> ErrorFamily:
    for f in _families:
        if path.startswith(f.prefix):
            return f
    return DEFAULT_FAMILY


# Webex identity: {"message", "errors": [{"description"}], "trackingId": "ROUTER_..."}
# (developer.webex.com "Login with Webex" error example; webex-admin.json `Error`).
IDENTITY_MESSAGES = {
    400: "The request could not be understood by the server due to malformed syntax.",
    401: "The request requires a valid access token set in the Authorization request header.",
    403: "The server understood the request, but refused to fulfill it because the access token is missing required scopes or the user is missing required roles or licenses.",
    404: "The requested resource could not be found.",
    405: "The request was made to a resource using an HTTP request method that is not supported.",
    409: "The request could not be processed because it conflicts with some established rule of the system.",
    415: "The request was made to a resource without specifying a media type or used a media type that is not supported.",
    423: "The requested resource is temporarily unavailable.",
    429: "Too many requests have been sent in a given amount of time and the request has been rate limited.",
    500: "Something went wrong on the server.",
    502: "The server received an invalid response from an upstream server while processing the request.",
    503: "Server is overloaded with requests. Try again later.",
    504: "An upstream server failed to respond on time.",
}


def render_identity(err: ApiError, tracking_id: str) -> dict:
    return {
        "message": err.extra.get("message") or IDENTITY_MESSAGES.get(err.status, err.message),
        "errors": [{"description": d} for d in err.details],
        "trackingId": tracking_id,
    }


DEFAULT_FAMILY = ErrorFamily("identity", "/", "ROUTER", render_identity)
