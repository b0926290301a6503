"""What Cisco's client SDKs need around the products, through HTTP: the U2C catalog pointing at the
sandbox, client log upload (the three steps) and its sandbox view, client metrics, CORS for pages
on other origins, and the agent desktop's sign-in reads (agentView)."""

from __future__ import annotations

from mockserver.core.seeding import pod_org_id

ORG = pod_org_id(1)


def test_u2c_catalog_names_the_sandbox(client, auth):
    r = client.get("/u2c/api/v1/limited/catalog", params={"orgId": ORG, "format": "hostmap"})
    assert r.status_code == 200
    links = r.json()["serviceLinks"]
    assert links["wcc-api-gateway"] == "http://testserver/"
    assert links["clientLogs"] == "http://testserver/clientlogs/api/v1" and links["metrics"].endswith("/metrics/api/v1")
    assert r.json()["format"] == "hostmap" and r.json()["hostCatalog"] == {}
    assert client.get("/u2c/api/v1/catalog", params={"format": "hostmap"}).status_code == 401
    r = client.get("/u2c/api/v1/catalog", params={"format": "hostmap"}, headers=auth("agent"))
    assert r.status_code == 200 and r.json()["serviceLinks"] == links
    assert client.get("/u2c/api/v1/catalog", params={"format": "json"}, headers=auth("agent")).status_code == 400


def test_client_log_upload_three_steps(client, auth):
    agent = auth("agent")
    assert client.post("/clientlogs/api/v1/logs/urls", json={"file": "x.txt"}).status_code == 401
    assert client.post("/clientlogs/api/v1/logs/urls", json={}, headers=agent).status_code == 400
    u = client.post("/clientlogs/api/v1/logs/urls", json={"file": "sdk.txt"}, headers=agent).json()
    assert u["tempURL"].startswith("http://testserver/clientlogs/api/v1/logs/upload/") and u["userId"]
    path = u["tempURL"][len("http://testserver"):]
    assert client.put(path, content=b"line 1\nline 2\n").status_code == 200
    r = client.post("/clientlogs/api/v1/logs/meta", headers=agent, json={
        "filename": u["logFilename"], "userId": u["userId"], "data": [{"key": "feedbackId", "value": "fb-1"}]})
    assert r.status_code == 200 and r.json()["userId"] == u["userId"] and r.json()["trackingid"]
    # used once: the URL is the credential
    assert client.put(path, content=b"again").status_code == 404
    r = client.post("/clientlogs/api/v1/logs/meta", headers=agent, json={"filename": "unknown", "data": []})
    assert r.status_code == 400 and "logFilename" in r.text
    [log] = client.get("/sandbox/clientlogs", params={"orgId": ORG}).json()["items"]
    assert log["size"] == 14 and log["meta"] == [{"key": "feedbackId", "value": "fb-1"}] and log["finalizedTime"]
    full = client.get(f"/sandbox/clientlogs/{log['id']}").json()
    assert full["content"] == "line 1\nline 2\n"
    assert client.get("/sandbox/clientlogs/nope").status_code == 404


def test_client_metrics_accepted(client, auth):
    assert client.post("/metrics/api/v1/clientmetrics", json={"metrics": [{"a": 1}]}, headers=auth("agent")).status_code == 204
    assert client.post("/metrics/api/v1/clientmetrics", json={"nope": 1}, headers=auth("agent")).status_code == 400
    assert client.post("/metrics/api/v1/clientmetrics-prelogin", json={"metrics": []}).status_code == 204


def test_cors_preflight_and_headers(client, auth):
    r = client.request("OPTIONS", "/v1/notification/subscribe", headers={
        "Origin": "http://localhost:3000", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization,content-type,trackingid,spark-user-agent,cisco-no-http-redirect"})
    assert r.status_code == 200
    assert r.headers["access-control-allow-origin"] == "http://localhost:3000"
    assert "cisco-no-http-redirect" in r.headers["access-control-allow-headers"]
    r = client.get(f"/organization/{ORG}/v2/organization-setting", headers={"Origin": "http://localhost:3000", **auth("agent")})
    assert r.headers["access-control-allow-origin"] == "http://localhost:3000"
    assert "trackingid" in r.headers["access-control-expose-headers"].lower()
    # an error answer carries them too (the SDK reads its trackingid)
    r = client.get(f"/organization/{ORG}/v2/organization-setting", headers={"Origin": "http://localhost:3000"})
    assert r.status_code == 400 and r.headers["access-control-allow-origin"] == "http://localhost:3000"


def test_agent_desktop_reads(client, auth):
    agent = auth("agent")
    org = client.get(f"/organization/{ORG}", headers=agent).json()
    assert org["id"] == ORG and org["timezone"] and org["tenantId"]
    s = client.get(f"/organization/{ORG}/v2/organization-setting", params={"agentView": "true"}, headers=agent).json()
    assert s["data"][0]["webRtcEnabled"] is False  # EXTENSION / AGENT_DN agents: no WDM, Mercury or WebRTC
    t = client.get(f"/organization/{ORG}/v2/tenant-configuration", params={"agentView": "true"}, headers=agent).json()
    assert t["data"][0]["endCallEnabled"] is True and "lostConnectionRecoveryTimeout" in t["data"][0]
    m = client.get(f"/organization/{ORG}/v2/org-url-mapping", params={"sort": "name,ASC"}, headers=agent).json()
    assert m["data"] == [] and m["meta"]["orgid"] == ORG
    ai = client.get(f"/organization/{ORG}/v2/ai-feature", params={"page": 0, "pageSize": 100}, headers=agent).json()
    assert ai["data"][0]["realtimeTranscripts"]["enable"] is False
    assert client.get(f"/organization/{pod_org_id(2)}", headers=agent).status_code == 403
