"""Odd but plausible input found by review: each answers a 4xx that names the problem, never a
500, and writes nothing it should not."""

from __future__ import annotations


def _org(h):
    return h["Authorization"].rsplit("_", 1)[1]


def test_bulk_item_with_a_non_string_id_fails_alone(client, auth):
    h = auth("admin")
    base = f"/organization/{_org(h)}"
    mmp = client.get(base + "/v2/multimedia-profile", headers=h).json()["data"][0]["id"]
    r = client.post(base + "/site/bulk", headers=h, json={"items": [
        {"itemIdentifier": 1, "requestAction": "SAVE", "item": {"name": "BulkSiteA", "active": True, "multimediaProfileId": mmp}},
        {"itemIdentifier": 2, "requestAction": "DELETE", "item": {"id": {"x": 1}}}]})
    assert r.status_code == 207
    items = {i["itemIdentifier"]: i for i in r.json()["items"]}
    assert items[1]["status"] == 201 and items[2]["status"] == 400
    assert "id: must be a non-empty string" in items[2]["apiError"]["error"]["message"][0]["description"]
    assert client.get(base + "/v2/site", params={"filter": 'name=="BulkSiteA"'}, headers=h).json()["meta"]["totalRecords"] == 1


def test_non_ascii_secrets_are_wrong_secrets(client, monkeypatch):
    from mockserver.core.runtime import runtime

    cid = client.get("/sandbox/pods/1").json()["integrations"][0]["client_id"]
    r = client.post("/v1/access_token", data={"grant_type": "refresh_token", "client_id": cid,
                                              "client_secret": "sécret", "refresh_token": "x"})
    assert r.status_code == 401 and r.json()["errors"][0]["description"] == "Client secret is invalid"
    monkeypatch.setattr(runtime.settings, "admin_token", "s3cret")
    assert client.get("/sandbox/pods", headers={"Authorization": "Bearer é".encode("latin-1")}).status_code == 401


def test_deeply_nested_filters_are_400(client, auth):
    h = auth("admin")
    deep = "(" * 400 + "name==x" + ")" * 400
    for param in ("filter", "search"):
        r = client.get(f"/organization/{_org(h)}/v2/team", params={param: deep}, headers=h)
        assert r.status_code in (200, 400), r.text  # search falls back to a keyword; filter refuses
    r = client.get(f"/organization/{_org(h)}/v2/team", params={"filter": deep}, headers=h)
    assert r.status_code == 400 and "filter" in r.text


def test_the_clock_stays_in_range_and_unchanged_on_error(client):
    client.post("/sandbox/clock", json={"mode": "manual", "set": "9999-12-31T23:00:00Z"})
    r = client.post("/sandbox/clock", json={"advance": 7200})
    assert r.status_code == 400 and "9999" in r.json()["errors"][0]["description"]
    assert client.get("/sandbox/clock").json()["now"] == "9999-12-31T23:00:00.000Z"
    assert client.post("/sandbox/clock", json={"set": "0001-01-01T00:00:00+05:00"}).status_code == 400
    assert client.get("/sandbox/health").status_code == 200


def test_page_numbers_are_bounded(client, auth):
    h = auth("admin")
    r = client.get(f"/organization/{_org(h)}/v2/team", params={"page": 10**30}, headers=h)
    assert r.status_code == 400 and "page" in r.text


def test_another_orgs_people_are_not_discoverable_through_licences(client, auth):
    h2 = auth("admin", pod=2)
    for email in ("cl1admin1@email.carehybrid.com", "nobody@email.carehybrid.com"):
        r = client.patch("/v1/licenses/users", headers=h2, json={"email": email, "licenses": []})
        assert r.status_code == 404 and "in your organization" in r.json()["errors"][0]["description"]
