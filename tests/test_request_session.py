"""One session per request: a route's lookups (tenant, the object in the path), its checks and its
write share one transaction, begun with the request's write intent (GET: a plain read; writes:
serialized). So a row another client deletes meanwhile is never written to (no 500), and a write
waits for the one in progress instead of slipping between its lookup and its write."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import event

from mockserver.core.db import db, write_intent
from mockserver.core.seeding import pod_org_id
from mockserver.testing import SyncASGIClient

E = "/engage/cl1pod1"
TEMPLATE = {"name": "Greeting", "channel": "chat", "body": "Hello {{customer.firstName}}"}
WORD = {"word": "darn", "action": "mask"}
HOURS = {"name": "Support", "timeZone": "Europe/Paris", "days": [{"day": "MONDAY", "ranges": [{"start": "09:00", "end": "17:00"}]}]}


@pytest.fixture
def admin(sandbox, auth):
    sandbox.reset(pod=1, scenario="provisioned")
    return auth("admin", pod=1)


@pytest.fixture
def objects(client, admin):
    """A template, a blocklist word and working hours of the tenant: their ids."""
    out = {}
    for key, path, body in (("template", "assets/templates", TEMPLATE), ("word", "customer-care/blocklist", WORD),
                            ("hours", "customer-care/working-hours", HOURS)):
        r = client.post(f"{E}/{path}", headers=admin, json=body)
        assert r.status_code == 201, r.text
        out[key] = r.json()["id"]
    return out


@pytest.fixture
def opened(monkeypatch):
    """The write intent of every session the app opens and of every transaction it begins."""
    seen: dict[str, list[bool]] = {"sessions": [], "transactions": []}
    real = db.session

    def counted():
        seen["sessions"].append(write_intent.get())
        return real()

    def began(_conn):
        seen["transactions"].append(write_intent.get())

    monkeypatch.setattr(db, "session", counted)
    event.listen(db.engine, "begin", began)
    yield seen
    event.remove(db.engine, "begin", began)


def _engage_requests(ids: dict[str, str]) -> list[tuple[str, str, dict | None, int]]:
    return [
        ("GET", "", None, 200),
        ("GET", "/assets/templates", None, 200),
        ("GET", f"/assets/templates/{ids['template']}", None, 200),
        ("PUT", f"/customer-care/templates/{ids['template']}", {**TEMPLATE, "body": "Hi"}, 200),
        ("POST", "/assets/templates", {**TEMPLATE, "name": "Bye"}, 201),
        ("GET", "/customer-care/blocklist", None, 200),
        ("PUT", f"/customer-care/blocklist/{ids['word']}", {**WORD, "action": "block"}, 200),
        ("DELETE", f"/customer-care/blocklist/{ids['word']}", None, 204),
        ("PUT", f"/customer-care/working-hours/{ids['hours']}", {**HOURS, "description": "weekdays"}, 200),
        ("DELETE", f"/customer-care/working-hours/{ids['hours']}", None, 204),
        ("GET", "/users", None, 200),
        ("GET", "/dashboard", None, 200),
        ("PUT", "/settings/attachments", {"enabled": False}, 200),
        ("PUT", "/settings/attachments/sms", {"maxSizeMB": 5, "maxCount": 1, "extensions": ["txt"]}, 200),
        ("DELETE", f"/assets/templates/{ids['template']}", None, 204),
    ]


def test_an_engage_request_opens_one_session_and_one_transaction_with_its_write_intent(client, admin, objects, opened):
    for method, path, body, status in _engage_requests(objects):
        opened["sessions"].clear()
        opened["transactions"].clear()
        r = client.request(method, E + path, headers=admin, json=body)
        assert r.status_code == status, (method, path, r.text)
        writes = method != "GET"
        assert opened == {"sessions": [writes], "transactions": [writes]}, (method, path)


def test_a_token_not_yet_cached_is_read_in_the_request_session(client, sandbox, opened):
    sandbox.reset(pod=1, scenario="provisioned")
    fresh = sandbox.auth("cl1admin1@email.carehybrid.com")
    opened["sessions"].clear()
    opened["transactions"].clear()
    assert client.get(f"{E}/assets/templates", headers=fresh).status_code == 200
    assert opened == {"sessions": [False], "transactions": [False]}


def test_a_refused_engage_write_rolls_back_in_its_one_session(client, admin, objects, opened):
    r = client.put(f"{E}/customer-care/working-hours/{objects['hours']}", headers=admin,
                   json={**HOURS, "timeZone": "Mars/Olympus"})
    assert r.status_code == 400 and opened["sessions"] == [True]
    assert client.get(f"{E}/customer-care/working-hours/{objects['hours']}", headers=admin).json()["timeZone"] == "Europe/Paris"


def test_a_wxcc_config_request_opens_one_session(client, auth, opened):
    h = auth("admin", pod=1)
    base = f"/organization/{pod_org_id(1)}"
    site = client.get(f"{base}/site", headers=h).json()[0]
    mmp = {"name": "MMP", "telephony": 1, "chat": 3, "email": 3, "social": 3, "active": True,
           "blendingModeEnabled": True, "blendingMode": "BLENDED"}
    for method, path, body, status in (
            ("GET", f"/site/{site['id']}", None, 200),
            ("PUT", f"/site/{site['id']}", {**site, "description": "HQ"}, 200),
            ("POST", "/multimedia-profile", mmp, 200),
            ("POST", "/multimedia-profile/bulk", {"items": [
                {"itemIdentifier": 1, "requestAction": "SAVE", "item": {**mmp, "name": "MMP2"}},
                {"itemIdentifier": 2, "requestAction": "SAVE", "item": {**mmp, "name": "mmp2"}},
                {"itemIdentifier": 3, "requestAction": "SAVE", "item": {**mmp, "name": "MMP3"}}]}, 207)):
        opened["sessions"].clear()
        r = client.request(method, base + path, headers=h, json=body)
        assert r.status_code == status, (method, path, r.text)
        assert opened["sessions"] == [method != "GET"], (method, path)
    assert [x["status"] for x in r.json()["items"]] == [201, 409, 201]  # each item its own transaction


@pytest.mark.parametrize("kind,path,body,what", [
    ("template", "assets/templates", TEMPLATE, "Template"),
    ("template", "customer-care/templates", TEMPLATE, "Template"),
    ("word", "customer-care/blocklist", WORD, "Blocklist word"),
    ("hours", "customer-care/working-hours", HOURS, "Working hours"),
])
def test_an_update_or_delete_of_a_deleted_object_is_404_in_engage_shape(client, admin, objects, kind, path, body, what):
    id_ = objects[kind]
    assert client.delete(f"{E}/{path}/{id_}", headers=admin).status_code == 204
    for r in (client.put(f"{E}/{path}/{id_}", headers=admin, json=body), client.delete(f"{E}/{path}/{id_}", headers=admin)):
        assert r.status_code == 404, r.text
        got = r.json()
        assert got["trackingId"].startswith("ENGAGE_")
        assert {k: v for k, v in got.items() if k != "trackingId"} == {
            "status_code": 404, "description": f"{what} not found.",
            "errors": [{"description": f"{what} '{id_}' does not exist in this Engage tenant."}]}


def test_a_delete_waits_for_an_update_between_its_lookup_and_its_write(private_sandbox, tmp_path, monkeypatch):
    """Two clients on a file database (as two workers would be): the update has looked the template
    up and is about to write when the delete arrives. The delete waits for the update's transaction
    (it cannot slip in between and make the update write to a deleted row: a 500), then deletes."""
    from mockserver.engage.settings import service

    sb = private_sandbox(pods="1", ephemeral=False, database_url=f"sqlite:///{tmp_path}/race.db")
    sb.reset(pod=1, scenario="provisioned")
    h = sb.auth("cl1admin1@email.carehybrid.com")
    tid = sb.client.post(f"{E}/assets/templates", headers=h, json=TEMPLATE).json()["id"]

    looked_up, go = threading.Event(), threading.Event()
    rules = service._template_rules

    def paused(body):  # runs after the route's lookup, before the write
        looked_up.set()
        assert go.wait(10)
        return rules(body)

    monkeypatch.setattr(service, "_template_rules", paused)
    other = SyncASGIClient(sb.app)
    status: dict[str, int] = {}

    def update():
        status["update"] = sb.client.put(f"{E}/assets/templates/{tid}", headers=h, json={**TEMPLATE, "body": "Hi"}).status_code

    def delete():
        status["delete"] = other.delete(f"{E}/assets/templates/{tid}", headers=h).status_code

    updater = threading.Thread(target=update)
    updater.start()
    assert looked_up.wait(10)
    deleter = threading.Thread(target=delete)
    deleter.start()
    deleter.join(0.5)
    waited = deleter.is_alive()  # still waiting for the update's transaction
    go.set()
    updater.join(10)
    deleter.join(10)
    other.close()
    assert waited
    assert status == {"update": 200, "delete": 204}
    assert sb.client.get(f"{E}/assets/templates/{tid}", headers=h).status_code == 404
