"""Reference rules of the configuration resources added for the rest of the API (issue 17):
for each, create it, make another entity refer to it, see the 412 on delete (listing the
references), the incoming references, and the delete once the reference is gone."""

from __future__ import annotations

import pytest

from mockserver.core.seeding import pod_org_id
from mockserver.wxcc.config.seed import entity_id

ORG = pod_org_id(1)
BASE = f"/organization/{ORG}"


@pytest.fixture
def admin(auth):
    return auth("admin")


def seeded(kind: str, key: str) -> str:
    return entity_id(1, kind, key)


def post(client, admin, path: str, body: dict) -> dict:
    r = client.post(f"{BASE}/{path}", json=body, headers=admin)
    assert r.status_code in (200, 201), r.text
    return r.json()


def assert_referenced(client, admin, path: str, id_: str, by_kind: str, by_id: str) -> None:
    """DELETE answers 412 naming the referrer; incoming-references lists it."""
    r = client.delete(f"{BASE}/{path}/{id_}", headers=admin)
    assert r.status_code == 412, r.text
    msg = next(m for m in r.json()["error"]["message"] if m["entity"] == by_kind)
    assert by_id in {x["id"] for x in msg["references"]}
    refs = client.get(f"{BASE}/{path}/{id_}/incoming-references", headers=admin).json()
    assert by_kind in refs["meta"]["referencedEntities"]
    assert by_id in {d["id"] for d in refs["data"]}


def desk_profile(name: str, **extra) -> dict:
    return {"name": name, "parentType": "ORGANIZATION", "active": True, "accessWrapUpCode": "ALL",
            "accessIdleCode": "ALL", "accessQueue": "ALL", "accessEntryPoint": "ALL", "accessBuddyTeam": "ALL",
            "agentDNValidation": "ALL", "viewableStatistics": {"accessQueueStats": "ALL", "accessTeamStats": "ALL"},
            **extra}


def test_holiday_list_and_overrides_belong_to_business_hours(client, admin):
    hol = post(client, admin, "holiday-list", {"name": "Holidays", "holidays": [
        {"name": "Xmas", "startDate": "2027-12-25"}]})
    assert hol["holidaysCount"] == 1 and hol["holidays"][0]["endDate"] == "2027-12-25"
    ovr = post(client, admin, "overrides", {"name": "Closures", "timezone": "Europe/Paris", "overrides": [
        {"name": "Inventory", "startDateTime": "2027-03-01T08:00", "endDateTime": "2027-03-01T18:00",
         "workingHours": False}]})
    assert ovr["latestOverride"]["name"] == "Inventory"
    r = client.post(f"{BASE}/business-hours", headers=admin, json={
        "name": "Shop", "timezone": "Europe/Paris", "holidaysId": "nope",
        "workingHours": [{"name": "Week", "days": ["MON"], "startTime": "09:00", "endTime": "17:00"}]})
    assert r.status_code == 400 and "holidaysId" in r.text
    bh = post(client, admin, "business-hours", {
        "name": "Shop", "timezone": "Europe/Paris", "holidaysId": hol["id"], "overridesId": ovr["id"],
        "workingHours": [{"name": "Week", "days": ["MON"], "startTime": "09:00", "endTime": "17:00"}]})
    assert_referenced(client, admin, "holiday-list", hol["id"], "business-hours", bh["id"])
    assert_referenced(client, admin, "overrides", ovr["id"], "business-hours", bh["id"])
    export = client.get(f"{BASE}/business-hours/bulk-export", headers=admin).json()
    row = next(x for x in export["resources"] if x["name"] == "Shop")
    assert row["holidayName"] == "Holidays" and row["overrideName"] == "Closures"
    assert client.delete(f"{BASE}/business-hours/{bh['id']}", headers=admin).status_code == 204
    assert client.delete(f"{BASE}/holiday-list/{hol['id']}", headers=admin).status_code == 204
    assert client.delete(f"{BASE}/overrides/{ovr['id']}", headers=admin).status_code == 204


def test_entry_point_dial_number_outdial_ani_chain(client, admin):
    ep = post(client, admin, "entry-point", {"name": "Sales_EP", "entryPointType": "INBOUND",
                                             "channelType": "TELEPHONY", "active": True,
                                             "serviceLevelThreshold": 30, "maximumActiveContacts": 10})
    dn = post(client, admin, "dial-number", {"dialledNumber": "+14085559000", "entryPointId": ep["id"],
                                             "entryPointName": "whatever"})
    assert dn["entryPointName"] == "Sales_EP" and "name" not in dn
    dup = client.post(f"{BASE}/dial-number", json={"dialledNumber": "+14085559000", "entryPointId": ep["id"],
                                                   "entryPointName": "x"}, headers=admin)
    assert dup.status_code == 409 and "dialledNumber" in dup.text
    assert_referenced(client, admin, "entry-point", ep["id"], "dial-number", dn["id"])
    # an outdial ANI entry must name a mapped number; it then refers to the mapping
    bad = client.post(f"{BASE}/outdial-ani", headers=admin, json={"name": "Bad", "outdialANIEntries": [
        {"name": "Main", "number": "+19999999999"}]})
    assert bad.status_code == 400 and "dial-number" in bad.text
    ani = post(client, admin, "outdial-ani", {"name": "Sales_ANI", "outdialANIEntries": [
        {"name": "Main", "number": "+14085559000", "defaultANIEntry": True}]})
    assert [e["name"] for e in ani["outdialANIEntries"]] == ["Main"]
    assert_referenced(client, admin, "dial-number", dn["id"], "outdial-ani", ani["id"])
    r = client.delete(f"{BASE}/dial-number", headers=admin)  # delete-all stops on a referenced mapping
    assert r.status_code == 412
    # entries are their own entities under the list, and go with it
    entry_id = ani["outdialANIEntries"][0]["id"]
    got = client.get(f"{BASE}/outdial-ani/{ani['id']}/entry/{entry_id}", headers=admin)
    assert got.status_code == 200 and got.json()["number"] == "+14085559000"
    page = client.get(f"{BASE}/v2/outdial-ani/{ani['id']}/entry", headers=admin).json()
    assert page["meta"]["totalRecords"] == 1
    # a desktop profile naming the list
    dp = post(client, admin, "agent-profile", desk_profile("Outbound", outdialEnabled=True, outdialANIId=ani["id"],
                                                           outdialEntryPointId=ep["id"]))
    assert_referenced(client, admin, "outdial-ani", ani["id"], "agent-profile", dp["id"])
    assert client.delete(f"{BASE}/agent-profile/{dp['id']}", headers=admin).status_code == 204
    assert client.delete(f"{BASE}/outdial-ani/{ani['id']}", headers=admin).status_code == 204
    assert client.get(f"{BASE}/outdial-ani/{ani['id']}/entry/{entry_id}", headers=admin).status_code == 404
    assert client.delete(f"{BASE}/dial-number/{dn['id']}", headers=admin).status_code == 200
    assert client.delete(f"{BASE}/entry-point/{ep['id']}", headers=admin).status_code == 204


def test_desktop_layout_assigned_to_teams(client, admin):
    team = seeded("team", "default")
    layout = post(client, admin, "desktop-layout", {
        "name": "Sales layout", "editedBy": "admin", "jsonFileName": "sales.json", "jsonFileContent": '{"a": 1}',
        "global": False, "status": True, "defaultJsonModified": False, "validated": True, "teamIds": [team]})
    assert layout["teamIds"] == [team]
    assert client.get(f"{BASE}/team/{team}", headers=admin).json()["desktopLayoutId"] == layout["id"]
    assert_referenced(client, admin, "desktop-layout", layout["id"], "team", team)
    bad = client.put(f"{BASE}/desktop-layout/{layout['id']}", headers=admin,
                     json={**layout, "jsonFileContent": "{not json"})
    assert bad.status_code == 400 and "jsonFileContent" in bad.text
    freed = client.put(f"{BASE}/desktop-layout/{layout['id']}", headers=admin, json={**layout, "teamIds": []})
    assert freed.status_code == 200 and freed.json()["teamIds"] == []
    assert "desktopLayoutId" not in client.get(f"{BASE}/team/{team}", headers=admin).json()
    assert client.delete(f"{BASE}/desktop-layout/{layout['id']}", headers=admin).status_code == 200
    # the seeded global layout is a system default: never deleted
    assert client.delete(f"{BASE}/desktop-layout/{seeded('desktop-layout', 'global')}", headers=admin).status_code == 412


def test_address_book_entries_and_desktop_profile(client, admin):
    book = post(client, admin, "address-book", {"name": "Partners", "parentType": "SITE",
                                                "siteId": seeded("site", "default"), "addressBookEntries": [
                                                    {"name": "Acme", "number": "+1(408)5550001"}]})
    assert [e["name"] for e in book["addressBookEntries"]] == ["Acme"]
    v3 = client.get(f"{BASE}/v3/address-book/{book['id']}", headers=admin).json()
    assert "addressBookEntries" not in v3 and v3["siteId"] == seeded("site", "default")
    refs = client.get(f"{BASE}/site/{seeded('site', 'default')}/incoming-references", headers=admin,
                      params={"type": "address-book"}).json()
    assert [d["id"] for d in refs["data"]] == [book["id"]]
    entry = post(client, admin, f"address-book/{book['id']}/entry", {"name": "Globex", "number": "4085550002"})
    assert client.get(f"{BASE}/address-book/{book['id']}", headers=admin).json()["addressBookEntries"][1]["id"] == entry["id"]
    export = client.get(f"{BASE}/address-book/bulk-export", headers=admin).json()["resources"]
    assert export[0]["parentSite"] == "Default_Site" and len(export[0]["entryDetails"]) == 2
    dp = post(client, admin, "agent-profile", desk_profile("Partners desk", addressBookId=book["id"]))
    assert_referenced(client, admin, "address-book", book["id"], "agent-profile", dp["id"])
    assert client.delete(f"{BASE}/agent-profile/{dp['id']}", headers=admin).status_code == 204
    assert client.delete(f"{BASE}/v3/address-book/{book['id']}", headers=admin).status_code == 204
    assert client.get(f"{BASE}/address-book/{book['id']}/entry/{entry['id']}", headers=admin).status_code == 404


def test_address_book_entry_may_repeat_a_name_as_the_postman_collection_does(client, admin):
    # Cisco's collection: a v1 book created with one entry, then the same name and number added as an
    # entry of its own, read, renamed, deleted.
    book = post(client, admin, "address-book", {"name": "Front desk", "parentType": "ORGANIZATION", "siteId": "",
                                                "description": "made by a script",
                                                "addressBookEntries": [{"name": "Sam Lee", "number": "4085550111"}]})
    again = client.post(f"{BASE}/address-book/{book['id']}/entry", headers=admin,
                        json={"name": "Sam Lee", "number": "4085550111"})
    assert again.status_code == 200, again.text
    entry = again.json()
    assert entry["name"] == "Sam Lee" and entry["id"] != book["addressBookEntries"][0]["id"]
    entries = client.get(f"{BASE}/v2/address-book/{book['id']}/entry", headers=admin).json()["data"]
    assert sorted(e["id"] for e in entries) == sorted([entry["id"], book["addressBookEntries"][0]["id"]])
    put = client.put(f"{BASE}/address-book/{book['id']}/entry/{entry['id']}", headers=admin,
                     json={"id": entry["id"], "name": "Sam Lee", "number": "40855501119"})
    assert put.status_code == 200 and put.json()["number"] == "40855501119"
    assert client.delete(f"{BASE}/address-book/{book['id']}/entry/{entry['id']}", headers=admin).status_code == 200
    # a v1 write may embed two entries of one name too (two numbers for one person)
    twice = client.put(f"{BASE}/address-book/{book['id']}", headers=admin, json={
        "id": book["id"], "name": "Front desk", "parentType": "ORGANIZATION", "addressBookEntries": [
            {"name": "Sam Lee", "number": "4085550111"}, {"name": "Sam Lee", "number": "4085550112"}]})
    assert twice.status_code == 200, twice.text
    assert sorted(e["number"] for e in twice.json()["addressBookEntries"]) == ["4085550111", "4085550112"]


def test_dial_plans_are_referenced_by_desktop_profiles(client, admin):
    plans = client.get(f"{BASE}/dial-plan", headers=admin).json()
    assert {p["name"] for p in plans if p["systemDefault"]} == {"US", "Any Format"}
    bad = client.post(f"{BASE}/dial-plan", headers=admin, json={"name": "Bad", "regularExpression": "([", "active": True})
    assert bad.status_code == 400 and "regularExpression" in bad.text
    plan = post(client, admin, "dial-plan", {"name": "Internal", "regularExpression": "[0-9]{4}", "active": True})
    dp = post(client, admin, "agent-profile", desk_profile("Dialer", dialPlanEnabled=True, dialPlans=[plan["id"]]))
    assert_referenced(client, admin, "dial-plan", plan["id"], "agent-profile", dp["id"])
    assert client.delete(f"{BASE}/agent-profile/{dp['id']}", headers=admin).status_code == 204
    assert client.delete(f"{BASE}/dial-plan/{plan['id']}", headers=admin).status_code == 200


def test_resource_collections_are_referenced_by_user_profiles(client, admin):
    bad = client.post(f"{BASE}/resource-collection", headers=admin, json={"name": "Bad", "resources": [
        {"name": "team", "accessLevel": "SPECIFIC", "ids": ["not-a-team"]}]})
    assert bad.status_code == 400
    rc = post(client, admin, "resource-collection", {"name": "Sales", "resources": [
        {"name": "team", "accessLevel": "SPECIFIC", "ids": [seeded("team", "default")]}]})
    assert rc["resourceCount"] == 1
    up = post(client, admin, "v3/user-profile", {"name": "Sales supervisor", "profileType": "SUPERVISOR", "active": True,
                                                 "permissionAccessLevel": "ALL", "resourceAccessLevel": "SPECIFIC",
                                                 "defaultResourceCollectionId": rc["id"]})
    assert_referenced(client, admin, "resource-collection", rc["id"], "user-profile", up["id"])
    assert client.delete(f"{BASE}/v3/user-profile/{up['id']}", headers=admin).status_code == 204
    assert client.delete(f"{BASE}/resource-collection/{rc['id']}", headers=admin).status_code == 204


def test_global_variables_contact_numbers_and_purge(client, admin, auth):
    names = {v["name"] for v in client.get(f"{BASE}/v2/cad-variable", headers=admin).json()["data"]}
    assert {"Global_Language", "Global_VoiceName"} <= names
    bad = client.post(f"{BASE}/cad-variable", headers=admin, json={
        "name": "Count", "active": True, "agentEditable": False, "agentViewable": False, "variableType": "Integer",
        "defaultValue": "abc", "reportable": True})
    assert bad.status_code == 400 and "defaultValue" in bad.text
    var = post(client, admin, "cad-variable", {"name": "Count", "active": False, "agentEditable": False,
                                               "agentViewable": False, "variableType": "Integer",
                                               "defaultValue": "3", "reportable": True})
    assert client.get(f"{BASE}/cad-variable/reportable-count", headers=admin).json()["reportableCount"] == 1
    assert client.get(f"{BASE}/cad-variable/bulk-export", headers=admin).status_code == 200
    assert client.get(f"{BASE}/cad-variable/bulk-export/x", headers=admin).status_code == 404
    # purge takes inactive entities older than 30 days on the sandbox clock
    purge = client.post(f"{BASE}/cad-variable/purge-inactive-entities", headers=admin).json()
    assert purge["details"]["purge"]["purgedCount"] == 0
    client.post("/sandbox/clock", json={"advance": 31 * 24 * 3600})
    admin = auth("admin")  # the first token expired meanwhile
    purge = client.post(f"{BASE}/cad-variable/purge-inactive-entities", headers=admin).json()
    assert purge["details"]["purge"]["purgedIds"] == [var["id"]]
    assert client.get(f"{BASE}/cad-variable/{var['id']}", headers=admin).status_code == 404
    num = post(client, admin, "contact-number", {"number": "4085551234"})
    assert client.post(f"{BASE}/contact-number", json={"number": "4085551234"}, headers=admin).status_code == 409
    assert "4085551234" in client.get(f"{BASE}/contact-number/all-numbers", headers=admin).json()
    assert client.delete(f"{BASE}/contact-number/{num['id']}", headers=admin).status_code == 200


def test_skill_type_in_live_casing(client, admin):
    r = client.post(f"{BASE}/skill", headers=admin, json={"name": "Billing", "active": True,
                                                          "serviceLevelThreshold": 30, "skillType": "PROFICIENCY"})
    assert r.status_code == 201 and r.json()["skillType"] == "PROFICIENCY"
    r = client.post(f"{BASE}/skill", headers=admin, json={"name": "Billing2", "active": True,
                                                          "serviceLevelThreshold": 30, "skillType": "Boolean"})
    assert r.status_code == 201 and r.json()["skillType"] == "BOOLEAN"


def test_bulk_export_is_not_taken_as_an_id(client, admin):
    for path in ("site", "team", "entry-point", "dial-number", "desktop-layout", "outdial-ani", "work-type"):
        params = {"type": "INBOUND"} if path == "entry-point" else {}
        r = client.get(f"{BASE}/{path}/bulk-export", headers=admin, params=params)
        if path == "team":  # Cisco's spec has no team export: an id lookup, not found
            assert r.status_code == 404
            continue
        assert r.status_code == 200, (path, r.text)
        assert {"totalResources", "pageNumber", "pageSize", "rel", "resources"} <= set(r.json())
    r = client.get(f"{BASE}/entry-point/bulk-export", headers=admin)
    assert r.status_code == 400 and "type" in r.text
