"""OAuth 2.0 authorization-code flow, PKCE, refresh and OpenID Connect, as a client drives them."""

from __future__ import annotations

import base64
import hashlib
import re
from urllib.parse import parse_qs, urlparse

import pytest

TOKEN_RE = re.compile(r"^[A-Za-z0-9]+_PF84_[0-9a-f-]{36}$")
REDIRECT = "http://localhost:8080/callback"


@pytest.fixture
def integ(client):
    return client.get("/sandbox/pods/1").json()["integrations"][0]


def _authorize(client, integ, *, scope="spark:people_read spark:kms", state="xyz", email="cl1admin1@email.carehybrid.com",
               password="C1sco!Pod1", decision="accept", redirect_uri=REDIRECT, **extra):
    params = {"response_type": "code", "client_id": integ["client_id"], "redirect_uri": redirect_uri,
              "scope": scope, "state": state, **extra}
    page = client.get("/v1/authorize", params=params)
    form = {**params, "email": email, "password": password, "decision": decision}
    return page, client.post("/v1/authorize", data=form)


def _query(resp):
    assert resp.status_code == 302, resp.text
    loc = urlparse(resp.headers["location"])
    return loc, {k: v[0] for k, v in parse_qs(loc.query).items()}


def _pkce():
    verifier = "v" * 20 + "-._~" + "A1" * 15
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")
    return verifier, challenge


def _exchange(client, integ, code, verifier=None, redirect_uri=REDIRECT):
    data = {"grant_type": "authorization_code", "client_id": integ["client_id"],
            "client_secret": integ["client_secret"], "code": code, "redirect_uri": redirect_uri}
    if verifier:
        data["code_verifier"] = verifier
    return client.post("/v1/access_token", data=data)


def test_code_flow_with_pkce_gives_working_tokens(client, integ):
    verifier, challenge = _pkce()
    page, resp = _authorize(client, integ, code_challenge=challenge, code_challenge_method="S256")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert 'name="client_id"' in page.text and "spark:people_read" in page.text
    loc, q = _query(resp)
    assert f"{loc.scheme}://{loc.netloc}{loc.path}" == REDIRECT
    assert q["state"] == "xyz" and TOKEN_RE.match(q["code"])

    tok = _exchange(client, integ, q["code"], verifier)
    assert tok.status_code == 200, tok.text
    body = tok.json()
    assert set(body) == {"access_token", "expires_in", "refresh_token", "refresh_token_expires_in", "token_type"}
    assert body["token_type"] == "Bearer" and body["expires_in"] == 1209599
    assert body["refresh_token_expires_in"] == 7775999
    org_uuid = client.get("/sandbox/pods/1").json()["orgId"]
    for t in (body["access_token"], body["refresh_token"]):
        assert TOKEN_RE.match(t) and t.endswith("_" + org_uuid)
        assert t.split("_")[2] == org_uuid  # clients split on '_' and read three parts
    me = client.get("/v1/people/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.status_code == 200 and me.json()["emails"] == ["cl1admin1@email.carehybrid.com"]


def test_code_is_single_use_and_replay_revokes_what_it_issued(client, integ):
    _, resp = _authorize(client, integ)
    code = _query(resp)[1]["code"]
    first = _exchange(client, integ, code)
    assert first.status_code == 200
    access = first.json()["access_token"]
    again = _exchange(client, integ, code)
    assert again.status_code == 400
    assert "already used" in again.json()["errors"][0]["description"]
    r = client.get("/v1/people/me", headers={"Authorization": f"Bearer {access}"})
    assert r.status_code == 401 and "revoked" in r.json()["errors"][0]["description"]


def test_code_expires_on_the_sandbox_clock(client, integ):
    _, resp = _authorize(client, integ)
    code = _query(resp)[1]["code"]
    client.post("/sandbox/clock", json={"advance": 301})
    r = _exchange(client, integ, code)
    assert r.status_code == 400 and "expired" in r.json()["errors"][0]["description"]


@pytest.mark.parametrize("verifier,expect", [(None, "code_verifier is required"), ("w" * 43, "does not match")])
def test_pkce_verifier_is_checked(client, integ, verifier, expect):
    _, challenge = _pkce()
    _, resp = _authorize(client, integ, code_challenge=challenge, code_challenge_method="S256")
    r = _exchange(client, integ, _query(resp)[1]["code"], verifier)
    assert r.status_code == 400 and expect in r.json()["errors"][0]["description"]


def test_redirect_uri_must_match_the_authorization_request(client, integ):
    _, resp = _authorize(client, integ)
    r = _exchange(client, integ, _query(resp)[1]["code"], redirect_uri="http://127.0.0.1:8080/callback")
    assert r.status_code == 400 and "redirect_uri" in r.json()["errors"][0]["description"]


def test_unknown_client_gets_an_error_page_not_a_redirect(client, integ):
    r = client.get("/v1/authorize", params={"response_type": "code", "client_id": "Cnope", "redirect_uri": REDIRECT, "scope": "spark:kms"})
    assert r.status_code == 400 and "location" not in r.headers
    assert "invalid_client" in r.text and "Client Id is invalid" in r.text


def test_unregistered_redirect_uri_is_never_redirected_to(client, integ):
    r = client.get("/v1/authorize", params={"response_type": "code", "client_id": integ["client_id"],
                                            "redirect_uri": "https://evil.example/cb", "scope": "spark:kms"})
    assert r.status_code == 400 and "location" not in r.headers
    assert "is not registered" in r.text


@pytest.mark.parametrize("scope,fragment", [
    ("spark:kms not:a_scope", "Unknown scope(s): not:a_scope"),
    ("spark:kms cjds:admin_org_read", "not registered for scope(s): cjds:admin_org_read"),
])
def test_bad_scopes_redirect_with_invalid_scope(client, integ, scope, fragment):
    r = client.get("/v1/authorize", params={"response_type": "code", "client_id": integ["client_id"],
                                            "redirect_uri": REDIRECT, "scope": scope, "state": "s1"})
    _, q = _query(r)
    assert q["error"] == "invalid_scope" and fragment in q["error_description"] and q["state"] == "s1"


def test_unsupported_response_type_redirects_with_error(client, integ):
    r = client.get("/v1/authorize", params={"response_type": "token", "client_id": integ["client_id"],
                                            "redirect_uri": REDIRECT, "scope": "spark:kms"})
    assert _query(r)[1]["error"] == "unsupported_response_type"


def test_wrong_password_reprompts_without_redirect(client, integ):
    _, resp = _authorize(client, integ, password="wrong")
    assert resp.status_code == 401 and "location" not in resp.headers
    assert "Incorrect email or password" in resp.text
    assert 'value="cl1admin1@email.carehybrid.com"' in resp.text


def test_declining_consent_returns_access_denied(client, integ):
    _, resp = _authorize(client, integ, decision="deny")
    q = _query(resp)[1]
    assert q["error"] == "access_denied" and q["state"] == "xyz" and "code" not in q


def test_openid_requires_nonce(client, integ):
    r = client.get("/v1/authorize", params={"response_type": "code", "client_id": integ["client_id"],
                                            "redirect_uri": REDIRECT, "scope": "openid"})
    q = _query(r)[1]
    assert q["error"] == "invalid_request" and "nonce" in q["error_description"]


def test_openid_id_token_verifies_against_jwks(client, integ):
    from jose import jwt

    _, resp = _authorize(client, integ, scope="openid email profile", nonce="n-123")
    body = _exchange(client, integ, _query(resp)[1]["code"]).json()
    assert "id_token" in body
    disco = client.get("/v1/.well-known/openid-configuration").json()
    assert disco["jwks_uri"].endswith("/v1/verification") and "S256" in disco["code_challenge_methods_supported"]
    jwks = client.get("/v1/verification").json()
    assert jwks["keys"][0]["kty"] == "RSA" and jwks["keys"][0]["use"] == "sig"
    claims = jwt.decode(body["id_token"], jwks, algorithms=["RS256"], audience=integ["client_id"],
                        issuer=disco["issuer"], options={"verify_at_hash": False})
    pod = client.get("/sandbox/pods/1").json()
    assert claims["nonce"] == "n-123" and claims["sub"] == pod["users"][0]["uuid"]
    assert "email" not in claims  # Webex keeps profile claims behind /v1/userinfo
    info = client.get("/v1/userinfo", headers={"Authorization": f"Bearer {body['access_token']}"}).json()
    assert info == {"sub": claims["sub"], "email": "cl1admin1@email.carehybrid.com", "email_verified": "true",
                    "name": "Admin Pod1", "given_name": "Admin", "family_name": "Pod1"}


def test_refresh_keeps_the_refresh_token_and_counts_down(client, integ):
    client.post("/sandbox/clock", json={"mode": "manual"})
    _, resp = _authorize(client, integ)
    first = _exchange(client, integ, _query(resp)[1]["code"]).json()
    client.post("/sandbox/clock", json={"advance": 15 * 86400})  # past the 14-day access lifetime
    old = client.get("/v1/people/me", headers={"Authorization": f"Bearer {first['access_token']}"})
    assert old.status_code == 401 and "expired" in old.json()["errors"][0]["description"]
    r = client.post("/v1/access_token", data={"grant_type": "refresh_token", "client_id": integ["client_id"],
                                              "client_secret": integ["client_secret"], "refresh_token": first["refresh_token"]})
    assert r.status_code == 200, r.text
    second = r.json()
    assert second["refresh_token"] == first["refresh_token"]
    assert second["refresh_token_expires_in"] == 7775999 - 15 * 86400
    assert second["access_token"] != first["access_token"]
    assert client.get("/v1/people/me", headers={"Authorization": f"Bearer {second['access_token']}"}).status_code == 200
    client.post("/sandbox/clock", json={"advance": 80 * 86400})
    r = client.post("/v1/access_token", data={"grant_type": "refresh_token", "client_id": integ["client_id"],
                                              "client_secret": integ["client_secret"], "refresh_token": first["refresh_token"]})
    assert r.status_code == 400 and "expired" in r.json()["errors"][0]["description"]


def test_client_credentials_by_basic_auth_and_wrong_secret(client, integ):
    _, resp = _authorize(client, integ)
    code = _query(resp)[1]["code"]
    basic = base64.b64encode(f"{integ['client_id']}:nope".encode()).decode()
    r = client.post("/v1/access_token", data={"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT},
                    headers={"Authorization": f"Basic {basic}"})
    assert r.status_code == 401 and r.json()["errors"][0]["description"] == "Client secret is invalid"
    basic = base64.b64encode(f"{integ['client_id']}:{integ['client_secret']}".encode()).decode()
    r = client.post("/v1/access_token", data={"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT},
                    headers={"Authorization": f"Basic {basic}"})
    assert r.status_code == 200


def test_token_endpoint_input_errors_name_the_problem(client, integ):
    r = client.post("/v1/access_token", data={"grant_type": "password"})
    assert r.status_code == 400 and "grant_type 'password' is not supported" in r.json()["errors"][0]["description"]
    r = client.post("/v1/access_token", data={"grant_type": "authorization_code", "client_id": "Cnope", "client_secret": "x"})
    assert r.status_code == 400 and r.json()["errors"][0]["description"] == "Client Id is invalid"
    body = r.json()
    assert body["message"].startswith("The request could not be understood") and body["trackingId"].startswith("ROUTER_")
