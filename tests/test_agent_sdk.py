"""Cisco's own agent SDK, ``@webex/contact-center`` 3.12, unmodified, against a served sandbox: in
Node (with the harness's browser-globals preload) and in headless Chromium (the UMD bundle, on a
page of another origin: CORS). The walk (tests/agent_sdk/walk.js): U2C discovery, ``register()``
(subscribe, Welcome, the sign-in config reads, relogin), a refused station login (its client logs
uploaded), ``stationLogin`` EXTENSION, a relogin after ``deregister``, ``setAgentState('Available')``,
then a chat and an email offered by the sandbox (``POST /sandbox/wxcc/tasks``: create_task +
queue_task), each accepted, ended and wrapped up, ``stationLogout``, ``deregister``.

Node's packages come from tests/agent_sdk/package-lock.json, installed once into .cache/ by
scripts/agent-sdk-deps.sh (which .ci/run also runs, with Debian's chromium). Skipped, with the
reason, only where Node, the packages or Chromium cannot be had.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from mockserver.core.seeding import pod_org_id
from mockserver.wxcc.config.seed import entity_id
from tests.passes import sqlite_pass_only
from tests.realserver import database_url, serve, stop

# What it checks is the SDK's conversation with the APIs; the runtime under it runs on PostgreSQL in
# the WxCC runtime tests.
pytestmark = sqlite_pass_only

ROOT = Path(__file__).resolve().parents[1]
HARNESS = ROOT / "tests" / "agent_sdk"
MODULES = ROOT / ".cache" / "agent-sdk" / "node_modules"
CHROMIUM = Path("/usr/bin/chromium")
ORG = pod_org_id(1)
TEAM1 = entity_id(1, "team", "team1")
AGENT = "cl1agent1@email.carehybrid.com"
ADMIN = "cl1admin1@email.carehybrid.com"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]


def _packages() -> None:
    if not shutil.which("node") or not shutil.which("npm"):
        pytest.skip("Node.js/npm are not installed: Cisco's agent SDK cannot run here")
    if not (MODULES / "@webex" / "contact-center").is_dir():
        subprocess.run([str(ROOT / "scripts" / "agent-sdk-deps.sh"), "--npm-only"], check=False, timeout=900)
    if not (MODULES / "@webex" / "contact-center").is_dir():
        pytest.skip("npm could not install @webex/contact-center (tests/agent_sdk/package.json) into .cache/agent-sdk")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    _packages()
    url = database_url(tmp_path_factory.mktemp("agent-sdk"), suffix="sdk")
    proc, base = serve(url, 1, "--scenario", "preconfigured", pods="1")
    try:
        admin = {"Authorization": f"Bearer {_token(base, ADMIN)}"}
        queues = {ch: _queue(base, admin, ch) for ch in ("CHAT", "EMAIL")}
        yield base, queues
    finally:
        stop(proc)


def _token(base: str, email: str) -> str:
    r = httpx.post(base + "/sandbox/tokens", json={"email": email}, timeout=10)
    r.raise_for_status()
    return r.json()["access_token"]


def _queue(base: str, admin: dict, channel: str) -> str:
    body = {"name": f"SDK_{channel}_Q", "queueType": "INBOUND", "channelType": channel, "routingType": "LONGEST_AVAILABLE_AGENT",
            "queueRoutingType": "TEAM_BASED", "serviceLevelThreshold": 30, "maxActiveContacts": 100, "maxTimeInQueue": 600,
            "active": True, "checkAgentAvailability": False,
            "callDistributionGroups": [{"order": 1, "duration": 0, "agentGroups": [{"teamId": TEAM1}]}]}
    r = httpx.post(f"{base}/organization/{ORG}/v2/contact-service-queue", json=body, headers=admin, timeout=10)
    assert r.status_code == 201, r.text
    return r.json()["id"]


def _offer(base: str, queue_id: str, media: str) -> str:
    r = httpx.post(base + "/sandbox/wxcc/tasks", timeout=10, json={
        "queueId": queue_id, "mediaType": media, "origin": f"customer-{media}@example.com", "customerName": "Pat Customer"})
    assert r.status_code == 201, r.text
    return r.json()["id"]


class Conductor:
    """Reads the walk's steps and offers the contacts at the right moments: a chat once the agent is
    Available, an email once the chat is wrapped up."""

    def __init__(self, base: str, queues: dict[str, str]) -> None:
        self.base, self.queues = base, queues
        self.steps: list[dict] = []
        self.offered: list[str] = []

    def on(self, step: dict) -> None:
        self.steps.append(step)
        if step["step"] == "available":
            self.offered.append(_offer(self.base, self.queues["CHAT"], "chat"))
        elif step["step"] == "wrappedUp" and step.get("media") == "chat":
            self.offered.append(_offer(self.base, self.queues["EMAIL"], "email"))


def _opts(base: str) -> dict:
    return {"base": base, "token": _token(base, AGENT), "dialNumber": "1000", "teamId": TEAM1, "tasks": 2,
            "timeoutMs": 60000, "logLevel": "warn"}


def _check_walk(base: str, c: Conductor) -> None:
    names = [s["step"] for s in c.steps]
    errors = [s for s in c.steps if s["step"] in ("error", "unhandledRejection")]
    assert not errors, f"the walk failed: {errors}; steps: {names}"
    assert names[:3] == ["ready", "registered", "badLoginRefused"], names
    reg = c.steps[1]
    assert reg["teams"] and TEAM1 in reg["teams"] and reg["wrapupCodes"] and reg["loggedIn"] is False
    assert "EXTENSION" in reg["loginVoiceOptions"]
    relogin = next(s for s in c.steps if s["step"] == "relogin")
    assert relogin["loggedIn"] is True and relogin["deviceType"] == "EXTENSION" and relogin["dn"] == "1000"
    incoming = [s for s in c.steps if s["step"] == "incoming"]
    assert [s["media"] for s in incoming] == ["chat", "email"] and [s["id"] for s in incoming] == c.offered
    for s in c.steps:
        if s["step"] == "accepted":  # the reservation creates the SDK's task; the offer follows it
            # (after a relogin, SDK 3.12 adds its websocket listener a second time, so cc re-emits
            # every frame twice: first occurrences give the order)
            assert list(dict.fromkeys(s["frames"]))[:3] == ["AgentContactReserved", "AgentOfferContact",
                                                           "AgentContactAssigned"], s
    for task_id in c.offered:
        assert [s["step"] for s in c.steps if s.get("id") == task_id] == ["incoming", "accepted", "ended", "wrappedUp"]
    assert names[-2:] == ["loggedOut", "done"], names
    # the refused login made the SDK upload its logs (clientLogs: urls, PUT, meta)
    logs = httpx.get(base + "/sandbox/clientlogs", params={"orgId": ORG}, timeout=10).json()["items"]
    assert any(log["finalizedTime"] and log["size"] > 0 for log in logs), logs


def test_agent_sdk_in_node(served):
    base, queues = served
    c = Conductor(base, queues)
    env = {**os.environ, "NODE_PATH": str(MODULES), "SANDBOX_URL": base, "WALK_OPTS": json.dumps(_opts(base))}
    proc = subprocess.Popen(["node", "-r", str(HARNESS / "preload.js"), str(HARNESS / "run-node.js")], cwd=HARNESS,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    out: list[str] = []
    timer = threading.Timer(120, proc.kill)
    timer.start()
    try:
        for line in proc.stdout:  # type: ignore[union-attr]
            out.append(line)
            if line.startswith("@@WALK "):
                c.on(json.loads(line[7:]))
        proc.wait()
    finally:
        timer.cancel()
    assert proc.returncode == 0, "".join(out[-60:])
    _check_walk(base, c)


def _static_server() -> tuple[ThreadingHTTPServer, str]:
    """The page on another origin (localhost, the sandbox is on 127.0.0.1): walk.html, walk.js and
    the SDK's UMD bundle."""
    umd = MODULES / "@webex" / "contact-center" / "umd"

    class Handler(SimpleHTTPRequestHandler):
        def translate_path(self, path: str) -> str:
            path = path.split("?", 1)[0].split("#", 1)[0]
            if path.startswith("/sdk/"):
                return str(umd / path[len("/sdk/"):])
            return str(HARNESS / path.lstrip("/"))

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Handler, directory=str(HARNESS)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://localhost:{server.server_address[1]}"


def test_agent_sdk_in_chromium(served):
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium (scripts/agent-sdk-deps.sh installs it)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the Python package playwright (the test extra) is not installed")
    base, queues = served
    c = Conductor(base, queues)
    static, origin = _static_server()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS)
            page = browser.new_page()
            console: list[str] = []
            page.on("console", lambda m: console.append(m.text))
            page.goto(f"{origin}/walk.html#" + json.dumps(_opts(base)))
            deadline = time.monotonic() + 120
            seen = 0
            while time.monotonic() < deadline:
                state = page.evaluate("window.__walk")
                for step in state["steps"][seen:]:
                    c.on(step)
                seen = len(state["steps"])
                if state["finished"]:
                    break
                page.wait_for_timeout(100)
            browser.close()
        assert state["finished"] and not state["error"], f"{state['error']}; console: {console[-30:]}"
    finally:
        static.shutdown()
        static.server_close()
    _check_walk(base, c)
