"""wxcc-sandbox benchmarks: one run, one report, every figure a ratio to an anchor measured in the
same run (not a test).

    python bench/bench.py [--quick] [--root DIR] [--only SECTION,...] [--json out.json]

A full run (no --quick, no --only, measuring this checkout) writes bench/last.json; commit it with
the change it measures. --root measures another checkout of the project (e.g. the commit before a
change, unpacked with `git archive`) with this bench, so "before" and "after" come from one tool.

Each figure is measured `REPS` times (3) and reported as min / median / max; a ratio is taken
within one repetition (ours and its anchor back to back), so a machine shared with other work
shifts both sides alike.

| section   | ours                                            | anchor                                    |
|-----------|-------------------------------------------------|-------------------------------------------|
| cold      | `serve --ephemeral --pods 1-3` to its first 200 (health; token + people/me) | bare uvicorn + FastAPI; moto_server |
| reset     | `POST /sandbox/reset?pod=1` (re-seeds the POD)  | moto `POST /moto-api/reset` (to empty)    |
| fixture   | the pytest fixture's reset per test, in process; and after a test that wrote one object | (goal: 1 ms) |
| queues    | v2 list of 100 queues (~48 KB), 16 connections  | a bare async route serving the same body  |
| me        | `GET /v1/people/me` with a token, 32 connections (no access log, as the anchor; and with it) | bare async route, same body; moto STS GetCallerIdentity |
| memory    | RSS with 3, 100 and 1,000 PODs after a call to each product; then after /openapi.json (every route built) | bare uvicorn + FastAPI; moto_server       |
| engage    | append to / read the transcript of a 1,000-message conversation, in process | GET /sandbox/health in process |
| contacts  | Queue Task → the agent's AgentOfferContact frame p50/p95; contacts per second through the lifecycle | a bare in-process request |
| flows     | a customer's WhatsApp message → v2.1 template → queued WxCC task p50/p95; flow executions/s | a bare in-process route |
| workers   | /v1/people/me with 1 and 2 workers (file db)    | -                                         |
| console   | each console page rendered in process, 40 PODs and 1,000 journal entries p50/max | GET /sandbox/health in process |

The load comes from wrk when installed, else from bench/loadgen.py (a separate process). moto is
the `bench` extra of pyproject.toml; without it the moto anchors are left out.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
PY = sys.executable
ROOT = HERE.parent  # the checkout measured (--root)
REPS = 3
MOTO = shutil.which("moto_server") or (str(Path(PY).parent / "moto_server") if (Path(PY).parent / "moto_server").exists() else None)
ADMIN = "cl1admin1@email.carehybrid.com"
AGENT = "cl1agent1@email.carehybrid.com"


# --- plumbing ------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_200(url: str, timeout: float = 180.0, proc: subprocess.Popen | None = None) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"the server of {url} exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return time.perf_counter()
        except OSError:
            time.sleep(0.002)
    raise RuntimeError(f"{url} never answered 200")


def start(cmd: list[str], health: str, port: int, cwd: Path, env: dict | None = None) -> tuple[subprocess.Popen, float]:
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, **(env or {})})
    try:
        t1 = wait_200(f"http://127.0.0.1:{port}{health}", proc=proc)
    except Exception:
        stop(proc)
        raise
    return proc, t1 - t0


def sandbox(args: list[str], env: dict | None = None) -> tuple[subprocess.Popen, int, float]:
    port = free_port()
    proc, took = start([PY, "-m", "mockserver", "serve", "--port", str(port), *args], "/sandbox/health", port, ROOT, env)
    return proc, port, took


def bare(env: dict | None = None, health: str = "/v1/people/me") -> tuple[subprocess.Popen, int, float]:
    port = free_port()
    proc, took = start([PY, "-m", "uvicorn", "bare_app:app", "--port", str(port), "--log-level", "warning", "--no-access-log"],
                       health, port, HERE, env)
    return proc, port, took


def moto() -> tuple[subprocess.Popen, int, float]:
    port = free_port()
    proc, took = start([MOTO, "-p", str(port)], "/moto-api/", port, HERE)  # type: ignore[list-item]
    return proc, port, took


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def load(port: int, path: str, seconds: float, conns: int, headers: list[str]) -> float:
    if shutil.which("wrk"):
        cmd = ["wrk", "-t1", f"-c{conns}", f"-d{max(1, int(seconds))}s"]
        for h in headers:
            cmd += ["-H", h]
        out = subprocess.run(cmd + [f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True).stdout
        for line in out.splitlines():
            if line.startswith("Requests/sec:"):
                return float(line.split()[1])
        raise RuntimeError(out)
    out = subprocess.run([PY, str(HERE / "loadgen.py"), "127.0.0.1", str(port), path, str(seconds), str(conns), *headers],
                         capture_output=True, text=True, check=True).stdout
    data = json.loads(out)
    if data["errors"]:
        raise RuntimeError(f"{data['errors']} non-200 answers from {path}")
    return data["rps"]


def warm_load(port: int, path: str, seconds: float, conns: int, headers: list[str]) -> float:
    load(port, path, min(1.0, seconds), conns, headers)
    return load(port, path, seconds, conns, headers)


def request(base: str, path: str, body: dict | None = None, headers: dict | None = None, method: str | None = None) -> object:
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method,
                                 headers={"content-type": "application/json", **(headers or {})})
    with urllib.request.urlopen(req) as r:
        raw = r.read()
    return json.loads(raw) if raw else None


def token_for(base: str, email: str) -> str:
    return request(base, "/sandbox/tokens", {"email": email})["access_token"]  # type: ignore[index]


def spread(xs: list[float], digits: int = 3) -> dict:
    return {"min": round(min(xs), digits), "median": round(statistics.median(xs), digits), "max": round(max(xs), digits)}


def timed_posts(port: int, path: str, n: int) -> float:
    """Median seconds of `n` POSTs over one keep-alive connection."""
    conn = http.client.HTTPConnection("127.0.0.1", port)
    times = []
    try:
        for _ in range(n + 5):
            t0 = time.perf_counter()
            conn.request("POST", path, body=b"", headers={"content-length": "0"})
            r = conn.getresponse()
            r.read()
            times.append(time.perf_counter() - t0)
            if r.status != 200:
                raise RuntimeError(f"POST {path}: {r.status}")
    finally:
        conn.close()
    return statistics.median(times[5:])


# --- sections ------------------------------------------------------------------------------------
def compile_bytecode(root: Path) -> None:
    """An installed package (pip, the Docker image) has its bytecode compiled; a checkout run with
    PYTHONDONTWRITEBYTECODE set (as CI shells often are) compiles every module at each start, while
    the anchors' packages in site-packages are compiled. Measure ours as installed."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([PY, "-m", "compileall", "-q", str(root / "mockserver"), str(HERE)], env=env,
                   stdout=subprocess.DEVNULL, check=True)


def bench_cold(quick: bool) -> dict:
    """Process start to the first 200 of GET /sandbox/health (what `mockserver wait` and a CI
    script poll: from then on every request is answered; one sent before the sandbox is warm
    waits for the build, core/warmup.py), to a user's first real answer (health, then POST
    /sandbox/tokens and GET /v1/people/me), and, in another start, to health's `warm: true`.
    The anchors: bare uvicorn's first 200 (its GET /v1/people/me, the same body) and
    moto_server's first 200."""
    compile_bytecode(ROOT)
    ours, ours_me, anchor, moto_s, first_product, warm = [], [], [], [], [], []
    for _ in range(REPS):
        proc, _, t = bare()
        stop(proc)
        anchor.append(t)
        if MOTO:
            proc, _, t = moto()
            stop(proc)
            moto_s.append(t)
        proc, port, t = sandbox(["--ephemeral", "--pods", "1-3"])
        ours.append(t)
        base = f"http://127.0.0.1:{port}"
        t0 = time.perf_counter()
        token = token_for(base, ADMIN)
        request(base, "/v1/people/me", headers={"Authorization": f"Bearer {token}"})
        ours_me.append(t + time.perf_counter() - t0)
        # Products build their routes on first use: what the first call to each costs.
        org = token.rsplit("_", 1)[1]
        t0 = time.perf_counter()
        for path in (f"/organization/{org}/site", "/connect/cl1pod1/roles", "/engage"):
            try:
                urllib.request.urlopen(urllib.request.Request(base + path, headers={"Authorization": f"Bearer {token}"})).read()
            except urllib.error.HTTPError:
                pass  # an answer is an answer (Connect wants its own session token)
        first_product.append(time.perf_counter() - t0)
        stop(proc)
        proc, port, t = sandbox(["--ephemeral", "--pods", "1-3"])
        t0 = time.perf_counter()
        while not json.loads(urllib.request.urlopen(f"http://127.0.0.1:{port}/sandbox/health").read())["warm"]:
            time.sleep(0.005)
        warm.append(t + time.perf_counter() - t0)
        stop(proc)
    out = {"cold_start_s": spread(ours), "cold_start_bare_uvicorn_s": spread(anchor),
           "cold_start_ratio_to_bare": spread([o / a for o, a in zip(ours, anchor)]),
           "cold_start_to_token_and_me_s": spread(ours_me),
           "cold_start_to_token_and_me_ratio_to_bare": spread([o / a for o, a in zip(ours_me, anchor)]),
           "first_call_to_the_other_3_products_s": spread(first_product),
           "cold_start_to_warm_s": spread(warm)}
    if moto_s:
        out["cold_start_moto_s"] = spread(moto_s)
        out["cold_start_moto_ratio_to_bare"] = spread([m / a for m, a in zip(moto_s, anchor)])
    if not quick:
        with tempfile.TemporaryDirectory() as d:
            url = f"sqlite:///{d}/bench.db"
            proc, _, first = sandbox(["--database-url", url, "--pods", "1-3"])
            stop(proc)
            proc, _, again = sandbox(["--database-url", url, "--pods", "1-3"])
            stop(proc)
        out.update({"first_start_file_db_s": round(first, 3), "restart_file_db_s": round(again, 3)})
    return out


def bench_engage_conversation(runs: int) -> dict:
    """Engage: append to a conversation holding 1,000 messages, and read its transcript (in process).
    ``public`` = engage/conversations/public.py in its own transaction (what a flow node costs);
    ``http`` = through the ASGI app (the agent's reply; the Customer Care transcript)."""
    sys.path.insert(0, str(ROOT))
    from mockserver.core.db import db
    from mockserver.core.seeding import pod_org_id
    from mockserver.engage.conversations import public as conv
    from mockserver.identity.public import person_uuid
    from mockserver.testing import InProcessSandbox

    sb = InProcessSandbox(pods="1")
    sb.reset(pod=1, scenario="provisioned")
    org, agent = pod_org_id(1), person_uuid(1, "agent")
    with db.session() as s:
        c = conv.create(s, org, channel="chat", asset_id="bench", business_address="app-bench", customer_address="fp-bench")
        conv.add_participant(s, org, c.id, agent_id=agent)
        for i in range(1000):
            conv.append(s, org, c.id, conv.MessageIn(text=f"message {i}: how are my orders doing today?"))
        s.commit()
    admin, agent_h = sb.auth("cl1admin1@email.carehybrid.com"), sb.auth("cl1agent1@email.carehybrid.com")
    base = f"/engage/cl1pod1/customer-care/conversations/{c.id}"
    m = {"reference_health_http": [], "append_public": [], "append_http": [], "transcript_public_last10": [], "transcript_public_500": [],
         "transcript_http_last10": [], "transcript_http_download_all": []}

    def timed(key, fn):
        t0 = time.perf_counter()
        fn()
        m[key].append(time.perf_counter() - t0)

    def append_public():
        with db.session() as s:
            conv.append(s, org, c.id, conv.MessageIn(text="one more"))
            s.commit()

    def read_public(limit):
        with db.session() as s:
            n = conv.get(s, org, c.id).message_count
            assert len(conv.transcript(s, org, c.id, offset=max(0, n - limit), limit=limit)) == limit

    for _ in range(runs):
        timed("reference_health_http", lambda: sb.client.get("/sandbox/health").raise_for_status())
        timed("append_public", append_public)
        timed("append_http", lambda: sb.client.post(f"/engage/v1/conversations/{c.id}/messages", headers=agent_h,
                                                    json={"text": "reply"}).raise_for_status())
        timed("transcript_public_last10", lambda: read_public(10))
        timed("transcript_public_500", lambda: read_public(500))
        timed("transcript_http_last10", lambda: sb.client.get(f"{base}/transcript", headers=admin,
                                                              params={"offset": 1000, "limit": 10}).raise_for_status())
    for _ in range(max(5, runs // 10)):
        timed("transcript_http_download_all", lambda: sb.client.get(f"{base}/transcript/download",
                                                                    headers=admin).raise_for_status())
    sb.close()
    # The machine's load moves every figure: the in-process GET /sandbox/health of the same run is the yardstick.
    return {f"engage_{k}_ms_p50": round(statistics.median(v) * 1000, 2) for k, v in m.items()}


def bench_reset(quick: bool) -> dict:
    n = 50 if quick else 200
    ours, theirs = [], []
    proc, port, _ = sandbox(["--ephemeral", "--pods", "1-3"])
    mproc = moto()[0:2] if MOTO else None
    try:
        for _ in range(REPS):
            ours.append(timed_posts(port, "/sandbox/reset?pod=1", n) * 1000)
            if mproc:
                theirs.append(timed_posts(mproc[1], "/moto-api/reset", n) * 1000)
    finally:
        stop(proc)
        if mproc:
            stop(mproc[0])
    out = {"reset_one_pod_http_ms": spread(ours, 2)}
    if theirs:
        out["reset_moto_http_ms"] = spread(theirs, 2)
        out["reset_ratio_to_moto"] = spread([o / t for o, t in zip(ours, theirs)])
    return out


_IN_PROCESS = r"""
import json, statistics, sys, time
from mockserver.core.clock import clock
from mockserver.testing import InProcessSandbox
from mockserver.sandbox.service import pods
n = int(sys.argv[1])
t0 = time.perf_counter()
sb = InProcessSandbox(pods="1-3")
t_app = time.perf_counter() - t0
fixture, service = [], []
for rep in range(3):
    xs, ys = [], []
    for _ in range(n):
        t0 = time.perf_counter()
        clock.reset()
        sb.reset(scenario="default")  # what the pytest plugin's fixture does
        xs.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        pods.reset([2])
        ys.append(time.perf_counter() - t0)
    fixture.append(statistics.median(xs) * 1000)
    service.append(statistics.median(ys) * 1000)
# A test that wrote something: one config write (not timed), then the fixture's reset.
tok = sb.token("cl1admin1@email.carehybrid.com")
org = tok.rsplit("_", 1)[1]
h = {"Authorization": f"Bearer {tok}"}
mm = sb.client.get(f"/organization/{org}/site", headers=h).json()[0]["multimediaProfileId"]
written = []
for rep in range(3):
    xs = []
    for i in range(max(20, n // 5)):
        r = sb.client.post(f"/organization/{org}/site", headers=h, json={"name": f"S{i}", "active": True, "multimediaProfileId": mm})
        assert r.status_code == 201, r.text
        t0 = time.perf_counter()
        clock.reset()
        sb.reset(scenario="default")
        xs.append(time.perf_counter() - t0)
    written.append(statistics.median(xs) * 1000)
t0 = time.perf_counter()
pods.seed(list(range(4, 44)))
t_seed = time.perf_counter() - t0
full = []
for _ in range(5):
    t0 = time.perf_counter()
    pods.reset(None)
    full.append(time.perf_counter() - t0)
sb.close()
print(json.dumps({"fixture": fixture, "service": service, "written": written, "app_s": t_app, "seed40_ms": t_seed * 1000,
                  "full43_ms": statistics.median(full) * 1000}))
"""


def bench_fixture(quick: bool) -> dict:
    """What the pytest plugin's wxcc_sandbox fixture costs per test (in process), in a process of its own."""
    out = subprocess.run([PY, "-c", _IN_PROCESS, str(50 if quick else 300)], cwd=ROOT, capture_output=True, text=True)
    if out.returncode:
        raise RuntimeError(out.stderr[-2000:])
    data = json.loads(out.stdout.strip().splitlines()[-1])
    return {"fixture_reset_per_test_ms": spread(data["fixture"], 2),
            "fixture_reset_after_a_test_that_wrote_ms": spread(data["written"], 2),
            "reset_one_pod_in_process_ms": spread(data["service"], 2),
            "in_process_app_and_3_pods_s": round(data["app_s"], 3), "seed_40_pods_ms": round(data["seed40_ms"], 1),
            "reset_all_43_pods_ms": round(data["full43_ms"], 2)}


def bench_queues(quick: bool) -> dict:
    """v2 list of 100 queues over HTTP, against a bare async route serving the same body."""
    seconds, conns = (2 if quick else 5), 16
    proc, port, _ = sandbox(["--ephemeral", "--pods", "1", "--no-access-log"])  # as the anchor runs
    base = f"http://127.0.0.1:{port}"
    try:
        token = token_for(base, ADMIN)
        org = token.rsplit("_", 1)[1]
        h = {"Authorization": f"Bearer {token}"}
        teams = request(base, f"/organization/{org}/team", headers=h)
        for i in range(99):
            request(base, f"/organization/{org}/v2/contact-service-queue", headers=h, body={
                "name": f"Q{i}", "queueType": "INBOUND", "channelType": "CHAT", "checkAgentAvailability": False,
                "serviceLevelThreshold": 30, "maxActiveContacts": 5, "maxTimeInQueue": 600, "active": True,
                "routingType": "LONGEST_AVAILABLE_AGENT", "queueRoutingType": "TEAM_BASED",
                "callDistributionGroups": [{"order": 1, "duration": 0, "agentGroups": [{"teamId": teams[0]["id"]}]}]})  # type: ignore[index]
        path = f"/organization/{org}/v2/contact-service-queue?pageSize=100"
        page = request(base, path, headers=h)
        assert page["meta"]["totalRecords"] == 100, page["meta"]  # type: ignore[index]
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
            json.dump(page, fh)
        bproc, bport, _ = bare({"BENCH_QUEUES_BODY": fh.name}, health=path)
        ours, anchor = [], []
        try:
            for _ in range(REPS):
                anchor.append(warm_load(bport, path, seconds, conns, []))
                ours.append(warm_load(port, path, seconds, conns, [f"Authorization: Bearer {token}"]))
        finally:
            stop(bproc)
            os.unlink(fh.name)
    finally:
        stop(proc)
    return {"queues_v2_list_100_rps": spread(ours, 1), "queues_bare_same_body_rps": spread(anchor, 1),
            "queues_ratio_to_bare": spread([o / a for o, a in zip(ours, anchor)]),
            "queues_body_bytes": len(json.dumps(page, separators=(",", ":")))}


def bench_me(quick: bool) -> dict:
    """Authenticated GET /v1/people/me, 32 connections, against a bare async route with the same body."""
    seconds, conns = (2 if quick else 5), 32
    # As the anchor runs (uvicorn --no-access-log): no line per request; the figure with the
    # sandbox's default access log (a line per request to stderr) is measured after.
    proc, port, _ = sandbox(["--ephemeral", "--pods", "1-40", "--no-access-log"])
    lproc, lport, _ = sandbox(["--ephemeral", "--pods", "1-40"])
    base = f"http://127.0.0.1:{port}"
    try:
        token = token_for(base, AGENT)
        ltoken = token_for(f"http://127.0.0.1:{lport}", AGENT)
        h = [f"Authorization: Bearer {token}"]
        body = request(base, "/v1/people/me", headers={"Authorization": f"Bearer {token}"})
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
            json.dump(body, fh)
        bproc, bport, _ = bare({"BENCH_ME_BODY": fh.name})
        mproc = moto() if MOTO else None
        sts = "/?Action=GetCallerIdentity&Version=2011-06-15"
        sts_auth = ["Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/sts/aws4_request, "
                    "SignedHeaders=host, Signature=0"]
        ours, anchor, theirs, logged = [], [], [], []
        try:
            for _ in range(REPS):
                anchor.append(warm_load(bport, "/v1/people/me", seconds, conns, []))
                ours.append(warm_load(port, "/v1/people/me", seconds, conns, h))
                logged.append(warm_load(lport, "/v1/people/me", seconds, conns, [f"Authorization: Bearer {ltoken}"]))
                if mproc:
                    theirs.append(warm_load(mproc[1], sts, seconds, conns, sts_auth))
        finally:
            stop(bproc)
            if mproc:
                stop(mproc[0])
            os.unlink(fh.name)
    finally:
        stop(proc)
        stop(lproc)
    out = {"me_rps": spread(ours, 1), "me_bare_same_body_rps": spread(anchor, 1),
           "me_ratio_to_bare": spread([o / a for o, a in zip(ours, anchor)]),
           "me_with_access_log_rps": spread(logged, 1),
           "me_with_access_log_ratio_to_bare": spread([o / a for o, a in zip(logged, anchor)])}
    if theirs:
        out["moto_sts_get_caller_identity_rps"] = spread(theirs, 1)
        out["moto_ratio_to_bare"] = spread([t / a for t, a in zip(theirs, anchor)])
    out["load_generator"] = "wrk" if shutil.which("wrk") else "bench/loadgen.py"
    return out


def bench_memory(quick: bool) -> dict:
    """RSS after start and one call to each product (each builds the routes it may reach), at 3, 100
    and 1,000 PODs; then after /openapi.json, which builds every route of every product."""
    sizes = (3, 100) if quick else (3, 100, 999)  # 999: the most PODs a sandbox seeds
    out: dict = {}
    for n in sizes:
        xs, ys = [], []
        for _ in range(REPS if not quick else 1):
            proc, port, _ = sandbox(["--ephemeral", "--pods", f"1-{n}"])
            try:
                base = f"http://127.0.0.1:{port}"
                token = token_for(base, ADMIN)
                org = token.rsplit("_", 1)[1]
                for path in ("/v1/people/me", f"/organization/{org}/v2/contact-service-queue", "/connect/cl1pod1/roles", "/engage"):
                    try:
                        urllib.request.urlopen(urllib.request.Request(base + path, headers={"Authorization": f"Bearer {token}"})).read()
                    except urllib.error.HTTPError:
                        pass
                xs.append(rss_mb(proc.pid))
                # every route of every product built (the document asks for them all), and the document
                urllib.request.urlopen(base + "/openapi.json").read()
                ys.append(rss_mb(proc.pid))
            finally:
                stop(proc)
        out[f"rss_{n}_pods_mb"] = spread(xs, 1)
        out[f"rss_{n}_pods_after_openapi_mb"] = spread(ys, 1)
    bs, ms = [], []
    for _ in range(REPS if not quick else 1):
        proc, port, _ = bare()
        urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/people/me").read()
        bs.append(rss_mb(proc.pid))
        stop(proc)
        if MOTO:
            proc, port, _ = moto()
            urllib.request.urlopen(f"http://127.0.0.1:{port}/").read()
            ms.append(rss_mb(proc.pid))
            stop(proc)
    out["rss_bare_fastapi_mb"] = spread(bs, 1)
    if ms:
        out["rss_moto_server_mb"] = spread(ms, 1)
    return out


def bench_workers(quick: bool) -> dict:
    seconds, conns = (2 if quick else 5), 64
    out = {}
    with tempfile.TemporaryDirectory() as d:
        for workers in (1, 2):
            url = f"sqlite:///{d}/w{workers}.db"
            proc, port, _ = sandbox(["--database-url", url, "--pods", "1-3", "--workers", str(workers)])
            try:
                token = token_for(f"http://127.0.0.1:{port}", AGENT)
                out[f"me_rps_{workers}_worker{'s' if workers > 1 else ''}"] = warm_load(
                    port, "/v1/people/me", seconds, conns, [f"Authorization: Bearer {token}"])
            finally:
                stop(proc)
    return out


def bench_contacts(runs: int) -> dict:
    """Queue Task (create + queue + commit, as a flow's node does) until the offer frame leaves the
    outbox for the agent's socket; then the agent's accept / end / wrap-up over HTTP (in process)."""
    sys.path.insert(0, str(ROOT))
    from mockserver.app import create_app
    from mockserver.core.db import db
    from mockserver.core.outbox import outbox
    from mockserver.core.seeding import pod_org_id
    from mockserver.core.settings import Settings
    from mockserver.testing import SyncASGIClient
    from mockserver.wxcc.config.seed import entity_id
    from mockserver.wxcc.notifications.service import AgentFrame
    from mockserver.wxcc.tasks import public

    app = create_app(Settings(ephemeral=True, pods="1", scenario="preconfigured"))
    client = SyncASGIClient(app, base_url="http://127.0.0.1")  # a Host the sandbox answers to (MOCKSERVER_ALLOWED_HOSTS)
    org = pod_org_id(1)
    tok = lambda email: {"Authorization": "Bearer " + client.post("/sandbox/tokens", json={"email": email}).json()["access_token"]}  # noqa: E731
    h, ha = tok("cl1agent1@email.carehybrid.com"), tok("cl1admin1@email.carehybrid.com")
    team = entity_id(1, "team", "team1")
    assert client.post("/v1/agents/login", headers=h, json={"dialNumber": "1000", "teamId": team,
                                                            "deviceType": "EXTENSION", "roles": ["agent"]}).status_code == 202
    client.put("/v1/agents/session/state", headers=h, json={"state": "Available", "auxCodeId": "0"})
    q = client.post(f"/organization/{org}/v2/contact-service-queue", headers=ha, json={
        "name": "Bench", "queueType": "INBOUND", "channelType": "CHAT", "routingType": "LONGEST_AVAILABLE_AGENT",
        "queueRoutingType": "TEAM_BASED", "serviceLevelThreshold": 30, "maxActiveContacts": 100,
        "maxTimeInQueue": 600, "active": True, "checkAgentAvailability": False,
        "callDistributionGroups": [{"order": 1, "duration": 0, "agentGroups": [{"teamId": team}]}]}).json()["id"]
    offered: dict[str, tuple[float, float]] = {}

    def on_frame(ev) -> None:  # what the agent's websocket would be handed
        if '"AgentOfferContact"' in ev.frame:
            offered[json.loads(ev.frame)["data"]["interactionId"]] = (time.perf_counter(), time.thread_time())

    outbox.live.subscribe(AgentFrame, on_frame)
    code = entity_id(1, "auxiliary-code", "resolved")
    lat, cpu, bare, cycle = [], [], [], []
    for i in range(runs + 10):
        t0, c0 = time.perf_counter(), time.thread_time()
        with db.session() as s:
            t = public.create_task(s, org, conversation_id=f"bench-{i}", media_type="chat", media_channel="web",
                                   origin="c@example.com", destination="asset")
            public.queue_task(s, org, t.id, queue_id=q)
            s.commit()
        outbox.flush()
        assert t.id in offered, "no offer"
        for action, body in (("accept", {}), ("end", {}), ("wrapup", {"auxCodeId": code, "wrapUpReason": "b"})):
            assert client.post(f"/v1/tasks/{t.id}/{action}", headers=h, json=body).status_code == 202
        t1 = time.perf_counter()
        client.get("/sandbox/health")
        t2 = time.perf_counter()
        if i >= 10:  # warm-up done
            lat.append(offered[t.id][0] - t0)
            cpu.append(offered[t.id][1] - c0)
            cycle.append(t1 - t0)
            bare.append(t2 - t1)
    client.close()
    ms = lambda xs, p: round(sorted(xs)[min(len(xs) - 1, int(len(xs) * p))] * 1000, 2)  # noqa: E731
    # CPU time too: on a shared machine the wall clock mostly measures the neighbours.
    return {"contact_offer_ms_p50": ms(lat, 0.5), "contact_offer_ms_p95": ms(lat, 0.95),
            "contact_offer_cpu_ms_p50": ms(cpu, 0.5), "contact_offer_cpu_ms_p95": ms(cpu, 0.95),
            "bare_in_process_request_ms_p50": ms(bare, 0.5),
            "contact_offer_vs_bare_request_p50": round(statistics.median(lat) / statistics.median(bare), 1),
            "contact_lifecycle_ms_p50": ms(cycle, 0.5),
            "contacts_per_second_sequential": round(len(cycle) / sum(cycle), 1)}


SECTIONS = {"cold": bench_cold, "reset": bench_reset, "fixture": bench_fixture, "queues": bench_queues,
            "me": bench_me, "memory": bench_memory, "workers": bench_workers,
            "engage": lambda quick: bench_engage_conversation(30 if quick else 200),
            "contacts": lambda quick: bench_contacts(50 if quick else 300),
            "flows": lambda quick: bench_flows(100 if quick else 500),
            "console": lambda quick: bench_console(10 if quick else 40)}


def bench_console(runs: int) -> dict:
    """The lab console (/sandbox/console) with a classroom's load: 40 PODs (POD 1 after lab 12.5,
    with a flow) and 1,000 entries in the request journal. Each page rendered in process, p50 and
    the slowest of `runs`; the yardstick is GET /sandbox/health through the same client."""
    sys.path.insert(0, str(ROOT))
    from mockserver.connect.testkit import login
    from mockserver.testing import InProcessSandbox

    sb = InProcessSandbox(pods="1-3", journal_size=2000)
    c = sb.client
    assert c.post("/sandbox/pods", json={"count": 37}).status_code == 201
    sb.reset(pod=1, scenario="preconfigured")
    owner = login(c, "cl1pod1", ADMIN, "C1sco!Pod1")
    svc = next(s for s in c.get("/connect/cl1pod1/services", headers=owner).json()["items"] if s["name"] == "My First Service")
    flow = c.post(f"/connect/cl1pod1/services/{svc['id']}/flows", json={"name": "WA", "template": "v2.1-whatsapp"},
                  headers=owner).json()
    h = sb.auth(ADMIN)
    for i in range(1000):
        c.get("/v1/people/me" if i % 3 else "/v1/nowhere", headers=h)
    assert len(c.get("/sandbox/requests", params={"limit": 1000}).json()) == 1000
    pages = {"pods": "/sandbox/console/pods", "pod": "/sandbox/console/pods/1",
             "controlhub": "/sandbox/console/pods/1/controlhub", "connect": "/sandbox/console/pods/1/connect",
             "flow": f"/sandbox/console/pods/1/connect/flows/{flow['id']}", "wxcc": "/sandbox/console/pods/1/wxcc",
             "engage": "/sandbox/console/pods/1/engage", "traffic": "/sandbox/console/traffic",
             "traffic_filtered": "/sandbox/console/traffic?status=404&path=/v1/*",
             "pod_40": "/sandbox/console/pods/40/wxcc",
             # part 2 (console/desk.py): the customer and agent screens, conversations and tasks
             "customer": "/sandbox/console/pods/1/customer", "agent": "/sandbox/console/pods/1/agent",
             "conversations": "/sandbox/console/pods/1/conversations", "tasks": "/sandbox/console/pods/1/tasks",
             "tasks_json": "/sandbox/console/pods/1/tasks.json"}
    m: dict[str, list[float]] = {k: [] for k in ["reference_health", *pages]}
    for name, url in [("reference_health", "/sandbox/health"), *pages.items()]:
        c.get(url).raise_for_status()  # built and cached once (routes, templates)
    for _ in range(runs):
        for name, url in [("reference_health", "/sandbox/health"), *pages.items()]:
            t0 = time.perf_counter()
            r = c.get(url)
            m[name].append(time.perf_counter() - t0)
            assert r.status_code == 200, (url, r.status_code)
    sb.close()
    out = {f"console_{k}_ms_p50": round(statistics.median(v) * 1000, 2) for k, v in m.items()}
    out["console_slowest_page_ms_max"] = round(max(max(v) for k, v in m.items() if k != "reference_health") * 1000, 2)
    return out


def bench_flows(runs: int) -> dict:
    """Connect flows in process: a customer's WhatsApp message → the v2.1 WAB template (Search, Create
    Conversation, Create Task, Queue Task) → a queued WxCC task, p50/p95 per message; and flow
    executions per second of a from-scratch flow (start → Evaluate → Branch → Send) on the SMS app.
    The yardstick: the same in-process client against a bare FastAPI route."""
    sys.path.insert(0, str(ROOT))
    from fastapi import FastAPI

    from mockserver.connect.testkit import login
    from mockserver.core.seeding import pod_org_id
    from mockserver.testing import InProcessSandbox, SyncASGIClient

    sb = InProcessSandbox(pods="1")
    sb.reset(pod=1, scenario="preconfigured")
    c, T = sb.client, "/connect/cl1pod1"
    owner = login(c, "cl1pod1", "cl1admin1@email.carehybrid.com", "C1sco!Pod1")
    admin = sb.auth("cl1admin1@email.carehybrid.com")
    org = pod_org_id(1)
    team = c.get(f"/organization/{org}/v2/team", params={"filter": 'name=="Team1"'}, headers=admin).json()["data"][0]["id"]
    q = c.post(f"/organization/{org}/v2/contact-service-queue", headers=admin, json={
        "name": "WhatsApp_Queue", "queueType": "INBOUND", "channelType": "SOCIAL_CHANNEL", "routingType": "LONGEST_AVAILABLE_AGENT",
        "queueRoutingType": "TEAM_BASED", "maxTimeInQueue": 300, "active": True, "timezone": "America/New_York",
        "callDistributionGroups": [{"order": 1, "duration": 0, "agentGroups": [{"teamId": team}]}]}).json()["id"]
    svc = next(s for s in c.get(f"{T}/services", headers=owner).json()["items"] if s["name"] == "My First Service")
    apps = {a["channel"]: a for a in c.get(f"{T}/assets/apps", headers=owner).json()["items"]}
    base = f"{T}/services/{svc['id']}/flows"
    wa = apps["whatsapp"]
    f = c.post(base, json={"name": "WA", "template": "v2.1-whatsapp"}, headers=owner).json()
    n = wa["address"].lstrip("+")
    c.patch(f"{base}/{f['id']}/customVariables", json={"variables": {"WANumber": n[1:], "WANumber_Countrycode": n[:1],
                                                                     "appid": wa["appId"]}}, headers=owner)
    c.patch(f"{base}/{f['id']}/nodes/10", json={"config": {"queueId": q}}, headers=owner)
    assert c.post(f"{base}/{f['id']}/makeLive", json={"assetIds": [wa["id"]]}, headers=owner).status_code == 202
    simple = {"formatVersion": "1.0", "trigger": {"type": "channel", "channel": "sms", "event": "incomingMessage"}, "nodes": [
        {"id": 2, "type": "start", "outcomes": {"next": 3}},
        {"id": 3, "type": "evaluate", "config": {"script": "return 'yes' if contains(lower($(n2.sms.message)), 'hours') else 'no'"},
         "outcomes": {"yes": 4, "no": 5, "error": 99}},
        {"id": 4, "type": "send", "config": {"text": "9-17"}, "outcomes": {"sent": 99}},
        {"id": 5, "type": "branch", "config": {"conditions": [{"outcome": "stop", "variable": "$(n2.sms.message)", "operator": "equals",
                                                                "value": "STOP"}]}, "outcomes": {"stop": 99, "none": 6}},
        {"id": 6, "type": "send", "config": {"text": "Ask about our hours"}, "outcomes": {"sent": 99}},
        {"id": 99, "type": "end"}]}
    g = c.post(base, json={"name": "SMS", "definition": simple}, headers=owner).json()
    assert c.post(f"{base}/{g['id']}/makeLive", json={"assetIds": [apps["sms"]["id"]]}, headers=owner).status_code == 202
    c.post("/sandbox/clock", json={"advance": 121})
    queued = []
    for i in range(runs):
        t0 = time.perf_counter()
        r = c.post("/sandbox/customers/whatsapp", json={"from": f"+1415{i:07d}", "to": wa["address"], "text": "hello"})
        queued.append(time.perf_counter() - t0)
        assert r.json()["delivered"][0]["execution"] == "completed", r.text
    t0 = time.perf_counter()
    for i in range(runs):
        c.post("/sandbox/customers/sms", json={"from": f"+1416{i:07d}", "to": apps["sms"]["address"], "text": "opening hours?"})
    executions = runs / (time.perf_counter() - t0)
    bare = FastAPI()

    @bare.post("/x")
    async def x() -> dict:
        return {"delivered": [{"handled": True}]}

    bc = SyncASGIClient(bare)
    base_t = []
    for _ in range(runs):
        t0 = time.perf_counter()
        bc.post("/x", json={"from": "+1", "to": "+2", "text": "hello"})
        base_t.append(time.perf_counter() - t0)
    bc.close()
    sb.client.close()
    qs, bs = sorted(queued), sorted(base_t)
    p = lambda xs, q: round(xs[min(len(xs) - 1, int(len(xs) * q))] * 1000, 2)  # noqa: E731
    return {"flow_inbound_to_task_queued_ms_p50": p(qs, 0.5), "flow_inbound_to_task_queued_ms_p95": p(qs, 0.95),
            "flow_bare_route_ms_p50": p(bs, 0.5),
            "flow_inbound_to_task_queued_vs_bare_p50": round(p(qs, 0.5) / max(p(bs, 0.5), 0.001), 1),
            "flow_executions_per_s": round(executions, 1)}


def main() -> int:
    global ROOT
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="shorter loads, fewer samples; does not write last.json")
    ap.add_argument("--root", help="the checkout to measure (default: the one this bench is in)")
    ap.add_argument("--only", help=f"comma-separated sections: {', '.join(SECTIONS)}")
    ap.add_argument("--json", help="also write the report here")
    a = ap.parse_args()
    if a.root:
        ROOT = Path(a.root).resolve()
    chosen = a.only.split(",") if a.only else list(SECTIONS)
    report: dict = {"machine": {"cores": os.cpu_count(), "python": sys.version.split()[0],
                                "load_average_at_start": [round(x, 2) for x in os.getloadavg()]},
                    "root": str(ROOT), "moto": bool(MOTO), "repetitions": REPS}
    for name in chosen:
        t0 = time.perf_counter()
        report.update(SECTIONS[name](a.quick))
        print(f"{name}: {time.perf_counter() - t0:.1f} s", file=sys.stderr, flush=True)
        if a.json:  # what was measured so far survives a section that fails
            Path(a.json).write_text(json.dumps(report, indent=2))
    report["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    text = json.dumps(report, indent=2)
    print(text)
    if a.json:
        Path(a.json).write_text(text)
    if not a.quick and not a.only and ROOT == HERE.parent:
        (HERE / "last.json").write_text(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
