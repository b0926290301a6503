"""wxcc-sandbox benchmarks, one run, one report (not a test).

    python bench/bench.py [--quick] [--json out.json]

Measures: cold start to first 200; seeding 40 PODs; reset of one POD; the pytest fixture's reset
per test; authenticated GET /v1/people/me req/s against a bare FastAPI route served the same way;
RSS with 40 PODs; the WxCC v2 list of 100 queues against a bare route serving the same body;
/v1/people/me with 1 and 2 workers; Connect flows in process (inbound message → queued WxCC task
p50/p95, flow executions per second).
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
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--json")
    ap.add_argument("--only", help="run one part, e.g. flows")
    a = ap.parse_args()
    report = {"machine": {"cores": os.cpu_count(), "python": sys.version.split()[0]}}
    if a.only == "flows":
        report.update(bench_flows(100 if a.quick else 500))
        print(json.dumps(report, indent=2))
        return 0
    report.update(bench_cold_start(3 if a.quick else 7))
    report.update(bench_in_process(50 if a.quick else 300))
    report.update(bench_fixture_reset(50 if a.quick else 300))
    report.update(bench_throughput(3 if a.quick else 10, 32))
    report.update(bench_queues(3 if a.quick else 8, 16))
    report.update(bench_workers(3 if a.quick else 8, 64))
    report.update(bench_flows(100 if a.quick else 500))
    print(json.dumps(report, indent=2))
    if a.json:
        Path(a.json).write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
