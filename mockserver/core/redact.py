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
_json_re: re.Pattern[bytes] | None = None
_form_re: re.Pattern[bytes] | None = None
MASK = b"***"


def secret_fields(*names: str) -> None:
    """Field names a product knows hold secrets (exact names, any case)."""
    global _json_re, _form_re
    _extra.update(n.lower() for n in names)
    _json_re = _form_re = None


def _patterns() -> tuple[re.Pattern[bytes], re.Pattern[bytes]]:
    global _json_re, _form_re
    if _json_re is None or _form_re is None:
        names = "|".join([_GENERIC] + [re.escape(n) for n in sorted(_extra)])
        key = f"(?:{names})".encode()
        # "key": "value" (the value possibly cut off by the capture), or "key": 1234
        _json_re = re.compile(rb'("' + key + rb'"\s*:\s*)(?:"(?:[^"\\]|\\.)*(?:"|\\?$)|-?[0-9][0-9.eE+\-]*)', re.I)
        _form_re = re.compile(rb"((?:^|&)" + key + rb"=)[^&]*", re.I)
    return _json_re, _form_re


def mask(body: bytes | bytearray) -> str:
    """The body as text with every secret field's value replaced by ***."""
    if not body:
        return ""
    data = bytes(body)
    json_re, form_re = _patterns()
    head = data.lstrip()[:1]
    if head in (b"{", b"["):
        data = json_re.sub(lambda m: m.group(1) + b'"***"', data)
    elif b"=" in data:
        data = form_re.sub(lambda m: m.group(1) + MASK, data)
    return data.decode("utf-8", "replace")
