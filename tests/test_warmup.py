"""`serve` answers from its first moment and builds meanwhile (core/warmup.py): a request sent
before the build is done is held and then answered by the built app, never refused; health
says `warm: false` until then; a failed build answers what is held with a 503 that says why."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import threading
import time

import httpx

from mockserver.cli import CliError
from mockserver.core.warmup import WarmingApp
from realserver import free_port, stop


async def _built_app(scope, receive, send):  # noqa: ANN001 - what the build hands over
    if scope["type"] == "lifespan":
        while (await receive())["type"] != "lifespan.shutdown":
            await send({"type": "lifespan.startup.complete"})
        await send({"type": "lifespan.shutdown.complete"})
        return
    body = json.dumps({"builtAnswers": scope["path"]}).encode()
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json")]})
    await send({"type": "http.response.body", "body": body})


def _warming(build, **kw) -> WarmingApp:
    return WarmingApp(build, version="9.9", pods=[1, 2], database="sqlite", clock_mode="manual", **kw)


def test_a_request_sent_while_building_is_held_then_answered_by_the_built_app(sandbox):
    gate = threading.Event()
    warm: list[bool] = []

    def build():  # noqa: ANN202
        gate.wait(10)
        return _built_app

    app = _warming(build, on_warm=lambda: warm.append(True))
    built = sandbox.client.get("/sandbox/health")

    async def scenario() -> None:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://127.0.0.1") as c:
            health = await c.get("/sandbox/health")
            assert health.status_code == 200 and health.headers["trackingid"].startswith("SANDBOX_")
            assert health.json() | {"clock": None, "uptimeMs": None} == {
                "ready": True, "warm": False, "version": "9.9", "pods": [1, 2], "database": "sqlite",
                "clock": None, "uptimeMs": None}
            assert health.json()["clock"]["mode"] == "manual"
            # the built app's answer has the same headers and fields
            assert sorted(health.headers.keys()) == sorted(built.headers.keys())
            assert sorted(health.json()) == sorted(built.json())
            # HEAD and a browser's request (Origin: CORS headers) are the built app's to answer
            for early in (c.head("/sandbox/health"), c.get("/sandbox/health", headers={"Origin": "http://x"})):
                task = asyncio.create_task(early)
                await asyncio.sleep(0.05)
                assert not task.done()
                task.cancel()
            held = asyncio.create_task(c.get("/v1/people/me"))
            await asyncio.sleep(0.2)
            assert not held.done() and not warm  # held, not refused
            gate.set()
            answer = await asyncio.wait_for(held, 10)
            assert answer.status_code == 200 and answer.json() == {"builtAnswers": "/v1/people/me"}
            assert warm == [True]
            # once built, health is the built app's too
            assert (await c.get("/sandbox/health")).json() == {"builtAnswers": "/sandbox/health"}

    asyncio.run(scenario())


def test_a_failed_build_answers_what_is_held_with_a_503_that_says_why():
    failures: list[BaseException] = []

    def build():  # noqa: ANN202
        time.sleep(0.1)
        raise CliError("cannot use the database nosuchdb://x: no such dialect")

    app = _warming(build, on_failure=failures.append)

    async def scenario() -> None:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://127.0.0.1") as c:
            r = await c.get("/organization/x/team")
            assert r.status_code == 503
            body = r.json()
            assert body["message"] == "Service unavailable." and body["trackingId"] == r.headers["trackingid"]
            assert "cannot use the database nosuchdb://x" in body["errors"][0]["description"]
            assert (await c.get("/sandbox/health")).status_code == 503  # no longer "ready"

    asyncio.run(scenario())
    assert [str(f) for f in failures] == ["cannot use the database nosuchdb://x: no such dialect"]


def test_serve_answers_health_before_it_is_warm_and_every_request_after_it_correctly(tmp_path):
    port = free_port()
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "mockserver", "serve", "--ephemeral", "--port", str(port), "--pods",
                             "1-2", "--seed", "7", "--no-access-log"], cwd=tmp_path, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        while True:
            assert time.monotonic() - started < 60, "no answer"
            try:
                first = httpx.get(base + "/sandbox/health", timeout=2)
                break
            except httpx.HTTPError:
                time.sleep(0.01)
        assert first.status_code == 200 and first.json()["ready"] is True and first.json()["pods"] == [1, 2]
        # at once, whether or not it is warm yet: the answer a started sandbox gives
        token = httpx.post(base + "/sandbox/tokens", json={"email": "cl1admin2@email.carehybrid.com"}, timeout=30)
        assert token.status_code == 201, token.text
        me = httpx.get(base + "/v1/people/me", headers={"Authorization": f"Bearer {token.json()['access_token']}"})
        assert me.status_code == 200 and me.json()["emails"] == ["cl1admin2@email.carehybrid.com"]
        assert httpx.get(base + "/sandbox/health").json()["warm"] is True
        assert "listening on" in proc.stdout.readline()  # announced once built
    finally:
        stop(proc)


def test_a_health_call_with_a_refused_host_waits_for_the_built_app():
    """The Host check (DNS rebinding) is the one gate health passes: while building, a refused
    Host is not answered early; the built app refuses it."""
    gate = threading.Event()

    def build():  # noqa: ANN202
        gate.wait(10)
        return _built_app

    app = _warming(build, host_refused=lambda scope: "refused" if (b"host", b"evil.example") in scope["headers"] else None)

    async def scenario() -> None:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://127.0.0.1") as c:
            assert (await c.get("/sandbox/health")).json()["warm"] is False
            held = asyncio.create_task(c.get("/sandbox/health", headers={"Host": "evil.example"}))
            await asyncio.sleep(0.1)
            assert not held.done()
            gate.set()
            assert (await asyncio.wait_for(held, 10)).json() == {"builtAnswers": "/sandbox/health"}

    asyncio.run(scenario())
