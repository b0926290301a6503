"""wxcc-sandbox benchmarks, one run, one report (not a test).

    python bench/bench.py [--quick] [--json out.json]

Measures: cold start to first 200; seeding 40 PODs; reset of one POD; the pytest fixture's reset
per test; authenticated GET /v1/people/me req/s against a bare FastAPI route served the same way;
RSS with 40 PODs; the WxCC v2 list of 100 queues against a bare route serving the same body;
/v1/people/me with 1 and 2 workers; Engage: append to / read the transcript of a 1,000-message conversation;
the contact lifecycle in process (a flow's Queue Task → the
agent's AgentOfferContact frame, p50/p95, against a bare in-process request; contacts per second
through create → offer → accept → end → wrap-up).
The load comes from wrk when installed, else from bench/loadgen.py (a separate process).
"""

from __future__ import annotations

import argparse
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
ROOT = HERE.parent
PY = sys.executable


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_200(url: str, timeout: float = 30.0) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        try:
            with urllib.request.urlopen(url, timeout=1) as r:
                if r.status == 200:
                    return time.perf_counter()
        except OSError:
            time.sleep(0.002)
    raise RuntimeError(f"{url} never answered 200")


def serve(args: list[str], env: dict | None = None) -> tuple[subprocess.Popen, int, float]:
    port = free_port()
    t0 = time.perf_counter()
    proc = subprocess.Popen([PY, "-m", "mockserver", "serve", "--port", str(port), *args], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, **(env or {})})
    t1 = wait_200(f"http://127.0.0.1:{port}/sandbox/health")
    return proc, port, t1 - t0


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(5)
    except subprocess.TimeoutExpired:
        proc.kill()


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def load(port: int, path: str, seconds: float, conns: int, headers: list[str]) -> float:
    if shutil.which("wrk"):
        cmd = ["wrk", "-t1", f"-c{conns}", f"-d{int(seconds)}s"]
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


def post_json(url: str, body: dict) -> dict:
    req = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"content-type": "application/json"}, method="POST")
    with urllib.request.urlopen(req) as r:
        return json.loads(r.read())


def bench_cold_start(runs: int) -> dict:
    times, first_product = [], []
    for _ in range(runs):
        proc, port, took = serve(["--ephemeral", "--pods", "1-3"])
        times.append(took)
        # Products build their routes on first use: what the first call to each costs.
        base = f"http://127.0.0.1:{port}"
        token = post_json(f"{base}/sandbox/tokens", {"email": "cl1admin1@email.carehybrid.com"})["access_token"]
        org = token.rsplit("_", 1)[1]
        t0 = time.perf_counter()
        for path in ("/v1/people/me", f"/organization/{org}/site", "/connect/cl1pod1/roles", "/engage"):
            try:
                urllib.request.urlopen(urllib.request.Request(base + path, headers={"Authorization": f"Bearer {token}"})).read()
            except urllib.error.HTTPError:
                pass  # an answer is an answer (Connect wants its own session token)
        first_product.append(time.perf_counter() - t0)
        stop(proc)
    with tempfile.TemporaryDirectory() as d:
        url = f"sqlite:///{d}/bench.db"
        proc, _, first = serve(["--database-url", url, "--pods", "1-3"])
        stop(proc)
        proc, _, again = serve(["--database-url", url, "--pods", "1-3"])
        stop(proc)
    return {"cold_start_ephemeral_s_median": round(statistics.median(times), 3), "cold_start_runs": [round(t, 3) for t in times],
            "first_call_to_all_4_products_s_median": round(statistics.median(first_product), 3),
            "first_start_file_db_s": round(first, 3), "restart_file_db_s": round(again, 3)}


def bench_in_process(runs: int) -> dict:
    sys.path.insert(0, str(ROOT))
    from mockserver.app import create_app
    from mockserver.core.settings import Settings
    from mockserver.sandbox.service import pods
    from mockserver.testing import SyncASGIClient

    t0 = time.perf_counter()
    app = create_app(Settings(ephemeral=True, pods=""))
    t_app = time.perf_counter() - t0
    t0 = time.perf_counter()
    pods.seed(list(range(1, 41)))
    t_seed40 = time.perf_counter() - t0
    client = SyncASGIClient(app)
    service, http = [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        pods.reset([7])
        service.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        r = client.post("/sandbox/reset", params={"pod": 7})
        http.append(time.perf_counter() - t0)
        assert r.status_code == 200
    full = []
    for _ in range(max(5, runs // 10)):
        t0 = time.perf_counter()
        pods.reset(None)
        full.append(time.perf_counter() - t0)
    client.close()
    ms = lambda xs: round(statistics.median(xs) * 1000, 2)  # noqa: E731
    return {"create_app_s": round(t_app, 3), "seed_40_pods_ms": round(t_seed40 * 1000, 1),
            "reset_one_pod_ms_median": ms(service), "reset_one_pod_http_ms_median": ms(http),
            "reset_one_pod_ms_p95": round(sorted(service)[int(len(service) * 0.95)] * 1000, 2),
            "reset_all_40_pods_ms_median": ms(full)}


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


def bare_rps(path: str, seconds: float, conns: int, env: dict | None = None) -> float:
    port = free_port()
    bare = subprocess.Popen([PY, "-m", "uvicorn", "bare_app:app", "--port", str(port), "--log-level", "warning",
                             "--no-access-log"], cwd=HERE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, **(env or {})})
    try:
        wait_200(f"http://127.0.0.1:{port}{path}")
        load(port, path, 1, conns, [])  # warm-up
        return load(port, path, seconds, conns, [])
    finally:
        stop(bare)


def bench_throughput(seconds: float, conns: int) -> dict:
    out = {}
    out["bare_fastapi_rps"] = bare_rps("/v1/people/me", seconds, conns)
    proc, port, _ = serve(["--ephemeral", "--pods", "1-40"])
    try:
        token = post_json(f"http://127.0.0.1:{port}/sandbox/tokens", {"email": "cl1agent1@email.carehybrid.com"})["access_token"]
        h = [f"Authorization: Bearer {token}"]
        load(port, "/v1/people/me", 1, conns, h)
        out["people_me_rps"] = load(port, "/v1/people/me", seconds, conns, h)
        out["ratio_to_bare"] = round(out["people_me_rps"] / out["bare_fastapi_rps"], 3)
        out["rss_40_pods_mb"] = round(rss_mb(proc.pid), 1)
        out["load_generator"] = "wrk" if shutil.which("wrk") else "bench/loadgen.py"
    finally:
        stop(proc)
    return out


def bench_fixture_reset(runs: int) -> dict:
    """What the pytest plugin's wxcc_sandbox fixture costs per test (in process)."""
    sys.path.insert(0, str(ROOT))
    from mockserver.core.clock import clock
    from mockserver.testing import InProcessSandbox

    sb = InProcessSandbox(pods="1-3")
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        clock.reset()
        sb.client.delete("/sandbox/faults")
        sb.reset(scenario="default")
        times.append(time.perf_counter() - t0)
    sb.close()
    return {"fixture_reset_per_test_ms_median": round(statistics.median(times) * 1000, 2)}


def bench_queues(seconds: float, conns: int) -> dict:
    """v2 list of 100 queues over HTTP, against a bare FastAPI route serving the same body."""
    proc, port, _ = serve(["--ephemeral", "--pods", "1"])
    base = f"http://127.0.0.1:{port}"
    try:
        token = post_json(f"{base}/sandbox/tokens", {"email": "cl1admin1@email.carehybrid.com"})["access_token"]
        org = token.rsplit("_", 1)[1]
        h = {"Authorization": f"Bearer {token}", "content-type": "application/json"}
        teams = json.loads(urllib.request.urlopen(urllib.request.Request(f"{base}/organization/{org}/team", headers=h)).read())
        for i in range(99):
            body = {"name": f"Q{i}", "queueType": "INBOUND", "channelType": "CHAT", "checkAgentAvailability": False,
                    "serviceLevelThreshold": 30, "maxActiveContacts": 5, "maxTimeInQueue": 600, "active": True,
                    "routingType": "LONGEST_AVAILABLE_AGENT", "queueRoutingType": "TEAM_BASED",
                    "callDistributionGroups": [{"order": 1, "duration": 0, "agentGroups": [{"teamId": teams[0]["id"]}]}]}
            req = urllib.request.Request(f"{base}/organization/{org}/v2/contact-service-queue", data=json.dumps(body).encode(),
                                         headers=h, method="POST")
            urllib.request.urlopen(req).read()
        path = f"/organization/{org}/v2/contact-service-queue?pageSize=100"
        page = json.loads(urllib.request.urlopen(urllib.request.Request(base + path, headers=h)).read())
        assert page["meta"]["totalRecords"] == 100, page["meta"]
        hdr = [f"Authorization: Bearer {token}"]
        load(port, path, 1, conns, hdr)
        ours = load(port, path, seconds, conns, hdr)
    finally:
        stop(proc)
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
        json.dump(page, fh)
    bare = bare_rps(path, seconds, conns, {"BENCH_QUEUES_BODY": fh.name})
    os.unlink(fh.name)
    return {"queues_v2_list_100_rps": ours, "queues_bare_same_body_rps": bare,
            "queues_ratio_to_bare": round(ours / bare, 3), "queues_body_bytes": len(json.dumps(page))}


def bench_workers(seconds: float, conns: int) -> dict:
    out = {}
    with tempfile.TemporaryDirectory() as d:
        for workers in (1, 2):
            url = f"sqlite:///{d}/w{workers}.db"
            proc, port, _ = serve(["--database-url", url, "--pods", "1-3", "--workers", str(workers)])
            try:
                token = post_json(f"http://127.0.0.1:{port}/sandbox/tokens", {"email": "cl1agent1@email.carehybrid.com"})["access_token"]
                h = [f"Authorization: Bearer {token}"]
                load(port, "/v1/people/me", 1, conns, h)
                out[f"people_me_rps_{workers}_worker{'s' if workers > 1 else ''}"] = load(port, "/v1/people/me", seconds, conns, h)
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
    client = SyncASGIClient(app)
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


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--json")
    ap.add_argument("--only", help="run one benchmark, e.g. contacts")
    a = ap.parse_args()
    report = {"machine": {"cores": os.cpu_count(), "python": sys.version.split()[0],
                          "load_average": list(os.getloadavg())}}
    if a.only:
        report.update(globals()[f"bench_{a.only}"](50 if a.quick else 300))
        print(json.dumps(report, indent=2))
        return 0
    report.update(bench_cold_start(3 if a.quick else 7))
    report.update(bench_in_process(50 if a.quick else 300))
    report.update(bench_fixture_reset(50 if a.quick else 300))
    report.update(bench_engage_conversation(30 if a.quick else 200))
    report.update(bench_throughput(3 if a.quick else 10, 32))
    report.update(bench_queues(3 if a.quick else 8, 16))
    report.update(bench_workers(3 if a.quick else 8, 64))
    report.update(bench_contacts(50 if a.quick else 300))
    print(json.dumps(report, indent=2))
    if a.json:
        Path(a.json).write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
