"""What a recorded request or response must not show: secrets, found by field name.

Generic names (anything ending in password, secret, token, apikey, ...) are known here; a product
adds the names only it knows are secret (an OAuth ``code``, a service key) with ``secret_fields``.
Bodies are masked as text, so a body cut short by the journal's capture is masked too, and the
masked field stays visible: ``"password":"***"`` says that a password was sent.
"""

from __future__ import annotations

import re

_GENERIC = r"[A-Za-z0-9_\-]*(?:password|passwd|secret|token|api_?key|credentials?|private_?key|assertion|cookie)"
_extra: set[str] = set()
_json_re: re.Pattern[bytes] | None = None  # the secret names, built on first use
MASK = b"***"


def secret_fields(*names: str) -> None:
    """Field names a product knows hold secrets (exact names, any case)."""
    global _json_re
    _extra.update(n.lower() for n in names)
    _json_re = None


# One pass over the text: every "key": value pair, the key judged by name (no backtracking over
# key prefixes, so masking stays linear in the body's length).
_STR = rb'"([^"\\]*(?:\\.[^"\\]*)*)'  # a JSON string's opening quote and text (unrolled: no backtracking)
_PAIR = re.compile(_STR + rb'"(\s*:\s*)(' + _STR[:1] + rb'[^"\\]*(?:\\.[^"\\]*)*(?:"|$)|-?[0-9][0-9.eE+\-]*)')
_FIELD = re.compile(rb"(^|&)([^=&]{1,200})=([^&]*)")


def _is_secret(name: bytes) -> bool:
    global _json_re
    if _json_re is None:
        _json_re = re.compile(f"(?:{_GENERIC}|{'|'.join(re.escape(n) for n in sorted(_extra)) or '(?!)'})".encode(), re.I)
    return _json_re.fullmatch(name) is not None


def mask(body: bytes | bytearray) -> str:
    """The body as text with every secret field's value replaced by ***."""
    if not body:
        return ""
    data = bytes(body)
    head = data.lstrip()[:1]
    if head in (b"{", b"["):
        data = _PAIR.sub(lambda m: (b'"' + m.group(1) + b'"' + m.group(2) + b'"***"') if _is_secret(m.group(1)) else m.group(0),
                         data)
    elif b"=" in data:
        data = _FIELD.sub(lambda m: (m.group(1) + m.group(2) + b"=" + MASK) if _is_secret(m.group(2)) else m.group(0), data)
    return data.decode("utf-8", "replace")
