"""Connect flows: the open format and its schema, the template catalog (every published file),
a flow's life in a service (draft edits, Save, Make Live → Publishing → Live, versions, locks),
and the engine driven by customers who write in (/sandbox/customers): Evaluate, Branch, Send,
Receive with its timeout on the sandbox clock, HTTP Request's allow-list, node authorizations."""

from __future__ import annotations

import hashlib
import http.server
import io
import json
import os
import threading
import zipfile
from pathlib import Path

import pytest

from mockserver.connect.flows import catalog
from mockserver.connect.testkit import login

POD = 1
T = f"/connect/cl1pod{POD}"
ADMIN = f"cl1admin{POD}@email.carehybrid.com"
PW = f"C1sco!Pod{POD}"
FLOWS_DIR = Path(os.environ.get("WXCC_SHARED_FLOWS", Path(__file__).resolve().parents[2] / "shared" / "flows"))
CUSTOMER_WA = "+14155550100"


@pytest.fixture
def lab(client, sandbox):
    sandbox.reset(pod=POD, scenario="preconfigured")
    owner = login(client, f"cl1pod{POD}", ADMIN, PW)
    services = {s["name"]: s for s in client.get(f"{T}/services", headers=owner).json()["items"]}
    apps = {a["channel"]: a for a in client.get(f"{T}/assets/apps", headers=owner).json()["items"]}
    return {"h": owner, "first": services["My First Service"], "agnostic": services["Agnostic Flows DO NOT MODIFY"], "apps": apps}


def flows_path(svc: dict) -> str:
    return f"{T}/services/{svc['id']}/flows"


def scratch(nodes: list[dict], trigger: dict | None = None, custom: list | None = None) -> dict:
    return {"formatVersion": "1.0", "trigger": trigger or {"type": "channel", "channel": "whatsapp", "event": "incomingMessage"},
            "customVariables": custom or [], "startNodeId": 2, "nodes": nodes}


def make_live(client, lab, flow: dict, asset_ids: list[str] | None, svc: str = "first") -> dict:
    r = client.post(f"{flows_path(lab[svc])}/{flow['id']}/makeLive", json={"assetIds": asset_ids, "comments": "go"}, headers=lab["h"])
    assert r.status_code == 202, r.text
    assert r.json()["status"] == "Publishing"
    client.post("/sandbox/clock", json={"advance": 121})  # "Wait for 2 minutes"
    got = client.get(f"{flows_path(lab[svc])}/{flow['id']}", headers=lab["h"]).json()
    assert got["status"] == "Live", got
    return got


def whatsapp(client, lab, text: str, sender: str = CUSTOMER_WA) -> dict:
    r = client.post("/sandbox/customers/whatsapp", json={"from": sender, "to": lab["apps"]["whatsapp"]["address"],
                                                         "text": text, "name": "Jane"})
    assert r.status_code == 200, r.text
    return r.json()["delivered"][0]


def inbox(client, channel: str, address: str) -> list[str]:
    r = client.get(f"/sandbox/customers/{channel}/{address}/received")
    assert r.status_code == 200, r.text
    return [m["text"] for m in r.json()["items"]]


ANSWERING = [
    {"id": 2, "type": "start", "name": "WhatsApp in", "outcomes": {"next": 3}},
    {"id": 3, "type": "evaluate", "name": "What is asked",
     "config": {"script": "name = default($(n2.whatsapp.username), 'there')\n"
                          "greeting = concat('Hi ', name, '!')\n"
                          "return 'hours' if containsignorecase($(n2.whatsapp.message), 'hours') else 'other'"
                          .replace("containsignorecase", "contains")},
     "outcomes": {"hours": 4, "other": 5, "error": 8}},
    {"id": 4, "type": "send", "name": "Opening hours", "config": {"text": "$(greeting) We are open 9:00-17:00."}, "outcomes": {"sent": 99}},
    {"id": 5, "type": "branch", "name": "Agent?",
     "config": {"conditions": [{"outcome": "agent", "variable": "$(n2.whatsapp.message)", "operator": "containsignorecase", "value": "agent"}]},
     "outcomes": {"agent": 6, "none": 7}},
    {"id": 6, "type": "send", "name": "Agent", "config": {"text": "An agent will write to you, $(n2.whatsapp.username)."}, "outcomes": {"sent": 99}},
    {"id": 7, "type": "send", "name": "Help", "config": {"text": "Ask about our hours, or type agent."}, "outcomes": {"sent": 99}},
    {"id": 8, "type": "end", "name": "Failed"},
    {"id": 99, "type": "end", "name": "End"},
]


def test_schema_and_catalog_are_published(client, lab):
    schema = client.get(f"{T}/flows/schema")
    assert schema.status_code == 200 and schema.headers["content-type"].startswith("application/schema+json")
    s = schema.json()
    assert "evaluate" in s["$defs"]["Node"]["properties"]["type"]["enum"] and "trigger" in s["required"]
    cat = client.get(f"{T}/flows/templates", headers=lab["h"]).json()
    assert cat["total"] == 24
    supported = {t["key"] for t in cat["items"] if t["supported"]}
    assert {"v2.1-email", "v2.1-task-close", "v3.5-whatsapp", "v3.5-livechat-close"} <= supported
    assert not any(t["supported"] for t in cat["items"] if t["kind"] == "apple")
    d = client.get(f"{T}/flows/templates/v2.1-email", params={"download": True}, headers=lab["h"])
    assert d.status_code == 200 and "attachment" in d.headers["content-disposition"]
    order = [n["type"] for n in d.json()["nodes"]]
    assert order[:5] == ["start", "setVariable", "searchConversation", "createConversation", "appendConversation"]
    assert "queueTask" in order and d.json()["customVariables"][0]["name"] == "bizemailid"
    assert client.get(f"{T}/flows/templates/nope", headers=lab["h"]).status_code == 404
    assert client.get(f"{T}/flows/templates", headers={}).status_code == 401


@pytest.mark.skipif(not FLOWS_DIR.is_dir(), reason=f"Cisco's published flow files are not at {FLOWS_DIR}")
def test_every_published_file_is_recognised_zipped_or_not(client, lab):
    files = sorted(FLOWS_DIR.glob("*/*.zip"))
    assert len(files) == 24
    path = flows_path(lab["first"])
    for i, f in enumerate(files):
        data = f.read_bytes()
        z = zipfile.ZipFile(io.BytesIO(data))
        inner = next(n for n in z.namelist() if n.endswith(".workflow") and "__MACOSX" not in n)
        digest = hashlib.sha256(z.read(inner)).hexdigest()
        t = catalog.BY_SHA[digest]
        r = client.post(f"{path}/upload", data={"name": f"zip {i}"}, files={"file": (f.name, data, "application/zip")}, headers=lab["h"])
        if not t.supported:
            assert r.status_code == 422 and "Apple Messages for Business" in r.json()["errors"][0]["description"], r.text
            continue
        assert r.status_code == 201, (f.name, r.text)
        assert r.json()["source"]["template"] == t.key and r.json()["status"] == "Working Draft"
        # the unzipped .workflow is recognised the same way
        r = client.post(f"{path}/upload", data={"name": f"raw {i}"}, files={"file": (inner.rsplit('/', 1)[-1], z.read(inner))},
                        headers=lab["h"])
        assert r.status_code == 201 and r.json()["source"]["sha256"] == digest


def test_bad_uploads_are_refused_and_nothing_is_stored(client, lab):
    path = flows_path(lab["first"])
    before = client.get(path, headers=lab["h"]).json()["total"]
    unknown = os.urandom(4096).hex().encode()
    r = client.post(f"{path}/upload", data={"name": "X"}, files={"file": ("Mine.workflow", unknown)}, headers=lab["h"])
    assert r.status_code == 422, r.text
    text = " ".join(e["description"] for e in r.json()["errors"])
    assert "not one of Cisco's published templates" in text and "Email Inbound Flow.workflow" in text and "open definition" in text
    r = client.post(f"{path}/upload", data={"name": "X"}, files={"file": ("Flow.workflow.zip", b"PK\x03\x04garbage")}, headers=lab["h"])
    assert r.status_code == 400 and "damaged" in r.json()["errors"][0]["description"]
    r = client.post(f"{path}/upload", data={"name": "X"}, files={"file": ("notes.txt", b"hello, not a flow")}, headers=lab["h"])
    assert r.status_code == 400 and "neither" in r.json()["errors"][0]["description"]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("readme.md", "no flow")
    r = client.post(f"{path}/upload", data={"name": "X"}, files={"file": ("x.zip", buf.getvalue())}, headers=lab["h"])
    assert r.status_code == 400 and "0 flow files" in r.json()["errors"][0]["description"]
    bad = scratch([{"id": 2, "type": "start", "outcomes": {"next": 3}}, {"id": 3, "type": "teleport", "outcomes": {}}])
    r = client.post(path, json={"name": "Bad", "definition": bad}, headers=lab["h"])
    assert r.status_code == 400 and "'teleport' is not a node type" in r.text
    r = client.post(path, json={"name": "Bad", "definition": {"nodes": "x"}}, headers=lab["h"])
    assert r.status_code == 400 and "definition.trigger" in r.text
    assert client.get(path, headers=lab["h"]).json()["total"] == before


def test_save_lists_every_missing_or_incorrect_connection(client, lab):
    nodes = [{"id": 2, "type": "start", "outcomes": {"next": 3}},
             {"id": 3, "type": "send", "config": {"text": "hi"}, "outcomes": {"sent": 42, "bogus": 99}},
             {"id": 4, "type": "send", "config": {"text": "orphan"}, "outcomes": {"sent": 99}},
             {"id": 5, "type": "setVariable", "config": {"variables": {}}, "outcomes": {}},
             {"id": 99, "type": "end"}]
    f = client.post(flows_path(lab["first"]), json={"name": "Broken", "definition": scratch(nodes)}, headers=lab["h"]).json()
    r = client.post(f"{flows_path(lab['first'])}/{f['id']}/save", headers=lab["h"])
    assert r.status_code == 400
    errs = [e["description"] for e in r.json()["errors"]]
    assert any("points to node 42, which does not exist" in e for e in errs)
    assert any("outcome 'bogus' does not exist" in e for e in errs)
    assert any(e.startswith("node 4 ") and "not connected" in e for e in errs)
    assert any(e.startswith("node 5 ") and "no outcome is connected" in e for e in errs)
    # Make Live refuses the same graph, and nothing changes
    r = client.post(f"{flows_path(lab['first'])}/{f['id']}/makeLive", json={"assetIds": [lab["apps"]["whatsapp"]["id"]]}, headers=lab["h"])
    assert r.status_code == 400
    assert client.get(f"{flows_path(lab['first'])}/{f['id']}", headers=lab["h"]).json()["status"] == "Working Draft"


def test_from_scratch_start_evaluate_branch_send_answers_a_customer(client, lab):
    path = flows_path(lab["first"])
    f = client.post(path, json={"name": "Answering", "definition": scratch(ANSWERING)}, headers=lab["h"]).json()
    assert client.post(f"{path}/{f['id']}/save", headers=lab["h"]).json()["saved"] is True
    app = lab["apps"]["whatsapp"]
    # no live flow yet: logged, nothing runs (the real service handles it so)
    assert whatsapp(client, lab, "hello")["handled"] is False
    r = client.post(f"{path}/{f['id']}/makeLive", json={"assetIds": [app["appId"]], "comments": "v1"}, headers=lab["h"])
    assert r.status_code == 202 and r.json()["publishingCompletesAt"]
    # publishing with no earlier version: the message is rejected
    out = whatsapp(client, lab, "hello")
    assert out["handled"] is False and "publishing" in out["reason"]
    client.post("/sandbox/clock", json={"advance": 121})
    assert client.get(path, headers=lab["h"]).json()["items"][0]["status"] == "Live"
    out = whatsapp(client, lab, "What are your hours?")
    assert out["handled"] is True and out["execution"] == "completed"
    whatsapp(client, lab, "I want an AGENT")
    whatsapp(client, lab, "hm")
    assert inbox(client, "whatsapp", CUSTOMER_WA) == ["Hi Jane! We are open 9:00-17:00.", "An agent will write to you, Jane.",
                                                     "Ask about our hours, or type agent."]
    debug = client.get(f"{T}/debug/transactions/{out['transactionId']}", headers=lab["h"]).json()
    assert [s["nodeId"] for s in debug["steps"]] == [2, 3, 4, 99]
    assert debug["steps"][1]["outcome"] == "hours" and debug["steps"][1]["outputs"]["greeting"] == "Hi Jane!"
    assert debug["steps"][2]["inputs"]["text"] == "Hi Jane! We are open 9:00-17:00."
    dash = client.get(f"{T}/services/{lab['first']['id']}/dashboard", headers=lab["h"]).json()
    assert dash["channels"]["whatsapp"]["inbound"] == 3 and dash["channels"]["whatsapp"]["delivered"] == 3
    assert dash["flows"][f["id"]]["executions"] == 3
    rep = client.get(f"{T}/reports", params={"serviceId": lab["first"]["id"], "channel": "whatsapp"}, headers=lab["h"]).json()
    assert rep["records"] == [{"Submitted": 3, "Rejected": 0, "Delivered": 3, "Read": 0, "Failed": 0}]
    rep = client.get(f"{T}/reports", params={"serviceId": lab["first"]["id"], "flowId": f["id"], "to": "2000-01-01T00:00:00Z"},
                     headers=lab["h"]).json()
    assert rep["records"] == [] and rep["message"] == "No records found."
    usage = client.get(f"{T}/settings/usage", headers=lab["h"]).json()
    assert usage["flows"] == 1 and usage["flowExecutions"] == 3 and usage["messages"]["delivered"] == 3


def test_versions_publishing_keeps_the_previous_live_version(client, lab):
    path = flows_path(lab["first"])
    app = lab["apps"]["whatsapp"]
    v1 = scratch([{"id": 2, "type": "start", "outcomes": {"next": 3}},
                  {"id": 3, "type": "send", "config": {"text": "version one"}, "outcomes": {"sent": 99}}, {"id": 99, "type": "end"}])
    f = client.post(path, json={"name": "Versions", "definition": v1}, headers=lab["h"]).json()
    make_live(client, lab, f, [app["id"]])
    r = client.patch(f"{path}/{f['id']}/nodes/3", json={"config": {"text": "version two"}}, headers=lab["h"])
    assert r.status_code == 200 and r.json()["draftChanged"] is True
    assert client.post(f"{path}/{f['id']}/makeLive", json={"assetIds": [app["id"]]}, headers=lab["h"]).status_code == 202
    whatsapp(client, lab, "a")  # while publishing, version 1 answers
    client.post("/sandbox/clock", json={"advance": 121})
    whatsapp(client, lab, "b")
    assert inbox(client, "whatsapp", CUSTOMER_WA) == ["version one", "version two"]
    vs = client.get(f"{path}/{f['id']}/versions", headers=lab["h"]).json()["items"]
    assert [(v["version"], v["status"]) for v in vs] == [(1, "Inactive"), (2, "Live")]
    # an earlier version made live again
    assert client.post(f"{path}/{f['id']}/versions/1/makeLive", json={}, headers=lab["h"]).status_code == 202
    client.post("/sandbox/clock", json={"advance": 121})
    whatsapp(client, lab, "c")
    assert inbox(client, "whatsapp", CUSTOMER_WA)[-1] == "version one"
    assert client.get(f"{path}/{f['id']}/definition", params={"version": 2}, headers=lab["h"]).json()["nodes"][1]["config"]["text"] == "version two"
    # an app starts one flow per event
    other = client.post(path, json={"name": "Other", "definition": v1}, headers=lab["h"]).json()
    r = client.post(f"{path}/{other['id']}/makeLive", json={"assetIds": [app["id"]]}, headers=lab["h"])
    assert r.status_code == 409 and "already triggers live flow 'Versions'" in r.text
    r = client.post(f"{path}/{other['id']}/makeLive", json={"assetIds": [lab["apps"]["sms"]["id"]] if "sms" in lab["apps"] else ["nope"]},
                    headers=lab["h"])
    assert r.status_code == 400


def test_receive_waits_for_the_next_message_or_times_out(client, lab):
    nodes = [{"id": 2, "type": "start", "outcomes": {"next": 3}},
             {"id": 3, "type": "send", "config": {"text": "Reply 1 for sales, 2 for support"}, "outcomes": {"sent": 4}},
             {"id": 4, "type": "receive", "config": {"timeoutSeconds": 60}, "outcomes": {"received": 5, "timeout": 7}},
             {"id": 5, "type": "branch", "config": {"conditions": [
                 {"outcome": "sales", "variable": "$(n4.receive.message)", "operator": "equals", "value": "1"}]},
              "outcomes": {"sales": 6, "none": 8}},
             {"id": 6, "type": "send", "config": {"text": "Sales it is"}, "outcomes": {"sent": 99}},
             {"id": 7, "type": "send", "config": {"text": "Bye for now"}, "outcomes": {"sent": 99}},
             {"id": 8, "type": "send", "config": {"text": "Support it is"}, "outcomes": {"sent": 99}},
             {"id": 99, "type": "end"}]
    f = client.post(flows_path(lab["first"]), json={"name": "Menu", "definition": scratch(nodes)}, headers=lab["h"]).json()
    make_live(client, lab, f, [lab["apps"]["whatsapp"]["id"]])
    first = whatsapp(client, lab, "hi")
    assert first["execution"] == "waiting"
    again = whatsapp(client, lab, "1")
    assert again["transactionId"] == first["transactionId"] and again["execution"] == "completed"
    other = "+14155550199"
    assert whatsapp(client, lab, "hi", other)["execution"] == "waiting"
    client.post("/sandbox/clock", json={"advance": 61})
    assert inbox(client, "whatsapp", CUSTOMER_WA) == ["Reply 1 for sales, 2 for support", "Sales it is"]
    assert inbox(client, "whatsapp", other) == ["Reply 1 for sales, 2 for support", "Bye for now"]


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802
        length = int(self.headers.get("content-length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}")
        out = json.dumps({"customer": {"tier": "gold", "name": body.get("name")}}).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)

    def log_message(self, *a):  # noqa: ANN002
        pass


def test_http_request_reaches_loopback_only(client, lab):
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        nodes = [{"id": 2, "type": "start", "outcomes": {"next": 3}},
                 {"id": 3, "type": "httpRequest", "name": "CRM",
                  "config": {"method": "POST", "url": "$(crmUrl)", "headers": {"content-type": "application/json"},
                             "body": "{\"name\": \"$(n2.whatsapp.username)\"}", "responseMappings": {"tier": "$.customer.tier"}},
                  "outcomes": {"success": 4, "failure": 5, "error": 5}},
                 {"id": 4, "type": "send", "config": {"text": "Welcome, $(n3.tier) member"}, "outcomes": {"sent": 99}},
                 {"id": 5, "type": "send", "config": {"text": "CRM unavailable"}, "outcomes": {"sent": 99}},
                 {"id": 99, "type": "end"}]
        url = f"http://127.0.0.1:{srv.server_address[1]}/lookup"
        f = client.post(flows_path(lab["first"]), json={"name": "CRM", "definition": scratch(
            nodes, custom=[{"name": "crmUrl", "default": url}])}, headers=lab["h"]).json()
        make_live(client, lab, f, [lab["apps"]["whatsapp"]["id"]])
        whatsapp(client, lab, "hi")
        assert inbox(client, "whatsapp", CUSTOMER_WA) == ["Welcome, gold member"]
        # a disallowed host fails the node (its error outcome), not the server
        r = client.patch(f"{flows_path(lab['first'])}/{f['id']}/customVariables",
                         json={"variables": {"crmUrl": "https://crm.example.com/lookup"}}, headers=lab["h"])
        assert r.status_code == 200
        make_live(client, lab, f, [lab["apps"]["whatsapp"]["id"]])
        out = whatsapp(client, lab, "hi again")
        assert inbox(client, "whatsapp", CUSTOMER_WA)[-1] == "CRM unavailable"
        step = client.get(f"{T}/debug/transactions/{out['transactionId']}", headers=lab["h"]).json()["steps"][1]
        assert step["outcome"] == "error" and "host 'crm.example.com' is not allowed" in step["error"]
    finally:
        srv.shutdown()


def test_an_unconnected_error_outcome_ends_the_run_with_a_reason(client, lab):
    nodes = [{"id": 2, "type": "start", "outcomes": {"next": 3}},
             {"id": 3, "type": "evaluate", "config": {"script": "x = __import__('os')\nreturn 'ok'"}, "outcomes": {"ok": 99}},
             {"id": 99, "type": "end"}]
    f = client.post(flows_path(lab["first"]), json={"name": "Unsafe", "definition": scratch(nodes)}, headers=lab["h"]).json()
    make_live(client, lab, f, [lab["apps"]["whatsapp"]["id"]])
    out = whatsapp(client, lab, "hi")
    assert out["execution"] == "failed" and "unknown function '__import__'" in out["reason"]


def test_wxcc_nodes_need_their_node_authorization(client, sandbox):
    """In the 'provisioned' scenario the integrations are still Authorization Pending."""
    sandbox.reset(pod=POD, scenario="provisioned")
    h = login(client, f"cl1pod{POD}", ADMIN, PW)
    svc = client.post(f"{T}/services", json={"name": "Auth"}, headers=h).json()
    apps = {a["channel"]: a for a in client.get(f"{T}/assets/apps", headers=h).json()["items"]}
    nodes = [{"id": 2, "type": "start", "outcomes": {"next": 3}},
             {"id": 3, "type": "createTask", "config": {"conversationId": "c-1", "taskId": "$(n2.whatsapp.transId)"},
              "outcomes": {"created": 99, "onauthorizationfail": 4}},
             {"id": 4, "type": "send", "config": {"text": "We cannot take your message right now"}, "outcomes": {"sent": 99}},
             {"id": 99, "type": "end"}]
    f = client.post(f"{T}/services/{svc['id']}/flows", json={"name": "Task", "definition": scratch(nodes)}, headers=h).json()
    lab = {"h": h, "first": svc, "apps": apps}
    make_live(client, lab, f, [apps["whatsapp"]["id"]])
    out = whatsapp(client, lab, "hi")
    steps = client.get(f"{T}/debug/transactions/{out['transactionId']}", headers=h).json()["steps"]
    assert steps[1]["outcome"] == "onauthorizationfail" and "Authorization Pending" not in steps[1]["error"]
    assert "is not authorized" in steps[1]["error"]
    assert inbox(client, "whatsapp", CUSTOMER_WA) == ["We cannot take your message right now"]


def test_locked_service_refuses_flow_changes_until_unlocked(client, lab):
    path = flows_path(lab["agnostic"])
    r = client.post(path, json={"name": "Task Close Flow", "template": "v2.1-task-close"}, headers=lab["h"])
    assert r.status_code == 423 and "untick Service Locking" in r.json()["errors"][0]["description"]
    assert client.get(path, headers=lab["h"]).json()["total"] == 0
    assert client.patch(f"{T}/services/{lab['agnostic']['id']}", json={"locked": False}, headers=lab["h"]).status_code == 200
    f = client.post(path, json={"name": "Task Close Flow", "template": "v2.1-task-close"}, headers=lab["h"]).json()
    assert client.patch(f"{T}/services/{lab['agnostic']['id']}", json={"locked": True}, headers=lab["h"]).status_code == 200
    r = client.patch(f"{path}/{f['id']}/nodes/4", json={"name": "x"}, headers=lab["h"])
    assert r.status_code == 423
    assert client.delete(f"{path}/{f['id']}", headers=lab["h"]).status_code == 423


def test_copy_trigger_and_custom_variables(client, lab):
    path = flows_path(lab["first"])
    src = client.post(path, json={"name": "FB", "template": "v2.1-facebook"}, headers=lab["h"]).json()
    cp = client.post(path, json={"name": "FB copy", "copyFromFlowId": src["id"]}, headers=lab["h"]).json()
    assert cp["source"] == {"kind": "copy", "flowId": src["id"], "serviceId": lab["first"]["id"]}
    r = client.patch(f"{path}/{cp['id']}/customVariables", json={"variables": {"FBPageID": "1234", "appid": "a_1"}}, headers=lab["h"])
    cv = {v["name"]: v["default"] for v in r.json()["definition"]["customVariables"]}
    assert cv == {"FBPageID": "1234", "appid": "a_1"}
    r = client.put(f"{path}/{cp['id']}/trigger", json={"trigger": {"type": "channel", "channel": "messenger", "event": "postback"}},
                   headers=lab["h"])
    assert r.status_code == 200 and r.json()["trigger"]["event"] == "postback"
    r = client.put(f"{path}/{cp['id']}/trigger", json={"trigger": {"type": "channel", "channel": "fax"}}, headers=lab["h"])
    assert r.status_code == 400
    new = client.post(path, json={"name": "New", "trigger": {"type": "channel", "channel": "email"}}, headers=lab["h"]).json()
    assert new["definition"]["nodes"][0]["type"] == "start"
    assert client.post(f"{path}/{new['id']}/save", headers=lab["h"]).status_code == 400  # nothing connected yet
    r = client.post(path, json={"name": "New"}, headers=lab["h"])
    assert r.status_code == 409
