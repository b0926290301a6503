"""The email app's Google tokens: what an OAuth 2.0 email app keeps of a token response, the token
state its page shows (valid, expired, refresh failed), and the refresh Connect runs before the
access token expires, on the sandbox clock (the timer handler is registered here, on import)."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from mockserver.connect.assets.models import ConnectAsset
from mockserver.core.clock import clock, iso_ms
from mockserver.core.timers import timers
from mockserver.providers import google

EMAIL_REFRESH_TIMER = "connect.email_token_refresh"
EMAIL_REFRESH_MARGIN_S = 300  # decision: the email app's Google access token is refreshed 5 minutes before expiry


def email_secrets(tokens: dict[str, Any], client_secret: str) -> dict[str, Any]:
    """What an OAuth 2.0 email app keeps of a token response (never returned in clear)."""
    now = clock.now_ms()
    out = {"clientSecret": client_secret, "access_token": tokens.get("access_token"),
           "refresh_token": tokens.get("refresh_token"),
           "access_expires_ms": now + int(tokens.get("expires_in", 0)) * 1000,
           "generated_ms": now, "refreshed_ms": None, "last_error": None}
    if tokens.get("refresh_token_expires_in"):
        out["refresh_expires_ms"] = now + int(tokens["refresh_token_expires_in"]) * 1000
    return out


def email_token_status(a: ConnectAsset) -> dict[str, Any] | None:
    """The app's token state as the Email app page shows it: valid, expired or refresh failed."""
    if a.channel != "email" or a.config.get("authType") != "OAuth 2.0":
        return None
    sec = a.secrets
    exp = sec.get("access_expires_ms")
    status = "refresh failed" if sec.get("last_error") else (
        "expired" if exp is None or clock.now_ms() >= exp else "valid")
    return {"status": status, "accessTokenExpiresAt": iso_ms(exp) if exp else None,
            "refreshTokenExpiresAt": iso_ms(sec["refresh_expires_ms"]) if sec.get("refresh_expires_ms") else None,
            "generatedAt": iso_ms(sec["generated_ms"]) if sec.get("generated_ms") else None,
            "lastRefreshedAt": iso_ms(sec["refreshed_ms"]) if sec.get("refreshed_ms") else None,
            "lastError": sec.get("last_error")}


def schedule_email_refresh(session: Session, a: ConnectAsset) -> None:
    subject = f"connect:email-app:{a.id}"
    timers.cancel(session, kind=EMAIL_REFRESH_TIMER, subject=subject)
    exp = a.secrets.get("access_expires_ms")
    if a.config.get("authType") != "OAuth 2.0" or not exp or not a.secrets.get("refresh_token"):
        return
    after_s = max(1, (exp - clock.now_ms()) // 1000 - EMAIL_REFRESH_MARGIN_S)
    timers.schedule(session, pod=a.pod, kind=EMAIL_REFRESH_TIMER, after_s=after_s, subject=subject, payload={"id": a.id})


def cancel_email_refresh(session: Session, a: ConnectAsset) -> None:
    timers.cancel(session, kind=EMAIL_REFRESH_TIMER, subject=f"connect:email-app:{a.id}")


@timers.on(EMAIL_REFRESH_TIMER)
def _refresh_email(session: Session, timer) -> None:  # noqa: ANN001
    """Connect refreshes the email app's Google access token before it expires; a revoked or expired
    refresh token leaves the app in "refresh failed" (GENERATE TOKEN again to recover)."""
    a = session.get(ConnectAsset, timer.payload.get("id"))
    if a is None or a.config.get("authType") != "OAuth 2.0":
        return
    sec = dict(a.secrets)
    try:
        body = google.refresh(session, client_id=a.config.get("clientId"), client_secret=sec.get("clientSecret"),
                              refresh_token=sec.get("refresh_token"))
    except google.GoogleOAuthError as e:
        sec["last_error"] = (f"token refresh failed: Google token endpoint: {e.error}: {e.description}; "
                             "GENERATE TOKEN again (PUT .../assets/apps/{appId}/token)")
        a.secrets = sec
        session.add(a)
        return
    now = clock.now_ms()
    sec.update({"access_token": body["access_token"], "access_expires_ms": now + int(body["expires_in"]) * 1000,
                "refreshed_ms": now, "last_error": None})
    a.secrets = sec
    session.add(a)
    schedule_email_refresh(session, a)
