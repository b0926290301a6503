"""Connect's public APIs on the sandbox (/connect/api = api.<region>.webexconnect.io, /connect/hooks =
hooks.<region>.webexconnect.io): service key and JWT authentication with the real codes, Messaging
v1 / v2 and SMS v1 reaching the customer simulator, delivery receipts POSTed to the notify URL,
inbound webhooks and custom events starting flows."""

from __future__ import annotations

import base64
import http.server
import json
import threading
import time

import pytest
from jose import jwt

from mockserver.core.clock import clock
from tests.test_connect_flows import lab, make_live, scratch  # noqa: F401 - fixture

T = "/connect/cl1pod1"


@pytest.fixture
def creds(client, lab):  # noqa: F811
    return client.get(f"{T}/services/{lab['first']['id']}/credentials", headers=lab["h"]).json()


class _Receipts(http.server.BaseHTTPRequestHandler):
    got: list = []

    def do_POST(self):  # noqa: N802
        self.got.append(json.loads(self.rfile.read(int(self.headers["content-length"]))))
        self.send_response(200)
        self.send_header("content-length", "0")
        self.end_headers()

    def log_message(self, *a):  # noqa: ANN002
        pass


def test_authentication_codes(client, creds):
    url = "/connect/api/resources/v1/messaging"
    body = {"deliverychannel": "sms", "destination": [{"msisdn": ["14155550100"]}], "channels": {"sms": {"text": "hi"}}}
    assert client.post(url, json=body).json()["response"]["code"] == "7002"
    assert client.post(url, json=body, headers={"key": "nope"}).json()["response"]["code"] == "7001"
    secret = base64.b64decode(creds["serviceSecret"])
    good = jwt.encode({"iss": creds["serviceId"], "iat": int(clock.now_s())}, secret, algorithm="HS256")
    r = client.post(url, json=body, headers={"Authorization": f"Bearer {good}", "key": "wrong-key-ignored"})
    assert r.status_code == 200 and r.json()["response"][0]["code"] == "1001"
    old = jwt.encode({"iss": creds["serviceId"], "iat": int(clock.now_s()) - 3700}, secret, algorithm="HS256")
    assert client.post(url, json=body, headers={"Authorization": f"Bearer {old}"}).json()["response"]["code"] == "7001"
    forged = jwt.encode({"iss": creds["serviceId"], "iat": int(clock.now_s())}, b"x" * 32, algorithm="HS256")
    assert client.post(url, json=body, headers={"Authorization": f"Bearer {forged}"}).json()["response"]["code"] == "7001"
    r = client.post("/connect/api/v2/messages", json={}, headers={"key": "nope"})
    assert r.status_code == 401 and r.json() == {"code": "7001", "message": "Authentication failed."}
    r = client.post("/connect/api/v1/sms/messages", json={}, headers={"key": "nope"})
    assert r.status_code == 403 and r.json()["code"] == "7001"


def test_messaging_reaches_customers_and_receipts_reach_the_notify_url(client, lab, creds):  # noqa: F811
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Receipts)
    _Receipts.got = []
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    key = {"key": creds["serviceKey"]}
    try:
        wa = lab["apps"]["whatsapp"]
        r = client.post("/connect/api/resources/v1/messaging", headers=key, json={
            "deliverychannel": "whatsapp", "appid": wa["appId"], "destination": [{"waid": ["14155550100"], "correlationid": "c-1"}],
            "channels": {"OTT-Messaging": {"wa": {"type": "text", "text": {"body": "Your order shipped"}}}},
            "notifyurl": f"http://127.0.0.1:{srv.server_address[1]}/dr", "callbackData": "cb"})
        out = r.json()["response"][0]
        assert (out["code"], out["description"], out["correlationid"]) == ("1001", "Queued", "c-1")
        client.get("/sandbox/health")  # the receipt timer fires before the next request
        for _ in range(50):
            if len(_Receipts.got) == 2:
                break
            time.sleep(0.05)
        infos = [g["deliveryInfoNotification"] for g in _Receipts.got]
        assert [(i["deliveryInfo"]["deliveryStatus"], i["deliveryInfo"]["code"]) for i in infos] == [("Submitted", "7501"), ("Delivered", "7500")]
        assert infos[0]["transid"] == out["transid"] and infos[0]["callbackData"] == "cb" and infos[0]["deliveryInfo"]["destinationType"] == "waid"
        got = client.get("/sandbox/customers/whatsapp/+14155550100/received").json()["items"]
        assert got[-1]["text"] == "Your order shipped"
        bad = client.post("/connect/api/resources/v1/messaging", headers=key, json={"deliverychannel": "pigeon", "destination": []})
        assert bad.status_code == 200 and bad.json()["response"]["code"] == "7004"
        assert client.post("/connect/api/resources/v1/messaging", headers=key, content=b"{").json()["response"]["code"] == "7000"
        # v2 email and SMS v1
        r = client.post("/connect/api/v2/messages", headers=key, json={"channel": "sms", "from": lab["apps"]["sms"]["address"],
                                                                      "to": [{"msisdn": ["+14155550101"]}], "content": {"type": "text", "text": "code 1234"},
                                                                      "correlationId": "k"})
        assert r.status_code == 201 and r.json()["status"] == "queued" and r.json()["correlationId"] == "k"
        r = client.post("/connect/api/v2/messages", headers=key, json={"channel": "sms", "to": [{"msisdn": ["1"]}], "content": {"text": "x"},
                                                                      "expireAt": "2030-01-01T00:00:00Z", "validity": 60})
        assert r.status_code == 400 and r.json()["code"] == "7004"
        r = client.post("/connect/api/v1/sms/messages", headers=key, json={"to": "+14155550102", "content": "hello", "contentType": "text"})
        assert r.status_code == 202 and r.json()["messageId"]
        r = client.post("/connect/api/v1/sms/messages", headers=key, json={"to": "+14155550102", "content": "hello", "contentType": "x"})
        assert r.status_code == 400 and r.json() == {"code": "7004", "message": "Invalid parameter -  : contentType"}
        assert client.get("/sandbox/customers/sms/+14155550101/received").json()["items"][0]["text"] == "code 1234"
        dash = client.get(f"{T}/services/{lab['first']['id']}/dashboard", headers=lab["h"]).json()
        assert dash["messagingApi"]["requests"] >= 3 and dash["channels"]["sms"]["delivered"] == 2
    finally:
        srv.shutdown()


def test_inbound_webhook_and_custom_event_start_flows(client, lab, creds):  # noqa: F811
    path = f"{T}/services/{lab['first']['id']}/flows"
    sms = lab["apps"]["sms"]
    hook = scratch([{"id": 2, "type": "start", "outcomes": {"next": 3}},
                    {"id": 3, "type": "send", "config": {"channel": "sms", "assetId": sms["id"], "to": "$(n2.customer.phone)",
                                                         "text": "Hello $(n2.customer.name), ticket $(n2.ticket.id)"}, "outcomes": {"sent": 99}},
                    {"id": 99, "type": "end"}], trigger={"type": "webhook"})
    f = client.post(path, json={"name": "Hook", "definition": hook}, headers=lab["h"]).json()
    assert f["webhookUrl"].startswith("/connect/hooks/events/") and len(f["webhookUrl"].rsplit("/", 1)[1]) == 10
    make_live(client, lab, f, [])
    r = client.post(f["webhookUrl"], json={"customer": {"name": "Ana", "phone": "+14155550177"}, "ticket": {"id": 7}})
    assert r.status_code == 200 and r.json()["response"][0]["code"] == "1002"
    assert client.get("/sandbox/customers/sms/+14155550177/received").json()["items"][0]["text"] == "Hello Ana, ticket 7"
    big = client.post(f["webhookUrl"], content=b'{"x":"' + b"a" * (300 * 1024) + b'"}')
    assert big.json()["response"]["code"] == "430"
    assert client.post("/connect/hooks/events/NOPE000000", json={}).json()["response"]["code"] == "7008"

    ev = scratch([{"id": 2, "type": "start", "outcomes": {"next": 3}},
                  {"id": 3, "type": "send", "config": {"channel": "sms", "assetId": sms["id"], "to": "$(n2.ContactNumber)",
                                                       "text": "Hi $(n2.firstName)"}, "outcomes": {"sent": 99}},
                  {"id": 99, "type": "end"}], trigger={"type": "customEvent", "name": "Welcome", "parameters": ["firstName"]})
    g = client.post(path, json={"name": "Event", "definition": ev}, headers=lab["h"]).json()
    make_live(client, lab, g, [])
    key = {"key": creds["serviceKey"]}
    r = client.post("/connect/api/resources/v1/events/externalevent", headers=key, json={"events": [
        {"evtid": g["id"], "correlationid": "A", "parameters": {"firstName": "Bo", "ContactNumber": "+14155550188"}},
        {"evtid": g["id"], "correlationid": "B", "parameters": {"ContactNumber": "+14155550188"}},
        {"evtid": "999999", "correlationid": "C"}]})
    codes = [(x["code"], x["correlationid"]) for x in r.json()["response"]]
    assert codes == [("1002", "A"), ("7025", "B"), ("7004", "C")]
    assert client.get("/sandbox/customers/sms/+14155550188/received").json()["items"][0]["text"] == "Hi Bo"
    assert client.post("/connect/api/resources/v1/events/externalevent", headers=key, json={}).json()["response"]["code"] == "7003"
