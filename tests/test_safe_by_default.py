"""Safe by default (issue 18): what an attacker on the same machine, behind a browser, or with a
low-privilege account tries, refused; what an operator leaves running, bounded. Through HTTP, on
SQLite and (CI's second pass) PostgreSQL."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from mockserver.connect.testkit import ch_path, join, last_mail, login
from mockserver.core.runtime import runtime
from mockserver.core.seeding import pod_org_id

from realserver import database_url, free_port, serve, stop

ROOT = Path(__file__).resolve().parents[1]
ORG1 = pod_org_id(1)
T = "/connect/cl1pod1"


def _org(h):
    return h["Authorization"].rsplit("_", 1)[1]


def _person(client, pod: int, key: str) -> dict:
    return next(u for u in client.get(f"/sandbox/pods/{pod}").json()["users"] if u["key"] == key)


# --- the control plane -------------------------------------------------------------------------
def test_only_loopback_host_names_are_answered_while_bound_to_loopback(client, auth, monkeypatch):
    h = auth("admin")
    for path, headers in (("/sandbox/pods/1", {}), ("/v1/people/me", h)):
        r = client.get(path, headers={**headers, "Host": "rebind.attacker.example"})
        assert r.status_code == 403 and "MOCKSERVER_ALLOWED_HOSTS" in r.text, r.text
        assert "password" not in r.text
        for name in ("localhost:8765", "127.0.0.1", "[::1]:8765"):
            assert client.get(path, headers={**headers, "Host": name}).status_code == 200
    monkeypatch.setattr(runtime.settings, "allowed_hosts", "sandbox.internal, localhost")
    assert client.get("/sandbox/pods/1", headers={"Host": "sandbox.internal:8765"}).status_code == 200
    assert client.get("/sandbox/pods/1", headers={"Host": "127.0.0.1"}).status_code == 403
    monkeypatch.setattr(runtime.settings, "allowed_hosts", "*")
    assert client.get("/sandbox/pods/1", headers={"Host": "anything.example"}).status_code == 200


def test_web_pages_cannot_drive_the_control_plane(client):
    client.post("/sandbox/clock", json={"mode": "manual"})
    before = client.get("/sandbox/clock").json()["now"]
    attempts = [
        {"Content-Type": "text/plain"},  # the classic cross-site "simple request"
        {"Content-Type": "application/x-www-form-urlencoded"},
        {"Content-Type": "multipart/form-data; boundary=x"},
        {"Origin": "http://evil.example", "Content-Type": "application/json"},
        {"Origin": "null", "Content-Type": "application/json"},
        {"Sec-Fetch-Site": "cross-site", "Content-Type": "application/json"},
    ]
    for headers in attempts:
        r = client.post("/sandbox/clock", content=b'{"advance": 3600}', headers=headers)
        assert r.status_code in (403, 415), (headers, r.text)
        assert r.json()["errors"][0]["description"]
        r = client.post("/sandbox/reset", headers=headers)
        assert r.status_code in (403, 415), (headers, r.text)
    assert client.get("/sandbox/clock").json()["now"] == before  # nothing moved
    # the sandbox's own pages (the docs' "Try it out") and scripts still work
    r = client.post("/sandbox/clock", json={"advance": 60}, headers={"Origin": "http://testserver"})
    assert r.status_code == 200
    assert client.get("/sandbox/pods/1", headers={"Origin": "http://evil.example"}).status_code == 200


def test_health_stays_open_when_the_control_plane_needs_a_token(client, monkeypatch):
    monkeypatch.setattr(runtime.settings, "admin_token", "s3cret")
    assert client.get("/sandbox/health").status_code == 200
    r = client.post("/sandbox/reset")
    assert r.status_code == 401 and "MOCKSERVER_ADMIN_TOKEN" in r.json()["errors"][0]["description"]
    assert client.post("/sandbox/tokens", json={"email": "cl1admin1@email.carehybrid.com"}).status_code == 401
    assert client.get("/sandbox/pods/1", headers={"X-Sandbox-Token": "s3cret"}).status_code == 200


def _serve_on(host: str, tmp_path: Path, extra_env: dict[str, str]) -> tuple[subprocess.Popen, int, str]:
    port = free_port()
    env = {**os.environ, "MOCKSERVER_DATABASE_URL": database_url(tmp_path, "adm"), **extra_env}
    env.pop("MOCKSERVER_ADMIN_TOKEN", None)
    proc = subprocess.Popen([sys.executable, "-m", "mockserver", "serve", "--host", host, "--port", str(port),
                             "--pods", "1"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            raise RuntimeError(proc.stderr.read())
        lines.append(line)
        if line.startswith("admin token") or (line.startswith("  curl") and host.startswith("127.")):
            break
    base = f"http://127.0.0.1:{port}"
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/sandbox/health", timeout=1).status_code == 200:
                return proc, port, "".join(lines)
        except httpx.HTTPError:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError("server did not start")


def test_listening_beyond_loopback_generates_an_admin_token(tmp_path):
    token_file = tmp_path / "secrets" / "admin-token"
    env = {"MOCKSERVER_ADMIN_TOKEN_FILE": str(token_file), "HOME": str(tmp_path)}
    proc, port, banner = _serve_on("0.0.0.0", tmp_path, env)
    try:
        base = f"http://127.0.0.1:{port}"
        token = token_file.read_text().strip()
        assert len(token) >= 32 and token in banner and str(token_file) in banner
        assert oct(token_file.stat().st_mode & 0o777) == "0o600"
        assert httpx.get(base + "/sandbox/health").status_code == 200  # health checks know no secret
        assert httpx.get(base + "/sandbox/pods/1").status_code == 401  # nobody on the network reads passwords
        assert httpx.post(base + "/sandbox/tokens", json={"email": "cl1admin1@email.carehybrid.com"}).status_code == 401
        assert httpx.get(base + "/sandbox/pods/1", headers={"X-Sandbox-Token": token}).status_code == 200
        # the CLI finds the token: flag, environment, or the file serve wrote
        cli = [sys.executable, "-m", "mockserver"]
        cenv = {**os.environ, **env}
        cenv.pop("MOCKSERVER_ADMIN_TOKEN", None)
        r = subprocess.run([*cli, "pods", "--url", base, "--pod", "1"], env=cenv, capture_output=True, text=True, timeout=60)
        assert r.returncode == 0 and "cl1admin1@email.carehybrid.com" in r.stdout, r.stdout + r.stderr
        r = subprocess.run([*cli, "reset", "--url", base, "--admin-token", token], env=cenv, capture_output=True, text=True,
                           timeout=60)
        assert r.returncode == 0 and '"reset"' in r.stdout, r.stdout + r.stderr
        r = subprocess.run([*cli, "reset", "--url", base, "--admin-token", "wrong"], env=cenv, capture_output=True,
                           text=True, timeout=60)
        assert r.returncode == 1
        # bound beyond loopback, any Host name is answered (the token guards it); the compose file lists names
        assert httpx.get(base + "/sandbox/health", headers={"Host": "sandbox"}).status_code == 200
    finally:
        stop(proc)


def test_compose_lists_the_allowed_hosts():
    compose = (ROOT / "docker-compose.yml").read_text()
    assert "MOCKSERVER_ALLOWED_HOSTS" in compose and "MOCKSERVER_ADMIN_TOKEN_FILE" in (ROOT / "Dockerfile").read_text()


# --- the journal -------------------------------------------------------------------------------
def test_the_journal_shows_that_secrets_were_sent_but_not_the_secrets(client, sandbox):
    sandbox.reset(pod=1, scenario="provisioned")
    client.delete("/sandbox/requests")
    pod = client.get("/sandbox/pods/1").json()
    password = "C1sco!Pod1"
    integ = pod["integrations"][0]
    token = client.post("/sandbox/tokens", json={"email": "cl1admin1@email.carehybrid.com"}).json()["access_token"]
    session = client.post(f"{T}/login", json={"email": "cl1admin1@email.carehybrid.com", "password": password}).json()
    h = {"Authorization": f"Bearer {session['accessToken']}"}
    client.post("/v1/access_token", data={"grant_type": "refresh_token", "client_id": integ["client_id"],
                                          "client_secret": integ["client_secret"], "refresh_token": "r-secret-1"})
    svc = client.post(f"{T}/services", headers=h, json={"name": "Journal Svc"})
    creds = client.get(f"{T}/services/{svc.json()['id']}/credentials", headers=h).json()
    secrets = [password, integ["client_secret"], token, session["accessToken"], "r-secret-1",
               creds["serviceSecret"]]
    entries = client.get("/sandbox/requests", params={"limit": 100}).json()
    text = json.dumps(entries)
    for s in secrets:
        assert s not in text, f"a secret is in the journal: {s[:6]}..."
    login_entry = next(e for e in entries if e["path"] == f"{T}/login")
    assert '"password":"***"' in login_entry["requestBody"].replace(" ", "")
    assert "accessToken" in login_entry["responseBody"]  # the field is there, masked
    token_entry = next(e for e in entries if e["path"] == "/v1/access_token")
    assert "client_secret=***" in token_entry["requestBody"] and "client_id=" + integ["client_id"] in token_entry["requestBody"]
    assert any(e["requestHeaders"].get("authorization") == "Bearer ***" for e in entries)


# --- errors --------------------------------------------------------------------------------------
def test_control_characters_are_400_in_each_products_shape(client, auth, sandbox):
    sandbox.reset(pod=1, scenario="provisioned")
    h = auth("admin")
    r = client.post(f"{T}/login", json={"email": "a\u0000b@x.com", "password": "x"})  # no token at all
    assert r.status_code == 400 and "U+0000" in r.text and "transid" in r.json(), r.text
    r = client.get("/v1/people", params={"displayName": "a\x00b"}, headers=h)
    assert r.status_code == 400 and r.json()["trackingId"] and "U+0000" in r.text
    r = client.post(f"/organization/{_org(h)}/site", headers=h, json={"name": "Bad\u0007Bell", "active": True,
                                                                        "multimediaProfileId": "x"})
    assert r.status_code == 400 and r.json()["error"]["message"][0]["description"].startswith("name:")
    r = client.post("/v1/access_token", data={"grant_type": "refresh_token\x00", "client_id": "c"})
    assert r.status_code == 400 and "U+0000" in r.text
    assert client.get(f"/organization/{_org(h)}/v2/site/ab%00cd", headers=h).status_code == 400
    # tabs and line breaks are text
    mmp = client.get(f"/organization/{_org(h)}/v2/multimedia-profile", headers=h).json()["data"][0]["id"]
    r = client.post(f"/organization/{_org(h)}/site", headers=h, json={
        "name": "Tabbed", "description": "line one\nline\ttwo", "active": True, "multimediaProfileId": mmp})
    assert r.status_code == 201, r.text
    assert "\\\\u0000" not in r.text


@pytest.fixture
def served(sandbox):
    """The session's app behind a real socket (uvicorn in a thread), without the lifespan: no
    heartbeat thread racing the in-process tests after this one; stopped at the end."""
    import threading

    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(sandbox.app, host="127.0.0.1", port=port, lifespan="off",
                                           log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.01)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


def test_an_unexpected_error_is_a_plain_500_and_the_connection_lives_on(served, monkeypatch, caplog):
    from mockserver.identity import directory

    def broken() -> dict:
        raise RuntimeError("(psycopg.DataError) SELECT password_hash FROM identity_person WHERE email = %(email)s")

    base = served
    with httpx.Client(base_url=base) as c:
        token = c.post("/sandbox/tokens", json={"email": "cl1admin1@email.carehybrid.com"}).json()["access_token"]
        h = {"Authorization": f"Bearer {token}"}
        monkeypatch.setattr(directory, "list_roles", broken)
        r = c.get("/v1/roles", headers=h)
        assert r.status_code == 500
        body = r.json()
        assert body["trackingId"] == r.headers["trackingid"] and body["trackingId"] in body["errors"][0]["description"]
        for leak in ("SELECT", "password", "psycopg", "RuntimeError", "Traceback", "%(email)s"):
            assert leak not in r.text
        assert r.headers.get("connection", "").lower() != "close"
        # the same connection answers the next request
        assert c.get("/v1/people/me", headers=h).status_code == 200
    assert any(body["trackingId"] in rec.getMessage() for rec in caplog.records)  # the details went to the log


# --- identity ----------------------------------------------------------------------------------
def test_disabling_a_user_or_taking_their_last_licence_revokes_their_tokens(client, auth, sandbox):
    sandbox.reset(pod=1, scenario="provisioned")
    admin = auth("admin")
    org = _org(admin)
    sup, agent = _person(client, 1, "supervisor"), _person(client, 1, "agent")
    hs, ha = auth("supervisor"), auth("agent")
    for h in (hs, ha):
        assert client.get("/v1/people/me", headers=h).status_code == 200
        assert client.get(f"/organization/{org}/v2/site", headers=h).status_code == 200
    r = client.put(f"/v1/people/{sup['id']}", headers=admin, json={"displayName": sup["displayName"], "loginEnabled": False})
    assert r.status_code == 200 and r.json()["loginEnabled"] in (False, "false")
    licences = [lic["id"] for lic in client.get("/v1/licenses", headers=admin).json()["items"]]
    r = client.patch("/v1/licenses/users", headers=admin, json={
        "email": agent["email"], "licenses": [{"id": x, "operation": "remove"} for x in licences]})
    assert r.status_code == 200 and r.json()["licenses"] == []
    for h in (hs, ha):
        for path in ("/v1/people/me", f"/organization/{org}/v2/site", "/v1/authorizations/tokenExpiry"):
            r = client.get(path, headers=h)
            assert r.status_code == 401, (path, r.text)
    assert "disabled" in client.get("/v1/people/me", headers=hs).text or "revoked" in client.get("/v1/people/me", headers=hs).text.lower()
    # a disabled user gets no new token by signing in either; enabling them again does not revive old tokens
    client.put(f"/v1/people/{sup['id']}", headers=admin, json={"displayName": sup["displayName"], "loginEnabled": True})
    assert client.get("/v1/people/me", headers=hs).status_code == 401
    assert client.get("/v1/people/me", headers=auth("supervisor")).status_code == 200
    # an administrator without licences still runs Control Hub
    ua = auth("cl1useradmin1@email.carehybrid.com")
    assert client.get("/v1/people/me", headers=ua).status_code == 200


def _alive(pid: int) -> bool:
    stat = Path(f"/proc/{pid}/stat")
    try:
        return stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc").exists(), reason="reads the process table from /proc")
def test_revocation_reaches_every_worker_and_workers_die_with_their_parent(tmp_path):
    """One `serve --workers 2` (starting one costs seconds): a disabled user's token is refused by
    every worker at once; then kill -9 of the parent leaves no worker serving, and a restart on
    the same port works."""
    url = database_url(tmp_path, "rev")
    proc, base = serve(url, 2)
    try:
        def tok(email):
            return {"Authorization": "Bearer " + httpx.post(base + "/sandbox/tokens", json={"email": email}).json()["access_token"]}

        admin, sup = tok("cl1admin1@email.carehybrid.com"), tok("cl1sup1@email.carehybrid.com")
        with httpx.Client(base_url=base) as c:
            pid = next(u for u in c.get("/sandbox/pods/1").json()["users"] if u["key"] == "supervisor")["id"]
        # every worker caches the supervisor's principal (new connections spread over workers)
        for _ in range(12):
            with httpx.Client(base_url=base) as c:
                assert c.get("/v1/people/me", headers=sup).status_code == 200
        r = httpx.put(f"{base}/v1/people/{pid}", headers=admin, json={"displayName": "Supervisor Pod1", "loginEnabled": False})
        assert r.status_code == 200
        codes = []
        for _ in range(16):
            with httpx.Client(base_url=base) as c:
                codes.append(c.get("/v1/people/me", headers=sup).status_code)
        assert set(codes) == {401}, codes

        port = int(base.rsplit(":", 1)[1])
        workers = [p for p in _children(proc.pid)
                   if "resource_tracker" not in Path(f"/proc/{p}/cmdline").read_text(errors="replace")]
        assert workers
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and any(_alive(p) for p in workers):
            time.sleep(0.1)
        assert not [p for p in workers if _alive(p)], "orphaned workers still running"
        again = subprocess.Popen([sys.executable, "-m", "mockserver", "serve", "--port", str(port), "--pods", "1"],
                                 env={**os.environ, "MOCKSERVER_DATABASE_URL": url}, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.PIPE)
        try:
            deadline = time.monotonic() + 60
            while True:
                assert again.poll() is None, again.stderr.read().decode()  # e.g. "address already in use"
                try:
                    if httpx.get(base + "/sandbox/health", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    assert time.monotonic() < deadline, "the restart did not answer"
                    time.sleep(0.1)
        finally:
            stop(again)
    finally:
        stop(proc)


def test_wildcards_in_people_filters_are_literal(client, auth):
    agent = auth("agent")
    assert client.get("/v1/people", headers=agent).status_code == 400  # an agent may not list everyone
    for pattern in ("%", "_", "%a%", "_gent%"):
        r = client.get("/v1/people", params={"displayName": pattern}, headers=agent)
        assert r.status_code == 200 and r.json()["items"] == [], (pattern, r.text)
    r = client.get("/v1/people", params={"displayName": "Agent P"}, headers=agent)
    assert [p["displayName"] for p in r.json()["items"]] == ["Agent Pod1"]


def test_licences_of_another_org_are_refused(client, auth):
    h = auth("admin")
    mine = client.get("/v1/licenses", headers=h)
    assert mine.status_code == 200 and mine.json()["items"]
    other = client.get("/sandbox/pods/2").json()["orgIdEncoded"]
    r = client.get("/v1/licenses", params={"orgId": other}, headers=h)
    assert r.status_code == 403 and r.json()["errors"][0]["description"]
    assert "licenses" not in r.json() and "items" not in r.json()


# --- permissions on intent ---------------------------------------------------------------------
def _teammate(client, owner, email, role, password="Teamm8te!x"):
    r = client.post(f"{T}/users", json={"email": email, "role": role}, headers=owner)
    assert r.status_code == 201, r.text
    join(client, last_mail(client, email, "connect.invite"), "Team", "Mate", password)
    return r.json()["id"], login(client, "cl1pod1", email, password)


@pytest.mark.parametrize("role", ["Restricted", "Read Only", "Limited Access"])
def test_a_patch_that_changes_nothing_reveals_nothing(client, sandbox, role):
    sandbox.reset(pod=1, scenario="provisioned")
    owner = login(client, "cl1pod1", "cl1admin1@email.carehybrid.com", "C1sco!Pod1")
    _, me = _teammate(client, owner, "cl1agent1@email.carehybrid.com", role)
    mate_id, _ = _teammate(client, owner, "cl1sup1@email.carehybrid.com", "Full Access")
    mate = client.get(f"{T}/users/{mate_id}", headers=owner).json()
    assert client.get(f"{T}/users/{mate_id}", headers=me).status_code == 403
    for body in ({}, {"role": mate["role"]}, {"status": mate["status"]}, {"containerId": None},
                 {"decryptLogs": mate["decryptLogs"]}):
        r = client.patch(f"{T}/users/{mate_id}", headers=me, json=body)
        assert r.status_code == 403, (body, r.text)
        assert mate["email"] not in r.text


def test_each_role_against_each_connect_update_route(client, sandbox):
    """Every PATCH/PUT of the Connect portal, for every role: the role's permission decides before
    the body is compared with the record (a no-op body is refused exactly like a change)."""
    from mockserver.connect.team import roles

    sandbox.reset(pod=1, scenario="provisioned")
    owner = login(client, "cl1pod1", "cl1admin1@email.carehybrid.com", "C1sco!Pod1")
    svc = client.post(f"{T}/services", headers=owner, json={"name": "Role Svc"}).json()
    tpl = client.post(f"{T}/templates", headers=owner, json={"name": "Role Tpl", "channel": "SMS", "body": "hi"})
    group = client.post(f"{T}/groups", headers=owner, json={"name": "Role Group"}).json()
    mate_id, _ = _teammate(client, owner, "cl1sup1@email.carehybrid.com", "Full Access")
    routes = {  # path -> (permission, a body that changes nothing)
        f"{T}/users/{mate_id}": ("users.manage", {"role": "Full Access"}),
        f"{T}/services/{svc['id']}": ("services.write", {"name": "Role Svc"}),
        f"{T}/groups/{group['id']}": ("containers.write", {"name": "Role Group"}),
        f"{T}/settings": ("tenant.settings.write", {}),
    }
    if tpl.status_code == 201:
        routes[f"{T}/templates/{tpl.json()['id']}"] = ("templates.write", {"name": "Role Tpl", "channel": "SMS", "body": "hi"})
    sessions = {}
    for i, role in enumerate(r for r in roles.ROLES if r != roles.OWNER):
        email = f"cl1role{i}@email.carehybrid.com"
        sessions[role] = _teammate(client, owner, email, role)[1]
    checked = 0
    for path, (permission, body) in routes.items():
        method = "PUT" if path.endswith("/settings") or "/templates/" in path else "PATCH"
        for role, h in sessions.items():
            r = client.request(method, path, headers=h, json=body)
            if roles.allowed(role, permission):
                assert r.status_code != 403, (role, path, r.text)
            else:
                assert r.status_code == 403, (role, path, r.text)
                checked += 1
    assert checked >= 8


# --- bounded input -----------------------------------------------------------------------------
def test_bodies_are_bounded_and_read_only_after_authentication(client, auth, monkeypatch):
    from mockserver.testing import SyncASGIClient  # noqa: F401 - the in-process client streams bodies

    h = auth("admin")
    org = _org(h)
    monkeypatch.setattr(runtime.settings, "max_body_bytes", 64 * 1024)
    big = b'{"name": "' + b"x" * 100_000 + b'"}'
    # declared too large: refused before a byte is read, token or not
    for headers in ({}, h):
        r = client.post(f"/organization/{org}/site", content=big, headers={**headers, "Content-Type": "application/json"})
        assert r.status_code == 413 and "MOCKSERVER_MAX_BODY_BYTES" in r.text
        assert r.json()["trackingId"]  # WxCC's shape
    # streamed (chunked, no Content-Length): refused as soon as it passes the limit
    consumed = []

    async def chunks():
        for _ in range(1000):
            consumed.append(1)
            yield b"x" * 8192

    r = client.post(f"/organization/{org}/site", content=chunks(), headers={**h, "Content-Type": "application/json"})
    assert r.status_code == 413 and len(consumed) < 20
    # no token: the body is never read (not even parsed: broken JSON answers the missing token)
    consumed.clear()

    async def broken():
        consumed.append(1)
        yield b"{not json"

    for path, status in ((f"/organization/{org}/site", 400), ("/v1/licenses/users", 401), (f"{T}/services", 401)):
        r = client.request("PATCH" if path.endswith("users") else "POST", path, content=broken(),
                           headers={"Content-Type": "application/json"})
        assert r.status_code == status and "JSON" not in r.text, (path, r.text)
        assert "Authorization" in r.text or "token" in r.text.lower()
    assert consumed == []
    r = client.post(f"/organization/{org}/site", content=b"{not json", headers={**h, "Content-Type": "application/json"})
    assert r.status_code == 400 and "JSON" in r.text  # with a token the body is read and judged


def test_string_values_are_bounded(client, auth):
    h = auth("admin")
    org = _org(h)
    mmp = client.get(f"/organization/{org}/v2/multimedia-profile", headers=h).json()["data"][0]["id"]
    r = client.post(f"/organization/{org}/site", headers=h, json={
        "name": "Huge", "description": "d" * 5_000_000, "active": True, "multimediaProfileId": mmp})
    assert r.status_code == 400 and "description" in r.text
    r = client.post(f"/organization/{org}/site", headers=h, json={"name": "n" * 81, "active": True, "multimediaProfileId": mmp})
    assert r.status_code == 400 and "name" in r.text
    assert client.get(f"/organization/{org}/v2/site", params={"filter": 'name=="Huge"'}, headers=h).json()["meta"]["totalRecords"] == 0


def test_business_rules_the_schema_used_to_let_through(client, auth):
    h = auth("admin")
    org = _org(h)
    base = f"/organization/{org}"
    mmp = client.get(base + "/v2/multimedia-profile", headers=h).json()["data"][0]["id"]
    bad = [
        ("/skill", {"name": "Neg", "active": True, "serviceLevelThreshold": -1, "skillType": "Boolean"}, "serviceLevelThreshold"),
        ("/site", {"name": " ", "active": True, "multimediaProfileId": mmp}, "name"),
        ("/site", {"name": "Zero", "active": 0, "multimediaProfileId": mmp}, "active"),
        ("/site", {"name": "Str", "active": "true", "multimediaProfileId": mmp}, "active"),
    ]
    for path, body, field in bad:
        r = client.post(base + path, headers=h, json=body)
        assert r.status_code == 400 and field in r.text, (body, r.text)
    assert client.post(base + "/skill", headers=h, json={"name": "Pos", "active": True, "serviceLevelThreshold": 0,
                                                          "skillType": "Boolean"}).status_code == 201


# --- roles ---------------------------------------------------------------------------------------
WRITE_SCOPES = ["cjp:config", "cjp:config_read", "cjp:config_write", "spark-admin:people_write",
                "spark-admin:people_read", "spark-admin:licenses_read", "spark-admin:organizations_read"]


def test_a_read_only_administrator_reads_but_never_writes(client, sandbox):
    sandbox.reset(pod=1, scenario="provisioned")
    ro = sandbox.auth("cl1roadmin1@email.carehybrid.com", scopes=WRITE_SCOPES)
    org = _org(ro)
    base = f"/organization/{org}"
    sites = client.get(base + "/v2/site", headers=ro)
    assert sites.status_code == 200
    mmp = client.get(base + "/v2/multimedia-profile", headers=ro).json()["data"][0]["id"]
    site = sites.json()["data"][0]
    agent = _person(client, 1, "agent")
    writes = [
        ("POST", base + "/site", {"name": "RO Site", "active": True, "multimediaProfileId": mmp}),
        ("PUT", base + f"/site/{site['id']}", {**client.get(base + f"/site/{site['id']}", headers=ro).json()}),
        ("DELETE", base + f"/site/{site['id']}", None),
        ("POST", base + "/site/bulk", {"items": []}),
        ("PUT", f"/v1/people/{agent['id']}", {"displayName": "Renamed"}),
        ("PATCH", "/v1/licenses/users", {"email": agent["email"], "licenses": []}),
        ("PUT", ch_path(1, "/desktop/ronaTimeouts"), {"telephony": 20, "chat": 30, "email": 30, "social": 30}),
        ("POST", ch_path(1, "/general/synchronizeUsers"), {}),
        ("POST", "/engage/cl1pod1/customer-care/blocklist", {"word": "ro-word"}),
    ]
    for method, path, body in writes:
        r = client.request(method, path, headers=ro, json=body)
        assert r.status_code == 403, (method, path, r.status_code, r.text)
    assert client.get(base + "/v2/site", params={"filter": 'name=="RO Site"'}, headers=ro).json()["meta"]["totalRecords"] == 0
    assert client.get(ch_path(1, "/desktop/ronaTimeouts"), headers=ro).status_code == 200


def test_an_administrator_who_is_not_a_full_one(client, sandbox):
    sandbox.reset(pod=1, scenario="provisioned")
    ua = sandbox.auth("cl1useradmin1@email.carehybrid.com", scopes=WRITE_SCOPES)
    org = _org(ua)
    mmp = client.get(f"/organization/{org}/v2/multimedia-profile", headers=ua).json()["data"][0]["id"]
    # Contact Center configuration: any administrator who may write
    r = client.post(f"/organization/{org}/site", headers=ua, json={"name": "UA Site", "active": True, "multimediaProfileId": mmp})
    assert r.status_code == 201, r.text
    # Control Hub's Contact Center settings and Engage: Full Administrators only
    r = client.put(ch_path(1, "/desktop/ronaTimeouts"), headers=ua, json={"telephony": 20, "chat": 30, "email": 30, "social": 30})
    assert r.status_code == 403 and "Full Administrator" in r.text
    r = client.post("/engage/cl1pod1/customer-care/blocklist", headers=ua, json={"word": "ua-word"})
    assert r.status_code == 403 and "full administrator" in r.text.lower()
    # but it reads them
    assert client.get(ch_path(1, "/desktop/ronaTimeouts"), headers=ua).status_code == 200


def test_rona_limits(client, auth):
    h = auth("admin")
    path = ch_path(1, "/desktop/ronaTimeouts")
    ok = {"telephony": 18, "chat": 30, "email": 30, "social": 30}
    for field, good, bad in (("telephony", (1, 120), (0, 121)), ("chat", (1, 6000), (0, 6001)),
                             ("email", (1, 6000), (-5, 6001)), ("social", (1, 6000), (0, 10**6))):
        for v in good:
            r = client.put(path, headers=h, json={**ok, field: v})
            assert r.status_code == 200 and r.json()[field] == v, (field, v, r.text)
        for v in bad:
            r = client.put(path, headers=h, json={**ok, field: v})
            assert r.status_code == 400 and field in r.text, (field, v, r.text)
    assert client.get(path, headers=h).json()["social"] == 6000  # the last good value stayed


def test_a_connect_session_expires_after_a_working_day(client, sandbox):
    sandbox.reset(pod=1, scenario="provisioned")
    client.post("/sandbox/clock", json={"mode": "manual"})
    h = login(client, "cl1pod1", "cl1admin1@email.carehybrid.com", "C1sco!Pod1")
    client.post("/sandbox/clock", json={"advance": 8 * 3600 - 1})
    assert client.get(f"{T}/me", headers=h).status_code == 200
    client.post("/sandbox/clock", json={"advance": 1})
    r = client.get(f"{T}/me", headers=h)
    assert r.status_code == 401 and "expired" in r.text


# --- the process and the document ---------------------------------------------------------------
def _children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def test_405_lists_every_method_of_the_path(client, auth):
    import re

    doc = json.loads((ROOT / "openapi" / "openapi.json").read_text())
    templates = [(re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", p) + "$"), item) for p, item in doc["paths"].items()]
    h = auth("admin")
    checked = 0
    for path, item in doc["paths"].items():
        served = {m.upper() for m in item if m in ("get", "put", "post", "patch", "delete")}
        missing = [m for m in ("PUT", "PATCH", "DELETE", "POST", "GET") if m not in served]
        if not missing or "{" in path.split("/")[-1] and path.startswith("/google"):
            continue
        concrete = path.replace("{orgid}", _org(h)).replace("{orgId}", _org(h)).replace("{tenant}", "cl1pod1")
        concrete = "/".join("some-id" if seg.startswith("{") else seg for seg in concrete.split("/"))
        if any(rx.match(concrete) and missing[0].lower() in other for rx, other in templates):
            continue  # another template serves the method on this concrete path (PUT /v1/people/me)
        r = client.request(missing[0], concrete, headers=h)
        assert r.status_code == 405, (path, r.status_code, r.text)
        # every template the concrete path matches (GET /assets/apps/email is the {appId} route's)
        expected = {m.upper() for rx, other in templates if rx.match(concrete) for m in other
                    if m in ("get", "put", "post", "patch", "delete")}
        allow = set(r.headers["allow"].split(", "))
        assert expected <= allow, (path, r.headers["allow"], expected)
        for extra in allow - expected:  # served but not documented (POST /v1/agents/logout: Cisco's SDK sends it)
            assert client.request(extra, concrete, headers=h).status_code != 405, (path, extra)
        checked += 1
    assert checked > 100


def test_a_delete_that_answers_no_body_declares_none(client, auth):
    doc = json.loads((ROOT / "openapi" / "openapi.json").read_text())
    for path, item in doc["paths"].items():
        op = item.get("delete")
        if not op:
            continue
        for code, resp in op["responses"].items():
            if code.startswith("2") and ("no body" in resp.get("description", "").lower() or code == "204"):
                assert "content" not in resp, (path, code, resp)
    h = auth("admin")
    org = _org(h)
    wt = client.post(f"/organization/{org}/work-type", headers=h, json={"name": "WT Gone", "workTypeCode": "IDLE_CODE",
                                                                       "active": True})
    if wt.status_code == 201:
        r = client.delete(f"/organization/{org}/work-type/{wt.json()['id']}", headers=h)
        assert r.status_code in (200, 204) and r.content == b"" and "json" not in r.headers.get("content-type", "")


def test_the_fidelity_gate_fails_under_ci_when_cisco_spec_is_missing(tmp_path):
    """A checkout without ../shared must not pass CI with 15 fewer tests and no word."""
    copy = tmp_path / "repo" / "tests" / "test_wxcc_fidelity.py"  # no ../shared beside this "repo"
    copy.parent.mkdir(parents=True)
    copy.write_text((ROOT / "tests" / "test_wxcc_fidelity.py").read_text())
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
    cmd = [sys.executable, "-m", "pytest", str(copy), "-rs", "-p", "no:cacheprovider",
           "--rootdir", str(copy.parent), "-c", os.devnull]
    ci = subprocess.run(cmd, env={**env, "CI": "true"}, capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert ci.returncode != 0, ci.stdout
    assert "webex-contact-center.json" in ci.stdout + ci.stderr
    env.pop("CI", None)
    local = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert local.returncode in (0, 5), local.stdout + local.stderr  # all skipped
    assert "SKIPPED" in local.stdout and "../shared" in local.stdout and "webex-openapi-specs" in local.stdout
