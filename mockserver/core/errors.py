"""One error type for every product; each product registers how its errors look on the wire.

A route or service raises ``ApiError(status, message, details)``; the app's exception handler
renders it in the shape of the API family that owns the request path (each product registers
its own), with the request's tracking id in the body and the ``TrackingId`` header.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from mockserver.core.lifecycle import forget_on_new_app

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
_by_path: dict[str, ErrorFamily] = {}  # every request asks (for its tracking id's prefix)


def _forget_families() -> None:
    _families.clear()
    _by_path.clear()


forget_on_new_app("core.errors", _forget_families)  # a new app registers its families again


def register_family(family: ErrorFamily) -> None:
    _families.append(family)
    # Longest prefix first so /v1/tasks can belong to WxCC while /v1/people stays identity.
    _families.sort(key=lambda f: len(f.prefix), reverse=True)
    _by_path.clear()


def family_for(path: str) -> ErrorFamily:
    found = _by_path.get(path)
    if found is not None:
        return found
    found = DEFAULT_FAMILY
    for f in _families:
        if path.startswith(f.prefix):
            found = f
            break
    if len(_by_path) >= 4096:  # paths carry ids: keep the memo bounded
        _by_path.clear()
    _by_path[path] = found
    return found


def _render_plain(err: ApiError, tracking_id: str) -> dict:
    return {"message": err.message, "errors": [{"description": d} for d in err.details], "trackingId": tracking_id}


# Only until a product claims "/" (identity does: webexapis.com's own shape for unknown paths).
DEFAULT_FAMILY = ErrorFamily("default", "/", "SANDBOX", _render_plain)
