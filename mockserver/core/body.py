"""A request body is read only after the caller is known, never beyond the size limit, and text
with control characters never reaches a service.

FastAPI reads and parses the body before it solves a route's dependencies, so a caller with no
token could make the server buffer and parse anything. Each route is wrapped (``guard_route``,
when products include their routes) in a guard that, for requests that carry a body:

1. runs the route's *precheck* first: the cheap, body-free part of its authentication (token
   present and valid), found on the dependency that authenticates (``authenticates`` marks it);
2. reads the body itself, refusing it with 413 as soon as it passes the limit (the declared
   Content-Length is refused earlier, in the middleware, before a byte is read);
3. refuses NUL and other control characters in JSON strings and form fields, and text values
   over ``MAX_TEXT``, with 400 in the product's shape (PostgreSQL cannot store NUL; SQLite
   would, so both answer the same);
4. hands the buffered body to the route.

Requests without a body (most reads) pass straight through.
"""

from __future__ import annotations

import json
import re
from typing import Any, Callable

from starlette.requests import Request

from mockserver.core.errors import ApiError
from mockserver.core.runtime import runtime

Precheck = Callable[[Request], Any]

_CONTROL = re.compile("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f]")
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# a \\u escape of a control character (checked precisely by parsing when it appears)
_JSON_ESCAPE = re.compile(rb"\\u00(?:[01][0-9a-fA-F]|7[fF])")
_FORM_ESCAPE = re.compile(rb"%(?:[01][0-9a-fA-F]|7[fF])")


def authenticates(precheck: Precheck) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Marks a dependency that authenticates the caller; ``precheck(request)`` raises the same
    ApiError the dependency would for a missing, malformed, unknown or expired credential."""

    def mark(dep: Callable[..., Any]) -> Callable[..., Any]:
        dep.__precheck__ = precheck  # type: ignore[attr-defined]
        return dep

    return mark


def precheck_of(route: Any) -> Precheck | None:
    """The first authenticating dependency's precheck in the route's dependency tree."""
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return None
    stack = list(reversed(dependant.dependencies))
    while stack:
        d = stack.pop()
        check = getattr(d.call, "__precheck__", None)
        if check is not None:
            return check
        stack.extend(reversed(d.dependencies))
    return None


def _has_body(scope: dict) -> bool:
    for k, v in scope["headers"]:
        if k == b"content-length":
            return v != b"0"
        if k == b"transfer-encoding":
            return True
    return False


def _content_type(scope: dict) -> bytes:
    for k, v in scope["headers"]:
        if k == b"content-type":
            return v.split(b";", 1)[0].strip().lower()
    return b""


# No text field of any product needs more (the longest the real APIs document are descriptions of
# 1,024 characters; templates and email bodies stay far below): a bigger value is refused.
MAX_TEXT = 100_000


def own_text_limit(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """Marks a route whose product bounds its body itself (Connect's inbound webhook: 256 KB, answered
    with its own code): the guard still refuses control characters, not long values."""
    endpoint.__own_text_limit__ = True  # type: ignore[attr-defined]
    return endpoint


def _walk(value: Any, where: str, max_text: int | None = MAX_TEXT) -> str | None:
    if isinstance(value, str):
        m = _CONTROL.search(value)
        if m:
            return f"{where}: contains the control character U+{ord(m.group()):04X}; text fields take no control characters but tab and line breaks"
        if max_text is not None and len(value) > max_text:
            return f"{where or 'body'}: is {len(value)} characters long; at most {MAX_TEXT} are accepted"
        return None
    if isinstance(value, dict):
        for k, v in value.items():
            found = (_walk(k, f"{where}.{k}" if where else str(k), max_text)
                     or _walk(v, f"{where}.{k}" if where else str(k), max_text))
            if found:
                return found
    elif isinstance(value, list):
        for i, v in enumerate(value):
            found = _walk(v, f"{where}[{i}]", max_text)
            if found:
                return found
    return None


def text_problem(body: bytes, ctype: bytes, max_text: int | None = MAX_TEXT) -> str | None:
    """Where the body's text holds a control character or an overlong value (None: nowhere)."""
    if ctype == b"application/x-www-form-urlencoded":
        if _FORM_ESCAPE.search(body) or _CONTROL_BYTES.search(body):
            from urllib.parse import parse_qsl

            for k, v in parse_qsl(body.decode("latin-1"), keep_blank_values=True):
                found = _walk(v, k, max_text)
                if found:
                    return found
        return None
    if (max_text is not None and len(body) > max_text) or _JSON_ESCAPE.search(body):
        try:
            return _walk(json.loads(body), "", max_text)
        except ValueError:
            return None  # not JSON: the route's own parsing says so
    return None


def body_too_large(limit: int) -> ApiError:
    return ApiError(413, "Request entity too large.", [
        f"The body is larger than this sandbox accepts ({limit} bytes; MOCKSERVER_MAX_BODY_BYTES)."])


class BodyGuard:
    def __init__(self, app: Any, precheck: Precheck | None, max_text: int | None = MAX_TEXT) -> None:
        self.app = app
        self.precheck = precheck
        self.max_text = max_text

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or not _has_body(scope):
            await self.app(scope, receive, send)
            return
        if self.precheck is not None:
            self.precheck(Request(scope))
        limit = runtime.settings.max_body_bytes
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                raise body_too_large(limit)
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        problem = text_problem(body, _content_type(scope), self.max_text)
        if problem:
            raise ApiError(400, "Invalid request.", [f"{problem}."])
        sent = False

        async def replay() -> dict:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


def guard_route(route: Any) -> None:
    """Wraps an HTTP route's app in a BodyGuard (once)."""
    app = getattr(route, "app", None)
    if app is None or isinstance(app, BodyGuard) or not hasattr(route, "methods"):
        return
    own = getattr(getattr(route, "endpoint", None), "__own_text_limit__", False)
    route.app = BodyGuard(app, precheck_of(route), None if own else MAX_TEXT)
