"""The console's sign-in: a browser cannot send X-Sandbox-Token when it navigates, so with an admin
token in force POST /sandbox/console/signin takes the token once and sets a cookie that the
control plane's middleware accepts in its place (sandbox/middleware.py: ``_admin_ok``).

The cookie holds an HMAC of the admin token, not the token: every worker derives the same value
with nothing shared, a leaked cookie does not reveal the token the CLI and scripts use, and
changing the token signs every browser out. HttpOnly (page scripts never read it) and
SameSite=Strict (another site's page never makes the browser send it); the control plane's
cross-site guard (sandbox/guards.py) still refuses state-changing calls from other origins.
"""

from __future__ import annotations

import hashlib
import hmac
from functools import lru_cache

COOKIE = "sandbox_console"
_PURPOSE = b"wxcc-sandbox console session v1"


@lru_cache(maxsize=4)
def cookie_value(admin: str) -> str:
    return hmac.new(admin.encode("utf-8", "surrogateescape"), _PURPOSE, hashlib.sha256).hexdigest()


def cookie_ok(header: bytes, admin: str) -> bool:
    """``header``: a raw Cookie header; True when it carries this admin token's console cookie."""
    want = cookie_value(admin).encode()
    for part in header.split(b";"):
        name, _, value = part.strip().partition(b"=")
        if name == COOKIE.encode() and hmac.compare_digest(value.strip().strip(b'"'), want):
            return True
    return False


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a console page only (no open redirect)."""
    if target and target.startswith("/sandbox/console") and "//" not in target and "\\" not in target:
        return target
    return "/sandbox/console/pods"
