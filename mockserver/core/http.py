"""Small HTTP helpers shared by every product's routes."""

from __future__ import annotations

import json
from typing import Any

from fastapi.responses import Response

_HTTP_REASONS = {
    400: "Bad request: a parameter or the body is invalid.",
    401: "Missing, unknown or expired access token.",
    403: "The token lacks a scope or role, or the data belongs to another organization.",
    404: "No such resource.",
    409: "Conflicts with existing state.",
    412: "Precondition failed: other entities reference this one.",
    429: "Rate limited (injected fault); see Retry-After.",
}


def dumps(data: Any) -> bytes:
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(dumps(data), status_code=status, media_type="application/json", headers=headers)


def error_responses(model: type, *codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` entries for the error codes an operation documents."""
    return {code: {"model": model, "description": _HTTP_REASONS.get(code, "Error")} for code in codes}
