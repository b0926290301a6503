"""Cached answers (core/cache.py) and the reset that skips untouched tables are never stale.

Each way a cached list could outlive what it shows has its test: a write (create, update,
delete, bulk, a write by another product's event), a reset (one POD, all PODs), a snapshot
restore, a clock move, a timer that fired, a new app, and another worker's write
(test_multiworker.py). Every check reads through HTTP, as a client would.
"""

from __future__ import annotations

import pytest
from sqlmodel import select

from conftest import ADMIN
from mockserver.core.cache import AnswerCache, changes
from mockserver.core.clock import clock
from mockserver.core.db import db
from mockserver.core.timers import timers
from mockserver.wxcc.config import service
from mockserver.wxcc.config.models import WxccEntity


@pytest.fixture
def admin(sandbox):
    h = sandbox.auth(ADMIN.format(n=1))
    return h, h["Authorization"].rsplit("_", 1)[1]


def _sites(client, h, org, v2=False):
    if v2:
        r = client.get(f"/organization/{org}/v2/site", headers=h)
        assert r.status_code == 200, r.text
        return sorted(s["name"] for s in r.json()["data"])
    r = client.get(f"/organization/{org}/site", headers=h)
    assert r.status_code == 200, r.text
    return sorted(s["name"] for s in r.json())


def _new_site(client, h, org, name):
    first = client.get(f"/organization/{org}/site", headers=h).json()[0]
    r = client.post(f"/organization/{org}/site", headers=h,
                    json={"name": name, "active": True, "multimediaProfileId": first["multimediaProfileId"]})
    assert r.status_code == 201, r.text
    return r.json()


def test_lists_are_served_from_the_cache_until_something_changes(client, admin):
    h, org = admin
    _sites(client, h, org, v2=True)
    hits = service._lists.hits
    before = _sites(client, h, org, v2=True)
    assert service._lists.hits == hits + 1  # a read changes nothing: the second answer is the kept one
    assert _sites(client, h, org, v2=True) == before


def test_a_create_update_delete_or_bulk_is_seen_by_the_next_list(client, admin):
    h, org = admin
    for v2 in (False, True):
        _sites(client, h, org, v2)
    site = _new_site(client, h, org, "Cache Site")
    assert "Cache Site" in _sites(client, h, org) and "Cache Site" in _sites(client, h, org, True)

    body = {k: v for k, v in site.items() if k != "links"}
    body["name"] = "Cache Site Renamed"
    assert client.put(f"/organization/{org}/site/{site['id']}", headers=h, json=body).status_code == 200
    assert "Cache Site Renamed" in _sites(client, h, org) and "Cache Site" not in _sites(client, h, org, True)

    assert client.delete(f"/organization/{org}/site/{site['id']}", headers=h).status_code == 204
    assert "Cache Site Renamed" not in _sites(client, h, org) and "Cache Site Renamed" not in _sites(client, h, org, True)

    first = client.get(f"/organization/{org}/site", headers=h).json()[0]
    r = client.post(f"/organization/{org}/site/bulk", headers=h, json={"items": [
        {"itemIdentifier": 1, "requestAction": "SAVE",
         "item": {"name": "Bulk Site", "active": True, "multimediaProfileId": first["multimediaProfileId"]}}]})
    assert r.status_code == 207, r.text
    assert "Bulk Site" in _sites(client, h, org, True)


def test_a_failed_write_changes_nothing_and_the_list_still_answers(client, admin):
    h, org = admin
    before = _sites(client, h, org)
    name = before[0]
    first = client.get(f"/organization/{org}/site", headers=h).json()[0]
    r = client.post(f"/organization/{org}/site", headers=h,
                    json={"name": name, "active": True, "multimediaProfileId": first["multimediaProfileId"]})
    assert r.status_code == 409
    assert _sites(client, h, org) == before


def test_another_products_write_reaches_a_cached_list(client, admin):
    """PUT /v1/people changes a person; the PersonChanged subscriber rewrites the WxCC user."""
    h, org = admin
    users = client.get(f"/organization/{org}/v2/user", headers=h)
    assert users.status_code == 200
    agent = next(u for u in users.json()["data"] if u["email"].startswith("cl1agent1"))
    people = client.get("/v1/people", headers=h, params={"email": agent["email"]}).json()["items"]
    person = people[0]
    body = {"emails": person["emails"], "firstName": "Renamed", "lastName": person.get("lastName", "Agent"),
            "displayName": "Renamed Agent", "licenses": person.get("licenses", []), "roles": person.get("roles", [])}
    r = client.put(f"/v1/people/{person['id']}", headers=h, json=body)
    assert r.status_code == 200, r.text
    again = client.get(f"/organization/{org}/v2/user", headers=h).json()["data"]
    assert next(u for u in again if u["id"] == agent["id"])["firstName"] == "Renamed"


@pytest.mark.parametrize("scope", ["pod", "all"])
def test_a_reset_drops_cached_lists(sandbox, client, admin, scope):
    h, org = admin
    seeded = _sites(client, h, org, True)
    _new_site(client, h, org, "Gone After Reset")
    assert "Gone After Reset" in _sites(client, h, org, True)
    sandbox.reset(pod=1 if scope == "pod" else None)
    assert _sites(client, h, org, True) == seeded


def test_a_reset_restores_tables_written_since_the_last_one_and_only_those(sandbox, client, admin):
    h, org = admin
    site = _new_site(client, h, org, "Reset Me")
    sandbox.reset()
    # the row is gone from the database, not just from the cache
    with db.session() as s:
        assert s.get(WxccEntity, site["id"]) is None
    # nothing written since: a second reset leaves every table alone and the state is the same
    total = changes.total
    sandbox.reset()
    assert changes.total == total  # no table rewritten
    assert "Reset Me" not in _sites(client, h, org)


def test_a_write_through_a_direct_session_is_still_reset(sandbox, client, admin):
    """Writes that no route made (a timer, a subscriber, a test's own session) are tracked too."""
    h, org = admin
    with db.session() as s:
        row = s.exec(select(WxccEntity).where(WxccEntity.org_id == org, WxccEntity.kind == "site")).first()
        original = row.name
        row.name = "Edited Behind The API"
        row.data = {**row.data, "name": row.name}
        s.add(row)
        s.commit()
    assert "Edited Behind The API" in _sites(client, h, org)
    sandbox.reset()
    names = _sites(client, h, org)
    assert original in names and "Edited Behind The API" not in names


def test_a_snapshot_restore_drops_cached_lists(client, admin):
    h, org = admin
    assert client.post("/sandbox/snapshots", json={"name": "cache"}).status_code == 201
    seeded = _sites(client, h, org, True)
    _new_site(client, h, org, "Before Restore")
    assert "Before Restore" in _sites(client, h, org, True)
    assert client.post("/sandbox/snapshots/cache/restore").status_code == 200
    assert _sites(client, h, org, True) == seeded
    client.delete("/sandbox/snapshots/cache")


def test_a_timer_that_fires_drops_cached_lists(client, admin):
    h, org = admin

    @timers.on("test.cache.rename")
    def _rename(session, timer):  # noqa: ANN001
        row = session.get(WxccEntity, timer.subject)
        row.name = "Renamed By Timer"
        row.data = {**row.data, "name": row.name}
        session.add(row)

    try:
        site = client.get(f"/organization/{org}/site", headers=h).json()[0]
        assert client.post("/sandbox/clock", json={"mode": "manual"}).status_code == 200
        with db.session() as s:
            timers.schedule(s, pod=1, kind="test.cache.rename", after_s=60, subject=site["id"])
            s.commit()
        assert "Renamed By Timer" not in _sites(client, h, org, True)  # cached now
        assert client.post("/sandbox/clock", json={"advance": 61}).status_code == 200
        assert "Renamed By Timer" in _sites(client, h, org, True)
    finally:
        timers.handlers.pop("test.cache.rename", None)


def test_a_clock_move_drops_clock_sensitive_answers(client, admin):
    h, org = admin
    _sites(client, h, org, True)
    misses = service._lists.misses
    _sites(client, h, org, True)
    assert service._lists.misses == misses
    assert client.post("/sandbox/clock", json={"advance": 60}).status_code == 200
    _sites(client, h, org, True)
    assert service._lists.misses == misses + 1  # rebuilt after the move
    clock.reset()
    _sites(client, h, org, True)
    assert service._lists.misses == misses + 2


def test_an_answer_declared_on_tables_is_dropped_only_by_those():
    on_people = AnswerCache("test.people", tables=("identity_person",), clock_sensitive=False)
    built = []

    def build() -> bytes:
        built.append(1)
        return b"[]"

    on_people.answer("k", build)
    changes.committed(["wxcc_entity"])
    on_people.answer("k", build)
    assert len(built) == 1  # another table changed: still valid
    changes.committed(["identity_person"])
    on_people.answer("k", build)
    assert len(built) == 2
    changes.everything_changed()  # e.g. another worker wrote
    on_people.answer("k", build)
    assert len(built) == 3
    AnswerCache.registry.remove(on_people)


def test_statements_are_classified_by_the_table_they_write():
    assert changes.written_by("SELECT 1", None) is None
    assert changes.written_by('INSERT INTO "wxcc_entity" (id) VALUES (1)', None) == "wxcc_entity"
    assert changes.written_by("update identity_person set x = 1", None) == "identity_person"
    assert changes.written_by("DELETE FROM sandbox_schema", None) == "sandbox_schema"
    assert changes.written_by("CREATE TABLE t (x int)", None) == "*"


def test_a_reset_with_nothing_to_rewrite_still_answers_like_one(sandbox, client, admin):
    """The fast path (no table written since the last reset) keeps the reset's contract."""
    h, org = admin
    seeded = _sites(client, h, org)
    sandbox.reset()
    sandbox.reset()  # nothing to rewrite now
    r = client.post("/sandbox/reset", params={"pod": 7})
    assert r.status_code == 404 and "POD 7 is not seeded" in r.text
    r = client.post("/sandbox/reset", params={"pod": 1})
    assert r.status_code == 200 and r.json()["reset"] == [1]
    # a fault rule is removed by a full reset, written tables or not
    client.post("/sandbox/faults", json={"path": "/v1/people/me", "status": 503})
    sandbox.reset()
    assert client.get("/sandbox/faults").json() == []
    # a token minted before still resolves (tokens outlive resets), and the list is the seeded one
    assert _sites(client, h, org) == seeded


def test_a_pod_seeded_after_the_last_reset_is_reset_too(sandbox, client):
    r = client.post("/sandbox/pods", json={"pods": [3]})
    assert r.status_code in (200, 201), r.text
    h = sandbox.auth(ADMIN.format(n=3))
    org = h["Authorization"].rsplit("_", 1)[1]
    seeded = _sites(client, h, org)
    _new_site(client, h, org, "Pod Three Site")
    sandbox.reset()
    assert _sites(client, h, org) == seeded
