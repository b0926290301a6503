"""Lab walk, in order: 12.1 (provisioning and owner activation), 12.4 (a Full Access teammate with
Decrypt Logs), 12.2's service, 12.5 §1 (node authorizations) and the asset steps of 12.7 (email with
GENERATE TOKEN against the Google-like provider, Messenger, WhatsApp; Register to Webex CC), then
WxCC entry points on the registered assets. Names and values are the lab guide's."""

from __future__ import annotations

from mockserver.connect.testkit import bearer, ch_path, consent, join, last_mail, replay_callback
from mockserver.core.seeding import pod_org_id
from mockserver.core.runtime import runtime

POD = 1
T = f"/connect/cl1pod{POD}"
ADMIN = f"cl1admin{POD}@email.carehybrid.com"
GMAIL = f"cl1webex{POD}@gmail.com"
PW = f"C1sco!Pod{POD}"


def test_labs_12_1_12_4_12_5_12_7_in_order(client, auth, sandbox):
    ch = auth("admin", pod=POD)
    pod = client.get(f"/sandbox/pods/{POD}").json()

    # --- Lab 12.1 §2: Service Details → Digital Channel is "IMI Digital"; Provision Digital Channels
    assert client.get(ch_path(POD, "/general"), headers=ch).json()["serviceDetails"]["digitalChannel"] == "IMI Digital"
    owners = client.get(ch_path(POD, "/digital/eligibleOwners"), headers=ch).json()["items"]
    r = client.post(ch_path(POD, "/digital/provision"), json={"ownerId": owners[0]["id"]}, headers=ch)
    assert r.status_code == 202
    client.post("/sandbox/clock", json={"advance": 300})  # "wait approximately 5 minutes"
    mail = last_mail(client, ADMIN, "connect.activation")  # JOIN THE TEAM
    owner = bearer(join(client, mail, "Admin", f"Pod{POD}", PW))
    # --- 12.1 §3: Digital settings show the setup completed
    d = client.get(ch_path(POD, "/digital"), headers=ch).json()
    # the sandbox is the tenant: its URL is the sandbox's public address, which a browser opens
    assert d["status"] == "completed" and d["tenantUrl"] == f"{runtime.settings.base_url}/connect/cl1pod{POD}/"

    # --- Lab 12.4 §4-5: invite a Full Access administrator, who joins; the Owner ticks Decrypt Logs
    sup = f"cl1sup{POD}@email.carehybrid.com"
    r = client.post(f"{T}/users", json={"email": sup, "role": "Full Access"}, headers=owner)
    assert r.status_code == 201
    teammate = bearer(join(client, last_mail(client, sup, "connect.invite"), "Super", "Visor", "Welcome!2Connect"))
    uid = r.json()["id"]
    assert client.patch(f"{T}/users/{uid}", json={"decryptLogs": True}, headers=owner).json()["decryptLogs"] is True
    assert client.get(f"{T}/me", headers=teammate).json()["decryptLogs"] is True

    # --- Lab 12.2: CREATE NEW SERVICE "My First Service"; API tab; SETTINGS (locking); DASHBOARD
    svc = client.post(f"{T}/services", json={"name": "My First Service"}, headers=owner).json()
    creds = client.get(f"{T}/services/{svc['id']}/credentials", headers=owner).json()
    assert creds["serviceId"] == svc["id"] and len(creds["serviceSecret"]) == 44 and "•" in svc["api"]["serviceSecret"]
    found = client.get(f"{T}/services", params={"search": "first"}, headers=owner).json()["items"]
    assert [s["name"] for s in found] == ["My First Service"]
    dash = client.get(f"{T}/services/{svc['id']}/dashboard", headers=owner).json()
    assert dash["channels"]["email"]["inbound"] == 0
    agnostic = client.post(f"{T}/services", json={"name": "Agnostic Flows DO NOT MODIFY"}, headers=owner).json()
    assert client.patch(f"{T}/services/{agnostic['id']}", json={"locked": True}, headers=owner).json()["locked"] is True
    r = client.patch(f"{T}/services/{agnostic['id']}", json={"name": "Renamed"}, headers=teammate)
    assert r.status_code == 423

    # --- Lab 12.5 §1: Integrations are "Authorization Pending"; Manage → Add Authorization → Webex sign-in
    ints = {i["name"]: i for i in client.get(f"{T}/integrations", headers=owner).json()["items"]}
    assert set(ints) == {"Webex CC Task", "Webex CC Engage"}
    assert all(i["status"] == "Authorization Pending" for i in ints.values())
    for label, name in (("Webex CC Engage", "WxCC Engage Authorisation"), ("Webex CC Task", "WxCC Authorisation")):
        na = ints[label]["nodeAuthorizations"][0]
        assert (na["authType"], na["status"]) == ("oauth2", "Authorization Pending")
        start = client.post(f"{T}/integrations/{ints[label]['id']}/authorizations/{na['id']}/authorize",
                            json={"name": name}, headers=owner).json()
        redirect = consent(client, start["authorizationUrl"], ADMIN, PW)
        assert redirect.status_code == 302
        assert redirect.headers["location"].startswith(f"{runtime.settings.base_url}/connect/cl1pod{POD}/callback?")
        done = replay_callback(client, f"cl1pod{POD}", redirect)
        assert done.status_code == 200, done.text
    ints = {i["name"]: i for i in client.get(f"{T}/integrations", headers=owner).json()["items"]}
    assert all(i["status"] == "Authorized" for i in ints.values())
    assert ints["Webex CC Task"]["nodeAuthorizations"][0]["name"] == "WxCC Authorisation"
    # the tokens are refreshed on the sandbox clock (14-day access tokens: refreshed a day before expiry)
    client.post("/sandbox/clock", json={"advance": 13 * 86400 + 60})
    owner = bearer(client.post(f"{T}/login", json={"email": ADMIN, "password": PW}).json())
    na = client.get(f"{T}/integrations/{ints['Webex CC Task']['id']}", headers=owner).json()["nodeAuthorizations"][0]
    assert na["status"] == "Authorized" and na["lastRefreshedAt"] is not None

    # --- Lab 12.7 Email step 2: Email asset with OAuth 2.0; GENERATE TOKEN; SAVE; REGISTER TO WEBEX CC
    google = pod["connect"]["google"][0]
    form = {"emailId": GMAIL, "clientId": google["client_id"], "clientSecret": google["client_secret"],
            "authorizationUrl": "https://accounts.google.com/o/oauth2/auth",
            "scope": "https://mail.google.com/ https://www.googleapis.com/auth/gmail.send",
            "accessTokenUrl": "https://oauth2.googleapis.com/token",
            "refreshTokenUrl": "https://accounts.google.com/o/oauth2/auth"}
    tok = client.post(f"{T}/assets/apps/email/tokens", json=form, headers=owner).json()
    redirect = consent(client, tok["authorizationUrl"], GMAIL, pod["gmail"]["password"])
    assert redirect.status_code == 302, redirect.text
    generated = replay_callback(client, f"cl1pod{POD}", redirect).json()
    assert generated["status"] == "completed" and generated["accessToken"] and generated["refreshToken"]
    app = client.post(f"{T}/assets/apps/email", headers=owner, json={
        "name": "EmailAsset", "emailId": GMAIL, "authType": "OAuth 2.0", "smtpServer": "smtp.gmail.com",
        "username": GMAIL, "port": 465, "security": "SSL", "clientId": google["client_id"],
        "authorizationUrl": form["authorizationUrl"], "accessTokenUrl": form["accessTokenUrl"],
        "refreshTokenUrl": form["refreshTokenUrl"], "tokenRequestId": tok["id"]})
    assert app.status_code == 201, app.text
    email_app = app.json()
    assert generated["accessToken"] not in app.text and generated["refreshToken"] not in app.text  # never in clear again
    assert email_app["config"]["forwardingAddress"].endswith(f"@cl1pod{POD}.imiconnect.io")
    assert email_app["appId"].startswith("a_")
    reg = client.post(f"{T}/assets/apps/{email_app['id']}/register", json={"serviceId": svc["id"]}, headers=owner)
    assert reg.status_code == 200 and reg.json()["registeredToWebexCc"]["serviceName"] == "My First Service"

    # --- Lab 12.7 Messenger step 2: Add Messenger Page → name → Save; Register to Webex Engage; m.me link
    fb = pod["connect"]["facebook"]
    login = client.post(f"{T}/assets/apps/messenger/facebookLogin", headers=owner,
                        json={"email": fb["account"]["email"], "password": fb["account"]["password"]}).json()
    page = next(p for p in login["pages"] if p["name"] == f"CL1 POD {POD}")
    fbm = client.post(f"{T}/assets/apps/messenger", json={"name": "FBM_Asset", "facebookLoginId": login["id"],
                                                         "pageId": page["id"]}, headers=owner).json()
    assert fbm["config"]["pageName"] == f"CL1 POD {POD}" and fbm["config"]["mMeLink"] == f"https://m.me/{page['id']}"
    client.post(f"{T}/assets/apps/{fbm['id']}/register", json={"serviceId": svc["id"]}, headers=owner)

    # --- Lab 12.7 WhatsApp steps 1-2: the app of the pre-assigned number, Manage → Number + WABA ID; register
    numbers = client.get(f"{T}/assets/numbers", headers=owner).json()["items"]
    wa_number = next(n for n in numbers if n["channel"] == "whatsapp")
    assert wa_number["wabaId"] and wa_number["readOnly"] is True
    wa = next(a for a in client.get(f"{T}/assets/apps", params={"channel": "whatsapp"}, headers=owner).json()["items"])
    assert wa["config"]["number"] == wa_number["number"] and wa["config"]["wabaId"] == wa_number["wabaId"]
    ok = client.post(f"{T}/assets/apps/{wa['appId']}/register", json={"serviceId": svc["id"]}, headers=owner)
    assert ok.status_code == 200
    again = client.post(f"{T}/assets/apps/{wa['appId']}/register", json={"serviceId": agnostic["id"]}, headers=owner)
    assert again.status_code == 409 and again.json()["serviceName"] == "My First Service" and again.json()["registeredAt"]

    # --- WxCC side (12.7 step 3): the registered assets can be named by entry points
    wx = auth("admin", pod=POD)
    base = f"/organization/{pod_org_id(POD)}"
    for name, channel, asset, social in (("Email_EP", "EMAIL", email_app["id"], None),
                                         ("FBM_EP", "SOCIAL_CHANNEL", fbm["id"], "MESSENGER"),
                                         ("WhatsApp_EP", "SOCIAL_CHANNEL", wa["id"], "WHATSAPP")):
        body = {"name": name, "entryPointType": "INBOUND", "channelType": channel, "assetId": asset, "active": True,
                "serviceLevelThreshold": 7200, "maximumActiveContacts": 100, "timezone": "America/New_York"}
        if social:
            body["socialChannelType"] = social
        r = client.post(f"{base}/entry-point", json=body, headers=wx)
        assert r.status_code == 201, r.text
