"""The runtime's plumbing, seen from outside real server processes: timers fire with no request,
an effect committed by one worker reaches a watcher held by another, a committed but never
announced effect is still delivered, and two `serve` processes that share only the database
URL behave as one sandbox.
"""

from __future__ import annotations

import json
import time

import httpx
import pytest
from websockets.sync.client import connect

from realserver import database_url, serve, stop

ADMIN = "cl1admin1@email.carehybrid.com"


def _token(base: str, email: str = ADMIN) -> dict[str, str]:
    r = httpx.post(base + "/sandbox/tokens", json={"email": email})
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def _watch(base: str, query: str = ""):  # noqa: ANN202
    ws = connect(base.replace("http://", "ws://") + "/sandbox/events" + query, open_timeout=10)
    hello = json.loads(ws.recv(timeout=5))
    assert hello["type"] == "hello"
    return ws, hello["worker"]


def _events(ws, until: float, want: int, topic: str, seen: list[dict] | None = None) -> list[dict]:  # noqa: ANN001
    """Events of `topic` (up to `want`, or what came by `until`); every message read lands in `seen`."""
    seen = seen if seen is not None else []
    got = [m for m in seen if m.get("topic") == topic]
    while len(got) < want and time.monotonic() < until:
        try:
            msg = json.loads(ws.recv(timeout=max(0.01, until - time.monotonic())))
        except TimeoutError:
            break
        seen.append(msg)
        if msg.get("topic") == topic:
            got.append(msg)
    return got


def _provision(base: str, h: dict[str, str], org: str) -> None:
    path = f"{base}/controlhub/organizations/{org}/contactCenter/digital/provision"
    r = httpx.post(path, json={"ownerId": ADMIN}, headers=h)
    assert r.status_code == 202, r.text


def test_a_due_timer_fires_with_no_request_and_watchers_hear_it(tmp_path):
    proc, base = serve(database_url(tmp_path, "tick"))
    try:
        h = _token(base)
        org = h["Authorization"].rsplit("_", 1)[1]
        ws, _pid = _watch(base, "?pod=1")
        with ws:
            _provision(base, h, org)  # completes 300 s later on the sandbox clock
            r = httpx.post(base + "/sandbox/clock", json={"advance": 299.7})
            assert r.status_code == 200
            moved = time.monotonic()
            # From here on nobody calls the server: the ticker alone must fire the timer.
            seen: list[dict] = []
            fired = _events(ws, time.monotonic() + 5, 1, "TimerFired", seen)
            heard = time.monotonic()
            assert fired and fired[0]["data"]["kind"] == "connect.provisioned", fired
            assert heard - moved < 1.5  # 0.3 s of sandbox time left, plus a beat or two
            mail = _events(ws, time.monotonic() + 2, 1, "MailSent", seen)
            assert mail and mail[0]["data"]["kind"] == "connect.activation" and mail[0]["data"]["to"] == ADMIN
        digital = httpx.get(f"{base}/controlhub/organizations/{org}/contactCenter/digital", headers=h).json()
        assert digital["status"] == "completed"
    finally:
        stop(proc)


def test_an_effect_committed_by_one_worker_reaches_a_watcher_on_the_other(tmp_path):
    proc, base = serve(database_url(tmp_path, "outbox"), 2)
    watchers: dict[int, object] = {}
    spare = []
    try:
        for _ in range(40):  # new connections land on either worker: hold one on each
            ws, pid = _watch(base)
            if pid in watchers:
                spare.append(ws)
            else:
                watchers[pid] = ws
            if len(watchers) == 2:
                break
        if len(watchers) < 2:
            pytest.skip("the kernel sent every connection to one worker")
        h = _token(base)
        org = h["Authorization"].rsplit("_", 1)[1]
        _provision(base, h, org)
        httpx.post(base + "/sandbox/clock", json={"advance": 301})  # fires on whichever worker got it
        resend = f"{base}/controlhub/organizations/{org}/contactCenter/digital/resendActivation"
        for _ in range(3):  # each on a new connection: either worker writes
            assert httpx.post(resend, headers=h).status_code == 202
        for pid, ws in watchers.items():
            mails = _events(ws, time.monotonic() + 5, 4, "MailSent")
            assert [m["data"]["kind"] for m in mails] == ["connect.activation"] * 4, (pid, mails)
            assert len({m["data"]["mail_id"] for m in mails}) == 4
    finally:
        for ws in [*watchers.values(), *spare]:
            ws.close()
        stop(proc)


def test_a_committed_effect_is_delivered_even_if_its_writer_never_announced_it(tmp_path):
    """A writer that dies between its commit and its announcement: the sweep delivers the row."""
    url = database_url(tmp_path, "sweep")
    proc, base = serve(url)
    try:
        ws, _pid = _watch(base)
        with ws:
            from sqlalchemy import create_engine, insert

            from mockserver.core.outbox import SandboxOutbox

            engine = create_engine(url)
            with engine.begin() as conn:  # as a crashed process would have left it: committed, unannounced
                conn.execute(insert(SandboxOutbox.__table__), [{
                    "topic": "MailSent", "pod": 1, "created_ms": 0, "wall_ms": int(time.time() * 1000),
                    "payload": {"pod": 1, "mail_id": "orphan", "to": "x@y.z", "subject": "s", "kind": "test"}}])
            engine.dispose()
            got = _events(ws, time.monotonic() + 5, 1, "MailSent")
            assert got and got[0]["data"]["mail_id"] == "orphan"
    finally:
        stop(proc)


def test_two_serve_processes_sharing_only_the_database_url_behave_as_one(tmp_path):
    url = database_url(tmp_path, "replicas")
    a, base_a = serve(url)
    b, base_b = serve(url)  # started after A seeded: it finds the PODs and seeds nothing
    try:
        def eventually(check, seconds: float = 5.0):  # noqa: ANN001, ANN202
            deadline = time.monotonic() + seconds
            while True:
                value = check()
                if value or time.monotonic() > deadline:
                    return value
                time.sleep(0.05)

        # the clock moved on A is B's clock
        assert httpx.post(base_a + "/sandbox/clock", json={"mode": "manual", "set": "2031-02-03T04:05:06Z"}).status_code == 200
        assert eventually(lambda: httpx.get(base_b + "/sandbox/clock").json()["now"] == "2031-02-03T04:05:06.000Z")
        # a fault rule set on A applies on B
        h = _token(base_a)
        httpx.post(base_a + "/sandbox/faults", json={"path": "/v1/people/me", "status": 503})
        assert eventually(lambda: httpx.get(base_b + "/v1/people/me", headers=h).status_code == 503)
        httpx.delete(base_a + "/sandbox/faults")
        assert eventually(lambda: httpx.get(base_b + "/v1/people/me", headers=h).status_code == 200)
        # what A writes, B reads at once (the database is the state)
        org = h["Authorization"].rsplit("_", 1)[1]
        mmp = httpx.get(f"{base_b}/organization/{org}/site", headers=h).json()[0]["multimediaProfileId"]
        r = httpx.post(f"{base_a}/organization/{org}/site", headers=h,
                       json={"name": "Replica Site", "active": True, "multimediaProfileId": mmp})
        assert r.status_code == 201
        assert "Replica Site" in [s["name"] for s in httpx.get(f"{base_b}/organization/{org}/site", headers=h).json()]
        # an effect committed by A reaches a watcher held by B
        ws, _pid = _watch(base_b)
        with ws:
            _provision(base_a, h, org)
            httpx.post(base_a + "/sandbox/clock", json={"advance": 301})
            got = _events(ws, time.monotonic() + 5, 1, "MailSent")
            assert got and got[0]["data"]["kind"] == "connect.activation"
        # and B's answers reflect A's timer
        assert httpx.get(f"{base_b}/controlhub/organizations/{org}/contactCenter/digital",
                         headers=h).json()["status"] == "completed"
    finally:
        stop(a)
        stop(b)


def test_the_live_stream_needs_the_admin_token_when_one_is_set(tmp_path, monkeypatch):
    from websockets.exceptions import InvalidStatus

    monkeypatch.setenv("MOCKSERVER_ADMIN_TOKEN", "s3cret-admin")
    proc, base = serve(database_url(tmp_path, "wsadmin"), headers={"X-Sandbox-Token": "s3cret-admin"})
    try:
        with pytest.raises(InvalidStatus):
            _watch(base)
        with pytest.raises(InvalidStatus):
            _watch(base, "?token=wrong")
        ws, _pid = _watch(base, "?token=s3cret-admin")
        ws.close()
    finally:
        stop(proc)


def test_replicas_started_together_on_one_database_take_turns_seeding(tmp_path):
    """`serve` answers before it has built, so replicas may build at the same moment: they make
    the schema and seed one at a time (core/db.py: start_lock), and both serve the same PODs."""
    import os
    import subprocess
    import sys

    from realserver import free_port

    url = database_url(tmp_path, "together")
    ports = [free_port(), free_port()]
    procs = [subprocess.Popen([sys.executable, "-m", "mockserver", "serve", "--port", str(p), "--pods", "1-4"],
                              env={**os.environ, "MOCKSERVER_DATABASE_URL": url}, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL) for p in ports]
    try:
        for port in ports:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 60
            while True:
                try:
                    token = httpx.post(base + "/sandbox/tokens", json={"email": "cl1admin4@email.carehybrid.com"},
                                       timeout=30)
                    break
                except httpx.HTTPError:
                    assert time.monotonic() < deadline and all(p.poll() is None for p in procs), "a replica died"
                    time.sleep(0.05)
            assert token.status_code == 201, token.text
            assert [p["pod"] for p in httpx.get(base + "/sandbox/pods").json()] == [1, 2, 3, 4]
        assert all(p.poll() is None for p in procs)
    finally:
        for p in procs:
            stop(p)
