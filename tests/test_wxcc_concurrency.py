"""50 agents and 500 contacts at once, against a real server with one and with two workers: no
contact is ever offered or assigned twice, no agent ever holds more than its multimedia profile
allows, every contact ends wrapped up, and each agent's websocket hears only its own contacts —
whichever worker holds the socket and whichever committed the change.

The agents are real desktops: a websocket each (Welcome, frames), and the 202 calls an agent
desktop makes on each frame (accept on the offer, end once assigned, wrap-up in wrap-up)."""

from __future__ import annotations

import json
import shutil
import threading
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
import yaml
from websockets.sync.client import connect

from passes import sqlite_pass_only
from realserver import database_url, serve, stop

AGENTS = 50
CONTACTS = 500
REPO = Path(__file__).resolve().parents[1]


def load_fixtures(tmp_path: Path) -> Path:
    """The repo's fixtures plus 50 contact-center agents in Team1 and a callback entry point whose
    queue distributes to Team1 (scenario ``load`` on top of ``preconfigured``)."""
    d = tmp_path / "fixtures"
    shutil.copytree(REPO / "fixtures", d)
    doc = yaml.safe_load((d / "pods.yaml").read_text())
    for lic in doc["pod"]["licenses"]:
        if lic["code"] == "CJPPRM":
            lic["totalUnits"] = AGENTS + 10
    steps = []
    for i in range(AGENTS):
        key = f"load{i:02d}"
        doc["pod"]["users"].append({"key": key, "kind": "agent", "email": f"cl1{key}pod{{n}}@email.carehybrid.com",
                                    "password": "C1sco!Pod{n}", "firstName": "Load", "lastName": f"Agent {i:02d}",
                                    "roles": [], "licenses": ["CJPPRM"]})
        steps.append({"do": "wxcc.set_user", "user": key, "fields": {
            "contactCenterEnabled": True, "siteId": "@site:lab", "teamIds": ["@team:team1"],
            "agentProfileId": "@agent-profile:default", "multimediaProfileId": "@multimedia-profile:lab"}})
    queue = {"kind": "contact-service-queue", "key": "load", "fields": {
        "name": "Load_Queue", "queueType": "INBOUND", "channelType": "TELEPHONY", "checkAgentAvailability": False,
        "serviceLevelThreshold": 30, "maxActiveContacts": 1000, "maxTimeInQueue": 3600, "active": True,
        "routingType": "LONGEST_AVAILABLE_AGENT", "queueRoutingType": "TEAM_BASED", "recordingPermitted": False,
        "recordingAllCallsPermitted": False, "pauseRecordingPermitted": False, "monitoringPermitted": False,
        "parkingPermitted": False, "controlFlowScriptUrl": "https://controlflow.sandbox.invalid/queue/load",
        "ivrRequeueUrl": "https://controlflow.sandbox.invalid/queue/requeue",
        "callDistributionGroups": [{"order": 1, "duration": 0, "agentGroups": [{"teamId": "@team:team1"}]}]}}
    ep = {"kind": "entry-point", "key": "callback", "fields": {
        "name": "Callback_EP", "entryPointType": "INBOUND", "channelType": "TELEPHONY", "active": True,
        "serviceLevelThreshold": 30, "maximumActiveContacts": 1000, "timezone": "America/New_York",
        "outdialQueueId": "@contact-service-queue:load",
        "controlFlowScriptUrl": "https://controlflow.sandbox.invalid/entry-point/callback"}}
    doc["scenarios"]["load"] = {"description": "50 agents in Team1, a callback entry point on Load_Queue.",
                                "extends": "preconfigured",
                                "steps": [{"do": "wxcc.add_entities", "entities": [queue, ep]},
                                          # a loaded CI machine must not turn slow desktops into RONAs
                                          {"do": "connect.set_rona", "telephony": 120},
                                          *steps]}
    (d / "pods.yaml").write_text(yaml.safe_dump(doc, sort_keys=False))
    return d


class Agent(threading.Thread):
    def __init__(self, base: str, email: str, dial: str, wrapup_code: str, log: list) -> None:
        super().__init__(daemon=True)
        self.base, self.email, self.dial, self.code = base, email, dial, wrapup_code
        self.log = log  # shared: (agent, type, interactionId, time)
        self.errors: list[str] = []
        self.active: set[str] = set()
        self.max_active = 0
        self.stop = threading.Event()
        self.ready = threading.Event()
        # Idle connections are dropped before uvicorn's 5 s keep-alive does, so no request races a close.
        self.http = httpx.Client(base_url=base, timeout=30, limits=httpx.Limits(keepalive_expiry=2))
        tok = self.http.post("/sandbox/tokens", json={"email": email}).json()["access_token"]
        self.h = {"Authorization": f"Bearer {tok}"}

    def run(self) -> None:
        sub = self.http.post("/v1/notification/subscribe", json={"clientType": "WebexCCSDK", "force": True},
                             headers=self.h).json()
        with connect(sub["webSocketUrl"], open_timeout=20) as ws:
            welcome = json.loads(ws.recv(20))
            self.agent_id = welcome["data"]["agentId"]
            team = self.team
            r = self.http.post("/v1/agents/login", headers=self.h, json={
                "dialNumber": self.dial, "teamId": team, "deviceType": "EXTENSION", "roles": ["agent"]})
            assert r.status_code == 202, r.text
            while not self.stop.is_set():
                try:
                    raw = ws.recv(0.5)
                except TimeoutError:
                    continue
                f = json.loads(raw)
                if f.get("keepalive"):
                    continue
                kind = f["data"]["type"]
                tid = f["data"].get("interactionId")
                self.log.append((self.agent_id, kind, tid, time.monotonic()))
                if f["data"].get("agentId") not in (None, self.agent_id):
                    self.errors.append(f"frame for {f['data'].get('agentId')} on {self.agent_id}'s socket")
                if kind == "AgentStationLoginSuccess":
                    self.http.put("/v1/agents/session/state", json={"state": "Available", "auxCodeId": "0"},
                                  headers=self.h)
                elif kind == "AgentStateChangeSuccess":
                    self.ready.set()
                elif kind == "AgentOfferContact":
                    self.active.add(tid)
                    self.max_active = max(self.max_active, len(self.active))
                    self._call(f"/v1/tasks/{tid}/accept", {})
                elif kind == "AgentContactAssigned":
                    self._call(f"/v1/tasks/{tid}/end", {})
                elif kind == "AgentWrapup":
                    self._call(f"/v1/tasks/{tid}/wrapup", {"auxCodeId": self.code, "wrapUpReason": "load"})
                elif kind == "AgentWrappedUp":
                    self.active.discard(tid)
                elif kind in ("AgentOfferContactRona", "AgentStationLoginFailed", "AgentContactAssignFailed"):
                    self.errors.append(f"{kind} for {tid}")

    def _call(self, path: str, body: dict) -> None:
        r = self.http.post(path, json=body, headers=self.h)
        if r.status_code != 202:
            self.errors.append(f"{path}: {r.status_code} {r.text[:200]}")


# On PostgreSQL the two-worker run covers what one worker would: concurrent transactions within a
# process as well as across processes.
@pytest.mark.parametrize("workers", [pytest.param(1, marks=sqlite_pass_only), 2])
def test_fifty_agents_five_hundred_contacts(tmp_path, monkeypatch, workers):
    monkeypatch.setenv("MOCKSERVER_FIXTURES_DIR", str(load_fixtures(tmp_path)))
    proc, base = serve(database_url(tmp_path, f"conc{workers}"), workers, "--scenario", "load", pods="1")
    agents: list[Agent] = []
    try:
        from mockserver.core.seeding import pod_org_id
        from mockserver.wxcc.config.seed import entity_id

        org = pod_org_id(1)
        log: list = []
        code = entity_id(1, "auxiliary-code", "resolved")
        for i in range(AGENTS):
            a = Agent(base, f"cl1load{i:02d}pod1@email.carehybrid.com", str(3000 + i), code, log)
            a.team = entity_id(1, "team", "team1")
            agents.append(a)
        for a in agents:
            a.start()
        for a in agents:
            assert a.ready.wait(60), f"{a.email} never became Available: {a.errors}"
        admin = httpx.post(base + "/sandbox/tokens", json={"email": "cl1admin1@email.carehybrid.com"}).json()
        ha = {"Authorization": f"Bearer {admin['access_token']}"}
        ep = entity_id(1, "entry-point", "callback")
        started = time.monotonic()

        def create(i: int) -> str:
            with httpx.Client(base_url=base, timeout=30) as c:
                r = c.post("/v1/tasks", headers=ha, json={
                    "destination": f"+1408555{i:04d}", "entryPointId": ep, "mediaType": "telephony",
                    "outboundType": "CALLBACK", "callback": {"callbackOrigin": "web", "callbackType": "immediate"}})
                assert r.status_code == 201, r.text
                return r.json()["data"]["id"]

        with ThreadPoolExecutor(12) as pool:
            created = list(pool.map(create, range(CONTACTS)))
        assert len(set(created)) == CONTACTS
        # The desktops' own frames say when every contact is wrapped up; polling the 500-task list
        # meanwhile would cost the server more than the contacts do. The server's view is read once.
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and sum(1 for e in list(log) if e[1] == "AgentWrappedUp") < CONTACTS:
            time.sleep(0.2)
        elapsed = time.monotonic() - started
        with httpx.Client(base_url=base, timeout=30) as c:
            for _ in range(50):  # the last wrap-up's commit precedes its frame, so one read normally does
                rows = c.get("/v1/tasks", params={"from": 0, "pageSize": 1000}, headers=ha).json()["data"]
                if sum(1 for x in rows if x["attributes"]["status"] == "completed") == CONTACTS:
                    break
                time.sleep(0.2)
        statuses = Counter(x["attributes"]["status"] for x in rows)
        assert statuses == {"completed": CONTACTS}, statuses
        errors = [e for a in agents for e in a.errors]
        assert not errors, errors[:10]
        assigned = Counter(tid for _agent, kind, tid, _t in log if kind == "AgentContactAssigned")
        offered = Counter(tid for _agent, kind, tid, _t in log if kind == "AgentOfferContact")
        assert set(assigned) == set(created) and set(assigned.values()) == {1}, "a contact was assigned twice"
        assert set(offered.values()) == {1}, "a contact was offered twice"
        owners = {x["id"]: x["attributes"]["owner"]["id"] for x in rows}
        by_frame = {tid: agent for agent, kind, tid, _t in log if kind == "AgentContactAssigned"}
        assert owners == by_frame  # the server's owner is the agent whose socket heard the assignment
        assert max(a.max_active for a in agents) == 1  # the lab MMP: one call at a time
        per_agent = Counter(by_frame.values())
        assert len(per_agent) == AGENTS  # longest-available spreads the load over every agent
        print(f"\n{workers} worker(s): {CONTACTS} contacts through {AGENTS} agents in {elapsed:.1f}s "
              f"({CONTACTS / elapsed:.0f} contacts/s; per agent {min(per_agent.values())}-{max(per_agent.values())})")
    finally:
        for a in agents:
            a.stop.set()
        for a in agents:
            a.join(5)
        stop(proc)


def test_rona_fires_on_the_real_clock_with_no_request(tmp_path):
    """Served with the real clock: the offer's RONA timer falls due and the heartbeat fires it —
    the agent's socket hears AgentOfferContactRona although nobody calls the server."""
    from mockserver.core.seeding import pod_org_id
    from mockserver.wxcc.config.seed import entity_id

    proc, base = serve(database_url(tmp_path, "rona"), 1, "--scenario", "preconfigured", pods="1")
    try:
        org = pod_org_id(1)
        c = httpx.Client(base_url=base, timeout=30)
        tok = lambda email: {"Authorization": "Bearer " + c.post("/sandbox/tokens", json={"email": email}).json()["access_token"]}  # noqa: E731
        ha, h = tok("cl1admin1@email.carehybrid.com"), tok("cl1agent1@email.carehybrid.com")
        r = c.put(f"/controlhub/organizations/{org}/contactCenter/desktop/ronaTimeouts", headers=ha,
                  json={"telephony": 1, "chat": 60, "email": 90, "social": 60})
        assert r.status_code == 200, r.text
        team = entity_id(1, "team", "team1")
        q = c.post(f"/organization/{org}/v2/contact-service-queue", headers=ha, json={
            "name": "Callbacks", "queueType": "INBOUND", "channelType": "TELEPHONY", "checkAgentAvailability": False,
            "serviceLevelThreshold": 30, "maxActiveContacts": 10, "maxTimeInQueue": 600, "active": True,
            "routingType": "LONGEST_AVAILABLE_AGENT", "queueRoutingType": "TEAM_BASED",
            "callDistributionGroups": [{"order": 1, "duration": 0, "agentGroups": [{"teamId": team}]}]})
        assert q.status_code == 201, q.text
        ep = c.post(f"/organization/{org}/entry-point", headers=ha, json={
            "name": "Callback_EP", "entryPointType": "INBOUND", "channelType": "TELEPHONY", "active": True,
            "serviceLevelThreshold": 30, "maximumActiveContacts": 10, "outdialQueueId": q.json()["id"]})
        assert ep.status_code == 201, ep.text
        sub = c.post("/v1/notification/subscribe", headers=h, json={}).json()
        with connect(sub["webSocketUrl"], open_timeout=20) as ws:
            assert json.loads(ws.recv(10))["type"] == "Welcome"
            assert c.post("/v1/agents/login", headers=h, json={"dialNumber": "1000", "teamId": team,
                                                               "deviceType": "EXTENSION", "roles": ["agent"]}).status_code == 202
            assert c.put("/v1/agents/session/state", headers=h, json={"state": "Available", "auxCodeId": "0"}).status_code == 202
            r = c.post("/v1/tasks", headers=ha, json={"destination": "+14085550100", "entryPointId": ep.json()["id"],
                                                      "mediaType": "telephony", "outboundType": "CALLBACK",
                                                      "callback": {"callbackOrigin": "web", "callbackType": "immediate"}})
            assert r.status_code == 201, r.text
            seen, offered_at = [], None
            deadline = time.monotonic() + 15
            while time.monotonic() < deadline:
                f = json.loads(ws.recv(max(0.1, deadline - time.monotonic())))
                if f.get("keepalive"):
                    continue
                seen.append(f["data"]["type"])
                if f["data"]["type"] == "AgentOfferContact":
                    offered_at = time.monotonic()
                    assert f["data"]["ronaTimeout"] == 1
                if f["data"]["type"] == "AgentOfferContactRona":
                    break
            assert "AgentOfferContactRona" in seen, seen
            assert time.monotonic() - offered_at < 5
            state = json.loads(ws.recv(5))
            assert state["data"]["type"] == "AgentStateChangeSuccess" and state["data"]["subStatus"] == "RONA"
    finally:
        stop(proc)
