"""Webhooks under ``serve --workers 2``: every agent event reaches the subscriber exactly once,
whichever worker served the request, and a retry moved by the clock is sent once too."""

from __future__ import annotations

import time

import httpx
import pytest

from mockserver.core.seeding import pod_org_id
from mockserver.wxcc.config.seed import entity_id
from realserver import database_url, serve, stop
from webhook_receiver import Receiver

ORG = pod_org_id(1)


@pytest.fixture
def two_workers(tmp_path):
    proc, base = serve(database_url(tmp_path, suffix="wh"), 2, "--scenario", "preconfigured", pods="1")
    yield base
    stop(proc)


def _auth(base: str, email: str) -> dict:
    r = httpx.post(base + "/sandbox/tokens", json={"email": email}, timeout=10)
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def _wait(pred, timeout: float = 15.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pred():
            return True
        time.sleep(0.05)
    return pred()


def test_each_event_is_delivered_once_across_two_workers(two_workers):
    base = two_workers
    receiver = Receiver()
    try:
        # the login's delivery fails once: its retry must be sent once too (workers send concurrently,
        # so "the first request the receiver gets" need not be the login's)
        receiver.script_for = {"agent:login": [503]}
        admin, agent = _auth(base, "cl1admin1@email.carehybrid.com"), _auth(base, "cl1agent1@email.carehybrid.com")
        r = httpx.post(base + "/v1/subscriptions", headers=admin, timeout=10, json={
            "name": "Two workers", "eventTypes": ["agent:login", "agent:state_change", "agent:logout"],
            "destinationUrl": receiver.url, "secret": "a-secret-of-at-least-thirty-two-characters"})
        assert r.status_code == 201, r.text
        team = entity_id(1, "team", "team1")
        r = httpx.post(base + "/v1/agents/login", headers=agent, timeout=10, json={
            "dialNumber": "1000", "teamId": team, "deviceType": "EXTENSION", "isExtension": True, "deviceId": "1000",
            "roles": ["agent"]})
        assert r.status_code == 202, r.text
        states = ["Available", "Idle"] * 5
        for state in states:
            body = {"state": state, "auxCodeId": "0" if state == "Available" else entity_id(1, "auxiliary-code", "break")}
            assert httpx.put(base + "/v1/agents/session/state", headers=agent, json=body, timeout=10).status_code == 202
        assert httpx.put(base + "/v1/agents/logout", headers=agent, json={"logoutReason": "done"}, timeout=10).status_code == 202
        expected = 1 + len(states) + 1
        # the first (login) failed with 503; move the clock past its back-off: one retry, by one worker
        assert _wait(lambda: len(receiver.received) >= expected)
        httpx.post(base + "/sandbox/clock", json={"advance": 11}, timeout=10)
        assert _wait(lambda: len(receiver.received) >= expected + 1)
        time.sleep(0.5)  # anything sent twice would arrive by now
        ids = [r["json"]["id"] for r in receiver.received]
        assert len(ids) == expected + 1 and len(set(ids)) == expected, ids
        types = [r["json"]["type"] for r in receiver.received]
        assert types.count("agent:login") == 2 and types.count("agent:logout") == 1
        log = httpx.get(base + "/sandbox/wxcc/webhooks/deliveries", params={"orgId": ORG}, timeout=10).json()["items"]
        assert len(log) == expected and all(d["status"] == "delivered" for d in log)
        assert sorted(d["attempts"] for d in log) == [1] * (expected - 1) + [2]
    finally:
        receiver.close()
