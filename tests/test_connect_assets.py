"""Connect services, assets, OAuth failures, templates and the scenarios' checkpoints."""

from __future__ import annotations

import pytest

from mockserver.connect.testkit import consent, login, replay_callback
from mockserver.core.seeding import pod_org_id

T = "/connect/cl1pod1"
GMAIL = "cl1webex1@gmail.com"


@pytest.fixture
def owner(sandbox, client):
    sandbox.reset(pod=1, scenario="provisioned")
    return login(client, "cl1pod1", "cl1admin1@email.carehybrid.com", "C1sco!Pod1")


def _form(client, **over):
    g = client.get("/sandbox/pods/1").json()["connect"]["google"][0]
    return {"emailId": GMAIL, "clientId": g["client_id"], "clientSecret": g["client_secret"],
            "authorizationUrl": "https://accounts.google.com/o/oauth2/auth", "scope": "https://mail.google.com/",
            "accessTokenUrl": "https://oauth2.googleapis.com/token", **over}


def test_wrong_client_secret_fails_visibly(client, owner):
    tok = client.post(f"{T}/assets/apps/email/tokens", json=_form(client, clientSecret="GOCSPX-wrong"), headers=owner).json()
    redirect = consent(client, tok["authorizationUrl"], GMAIL, "C1sco!Pod1")
    r = replay_callback(client, "cl1pod1", redirect)
    assert r.status_code == 400 and "invalid_client" in r.json()["errors"][0]["description"]
    got = client.get(f"{T}/assets/apps/email/tokens/{tok['id']}", headers=owner).json()
    assert got["status"] == "failed" and "Client Secret" in got["error"]
    r = client.post(f"{T}/assets/apps/email", headers=owner, json={
        "name": "EmailAsset", "emailId": GMAIL, "smtpServer": "smtp.gmail.com", "port": 465, "tokenRequestId": tok["id"]})
    assert r.status_code == 400 and r.json()["errors"][0]["description"].startswith("tokenRequestId:")
    assert client.get(f"{T}/assets/apps", params={"channel": "email"}, headers=owner).json()["total"] == 0


def test_wrong_scope_and_untrusted_account_are_google_error_pages(client, owner):
    tok = client.post(f"{T}/assets/apps/email/tokens", json=_form(client, scope="https://mail.google.com/ gmail.sendd"),
                      headers=owner).json()
    page = client.get(tok["authorizationUrl"].split("testserver", 1)[1])
    assert page.status_code == 400 and "invalid_scope" in page.text
    tok = client.post(f"{T}/assets/apps/email/tokens", json=_form(client), headers=owner).json()
    # the consent screen is in testing: only its test users may consent
    r = consent(client, tok["authorizationUrl"], "cl1admin1@email.carehybrid.com", "x")
    assert r.status_code == 401  # not a Google account of the sandbox
    declined = consent(client, tok["authorizationUrl"], GMAIL, "C1sco!Pod1", decision="deny")
    r = replay_callback(client, "cl1pod1", declined)
    assert r.status_code == 400 and "access_denied" in r.json()["errors"][0]["description"]
    bad = client.post(f"{T}/assets/apps/email/tokens", json=_form(client, authorizationUrl="https://evil.example/auth"), headers=owner)
    assert bad.status_code == 400 and bad.json()["errors"][0]["description"].startswith("authorizationUrl:")


def test_google_token_endpoint_errors(client):
    g = client.get("/sandbox/pods/1").json()["connect"]["google"][0]
    r = client.post("/google/token", data={"grant_type": "authorization_code", "client_id": g["client_id"],
                                           "client_secret": "nope", "code": "x", "redirect_uri": "y"})
    assert r.status_code == 401 and r.json() == {"error": "invalid_client", "error_description": "Unauthorized"}
    r = client.post("/google/token", data={"grant_type": "authorization_code", "client_id": g["client_id"],
                                           "client_secret": g["client_secret"], "code": "x", "redirect_uri": "y"})
    assert r.status_code == 400 and r.json()["error"] == "invalid_grant"


def test_services_locking_delete_and_validation(client, owner):
    assert client.post(f"{T}/services", json={"name": ""}, headers=owner).status_code == 400
    s = client.post(f"{T}/services", json={"name": "Svc"}, headers=owner).json()
    assert client.post(f"{T}/services", json={"name": "svc"}, headers=owner).status_code == 409
    client.patch(f"{T}/services/{s['id']}", json={"locked": True}, headers=owner)
    assert client.delete(f"{T}/services/{s['id']}", headers=owner).status_code == 423
    assert client.patch(f"{T}/services/{s['id']}", json={"description": "x"}, headers=owner).status_code == 423
    r = client.patch(f"{T}/services/{s['id']}", json={"locked": False, "description": "now open"}, headers=owner)
    assert r.status_code == 200 and r.json()["description"] == "now open"
    assert client.delete(f"{T}/services/{s['id']}", headers=owner).status_code == 204
    assert client.get(f"{T}/services/{s['id']}", headers=owner).status_code == 404


def test_numbered_apps_and_registration_rules(client, owner):
    r = client.post(f"{T}/assets/apps/whatsapp", json={"name": "WA2", "number": "+15550000000"}, headers=owner)
    assert r.status_code == 400 and "pre-assigned" in r.json()["errors"][0]["description"]
    wa_number = next(n for n in client.get(f"{T}/assets/numbers", headers=owner).json()["items"] if n["channel"] == "whatsapp")
    r = client.post(f"{T}/assets/apps/whatsapp", json={"name": "WA2", "number": wa_number["number"]}, headers=owner)
    assert r.status_code == 409  # already bound to the tenant's WhatsApp app
    chat = client.post(f"{T}/assets/apps/livechat", json={"name": "Chat", "websiteUrl": "https://www.example.com"}, headers=owner)
    assert chat.status_code == 201 and chat.json()["address"] == "www.example.com"
    r = client.post(f"{T}/assets/apps/{chat.json()['id']}/register", json={"serviceId": "s_nope"}, headers=owner)
    assert r.status_code == 404
    r = client.post(f"{T}/assets/apps/messenger", json={"name": "FB", "pageId": "abc", "facebookLoginId": "nope"}, headers=owner)
    assert r.status_code == 400 and r.json()["errors"][0]["description"].startswith("facebookLoginId:")


def test_templates_crud(client, owner):
    r = client.post(f"{T}/templates", json={"name": "Welcome", "channel": "email", "content": {"text": "Hi $(name)"}}, headers=owner)
    assert r.status_code == 400 and r.json()["errors"][0]["description"].startswith("content.subject")
    t = client.post(f"{T}/templates", json={"name": "Welcome", "channel": "sms", "content": {"text": "Hi $(customerName)"}},
                    headers=owner).json()
    assert t["variables"] == ["customerName"]
    assert client.post(f"{T}/templates", json={"name": "welcome", "channel": "sms", "content": {"text": "x"}}, headers=owner).status_code == 409
    u = client.put(f"{T}/templates/{t['id']}", json={"name": "Welcome", "channel": "whatsapp", "content": {"text": "Hello"}}, headers=owner)
    assert u.status_code == 200 and u.json()["channel"] == "whatsapp"
    assert client.get(f"{T}/templates", params={"channel": "whatsapp"}, headers=owner).json()["total"] == 1
    assert client.delete(f"{T}/templates/{t['id']}", headers=owner).status_code == 204


def test_node_authorization_needs_a_cc_admin_and_nodes_fail_while_pending(client, owner):
    from mockserver.connect.integrations.service import node_token
    from mockserver.core.db import db
    from mockserver.core.errors import ApiError

    with db.session() as s, pytest.raises(ApiError) as e:
        node_token(s, pod_org_id(1), "task")
    assert "not authorized" in e.value.details[0]
    task = next(i for i in client.get(f"{T}/integrations", headers=owner).json()["items"] if i["name"] == "Webex CC Task")
    na = task["nodeAuthorizations"][0]
    start = client.post(f"{T}/integrations/{task['id']}/authorizations/{na['id']}/authorize", json={"name": "x"}, headers=owner).json()
    redirect = consent(client, start["authorizationUrl"], "cl1agent1@email.carehybrid.com", "C1sco!Pod1")
    r = replay_callback(client, "cl1pod1", redirect)
    assert r.status_code == 400 and "Full Admin" in r.json()["errors"][0]["description"]
    assert client.get(f"{T}/integrations/{task['id']}", headers=owner).json()["status"] == "Authorization Pending"
    assert client.post(f"{T}/integrations/{task['id']}/authorizations/{na['id']}/authorize", json={"name": ""},
                       headers=owner).status_code == 400


def test_preconfigured_scenario(client, sandbox, auth):
    sandbox.reset(pod=1, scenario="preconfigured")
    owner = login(client, "cl1pod1", "cl1admin1@email.carehybrid.com", "C1sco!Pod1")
    assert all(i["status"] == "Authorized" for i in client.get(f"{T}/integrations", headers=owner).json()["items"])
    names = {s["name"]: s for s in client.get(f"{T}/services", headers=owner).json()["items"]}
    assert names["Agnostic Flows DO NOT MODIFY"]["locked"] is True and "My First Service" in names
    from mockserver.connect.integrations.service import node_token
    from mockserver.core.db import db

    with db.session() as s:
        token = node_token(s, pod_org_id(1), "task")
    assert client.get("/v1/people/me", headers={"Authorization": f"Bearer {token}"}).status_code in (200, 403)
    wx = client.get(f"/organization/{pod_org_id(1)}/v2/team", params={"filter": 'name=="Team1"'}, headers=auth("admin")).json()
    assert wx["meta"]["totalRecords"] == 1
    rona = client.get(f"/controlhub/organizations/{pod_org_id(1)}/contactCenter/desktop/ronaTimeouts", headers=auth("admin")).json()
    assert (rona["telephony"], rona["chat"], rona["email"], rona["social"]) == (18, 60, 90, 60)
