"""Test kit for the WxCC runtime: an agent desktop (token, notification websocket, frames) on the
in-process sandbox, and the few set-up steps the lifecycle tests share.

The websocket runs in starlette's TestClient (its own thread and loop); HTTP goes through the
suite's in-process client. Frames reach the socket through the outbox, as in a served sandbox.
"""

from __future__ import annotations

from typing import Any

import warnings

import anyio
import pytest

with warnings.catch_warnings():  # starlette nudges towards httpx2; the suite's httpx is what users have
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from mockserver.core.seeding import pod_org_id
from mockserver.wxcc.config.seed import entity_id

ORG = pod_org_id(1)
TEAM1 = entity_id(1, "team", "team1")
TEAM2 = entity_id(1, "team", "team2")
RESOLVED = entity_id(1, "auxiliary-code", "resolved")
BREAK = entity_id(1, "auxiliary-code", "break")
AGENT = "cl1agent1@email.carehybrid.com"
SUP = "cl1sup1@email.carehybrid.com"
ADMIN = "cl1admin1@email.carehybrid.com"


class Desk:
    """One agent's desktop: ``subscribe()`` opens the websocket; ``next(type)`` waits for a frame."""

    def __init__(self, sandbox: Any, email: str, *, client_type: str = "WebexCCSDK", keepalive: bool = False) -> None:
        self.sandbox = sandbox
        self.client = sandbox.client
        self.headers = sandbox.auth(email)
        self.email = email
        self.seen: list[dict] = []
        self.ws = None
        self._tc = TestClient(sandbox.app)
        r = self.client.post("/v1/notification/subscribe", headers=self.headers,
                             json={"clientType": client_type, "force": True, "isKeepAliveEnabled": keepalive})
        assert r.status_code == 200, r.text
        self.subscription = r.json()
        path = "/" + self.subscription["webSocketUrl"].split("/", 3)[3]
        self._cm = self._tc.websocket_connect(path)
        self.ws = self._cm.__enter__()
        welcome = self.ws.receive_json()
        assert welcome["type"] == "Welcome", welcome
        self.agent_id = welcome["data"]["agentId"]

    # --- frames --------------------------------------------------------------------------------
    def _recv(self, timeout: float) -> dict | None:
        ws = self.ws

        async def one() -> Any:
            with anyio.move_on_after(timeout):
                return await ws._send_rx.receive()  # noqa: SLF001 - starlette's test session has no timeout
            return None

        msg = ws.portal.call(one)
        if msg is None:
            return None
        if msg["type"] == "websocket.close":
            return {"type": "__closed__", "code": msg.get("code"), "reason": msg.get("reason")}
        import json

        frame = json.loads(msg["text"])
        return frame

    def next(self, data_type: str | None = None, timeout: float = 3.0) -> dict:
        """The next frame (skipping keepalives) whose ``data.type`` is ``data_type``; earlier ones are kept in ``seen``."""
        while True:
            f = self._recv(timeout)
            assert f is not None, f"no {data_type or 'frame'} within {timeout}s; seen: {[x.get('data', {}).get('type') for x in self.seen]}"
            if f.get("keepalive") == "true":
                continue
            self.seen.append(f)
            if data_type is None or (f.get("data") or {}).get("type") == data_type or f.get("type") == data_type:
                return f

    def quiet(self, timeout: float = 0.3) -> list[dict]:
        """Every frame that arrives within ``timeout`` (keepalives dropped)."""
        out = []
        while True:
            f = self._recv(timeout)
            if f is None:
                return out
            if f.get("keepalive") != "true":
                self.seen.append(f)
                out.append(f)

    # --- calls ---------------------------------------------------------------------------------
    def login(self, team: str = TEAM1, dial: str = "1000", **extra: Any):
        body = {"dialNumber": dial, "teamId": team, "deviceType": "EXTENSION", "isExtension": True, "deviceId": dial,
                "roles": ["agent"], **extra}
        return self.client.post("/v1/agents/login", json=body, headers=self.headers)

    def state(self, state: str = "Available", aux: str = "0"):
        return self.client.put("/v1/agents/session/state", json={"state": state, "auxCodeId": aux}, headers=self.headers)

    def ready(self, team: str = TEAM1, dial: str = "1000") -> None:
        assert self.login(team, dial).status_code == 202
        assert self.next("AgentStationLoginSuccess")
        assert self.state().status_code == 202
        assert self.next("AgentStateChangeSuccess")["data"]["subStatus"] == "Available"

    def act(self, task_id: str, action: str, body: dict | None = None):
        return self.client.post(f"/v1/tasks/{task_id}/{action}", json=body if body is not None else {}, headers=self.headers)

    def handle(self, task_id: str, reason: str = "Resolved") -> None:
        """An offered contact, start to finish: accept, end, wrap up (each 202, each event seen)."""
        assert self.act(task_id, "accept").status_code == 202
        self.next("AgentContactAssigned")
        assert self.act(task_id, "end").status_code == 202
        self.next("AgentWrapup")
        assert self.act(task_id, "wrapup", {"auxCodeId": RESOLVED, "wrapUpReason": reason}).status_code == 202
        self.next("AgentWrappedUp")

    def close(self) -> None:
        if self.ws is not None:
            try:
                self._cm.__exit__(None, None, None)
            except Exception:  # noqa: BLE001 - the server may have closed it already
                pass
            self.ws = None


def chat_queue(client: Any, admin_headers: dict, name: str = "Q-Chat", channel: str = "CHAT", teams: list | None = None,
               **over: Any) -> str:
    groups = over.pop("groups", None) or [{"order": 1, "duration": 0,
                                           "agentGroups": [{"teamId": t} for t in (teams or [TEAM1])]}]
    body = {"name": name, "queueType": "INBOUND", "channelType": channel, "routingType": "LONGEST_AVAILABLE_AGENT",
            "queueRoutingType": "TEAM_BASED", "serviceLevelThreshold": 30, "maxActiveContacts": 100,
            "maxTimeInQueue": 600, "active": True, "checkAgentAvailability": False, "callDistributionGroups": groups}
    if channel == "SOCIAL_CHANNEL":
        body["socialChannelType"] = "WHATSAPP"
    body.update(over)
    r = client.post(f"/organization/{ORG}/v2/contact-service-queue", headers=admin_headers, json=body)
    assert r.status_code == 201, r.text
    return r.json()["id"]


def new_contact(queue_id: str, *, media_type: str = "chat", channel: str = "web", origin: str = "customer@example.com",
                conversation_id: str | None = None, priority: int = 10, skills: list | None = None) -> str:
    """What a flow's Queue Task node does: create and queue a task in one transaction, then commit."""
    from mockserver.core.db import db
    from mockserver.core.ids import ids
    from mockserver.core.outbox import outbox
    from mockserver.wxcc.tasks import public

    with db.session() as s:
        t = public.create_task(s, ORG, conversation_id=conversation_id or ids.uuid(), media_type=media_type,
                               media_channel=channel, origin=origin, destination="asset-1", customer_name="Customer")
        public.queue_task(s, ORG, t.id, queue_id=queue_id, priority=priority, skill_requirements=skills)
        s.commit()
    outbox.flush()  # what the request that ran the flow does after it (the middleware)
    return t.id


@pytest.fixture
def lab(sandbox):
    """POD 1 on the preconfigured scenario, the published events cleared, and desks that close
    (and the clock that goes back to real time) when the test ends."""
    from mockserver.core.clock import clock
    from mockserver.core.events import dispatcher

    sandbox.reset(pod=1, scenario="preconfigured")
    dispatcher.published.clear()
    desks: list[Desk] = []

    class Lab:
        admin = sandbox.auth(ADMIN)
        client = sandbox.client

        @staticmethod
        def desk(email: str = AGENT, **kw: Any) -> Desk:
            d = Desk(sandbox, email, **kw)
            desks.append(d)
            return d

    yield Lab
    for d in desks:
        d.close()
    clock.reset()


def published(kind: str) -> list:
    """The events of that type the dispatcher published since the test began."""
    from mockserver.core.events import dispatcher

    return [e for e in dispatcher.published if type(e).__name__ == kind]
