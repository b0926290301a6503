"""The lab console (/sandbox/console, issue 15): pages rendered from the seeded PODs, its actions
through the JSON control plane, the sign-in that stands in for the admin token in a browser, and
the live stream (server-sent events). In-process, through the ASGI app."""

from __future__ import annotations

import asyncio
import json
import re

import pytest

from mockserver.core.runtime import runtime
from mockserver.sandbox import stream

C = "/sandbox/console"


def _sse(text: str) -> list[tuple[str, dict]]:
    out = []
    for block in text.strip().split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line and not line.startswith(":"))
        if "event" in fields:
            out.append((fields["event"], json.loads(fields["data"])))
    return out


# --- the skeleton --------------------------------------------------------------------------------
def test_console_is_open_on_loopback_without_a_token(client):
    r = client.get(C)
    assert r.status_code == 303 and r.headers["location"] == f"{C}/pods"
    page = client.get(f"{C}/pods")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    for n in (1, 2, 3):
        assert f'href="{C}/pods/{n}"' in page.text and f"cl1pod{n}" in page.text
    # the nav: this part's pages and part 2's slots, for the POD the page is about
    pod = client.get(f"{C}/pods/2").text
    for section in ("controlhub", "connect", "wxcc", "engage", "customer", "agent", "conversations", "tasks"):
        assert f'href="{C}/pods/2/{section}"' in pod
    assert f'href="{C}/traffic"' in pod
    # assets come from the package, versioned by content
    css = re.search(r'href="(/sandbox/console/static/console\.css\?v=\w+)"', pod).group(1)
    js = re.search(r'src="(/sandbox/console/static/console\.js\?v=\w+)"', pod).group(1)
    assert client.get(css).headers["content-type"].startswith("text/css")
    assert "function api(method, path, payload)" in client.get(js).text
    assert client.get(f"{C}/static/nothing.js").status_code == 404
    assert client.get(f"{C}/static/..%2Fpages.py").status_code in (400, 404)
    # nothing to sign in to
    assert client.get(f"{C}/signin").headers["location"] == f"{C}/pods"


def test_pod_overview_shows_users_passwords_integrations_and_scenario(client):
    page = client.get(f"{C}/pods/1").text
    assert "cl1admin1@email.carehybrid.com" in page and "cl1agent1@email.carehybrid.com" in page
    assert 'data-secret="C1sco!Pod1"' in page  # revealed on click, not printed
    assert "cl1pod1 lab integration" in page and "scenario: default" in page
    assert client.get(f"{C}/pods/99").status_code == 404


def test_a_token_in_force_sends_a_browser_to_the_sign_in_page(client, monkeypatch):
    monkeypatch.setattr(runtime.settings, "admin_token", "s3cret")
    r = client.get(f"{C}/pods/1?x=1")
    assert r.status_code == 303 and r.headers["location"] == f"{C}/signin?next=%2Fsandbox%2Fconsole%2Fpods%2F1%3Fx%3D1"
    page = client.get(r.headers["location"])
    assert page.status_code == 200 and 'id="signin-form"' in page.text and 'data-next="/sandbox/console/pods/1?x=1"' in page.text
    assert "cl1admin1" not in page.text and 'data-action="signout"' not in page.text and 'id="pod-switch"' not in page.text
    assert client.get(f"{C}/static/console.css").status_code == 200  # the sign-in page's own look
    # the JSON control plane and the live stream answer 401, not a redirect
    assert client.get("/sandbox/pods").status_code == 401
    assert client.get(f"{C}/live?limit=1").status_code == 401
    # a foreign next is not followed
    assert 'data-next="/sandbox/console/pods"' in client.get(f"{C}/signin?next=https://evil.example/").text


def test_wrong_token_is_refused(client, monkeypatch):
    monkeypatch.setattr(runtime.settings, "admin_token", "s3cret")
    r = client.post(f"{C}/signin", json={"token": "guess"})
    assert r.status_code == 401 and "set-cookie" not in r.headers
    assert r.json()["errors"][0]["description"].startswith("token: not this sandbox's admin token")
    forged = client.get(f"{C}/pods", cookies={"sandbox_console": "0" * 64})
    assert forged.status_code == 303


def test_the_cookie_stands_in_for_the_token(client, monkeypatch):
    monkeypatch.setattr(runtime.settings, "admin_token", "s3cret")
    r = client.post(f"{C}/signin", json={"token": "s3cret"})
    assert r.status_code == 204
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/sandbox" in cookie
    assert "s3cret" not in cookie
    value = re.match(r"sandbox_console=([0-9a-f]+);", cookie).group(1)
    jar = {"sandbox_console": value}
    assert "cl1admin1@email.carehybrid.com" in client.get(f"{C}/pods/1", cookies=jar).text
    assert client.get("/sandbox/pods", cookies=jar).status_code == 200
    # the console's own scripts: same origin, JSON
    ok = client.post("/sandbox/clock", cookies=jar, json={"mode": "manual"}, headers={"Origin": "http://testserver"})
    assert ok.status_code == 200
    # a foreign page still cannot act, cookie or not
    for headers in ({"Origin": "http://evil.example", "Content-Type": "application/json"},
                    {"Sec-Fetch-Site": "cross-site", "Content-Type": "application/json"},
                    {"Content-Type": "text/plain"}):
        assert client.post("/sandbox/reset", cookies=jar, headers=headers).status_code in (403, 415), headers
    # another token signs everyone out
    monkeypatch.setattr(runtime.settings, "admin_token", "other")
    assert client.get("/sandbox/pods", cookies=jar).status_code == 401
    # signing out clears the cookie
    out = client.post(f"{C}/signout", headers={"Content-Type": "application/json", "X-Sandbox-Token": "other"})
    assert out.status_code == 204 and 'sandbox_console=""' in out.headers["set-cookie"]


def test_sign_in_cannot_be_posted_from_another_site(client, monkeypatch):
    monkeypatch.setattr(runtime.settings, "admin_token", "s3cret")
    r = client.post(f"{C}/signin", content=b"token=s3cret", headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 415
    r = client.post(f"{C}/signin", json={"token": "s3cret"}, headers={"Origin": "http://evil.example"})
    assert r.status_code == 403 and "set-cookie" not in r.headers


def test_console_pages_stay_out_of_the_journal(client):
    client.delete("/sandbox/requests")
    client.get(f"{C}/pods")
    client.get(f"{C}/static/console.css")
    client.get("/sandbox/clock")
    paths = [e["path"] for e in client.get("/sandbox/requests").json()]
    assert paths == ["/sandbox/clock"]


# --- live updates ----------------------------------------------------------------------------------
def _mail(pod: int, subject: str) -> None:
    """An email as any product sends one (core/mailbox.py): its MailSent crosses processes."""
    from mockserver.core import mailbox
    from mockserver.core.db import db
    from mockserver.core.outbox import outbox

    with db.session() as s:
        mailbox.send(s, pod=pod, to=f"cl1admin{pod}@email.carehybrid.com", subject=subject, text="-", kind="test")
        s.commit()
    outbox.flush()


def test_the_live_stream_sends_journal_entries_events_and_the_clock(sandbox, client):
    """A stream is open while requests happen: each new journal entry, live events, the clock's move."""
    inner = client._client  # the SyncASGIClient's httpx.AsyncClient: run the stream and requests together

    async def scenario() -> str:
        before = len(stream._watchers)
        reader = asyncio.ensure_future(inner.get(f"{C}/live?journal=1&limit=4"))
        for _ in range(200):
            if len(stream._watchers) > before:
                break
            await asyncio.sleep(0)
        assert len(stream._watchers) > before, "the stream never subscribed"
        r = await inner.post("/sandbox/clock", json={"mode": "manual"})
        assert r.status_code == 200
        await inner.get("/sandbox/pods/1")
        _mail(1, "hi")
        return (await asyncio.wait_for(reader, 10)).text

    text = client._loop.run_until_complete(scenario())
    msgs = _sse(text)
    kinds = [k for k, _ in msgs]
    assert kinds[0] == "hello"
    journal = [d for k, d in msgs if k == "journal"]
    assert [(j["method"], j["path"], j["status"]) for j in journal] == [("POST", "/sandbox/clock", 200), ("GET", "/sandbox/pods/1", 200)]
    assert journal[0]["trackingId"].startswith("SANDBOX_") and journal[1]["seq"] == journal[0]["seq"] + 1
    assert [d["topic"] for k, d in msgs if k == "event"] == ["MailSent"]
    assert [d["mode"] for k, d in msgs if k == "clock"] == ["manual"]
    assert len(msgs) == 5  # hello and the four


def test_the_live_stream_delivers_an_event(sandbox, client):
    inner = client._client

    async def scenario() -> str:
        before = len(stream._watchers)
        reader = asyncio.ensure_future(inner.get(f"{C}/live?pod=1&limit=1"))
        for _ in range(200):
            if len(stream._watchers) > before:
                break
            await asyncio.sleep(0)
        _mail(2, "other pod")
        _mail(1, "<b>hi</b>")
        return (await asyncio.wait_for(reader, 10)).text

    msgs = _sse(client._loop.run_until_complete(scenario()))
    assert [k for k, _ in msgs] == ["hello", "event"]
    assert msgs[1][1]["topic"] == "MailSent" and msgs[1][1]["pod"] == 1 and msgs[1][1]["data"]["subject"] == "<b>hi</b>"


def test_the_landing_page_links_the_console(client):
    page = client.get("/").text
    assert 'href="/sandbox/console"' in page and "href='/sandbox/console/pods/1'" in page


# --- a POD's state, product by product ------------------------------------------------------------
ADMIN1 = "cl1admin1@email.carehybrid.com"
FLOW = {"name": "Answering", "definition": {
    "formatVersion": "1.0", "trigger": {"type": "channel", "channel": "whatsapp", "event": "incomingMessage"},
    "customVariables": [], "startNodeId": 2, "nodes": [
        {"id": 2, "type": "start", "name": "WhatsApp in", "outcomes": {"next": 3}},
        {"id": 3, "type": "evaluate", "name": "What is asked", "config": {"script": "return 'hours'"},
         "outcomes": {"hours": 4, "other": 5, "error": 99}},
        {"id": 4, "type": "send", "name": "Opening hours", "config": {"text": "We are open."}, "outcomes": {"sent": 99, "error": 99}},
        {"id": 5, "type": "receive", "name": "Wait for <reply>", "config": {"timeoutSeconds": 60},
         "outcomes": {"received": 3, "timeout": 99, "error": None}},
        {"id": 99, "type": "end", "name": "End"}]}}


@pytest.fixture
def lab(client, sandbox):
    """POD 1 after lab 12.5, with a flow in My First Service (made through Connect's portal API)."""
    sandbox.reset(pod=1, scenario="preconfigured")
    token = client.post("/connect/cl1pod1/login", json={"email": ADMIN1, "password": "C1sco!Pod1"}).json()["accessToken"]
    h = {"Authorization": f"Bearer {token}"}
    svc = next(s for s in client.get("/connect/cl1pod1/services", headers=h).json()["items"] if s["name"] == "My First Service")
    flow = client.post(f"/connect/cl1pod1/services/{svc['id']}/flows", json=FLOW, headers=h)
    assert flow.status_code == 201, flow.text
    return {"h": h, "svc": svc, "flow": flow.json()}


def test_control_hub_page_before_and_after_provisioning(client, sandbox):
    page = client.get(f"{C}/pods/1/controlhub").text
    assert "Digital channels are not provisioned for this organization." in page and "IMI Digital" in page
    assert "telephony" in page.lower()  # the RONA timeouts, per channel
    sandbox.reset(pod=1, scenario="preconfigured")
    page = client.get(f"{C}/pods/1/controlhub").text
    assert "Digital channels setup for Webex Contact Center is completed." in page and "cl1pod1" in page
    assert ">18<" in page  # RONA 18/60/90/60 after lab 12.5


def test_connect_page_lists_services_flows_assets_integrations(client, lab):
    page = client.get(f"{C}/pods/1/connect").text
    assert "My First Service" in page and "Agnostic Flows DO NOT MODIFY" in page
    assert f'href="{C}/pods/1/connect/flows/{lab["flow"]["id"]}"' in page and "Working Draft" in page
    assert "Authorized" in page  # both node authorizations done in the preconfigured scenario
    # not provisioned: what the API would say, not an error page
    r = client.get(f"{C}/pods/2/connect")
    assert r.status_code == 200 and "Webex Connect has no tenant until Control Hub" in r.text


def test_flow_page_draws_the_nodes_and_outcomes(client, lab):
    r = client.get(f"{C}/pods/1/connect/flows/{lab['flow']['id']}")
    assert r.status_code == 200
    svg = r.text[r.text.index("<svg"):r.text.index("</svg>")]
    for name in ("WhatsApp in", "What is asked", "Opening hours", "End"):
        assert f">{name}</text>" in svg
    assert "Wait for &lt;reply&gt;" in svg and "<reply>" not in svg  # names are text
    for node in ("2", "3", "4", "5", "99"):
        assert f'data-node="{node}"' in svg
    assert 'data-from="3" data-outcome="hours" data-to="4"' in svg
    assert 'data-from="5" data-outcome="received" data-to="3"' in svg  # a loop back
    assert 'class="fd-edge fd-dangling" data-from="5" data-outcome="error"' in svg  # not connected
    assert client.get(f"{C}/pods/1/connect/flows/nope").status_code == 404


def test_the_drawing_highlights_executed_nodes():
    from mockserver.console.flowdraw import draw

    svg = str(draw(FLOW["definition"], highlight=[2, 3, "4"], current=4))
    assert 'class="fd-node fd-start hit" data-node="2"' in svg
    assert 'class="fd-node hit current" data-node="4"' in svg
    assert 'class="fd-node" data-node="5"' in svg
    assert 'class="fd-edge hit" data-from="3" data-outcome="hours"' in svg
    assert 'class="fd-edge" data-from="3" data-outcome="other"' in svg
    # End sits after every branch that reaches it
    assert svg.index('data-node="99"') and 'x="916"' in svg[svg.index('data-node="99"'):][:200]


def test_wxcc_page_shows_sites_teams_queues_with_groups_entry_points_users(client, sandbox, auth):
    sandbox.reset(pod=1, scenario="preconfigured")
    page = client.get(f"{C}/pods/1/wxcc").text
    assert "Team1" in page and "Team2" in page and "Site" in page
    assert "cl1agent1@email.carehybrid.com" in page and "cl1sup1@email.carehybrid.com" in page
    # a queue made through the config API shows with its distribution groups, team names resolved
    from mockserver.core.seeding import pod_org_id

    org = pod_org_id(1)
    h = auth("admin", 1)
    teams = client.get(f"/organization/{org}/team", headers=h).json()
    team1 = next(t for t in teams if t["name"] == "Team1")
    body = {"name": "<script>alert(1)</script>", "queueType": "INBOUND", "channelType": "EMAIL", "active": True,
            "serviceLevelThreshold": 30, "maxActiveContacts": 100, "maxTimeInQueue": 3600, "timezone": "America/New_York",
            "routingType": "LONGEST_AVAILABLE_AGENT", "queueRoutingType": "TEAM_BASED", "checkAgentAvailability": False,
            "callDistributionGroups": [{"agentGroups": [{"teamId": team1["id"]}], "order": 1, "duration": 0}]}
    r = client.post(f"/organization/{org}/contact-service-queue", json=body, headers=h)
    assert r.status_code == 201, r.text
    page = client.get(f"{C}/pods/1/wxcc").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
    row = page[page.index("&lt;script&gt;alert(1)"):]
    assert "group 1" in row[:1500] and ">Team1</span>" in row[:1500]


def test_engage_page_shows_users_role_types_and_logged_in(client, sandbox):
    assert "Webex Engage has no tenant in this POD" in client.get(f"{C}/pods/1/engage").text
    sandbox.reset(pod=1, scenario="preconfigured")
    page = client.get(f"{C}/pods/1/engage").text
    assert "cl1agent1@email.carehybrid.com" in page and "Administrative" in page and "Agent" in page


# --- actions (the pages' buttons call the JSON control plane) -------------------------------------
def test_reset_and_snapshot_buttons_call_the_control_plane(client, sandbox):
    page = client.get(f"{C}/pods/1").text
    assert 'data-api="POST /sandbox/reset?pod=1"' in page
    assert "preconfigured" in page  # reset to a scenario: the scenarios are offered
    # what the buttons send, as console.js sends it
    js = {"Content-Type": "application/json", "Origin": "http://testserver"}
    assert client.post("/sandbox/reset?pod=1&scenario=preconfigured", headers=js).status_code == 200
    assert "scenario: preconfigured" in client.get(f"{C}/pods/1").text
    assert client.post("/sandbox/snapshots", json={"name": "before-12.7"}, headers=js).status_code == 201
    page = client.get(f"{C}/pods").text
    assert "before-12.7" in page and 'data-api="POST /sandbox/snapshots/before-12.7/restore"' in page
    assert client.post("/sandbox/snapshots/before-12.7/restore", headers=js).status_code == 200
    client.delete("/sandbox/snapshots/before-12.7")


def test_traffic_page_journal_filters_and_request_detail(client, auth):
    client.delete("/sandbox/requests")
    h = auth("admin", 1)
    client.get("/v1/people/me", headers=h)
    client.post("/sandbox/tokens", json={"email": ADMIN1})
    client.get("/v1/nowhere", headers=h)
    page = client.get(f"{C}/traffic").text
    assert page.count('<tr class="clickable" data-seq=') == 4  # the auth fixture's token, and the three
    assert "/v1/people/me" in page and "/v1/nowhere" in page and ">404<" in page
    only = client.get(f"{C}/traffic?status=404").text
    assert "/v1/nowhere" in only and "/v1/people/me" not in only
    assert "/sandbox/tokens" in client.get(f"{C}/traffic?method=POST&path=/sandbox/*").text
    entries = client.get("/sandbox/requests?path=/sandbox/tokens").json()
    detail = client.get(f"{C}/traffic/requests/{entries[0]['seq']}")
    assert detail.status_code == 200 and ADMIN1 in detail.text
    assert "&#34;access_token&#34;: &#34;***&#34;" in detail.text  # the answer, its secret masked
    tid = entries[0]["trackingId"]
    assert tid in client.get(f"{C}/traffic?trackingId={tid}").text
    assert client.get(f"{C}/traffic/requests/999999").status_code == 404


def test_traffic_page_faults_clock_and_mailbox(client, sandbox):
    js = {"Content-Type": "application/json", "Origin": "http://testserver"}
    rule = client.post("/sandbox/faults", json={"path": "/v1/people*", "status": 503}, headers=js).json()
    client.get("/v1/people/me")
    page = client.get(f"{C}/traffic").text
    assert f'data-fault="{rule["id"]}"' in page and "/v1/people*" in page and '<td class="right mono" data-hits>1</td>' in page
    assert f'data-api="DELETE /sandbox/faults/{rule["id"]}"' in page
    assert client.delete(f"/sandbox/faults/{rule['id']}", headers=js).status_code == 204
    assert f'data-fault="{rule["id"]}"' not in client.get(f"{C}/traffic").text
    # the clock's one-click waits
    page = client.get(f"{C}/traffic").text
    assert "data-body='{\"advance\": 300}'" in page and "data-body='{\"mode\": \"manual\"}'" in page
    client.post("/sandbox/clock", json={"mode": "manual"}, headers=js)
    before = client.get("/sandbox/clock").json()["epochMs"]
    client.post("/sandbox/clock", json={"advance": 300}, headers=js)
    assert client.get("/sandbox/clock").json()["epochMs"] == before + 300_000
    assert "data-body='{\"mode\": \"real\"}'" in client.get(f"{C}/traffic").text
    # the mailbox
    _mail(1, "Activate your <Webex Connect> account")
    page = client.get(f"{C}/traffic").text
    assert "Activate your &lt;Webex Connect&gt; account" in page


def test_showing_a_page_writes_nothing(client, lab):
    """Pages re-read themselves when the state changed ("changed" on the live stream): a page whose
    rendering wrote would reload forever."""
    from mockserver.core.cache import changes

    pages = ["/pods", "/pods/1", "/pods/1/controlhub", "/pods/1/connect", f"/pods/1/connect/flows/{lab['flow']['id']}",
             "/pods/1/wxcc", "/pods/1/engage", "/traffic", "/pods/2/connect", "/pods/2/engage"]
    for p in pages:
        client.get(C + p)  # first renders may build caches
    before = changes.total
    for p in pages:
        assert client.get(C + p).status_code == 200, p
    assert changes.total == before
