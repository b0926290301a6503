"""Control Hub → Contact Center settings: service details, Provision Digital Channels (5 minutes on
the sandbox clock, owner activation email valid 24 h, re-send), RONA timeouts, Synchronize Users."""

from __future__ import annotations

from mockserver.connect.testkit import ch_path, last_mail, provision
from mockserver.events import DigitalChannelsProvisioned, UsersSyncRequested
from mockserver.core.events import dispatcher
from mockserver.core.runtime import runtime

ADMIN = "cl1admin1@email.carehybrid.com"


def test_general_shows_imi_digital_and_digital_not_provisioned(client, auth):
    h = auth("admin")
    g = client.get(ch_path(1, "/general"), headers=h).json()
    assert g["serviceDetails"]["digitalChannel"] == "IMI Digital"
    d = client.get(ch_path(1, "/digital"), headers=h).json()
    assert d["status"] == "notProvisioned" and d["tenantUrl"] is None
    owners = client.get(ch_path(1, "/digital/eligibleOwners"), headers=h).json()["items"]
    assert [o["email"] for o in owners] == [ADMIN]


def test_only_admins_of_the_org(client, auth):
    assert client.get(ch_path(1, "/digital"), headers=auth("agent")).status_code == 403
    assert client.get(ch_path(2, "/digital"), headers=auth("admin")).status_code == 403
    assert client.get(ch_path(1, "/digital")).status_code == 401


def test_provisioning_takes_five_minutes_then_owner_gets_activation_mail(client, auth):
    h = auth("admin")
    r = client.post(ch_path(1, "/digital/provision"), json={"ownerId": "cl1agent1@email.carehybrid.com"}, headers=h)
    assert r.status_code == 400 and "ownerId" in r.json()["errors"][0]["description"]
    r = client.post(ch_path(1, "/digital/provision"), json={"ownerId": ADMIN}, headers=h)
    assert r.status_code == 202 and r.json()["status"] == "provisioning"
    assert client.post(ch_path(1, "/digital/provision"), json={"ownerId": ADMIN}, headers=h).status_code == 409
    client.post("/sandbox/clock", json={"advance": 299})
    assert client.get(ch_path(1, "/digital"), headers=h).json()["status"] == "provisioning"
    assert client.get("/connect/cl1pod1/join/x").status_code == 404  # no tenant yet
    client.post("/sandbox/clock", json={"advance": 1})
    d = client.get(ch_path(1, "/digital"), headers=h).json()
    assert d["status"] == "completed" and d["statusText"].endswith("completed.")
    assert (d["tenantName"], d["tenantUrl"]) == ("cl1pod1", f"{runtime.settings.base_url}/connect/cl1pod1/")
    assert d["owner"]["email"] == ADMIN and d["ownerActivation"] == "pending"
    assert any(isinstance(e, DigitalChannelsProvisioned) and e.tenant == "cl1pod1" for e in dispatcher.published)
    mail = last_mail(client, ADMIN, "connect.activation")
    assert mail["links"][0]["label"] == "JOIN THE TEAM" and "24 hours" in mail["text"]
    info = client.get(mail["links"][0]["href"]).json()
    assert info["role"] == "Owner" and info["email"] == ADMIN
    pods = client.get("/sandbox/pods/1").json()["connect"]
    assert pods["tenantName"] == "cl1pod1" and pods["state"] == "completed"


def test_expired_activation_link_then_resend(client, auth):
    h = auth("admin")
    provision(client, h, 1, ADMIN)
    old = last_mail(client, ADMIN, "connect.activation")
    client.post("/sandbox/clock", json={"advance": 24 * 3600 + 1})
    r = client.post(old["links"][0]["href"], json={"firstName": "A", "lastName": "B", "password": "Welcome!2Connect"})
    assert r.status_code == 410 and "expired" in r.json()["errors"][0]["description"] and r.json()["expiredAt"]
    h = auth("admin")  # the 12 h portal token of the morning expired too
    assert client.post(ch_path(1, "/digital/resendActivation"), headers=h).status_code == 202
    new = last_mail(client, ADMIN, "connect.activation")
    assert new["id"] != old["id"]
    r = client.post(new["links"][0]["href"], json={"firstName": "Admin", "lastName": "Pod1", "password": "Welcome!2Connect"})
    assert r.status_code == 200 and r.json()["user"]["role"] == "Owner"
    assert client.get(ch_path(1, "/digital"), headers=h).json()["ownerActivation"] == "activated"
    assert client.post(ch_path(1, "/digital/resendActivation"), headers=h).status_code == 409


def test_other_digital_channel_value_refuses_with_contact_support(client, auth, sandbox):
    sandbox.reset(pod=1, scenario="digital-channel-unsupported")
    h = auth("admin")
    assert client.get(ch_path(1, "/general"), headers=h).json()["serviceDetails"]["digitalChannel"] == "Webex Digital"
    r = client.post(ch_path(1, "/digital/provision"), json={"ownerId": ADMIN}, headers=h)
    assert r.status_code == 409 and "contact Cisco support" in r.json()["errors"][0]["description"]
    assert client.get(ch_path(1, "/digital"), headers=h).json()["status"] == "notProvisioned"


def test_rona_defaults_ranges_and_update(client, auth):
    h = auth("admin")
    r = client.get(ch_path(1, "/desktop/ronaTimeouts"), headers=h).json()
    assert (r["telephony"], r["chat"], r["email"], r["social"]) == (18, 30, 30, 30)
    bad = client.put(ch_path(1, "/desktop/ronaTimeouts"), json={"telephony": 121, "chat": 0, "email": 90, "social": 60}, headers=h)
    assert bad.status_code == 400
    texts = [e["description"] for e in bad.json()["errors"]]
    assert any("telephony" in t and "1 and 120" in t for t in texts) and any("chat" in t and "1 and 6000" in t for t in texts)
    assert client.get(ch_path(1, "/desktop/ronaTimeouts"), headers=h).json()["telephony"] == 18  # nothing half-written
    ok = client.put(ch_path(1, "/desktop/ronaTimeouts"), json={"telephony": 18, "chat": 60, "email": 90, "social": 60}, headers=h)
    assert ok.status_code == 200 and (ok.json()["chat"], ok.json()["email"]) == (60, 90)
    assert client.put(ch_path(1, "/desktop/ronaTimeouts"), json={"telephony": 18, "chat": 60, "email": 90, "social": 60},
                      headers=auth("agent")).status_code == 403


def test_synchronize_users_publishes_event(client, auth):
    r = client.post(ch_path(1, "/general/synchronizeUsers"), headers=auth("admin"))
    assert r.status_code == 202 and r.json()["status"] == "requested"
    assert isinstance(dispatcher.published[-1], UsersSyncRequested) and dispatcher.published[-1].pod == 1
    assert client.get(ch_path(1, "/general"), headers=auth("admin")).json()["synchronizeUsers"]["lastRequestedAt"]
