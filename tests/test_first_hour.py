"""A user's first hour (issue 13): docs that work offline and can sign in, a landing page, a CLI
that tells the truth, and no traps in the lab steps. Each test is one thing a newcomer meets."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mockserver.core.events import dispatcher
from mockserver.core.seeding import pod_org_id
from mockserver.events import AssetRegistered
from mockserver.identity import spark_ids
from mockserver.wxcc.config.seed import asset_id

ROOT = Path(__file__).resolve().parents[1]
ORG = pod_org_id(1)


# --- docs that work offline, and can sign in ------------------------------------------------------
def test_docs_are_served_from_the_package_not_a_cdn(client):
    page = client.get("/docs")
    assert page.status_code == 200
    assert "cdn." not in page.text and "http://" not in page.text.replace("http://testserver", "")
    for asset in re.findall(r"""(?:src|href)=['"]([^'"]+)['"]""", page.text):
        r = client.get(asset)
        assert r.status_code == 200 and len(r.content) > 100, asset
    js = client.get("/docs/assets/swagger-ui-bundle.js")
    assert js.headers["content-type"].startswith("application/javascript") and len(js.content) > 500_000
    # Swagger UI 5 renders OpenAPI 3.1 (ours); 4.x shows "unsupported version"
    assert client.get("/openapi.json").json()["openapi"].startswith("3.1")


def test_the_document_declares_its_bearer_schemes_and_sends_no_422(client):
    doc = client.get("/openapi.json").json()
    schemes = doc["components"]["securitySchemes"]
    assert schemes["webexToken"] == {**schemes["webexToken"], "type": "http", "scheme": "bearer"}
    ops = [(p, m, o) for p, ops in doc["paths"].items() for m, o in ops.items()]
    for path, method, op in ops:
        assert "422" not in op["responses"], (method, path)
        protected = "401" in op["responses"] or "403" in op["responses"]
        if path == "/engage/api/v1/oauth/token":  # the client authenticates in the form
            assert "security" not in op
        elif path.startswith(("/organization/", "/v1/people", "/engage/", "/controlhub/")) and protected:
            expected = "engageApiToken" if path.startswith("/engage/api/v1/") else "webexToken"
            assert op.get("security") == [{expected: []}], (method, path)
    assert "HTTPValidationError" not in doc["components"]["schemas"]
    assert doc["paths"]["/connect/{tenant}/teams"]["post"]["security"] == [{"connectSession": []}]
    assert "security" not in doc["paths"]["/v1/access_token"]["post"]
    # what the document says a bad body answers is what the server sends
    admin = client.post("/sandbox/tokens", json={"email": "cl1admin1@email.carehybrid.com"}).json()["access_token"]
    r = client.post(f"/organization/{ORG}/team", json={"name": 5}, headers={"Authorization": f"Bearer {admin}"})
    assert r.status_code == 400
    assert "400" in doc["paths"]["/organization/{orgid}/team"]["post"]["responses"]


def test_write_operations_carry_a_realistic_example_that_passes_validation(client, auth):
    doc = client.get("/openapi.json").json()
    h = auth("admin")
    site = client.get(f"/organization/{ORG}/v2/site", headers=h).json()["data"][0]["id"]
    team_ex = doc["paths"]["/organization/{orgid}/team"]["post"]["requestBody"]["content"]["application/json"]["example"]
    team = client.post(f"/organization/{ORG}/team", json={**team_ex, "siteId": site}, headers=h)
    assert team.status_code == 201, team.text
    q_ex = doc["paths"]["/organization/{orgid}/contact-service-queue"]["post"]["requestBody"]["content"]["application/json"]["example"]
    q_ex["callDistributionGroups"][0]["agentGroups"][0]["teamId"] = team.json()["id"]
    assert client.post(f"/organization/{ORG}/contact-service-queue", json=q_ex, headers=h).status_code == 201
    ep_ex = doc["paths"]["/organization/{orgid}/entry-point"]["post"]["requestBody"]["content"]["application/json"]["example"]
    sms = client.get("/sandbox/pods/1").json()
    assert ep_ex["channelType"] == "CHAT" and ep_ex["assetId"].startswith("<")
    r = client.post(f"/organization/{ORG}/entry-point", json={**ep_ex, "assetId": asset_id(1, "sms")}, headers=h)
    assert r.status_code == 201, (r.text, sms)


def test_the_root_is_a_landing_page(client):
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    for text in ("cl1admin1@email.carehybrid.com", "C1sco!Pod1", "/sandbox/tokens", 'href="/docs"', "/labs",
                 "cl1pod3"):
        assert text in r.text, text
    labs = client.get("/labs")
    assert labs.status_code == 200 and "lab" in labs.text.lower()


# --- no traps in the lab steps -------------------------------------------------------------------
def test_organizations_answer_the_raw_uuid_as_well(client, auth):
    h = auth("admin")
    by_raw = client.get(f"/v1/organizations/{ORG}", headers=h)
    assert by_raw.status_code == 200, by_raw.text
    assert by_raw.json() == client.get(f"/v1/organizations/{spark_ids.org_id(ORG)}", headers=h).json()
    assert by_raw.json()["id"] == spark_ids.org_id(ORG)
    assert client.get(f"/v1/organizations/{pod_org_id(2)}", headers=h).status_code == 403
    r = client.get("/v1/organizations/not-an-id", headers=h)
    assert r.status_code == 404 and "raw UUID" in r.text


def test_seeded_numbers_are_valid_us_numbers(client, sandbox):
    from mockserver.connect.testkit import login

    for n in (1, 2, 3):
        sandbox.reset(pod=n, scenario="provisioned")
        portal = login(client, f"cl1pod{n}", f"cl1admin{n}@email.carehybrid.com", f"C1sco!Pod{n}")
        text = json.dumps(client.get(f"/connect/cl1pod{n}/assets/numbers", headers=portal).json())
        numbers = set(re.findall(r"\+1408\d+", text))
        assert numbers, f"POD {n} shows no number"
        assert all(re.fullmatch(r"\+1[2-9]\d{9}", x) for x in numbers), numbers


def test_no_answer_speaks_of_the_projects_plans(client, sandbox, auth):
    sandbox.reset(pod=1, scenario="provisioned")
    r = client.get("/engage/cl1pod1/dashboards/customer-care", headers=auth("admin"))
    assert r.status_code in (200, 404)
    for path in ROOT.joinpath("mockserver").rglob("*.py"):
        text = path.read_text()
        assert "later issue" not in text and "a later PR" not in text, path


def test_one_channels_attachment_settings_take_a_partial_body(client, sandbox, auth):
    sandbox.reset(pod=1, scenario="provisioned")
    h = auth("admin")
    before = client.get("/engage/cl1pod1/settings/attachments/sms", headers=h).json()
    r = client.put("/engage/cl1pod1/settings/attachments/sms", json={"maxCount": 1}, headers=h)
    assert r.status_code == 200, r.text
    assert (r.json()["maxCount"], r.json()["maxSizeMB"], r.json()["extensions"]) == (1, before["maxSizeMB"], before["extensions"])
    r = client.put("/engage/cl1pod1/settings/attachments/sms", json={"extensions": ["exe"]}, headers=h)
    assert r.status_code == 400 and "exe" in r.text and "maxSizeMB is required" not in r.text
    r = client.put("/engage/cl1pod1/settings/attachments/sms", json={}, headers=h)
    assert r.status_code == 400 and "at least one" in r.text


def test_an_sms_entry_point_is_a_messagebird_social_channel(client, auth):
    h = auth("admin")
    ep = {"name": "SMS_EP", "entryPointType": "INBOUND", "channelType": "SOCIAL_CHANNEL", "socialChannelType": "MESSAGEBIRD",
          "active": True, "serviceLevelThreshold": 60, "maximumActiveContacts": 10, "assetId": asset_id(1, "sms")}
    r = client.post(f"/organization/{ORG}/entry-point", json=ep, headers=h)
    assert r.status_code == 201, r.text
    r = client.post(f"/organization/{ORG}/entry-point", json={**ep, "name": "WA_EP", "assetId": asset_id(1, "whatsapp")}, headers=h)
    assert r.status_code == 400 and "SOCIAL_CHANNEL with socialChannelType WHATSAPP" in r.text


def test_entry_points_take_the_app_id_the_portal_shows_and_say_what_to_use(client, auth):
    h = auth("admin")
    dispatcher.publish(AssetRegistered(org_id=ORG, asset_id="0b7c2f8e-chat", name="LiveChatAsset", channel="chat",
                                       app_id="a_1700000000000_chat"))
    ep = {"name": "Chat_EP", "entryPointType": "INBOUND", "channelType": "CHAT", "active": True,
          "serviceLevelThreshold": 60, "maximumActiveContacts": 10}
    wrong = client.post(f"/organization/{ORG}/entry-point", json={**ep, "assetId": "a_nope"}, headers=h)
    assert wrong.status_code == 400
    assert "LiveChatAsset' (a_1700000000000_chat)" in wrong.text and "App ID" in wrong.text
    ok = client.post(f"/organization/{ORG}/entry-point", json={**ep, "assetId": "a_1700000000000_chat"}, headers=h)
    assert ok.status_code == 201, ok.text
    assert ok.json()["assetId"] == "a_1700000000000_chat"  # the id the user sent and knows
    # the same asset by its other id is still "already used"
    again = client.post(f"/organization/{ORG}/entry-point", json={**ep, "name": "Chat_EP2", "assetId": "0b7c2f8e-chat"}, headers=h)
    assert again.status_code == 400 and "already used by entry point 'Chat_EP'" in again.text


# --- an honest CLI ----------------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# The subprocesses run this checkout's package, whatever is installed.
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
ENV.pop("MOCKSERVER_DATABASE_URL", None)


def _run(*args: str, cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mockserver", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, env=ENV)


def _serve(tmp_path: Path, *args: str) -> tuple[subprocess.Popen, str, list[str]]:
    """Starts `serve`, returns it with its base URL (read from the banner) and the banner's lines."""
    proc = subprocess.Popen([sys.executable, "-m", "mockserver", "serve", "--ephemeral", *args], cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV)
    first = proc.stdout.readline()
    m = re.search(r"listening on (http://[\d.]+:(\d+))", first)
    assert m, first + proc.stderr.read() if proc.poll() is not None else first
    lines = [first]
    while True:
        line = proc.stdout.readline()
        lines.append(line)
        if "a token:" in line or not line:
            break
    return proc, m.group(1), lines


def _stop(proc: subprocess.Popen) -> str:
    proc.terminate()
    try:
        _, err = proc.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        _, err = proc.communicate()
    return err


def test_serve_announces_after_binding_the_real_port_and_logs_each_request(tmp_path):
    import httpx

    proc, base, lines = _serve(tmp_path, "--port", "0", "--pods", "1-7")
    try:
        assert not base.endswith(":0")
        r = httpx.get(base + "/sandbox/health", headers={"TrackingId": "first-hour-1"}, timeout=5)  # bound before it said so
        assert r.status_code == 200 and r.json()["pods"] == list(range(1, 8))
        pod_lines = [x for x in lines if x.strip().startswith("POD ")]
        assert len(pod_lines) == 5 and "C1sco!Pod1" in pod_lines[0]
        assert any("2 more PODs" in x and "/sandbox/pods" in x for x in lines)
        # the port is taken now: a second sandbox says so in one line, exit 2, before announcing anything
        port = base.rsplit(":", 1)[1]
        second = _run("serve", "--ephemeral", "--port", port, cwd=tmp_path)
        assert second.returncode == 2 and second.stdout == ""
        assert second.stderr.strip().count("\n") == 0 and "already in use" in second.stderr and "--port" in second.stderr
    finally:
        err = _stop(proc)
    access = [x for x in err.splitlines() if "GET /sandbox/health" in x]
    assert access and " 200 " in access[0] and "first-hour-1" in access[0] and re.search(r"\d+\.\dms", access[0])


@pytest.mark.parametrize("args, says", [
    (["serve", "--port", "99999"], "not a TCP port"),
    (["serve", "--port", "http"], "not a port number"),
    (["serve", "--database-url", "nosuchdb://x"], "cannot use the database"),
    (["serve", "--database-url", "postgresql+psycopg://u:secret@127.0.0.1:1/x"], "cannot use the database"),
    (["serve", "--ephemeral", "--scenario", "nope"], "'nope' is not defined"),
    (["serve", "--ephemeral", "--fixtures-dir", "/nonexistent"], "fixture file not found"),
    (["serve", "--ephemeral", "--pods", "3-1"], "backwards"),
])
def test_mistakes_are_one_line_and_exit_2(tmp_path, args, says):
    # a free port where the port is not the mistake: 8765 may be taken (`make serve` beside the
    # suite, or CI's other pass) and would be the first thing said
    r = _run(*args, *(() if args[1].startswith("--port") else ("--port", "0")), cwd=tmp_path)
    assert r.returncode == 2, r
    assert says in r.stderr and "Traceback" not in r.stderr, r.stderr
    assert "secret" not in r.stderr
    if not args[1].startswith("--port"):
        assert len(r.stderr.strip().splitlines()) == 1, r.stderr


def test_debug_shows_the_traceback_and_version_prints(tmp_path):
    r = _run("--debug", "serve", "--ephemeral", "--port", "0", "--scenario", "nope", cwd=tmp_path)
    assert r.returncode == 2 and "Traceback" in r.stderr and "'nope' is not defined" in r.stderr.splitlines()[-1]
    import mockserver

    v = _run("--version", cwd=tmp_path)
    assert v.returncode == 0 and v.stdout.strip() == f"wxcc-sandbox {mockserver.__version__}"


def test_wait_exits_when_healthy_and_gives_up_otherwise(tmp_path):
    port = _free_port()
    started = time.monotonic()
    r = _run("wait", "--url", f"http://127.0.0.1:{port}", "--timeout", "0.5", cwd=tmp_path)
    assert r.returncode == 1 and "not ready after 0.5s" in r.stderr and time.monotonic() - started < 20
    proc = subprocess.Popen([sys.executable, "-m", "mockserver", "serve", "--ephemeral", "--port", str(port),
                             "--no-access-log"], cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            env=ENV)
    try:
        r = _run("wait", "--url", f"http://127.0.0.1:{port}", "--timeout", "60", cwd=tmp_path, timeout=90)
        assert r.returncode == 0 and "ready" in r.stdout
    finally:
        err = _stop(proc)
    assert "GET /sandbox/health" not in err  # --no-access-log


def test_in_process_sandboxes_are_quiet(client, caplog):
    with caplog.at_level("INFO", logger="mockserver.access"):
        client.get("/sandbox/health")
    assert not [r for r in caplog.records if r.name == "mockserver.access"]


def test_make_serve_installs_only_what_serving_needs_and_says_so(tmp_path):
    import shutil

    if shutil.which("make") is None:
        pytest.fail("make is not installed: the README's two commands need it")
    plan = subprocess.run(["make", "-n", "serve", f"VENV={tmp_path}/venv"], cwd=ROOT, capture_output=True, text=True,
                          timeout=30).stdout
    installs = [x for x in plan.splitlines() if "pip install" in x]
    assert installs and all("test" not in x.split("-e", 1)[1] for x in installs), installs
    assert "installing the sandbox and what serving needs" in plan
    test_plan = subprocess.run(["make", "-n", "test", f"VENV={tmp_path}/venv"], cwd=ROOT, capture_output=True,
                               text=True, timeout=30).stdout
    assert any(".[test,postgres]" in x for x in test_plan.splitlines())


def test_the_tenant_url_and_oauth_callbacks_are_the_sandboxs_public_address(client, sandbox, auth):
    from urllib.parse import parse_qs, urlsplit

    from mockserver.connect.testkit import ch_path, consent, login
    from mockserver.core.runtime import runtime

    settings = runtime.settings
    before = settings.public_url
    settings.public_url = "https://wxcc.example.test"
    try:
        sandbox.reset(pod=1, scenario="provisioned")
        d = client.get(ch_path(1, "/digital"), headers=auth("admin")).json()
        assert d["tenantUrl"] == "https://wxcc.example.test/connect/cl1pod1/"
        owner = login(client, "cl1pod1", "cl1admin1@email.carehybrid.com", "C1sco!Pod1")
        assert client.get("/connect/cl1pod1/settings", headers=owner).status_code in (200, 404)
        integ = client.get("/connect/cl1pod1/integrations", headers=owner).json()["items"][0]
        na = integ["nodeAuthorizations"][0]
        start = client.post(f"/connect/cl1pod1/integrations/{integ['id']}/authorizations/{na['id']}/authorize",
                            json={"name": "WxCC Authorisation"}, headers=owner).json()
        assert start["redirectUri"] == "https://wxcc.example.test/connect/cl1pod1/callback"
        redirect = consent(client, start["authorizationUrl"], "cl1admin1@email.carehybrid.com", "C1sco!Pod1")
        loc = urlsplit(redirect.headers["location"])
        assert (loc.scheme, loc.netloc, loc.path) == ("https", "wxcc.example.test", "/connect/cl1pod1/callback")
        # the browser simply follows it: the sandbox answers that address
        done = client.get(loc.path, params={k: v[0] for k, v in parse_qs(loc.query).items()})
        assert done.status_code == 200 and done.json()["nodeAuthorization"]["status"] == "Authorized"
    finally:
        settings.public_url = before


def test_public_url_is_validated(tmp_path):
    r = _run("serve", "--ephemeral", "--port", "0", "--public-url", "ftp://x", cwd=tmp_path)
    assert r.returncode == 2 and "public_url" in r.stderr and "http(s) URL" in r.stderr


def test_the_image_builds_the_package_with_its_data():
    """The Docker image installs the package as a wheel would: setup.py and the files it ships."""
    text = (ROOT / "Dockerfile").read_text()
    copied = " ".join(line for line in text.splitlines() if line.startswith("COPY"))
    setup = (ROOT / "setup.py").read_text()
    for needed in ("setup.py", "MANIFEST.in", "fixtures", "openapi/openapi.json", "docs/labs.md"):
        assert needed in copied, needed
    for shipped in ('"fixtures"', '"openapi.json"', '"labs.md"'):
        assert shipped in setup
    assert "MOCKSERVER_FIXTURES_DIR" not in text  # the package carries its fixtures
