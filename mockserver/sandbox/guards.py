"""Checks the middleware makes before a request reaches a route: the Host name (DNS rebinding),
control characters in the path or query, the declared body size, and cross-site calls to the
control plane. Each returns the ApiError to answer, or None; each is a few comparisons on the
hot path (nothing is decoded unless a cheap test says it might matter)."""

from __future__ import annotations

import re
from urllib.parse import unquote_to_bytes, urlsplit

from mockserver.core.errors import ApiError
from mockserver.core.runtime import runtime

# C0 controls but tab, LF and CR (text fields may hold lines), and DEL: PostgreSQL refuses NUL in
# text, and none of them is a character a person types into a name.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ESCAPED = re.compile(rb"%(?:[01][0-9a-fA-F]|7[fF])")
# A browser may send these cross-site without asking first (a "simple request"): a page can post
# them to the control plane, so the control plane refuses them.
_SIMPLE_TYPES = (b"text/plain", b"application/x-www-form-urlencoded", b"multipart/form-data")

_names_cache: tuple[tuple[str, str], frozenset[str] | None] | None = None


def _allowed_names() -> frozenset[str] | None:
    global _names_cache
    s = runtime.settings
    key = (s.allowed_hosts, s.host)
    if _names_cache is None or _names_cache[0] != key:
        _names_cache = (key, s.host_names)
    return _names_cache[1]


def _header(scope: dict, name: bytes) -> bytes | None:
    for k, v in scope["headers"]:
        if k == name:
            return v
    return None


def host_name(host: bytes) -> str:
    """'localhost:8765' -> 'localhost'; '[::1]:8765' -> '[::1]'."""
    text = host.decode("latin-1").strip().lower()
    if text.startswith("["):
        return text[: text.find("]") + 1] if "]" in text else text
    return text.rsplit(":", 1)[0] if text.count(":") == 1 else text


def host_refused(scope: dict) -> ApiError | None:
    allowed = _allowed_names()
    if allowed is None:
        return None
    host = _header(scope, b"host")
    if host is None:  # HTTP/1.0 without Host: no browser sends that, so no rebinding either
        return None
    name = host_name(host)
    if name in allowed:
        return None
    return ApiError(403, "Host not allowed.", [
        f"Host '{name}' is not one this sandbox answers to ({', '.join(sorted(allowed))}). Bound to loopback, it "
        "answers loopback names only (DNS rebinding); list more names in MOCKSERVER_ALLOWED_HOSTS (comma-separated, "
        "'*' for any)."])


def _control_in_path_or_query(scope: dict) -> ApiError | None:
    m = CONTROL.search(scope["path"])
    if m:
        return ApiError(400, "Invalid request.", [
            f"path: contains the control character U+{ord(m.group()):04X}; remove it."])
    qs: bytes = scope.get("query_string", b"")
    if qs and _ESCAPED.search(qs):
        raw = unquote_to_bytes(qs.replace(b"+", b" "))
        m2 = _CONTROL_BYTES.search(raw)
        if m2:
            return ApiError(400, "Invalid request.", [
                f"query: contains the control character U+{m2.group()[0]:04X}; remove it."])
    return None


def body_too_large(declared: int, limit: int) -> ApiError:
    return ApiError(413, "Request entity too large.", [
        f"The body ({declared} bytes or more) is larger than this sandbox accepts ({limit} bytes; "
        "MOCKSERVER_MAX_BODY_BYTES)."])


def _declared_too_large(scope: dict) -> ApiError | None:
    length = _header(scope, b"content-length")
    if length is None:
        return None
    limit = runtime.settings.max_body_bytes
    try:
        n = int(length)
    except ValueError:
        return ApiError(400, "Invalid request.", ["Content-Length: not a number."])
    return body_too_large(n, limit) if n > limit else None


def refused(scope: dict) -> ApiError | None:
    """Every HTTP request: Host, control characters in path and query, declared body size."""
    return host_refused(scope) or _control_in_path_or_query(scope) or _declared_too_large(scope)


def cross_site(scope: dict) -> ApiError | None:
    """A state-changing call to the control plane that a web page could have made."""
    origin = _header(scope, b"origin")
    if origin is not None:
        host = _header(scope, b"host") or b""
        if origin == b"null" or urlsplit(origin.decode("latin-1")).netloc.lower() != host.decode("latin-1").lower():
            return ApiError(403, "Cross-site request refused.", [
                f"Origin '{origin.decode('latin-1')}' is not this sandbox: the control plane does not take "
                "state-changing calls from web pages of other sites. Call it from a script, the CLI or the docs page."])
    site = _header(scope, b"sec-fetch-site")
    if site in (b"cross-site", b"same-site"):
        return ApiError(403, "Cross-site request refused.", [
            "Sec-Fetch-Site says another site's page sent this; the control plane refuses it."])
    ctype = _header(scope, b"content-type")
    if ctype is not None and ctype.split(b";", 1)[0].strip().lower() in _SIMPLE_TYPES:
        return ApiError(415, "Unsupported media type.", [
            f"Content-Type '{ctype.decode('latin-1')}': the control plane takes application/json (a type a web "
            "page cannot send to another site without asking first)."])
    return None
