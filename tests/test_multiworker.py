"""Two uvicorn workers on one database, many concurrent clients: no lost update, no double
create, one clock and one set of fault rules for both; and a kill -9 loses nothing committed.

These start real servers (subprocesses on loopback ports), so they are the slowest tests here.
"""

from __future__ import annotations

import signal
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from realserver import database_url as _database_url, serve as _serve


@pytest.fixture
def two_workers(tmp_path):
    proc, base = _serve(_database_url(tmp_path), workers=2)
    yield base
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        proc.kill()


def _token(base: str) -> dict[str, str]:
    r = httpx.post(base + "/sandbox/tokens", json={"email": "cl1admin1@email.carehybrid.com"})
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def test_concurrent_creates_and_updates_across_two_workers(two_workers):
    base = two_workers
    h = _token(base)
    org = h["Authorization"].rsplit("_", 1)[1]
    site = httpx.get(f"{base}/organization/{org}/site", headers=h).json()[0]
    new_site = {"name": "Racing Site", "active": True, "multimediaProfileId": site["multimediaProfileId"]}

    def create(_i: int) -> int:
        with httpx.Client() as c:
            return c.post(f"{base}/organization/{org}/site", headers=h, json=new_site).status_code

    with ThreadPoolExecutor(16) as pool:
        codes = list(pool.map(create, range(24)))
    assert sorted(set(codes)) == [201, 409] and codes.count(201) == 1, codes
    names = [s["name"] for s in httpx.get(f"{base}/organization/{org}/site", headers=h).json()]
    assert names.count("Racing Site") == 1

    def update(i: int) -> int:
        with httpx.Client() as c:
            cur = c.get(f"{base}/organization/{org}/site/{site['id']}", headers=h).json()
            body = {k: v for k, v in cur.items() if k not in ("links",)}
            body["description"] = f"update {i}"
            return c.put(f"{base}/organization/{org}/site/{site['id']}", headers=h, json=body).status_code

    before = httpx.get(f"{base}/organization/{org}/site/{site['id']}", headers=h).json()["version"]
    with ThreadPoolExecutor(16) as pool:
        codes = list(pool.map(update, range(20)))
    assert codes == [200] * 20
    after = httpx.get(f"{base}/organization/{org}/site/{site['id']}", headers=h).json()["version"]
    assert after == before + 20  # every update counted: none lost


def test_both_workers_share_the_clock_and_the_faults(two_workers):
    base = two_workers
    assert httpx.post(base + "/sandbox/clock", json={"mode": "manual", "set": "2031-02-03T04:05:06Z"}).status_code == 200
    h = _token(base)  # minted on the moved clock
    # each call opens a new connection, which lands on either worker
    nows = {httpx.get(base + "/sandbox/clock").json()["now"] for _ in range(12)}
    assert nows == {"2031-02-03T04:05:06.000Z"}
    httpx.post(base + "/sandbox/faults", json={"path": "/v1/people/me", "status": 503, "count": 3})
    codes = [httpx.get(base + "/v1/people/me", headers=h).status_code for _ in range(6)]
    assert codes == [503, 503, 503, 200, 200, 200]


def test_kill_9_mid_traffic_loses_nothing_committed(tmp_path):
    url = _database_url(tmp_path)
    proc, base = _serve(url, workers=1)
    try:
        h = _token(base)
        org = h["Authorization"].rsplit("_", 1)[1]
        mmp = httpx.get(f"{base}/organization/{org}/site", headers=h).json()[0]["multimediaProfileId"]
        created = []
        for i in range(15):
            r = httpx.post(f"{base}/organization/{org}/site", headers=h,
                           json={"name": f"Kept {i}", "active": True, "multimediaProfileId": mmp})
            assert r.status_code == 201
            created.append(r.json()["id"])
        # traffic still in flight when the process dies
        pool = ThreadPoolExecutor(4)
        for i in range(40):
            pool.submit(lambda i=i: httpx.post(f"{base}/organization/{org}/site", headers=h,
                                               json={"name": f"Maybe {i}", "active": True, "multimediaProfileId": mmp},
                                               timeout=5))
        time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        pool.shutdown(wait=True, cancel_futures=True)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
    proc, base = _serve(url, workers=1)
    try:
        h = _token(base)
        ids = {s["id"] for s in httpx.get(f"{base}/organization/{org}/site", headers=h).json()}
        assert set(created) <= ids
        assert httpx.get(f"{base}/sandbox/health").json()["pods"] == [1]
    finally:
        proc.kill()
        proc.wait(10)


def test_a_list_cached_by_one_worker_is_never_served_stale_after_another_writes(two_workers):
    """Each worker keeps list answers (core/cache.py); a write or reset on one must reach the other
    before the writer's client has its answer."""
    base = two_workers
    h = _token(base)
    org = h["Authorization"].rsplit("_", 1)[1]
    url = f"{base}/organization/{org}/v2/site"

    def names() -> set[str]:
        r = httpx.get(url, headers=h)  # a new connection: either worker
        assert r.status_code == 200, r.text
        return {s["name"] for s in r.json()["data"]}

    seeded = names()
    for _ in range(8):  # both workers now hold the list
        assert names() == seeded
    first = httpx.get(f"{base}/organization/{org}/site", headers=h).json()[0]
    for i in range(3):
        r = httpx.post(f"{base}/organization/{org}/site", headers=h,
                       json={"name": f"Worker Site {i}", "active": True, "multimediaProfileId": first["multimediaProfileId"]})
        assert r.status_code == 201, r.text
        for _ in range(6):
            assert f"Worker Site {i}" in names()
    assert httpx.post(f"{base}/sandbox/reset", params={"pod": 1}).status_code == 200
    for _ in range(8):
        assert names() == seeded
