"""Messenger (lab 12.7): "Add Messenger Page" signs in to Facebook, lists the pages the account
manages (fixture `connect.facebook`), and links one of them; nothing is taken as given."""

from __future__ import annotations

import pytest

from mockserver.connect.testkit import login

T = "/connect/cl1pod1"
FB = "/assets/apps/messenger"


@pytest.fixture
def owner(sandbox, client):
    sandbox.reset(pod=1, scenario="provisioned")
    return login(client, "cl1pod1", "cl1admin1@email.carehybrid.com", "C1sco!Pod1")


def _fb(client):
    return client.get("/sandbox/pods/1").json()["connect"]["facebook"]


def _login(client, owner, **over):
    acct = _fb(client)["account"]
    return client.post(f"{T}{FB}/facebookLogin", json={"email": acct["email"], "password": acct["password"], **over},
                       headers=owner)


def test_facebook_login_lists_the_pages_and_links_one(client, owner):
    fb = _fb(client)
    r = _login(client, owner)
    assert r.status_code == 201, r.text
    lg = r.json()
    assert lg["account"]["email"] == "cl1webex1@gmail.com"
    assert [(p["id"], p["name"]) for p in lg["pages"]] == [(p["id"], p["name"]) for p in fb["pages"]]
    assert all(len(p["id"]) == 15 and p["linkedApp"] is None for p in lg["pages"])
    page = lg["pages"][1]
    app = client.post(f"{T}{FB}", json={"name": "FBM_Sales", "facebookLoginId": lg["id"], "pageId": page["id"]}, headers=owner)
    assert app.status_code == 201, app.text
    cfg = app.json()["config"]
    assert (cfg["pageId"], cfg["pageName"], cfg["mMeLink"]) == (page["id"], "CL1 POD 1 Sales", f"https://m.me/{page['id']}")
    # the page list now shows which app links it; the same page cannot be linked twice
    listed = client.get(f"{T}{FB}/facebookLogin/{lg['id']}", headers=owner).json()["pages"]
    assert listed[1]["linkedApp"]["name"] == "FBM_Sales" and listed[0]["linkedApp"] is None
    again = client.post(f"{T}{FB}", json={"name": "FBM_2", "facebookLoginId": lg["id"], "pageId": page["id"]}, headers=owner)
    assert again.status_code == 409 and again.json()["errors"][0]["description"].startswith("pageId:")


def test_facebook_login_and_page_errors(client, owner):
    r = _login(client, owner, password="wrong")
    assert r.status_code == 400 and r.json()["errors"][0]["description"].startswith("password:")
    r = _login(client, owner, email="not-an-email")
    assert r.status_code == 400 and r.json()["errors"][0]["description"].startswith("email:")
    lg = _login(client, owner).json()
    # a page the account does not manage
    r = client.post(f"{T}{FB}", json={"name": "FBM", "facebookLoginId": lg["id"], "pageId": "104680000000001"}, headers=owner)
    assert r.status_code == 400 and r.json()["errors"][0]["description"].startswith("pageId:")
    assert lg["pages"][0]["id"] in r.json()["errors"][0]["description"]
    # no login, or an expired one (10 minutes)
    r = client.post(f"{T}{FB}", json={"name": "FBM", "facebookLoginId": "x", "pageId": lg["pages"][0]["id"]}, headers=owner)
    assert r.status_code == 400 and r.json()["errors"][0]["description"].startswith("facebookLoginId:")
    client.post("/sandbox/clock", json={"advance": 601})
    r = client.post(f"{T}{FB}", json={"name": "FBM", "facebookLoginId": lg["id"], "pageId": lg["pages"][0]["id"]}, headers=owner)
    assert r.status_code == 400 and "expired" in r.json()["errors"][0]["description"]
    assert client.get(f"{T}{FB}/facebookLogin/{lg['id']}", headers=owner).status_code == 400
    assert client.get(f"{T}/assets/apps", params={"channel": "messenger"}, headers=owner).json()["total"] == 0
