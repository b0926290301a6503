"""The Email app's Google tokens after SAVE: refreshed on the sandbox clock before the access token
expires, the token status shown on the app (valid / expired / refresh failed), a revoked or expired
refresh token as a visible failure, and GENERATE TOKEN again to recover."""

from __future__ import annotations

import pytest

from mockserver.connect.testkit import consent, login, replay_callback

T = "/connect/cl1pod1"
GMAIL = "cl1webex1@gmail.com"
GPW = "C1sco!Pod1"


@pytest.fixture
def owner(sandbox, client):
    sandbox.reset(pod=1, scenario="provisioned")
    return login(client, "cl1pod1", "cl1admin1@email.carehybrid.com", "C1sco!Pod1")


def _generate(client, owner):
    g = client.get("/sandbox/pods/1").json()["connect"]["google"][0]
    form = {"emailId": GMAIL, "clientId": g["client_id"], "clientSecret": g["client_secret"],
            "authorizationUrl": "https://accounts.google.com/o/oauth2/auth", "scope": "https://mail.google.com/",
            "accessTokenUrl": "https://oauth2.googleapis.com/token"}
    tok = client.post(f"{T}/assets/apps/email/tokens", json=form, headers=owner).json()
    done = replay_callback(client, "cl1pod1", consent(client, tok["authorizationUrl"], GMAIL, GPW))
    assert done.status_code == 200, done.text
    return tok["id"], done.json()


def _email_app(client, owner):
    req_id, generated = _generate(client, owner)
    r = client.post(f"{T}/assets/apps/email", headers=owner, json={
        "name": "EmailAsset", "emailId": GMAIL, "smtpServer": "smtp.gmail.com", "port": 465, "tokenRequestId": req_id})
    assert r.status_code == 201, r.text
    return r.json(), generated


def _token(client, owner, app_id):
    fresh = login(client, "cl1pod1", "cl1admin1@email.carehybrid.com", "C1sco!Pod1")  # sessions last 8 h
    return client.get(f"{T}/assets/apps/{app_id}", headers=fresh).json()["token"]


def _advance(client, seconds):
    assert client.post("/sandbox/clock", json={"advance": seconds}).status_code == 200


def test_email_token_is_refreshed_before_it_expires(client, owner):
    app, generated = _email_app(client, owner)
    t0 = app["token"]
    assert t0["status"] == "valid" and t0["lastRefreshedAt"] is None and t0["lastError"] is None
    assert t0["refreshTokenExpiresAt"]  # the lab's consent screen is in Testing: 7-day refresh tokens
    assert generated["accessToken"] not in str(app)
    _advance(client, 3599 - 300 + 1)  # 5 minutes before the 3599 s access token expires
    t1 = _token(client, owner, app["id"])
    assert t1["status"] == "valid" and t1["lastRefreshedAt"] and t1["accessTokenExpiresAt"] > t0["accessTokenExpiresAt"]
    for _ in range(3):  # and again, every hour
        _advance(client, 3600)
    t2 = _token(client, owner, app["id"])
    assert t2["status"] == "valid" and t2["accessTokenExpiresAt"] > t1["accessTokenExpiresAt"]


def test_revoked_refresh_token_shows_refresh_failed_then_generate_again(client, owner):
    app, generated = _email_app(client, owner)
    assert client.post("/google/revoke", data={"token": generated["refreshToken"]}).json() == {}
    again = client.post("/google/revoke", data={"token": generated["refreshToken"]})
    assert again.status_code == 400 and again.json()["error"] == "invalid_token"
    _advance(client, 3600)
    t = _token(client, owner, app["id"])
    assert t["status"] == "refresh failed" and "invalid_grant" in t["lastError"]
    # recovery: GENERATE TOKEN again and SAVE it into the app
    bad = client.put(f"{T}/assets/apps/{app['id']}/token", json={"tokenRequestId": "nope"}, headers=owner)
    assert bad.status_code == 400 and bad.json()["errors"][0]["description"].startswith("tokenRequestId:")
    req_id, _ = _generate(client, owner)
    r = client.put(f"{T}/assets/apps/{app['id']}/token", json={"tokenRequestId": req_id}, headers=owner)
    assert r.status_code == 200, r.text
    assert r.json()["token"]["status"] == "valid" and r.json()["token"]["lastError"] is None
    _advance(client, 3600)
    assert _token(client, owner, app["id"])["status"] == "valid"


def test_testing_app_refresh_token_expires_after_7_days(client, owner):
    app, _ = _email_app(client, owner)
    _advance(client, 6 * 86400)
    assert _token(client, owner, app["id"])["status"] == "valid"
    _advance(client, 86400 + 3600)
    t = _token(client, owner, app["id"])
    assert t["status"] == "refresh failed" and "expired or revoked" in t["lastError"]


def test_token_status_expired_and_non_oauth_apps(client, owner):
    app, generated = _email_app(client, owner)
    # revoking the access token revokes the grant: the next refresh fails, the token then expires
    assert client.post("/google/revoke", params={"token": generated["accessToken"]}).status_code == 200
    _advance(client, 3600)
    assert _token(client, owner, app["id"])["status"] == "refresh failed"
    basic = client.post(f"{T}/assets/apps/email", headers=owner, json={
        "name": "Basic", "emailId": "x@example.com", "authType": "Basic", "smtpServer": "smtp.example.com", "port": 587,
        "security": "TLS", "password": "pw"}).json()
    assert "token" not in basic
    r = client.put(f"{T}/assets/apps/{basic['id']}/token", json={"tokenRequestId": "x"}, headers=owner)
    assert r.status_code == 400 and r.json()["errors"][0]["description"].startswith("appId:")
    assert client.delete(f"{T}/assets/apps/{app['id']}", headers=owner).status_code == 204


def test_token_expired_while_no_refresh_ran(client, owner, sandbox):
    """Status "expired" once the access token's expiry passed without a refresh (its timer removed)."""
    from mockserver.connect.assets.email_tokens import EMAIL_REFRESH_TIMER
    from mockserver.core.db import db
    from mockserver.core.timers import timers

    app, _ = _email_app(client, owner)
    with db.session() as s:
        assert timers.cancel(s, kind=EMAIL_REFRESH_TIMER, subject=f"connect:email-app:{app['id']}") == 1
        s.commit()
    _advance(client, 3600)
    assert _token(client, owner, app["id"])["status"] == "expired"
