"""Engage settings and Customer Care objects: bad input is 400 naming the field and the rule, and
nothing is half-written; names unique per tenant (409)."""

from __future__ import annotations

import pytest

from mockserver.events import AssetRegistered
from mockserver.core.events import dispatcher
from mockserver.core.seeding import pod_org_id

E = "/engage/cl1pod1"


@pytest.fixture
def admin(sandbox, auth):
    sandbox.reset(pod=1, scenario="provisioned")
    return auth("admin", pod=1)


def _fields(r):
    return [e.get("field") for e in r.json()["errors"]]


def test_attachment_channel_rules(client, admin):
    before = client.get(f"{E}/settings/attachments/whatsapp", headers=admin).json()
    assert (before["maxSizeMB"], before["maxCount"], before["limits"]) == (16, 1, {"maxSizeMB": 100, "maxCount": 1})
    r = client.put(f"{E}/settings/attachments/whatsapp", headers=admin,
                   json={"maxSizeMB": 101, "maxCount": 2, "extensions": ["pdf", "exe", "jpg", "pdf"]})
    assert r.status_code == 400
    assert _fields(r) == ["maxSizeMB", "maxCount", "extensions[1]", "extensions[2]", "extensions[3]"]
    assert "PCI" in r.json()["errors"][2]["description"]
    assert client.get(f"{E}/settings/attachments/whatsapp", headers=admin).json() == before  # nothing half-written
    r = client.put(f"{E}/settings/attachments/whatsapp", headers=admin, json={"maxSizeMB": 0, "maxCount": 1, "extensions": []})
    assert _fields(r) == ["maxSizeMB", "extensions"]
    r = client.put(f"{E}/settings/attachments/fax", headers=admin, json={"maxSizeMB": 1, "maxCount": 1, "extensions": ["pdf"]})
    assert r.status_code == 400 and _fields(r) == ["channel"]
    r = client.put(f"{E}/settings/attachments/sms", headers=admin, json={"maxSizeMB": "big", "maxCount": 1, "extensions": ["pdf"]})
    assert r.status_code == 400 and _fields(r) == ["maxSizeMB"]
    r = client.put(f"{E}/settings/attachments", headers=admin, json={"enabled": True, "colour": "red"})
    assert r.status_code == 400 and "not a known field" in r.json()["errors"][0]["description"]
    ok = client.put(f"{E}/settings/attachments/sms", headers=admin, json={"maxSizeMB": 5, "maxCount": 1, "extensions": ["TXT"]})
    assert ok.status_code == 200 and ok.json()["extensions"] == ["txt"]


def test_templates_crud_and_rules(client, admin):
    t = client.post(f"{E}/assets/templates", headers=admin, json={
        "name": "Order status", "channel": "email", "subject": "Your order {{order.id}}",
        "body": "Dear {{customer.firstName}}, order {{order.id}} shipped. {{ customer.firstName }}"})
    assert t.status_code == 201, t.text
    tpl = t.json()
    assert tpl["placeholders"] == ["customer.firstName", "order.id"] and tpl["createdBy"] == "cl1admin1@email.carehybrid.com"
    dup = client.post(f"{E}/customer-care/templates", headers=admin, json={"name": "ORDER STATUS", "channel": "chat", "body": "x"})
    assert dup.status_code == 409 and _fields(dup) == ["name"]
    bad = client.post(f"{E}/assets/templates", headers=admin, json={
        "name": " ", "channel": "sms", "body": "Hi {{first name}} " + "x" * 1600, "subject": "S"})
    assert bad.status_code == 400 and _fields(bad) == ["name", "body", "body", "subject"]
    bad = client.post(f"{E}/assets/templates", headers=admin, json={"name": "A", "channel": "fax", "body": "x"})
    assert bad.status_code == 400 and _fields(bad) == ["channel"]
    # the Customer Care view shows and edits the same set
    cc = client.get(f"{E}/customer-care/templates", headers=admin).json()["data"]
    assert [x["id"] for x in cc] == [tpl["id"]]
    upd = client.put(f"{E}/customer-care/templates/{tpl['id']}", headers=admin,
                     json={"name": "Order shipped", "channel": "chat", "body": "Shipped, {{customer.firstName}}!"})
    assert upd.status_code == 200 and upd.json()["subject"] is None
    assert client.get(f"{E}/assets/templates/{tpl['id']}", headers=admin).json()["name"] == "Order shipped"
    other = client.post(f"{E}/assets/templates", headers=admin, json={"name": "Bye", "channel": "chat", "body": "Bye"}).json()
    r = client.put(f"{E}/assets/templates/{other['id']}", headers=admin, json={"name": "order shipped", "channel": "chat", "body": "x"})
    assert r.status_code == 409
    assert client.get(f"{E}/assets/templates/{other['id']}", headers=admin).json()["name"] == "Bye"
    listed = client.get(f"{E}/assets/templates", params={"channel": "chat", "search": "bye"}, headers=admin).json()
    assert [x["name"] for x in listed["data"]] == ["Bye"]
    assert client.delete(f"{E}/assets/templates/{other['id']}", headers=admin).status_code == 204
    assert client.get(f"{E}/customer-care/templates/{other['id']}", headers=admin).status_code == 404
    assert client.delete(f"{E}/assets/templates/{other['id']}", headers=admin).status_code == 404


def test_blocklist(client, admin):
    w = client.post(f"{E}/customer-care/blocklist", headers=admin, json={"word": "  Darn   it "})
    assert w.status_code == 201 and (w.json()["word"], w.json()["action"]) == ("Darn it", "block")
    assert client.post(f"{E}/customer-care/blocklist", headers=admin, json={"word": "darn it", "action": "mask"}).status_code == 409
    r = client.post(f"{E}/customer-care/blocklist", headers=admin, json={"word": "!!!", "action": "hide"})
    assert r.status_code == 400 and _fields(r) == ["action"]
    r = client.post(f"{E}/customer-care/blocklist", headers=admin, json={"word": "!!!"})
    assert r.status_code == 400 and _fields(r) == ["word"]
    upd = client.put(f"{E}/customer-care/blocklist/{w.json()['id']}", headers=admin, json={"word": "darn", "action": "mask"})
    assert upd.json()["action"] == "mask"
    assert client.get(f"{E}/customer-care/blocklist", params={"action": "mask"}, headers=admin).json()["meta"]["totalItems"] == 1
    assert client.delete(f"{E}/customer-care/blocklist/{w.json()['id']}", headers=admin).status_code == 204
    assert client.get(f"{E}/customer-care/blocklist", headers=admin).json()["data"] == []


def test_working_hours_rules(client, admin):
    body = {"name": "Support", "timeZone": "Mars/Olympus", "days": [
        {"day": "MONDAY", "ranges": [{"start": "09:00", "end": "13:00"}, {"start": "12:00", "end": "18:00"}]},
        {"day": "TUESDAY", "ranges": [{"start": "18:00", "end": "09:00"}, {"start": "25:00", "end": "24:00"}]},
        {"day": "MONDAY", "ranges": [{"start": "20:00", "end": "21:00"}]}]}
    r = client.post(f"{E}/customer-care/working-hours", headers=admin, json=body)
    assert r.status_code == 400
    assert _fields(r) == ["timeZone", "days[0].ranges[1]", "days[1].ranges[0]", "days[1].ranges[1].start", "days[2].day"]
    assert "overlaps days[0].ranges[0]" in r.json()["errors"][1]["description"]
    assert client.get(f"{E}/customer-care/working-hours", headers=admin).json()["meta"]["totalItems"] == 1
    r = client.post(f"{E}/customer-care/working-hours", headers=admin, json={"name": "S", "timeZone": "UTC", "days": [
        {"day": "FUNDAY", "ranges": [{"start": "09:00", "end": "10:00"}]}]})
    assert r.status_code == 400 and _fields(r) == ["days.0.day"]
    ok = client.post(f"{E}/customer-care/working-hours", headers=admin, json={"name": "Support", "timeZone": "Europe/Paris", "days": [
        {"day": "SUNDAY", "ranges": [{"start": "20:00", "end": "24:00"}]},
        {"day": "MONDAY", "ranges": [{"start": "13:00", "end": "18:00"}, {"start": "09:00", "end": "13:00"}]}]})
    assert ok.status_code == 201, ok.text
    assert ok.json()["days"] == [{"day": "MONDAY", "ranges": [{"start": "09:00", "end": "13:00"}, {"start": "13:00", "end": "18:00"}]},
                                 {"day": "SUNDAY", "ranges": [{"start": "20:00", "end": "24:00"}]}]
    dup = client.post(f"{E}/customer-care/working-hours", headers=admin, json={**body, "name": "support", "timeZone": "UTC", "days": [
        {"day": "MONDAY", "ranges": [{"start": "09:00", "end": "10:00"}]}]})
    assert dup.status_code == 409
    assert client.delete(f"{E}/customer-care/working-hours/{ok.json()['id']}", headers=admin).status_code == 204


def test_chat_widget_rules(client, admin):
    org = pod_org_id(1)
    dispatcher.publish(AssetRegistered(org_id=org, asset_id="a-chat", name="Chat", channel="chat", address="a_1"))
    dispatcher.publish(AssetRegistered(org_id=org, asset_id="a-sms", name="SMS", channel="sms", address="+14155550100"))
    good = {"websiteDomain": "www.example.com", "visibility": "always",
            "appearance": {"title": "Chat", "welcomeMessage": "Hi", "brandColor": "#0A0B0C", "position": "bottom-left"}}
    r = client.put(f"{E}/assets/channels/a-sms/widget", headers=admin, json=good)
    assert r.status_code == 409 and "Live Chat" in r.json()["errors"][0]["description"]
    before = client.get(f"{E}/assets/channels/a-chat", headers=admin).json()
    r = client.put(f"{E}/assets/channels/a-chat/widget", headers=admin, json={
        **good, "websiteDomain": "https://www.example.com/x", "visibility": "workingHours",
        "appearance": {**good["appearance"], "brandColor": "blue"}})
    assert r.status_code == 400 and _fields(r) == ["websiteDomain", "workingHoursId", "appearance.brandColor"]
    r = client.put(f"{E}/assets/channels/a-chat/widget", headers=admin, json={**good, "workingHoursId": "x"})
    assert r.status_code == 400 and _fields(r) == ["workingHoursId"]
    r = client.put(f"{E}/assets/channels/a-chat/widget", headers=admin, json={**good, "visibility": "sometimes"})
    assert r.status_code == 400 and _fields(r) == ["visibility"]
    assert client.get(f"{E}/assets/channels/a-chat", headers=admin).json() == before
    ok = client.put(f"{E}/assets/channels/a-chat/widget", headers=admin, json={**good, "websiteDomain": "*.Example.com"})
    assert ok.status_code == 200 and ok.json()["widget"]["websiteDomain"] == "*.example.com"
    assert client.get(f"{E}/assets/channels/nope", headers=admin).status_code == 404
