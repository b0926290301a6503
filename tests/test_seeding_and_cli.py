"""Seeding is declarative and reproducible; state survives a restart; the CLI works for scripts.

These tests build their own sandboxes on temporary SQLite files (the shared one is re-created at
the end, because an app is a process-wide singleton).
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from mockserver.core.db import db
from mockserver.core.seeding import registry

REPO = Path(__file__).resolve().parents[1]


def _dump() -> str:
    """Every seeded table, rows sorted: the state as bytes."""
    out = []
    with db.engine.connect() as conn:
        for table in sorted(registry.pod_tables, key=lambda t: t.__tablename__):
            rows = conn.execute(text(f"select * from {table.__tablename__}")).all()
            out.append(table.__tablename__ + json.dumps(sorted(map(repr, rows))))
    return "\n".join(out)


def test_seeding_is_byte_identical_and_ids_follow_the_seed(tmp_path, private_sandbox):
    digests, tokens, made = [], [], []
    for i in range(2):
        sb = private_sandbox(pods="1-40", ephemeral=False, database_url=f"sqlite:///{tmp_path}/s{i}.db", seed=7)
        digests.append(hashlib.sha256(_dump().encode()).hexdigest())
        tokens.append([sb.token("cl1agent3@email.carehybrid.com"), sb.token("cl1admin40@email.carehybrid.com")])
        made.append(sb.client.post("/sandbox/pods/3/integrations", json={
            "name": "x", "redirect_uris": ["http://a/cb"], "scopes": ["spark:kms"]}).json()["client_id"])
        assert sb.client.get("/sandbox/health").json()["pods"] == list(range(1, 41))
    assert digests[0] == digests[1]
    assert made[0] == made[1]  # run-time entity ids follow the seed
    assert tokens[0] != tokens[1]  # secrets never do: tokens outlive restarts and must not repeat
    sb = private_sandbox(pods="1-40", seed=8, ephemeral=True)
    assert hashlib.sha256(_dump().encode()).hexdigest() == digests[0]  # seeding ignores the seed
    other = sb.client.post("/sandbox/pods/3/integrations", json={
        "name": "x", "redirect_uris": ["http://a/cb"], "scopes": ["spark:kms"]}).json()["client_id"]
    assert other != made[0]  # another seed, other ids


def _write_a_team(sb) -> None:
    token = sb.token("cl1admin1@email.carehybrid.com")
    org, h = token.rsplit("_", 1)[1], {"Authorization": f"Bearer {token}"}
    r = sb.client.post(f"/organization/{org}/team", headers=h, json={
        "name": "Extra", "teamType": "AGENT", "teamStatus": "IN_SERVICE", "active": True,
        "siteId": sb.client.get(f"/organization/{org}/site", headers=h).json()[0]["id"], "userIds": []})
    assert r.status_code == 201, r.text


def test_a_reset_whose_plan_was_dropped_restores_the_same_rows(private_sandbox, monkeypatch):
    """Seed plans are kept for the most recently reset PODs only (sandbox/service.py: PLAN_CACHE),
    and seeding many PODs plans them in chunks and keeps none but the first (planned to check the
    scenario): a POD whose plan was dropped is reset to exactly the rows it was seeded with."""
    from mockserver.sandbox import service

    monkeypatch.setattr(service, "PLAN_CACHE", 2)
    monkeypatch.setattr(service, "SEED_CHUNK", 3)
    sb = private_sandbox(pods="1-7", ephemeral=True)
    assert list(service.pods._plans) == [(1, "default")]
    sb.reset()  # nothing was written: nothing to plan
    assert list(service.pods._plans) == [(1, "default")]
    seeded = _dump()
    _write_a_team(sb)
    assert _dump() != seeded
    sb.reset(pod=6)
    sb.reset(pod=7)  # their plans push POD 1's out
    assert list(service.pods._plans) == [(6, "default"), (7, "default")]
    sb.reset(pod=1)
    assert _dump() == seeded
    _write_a_team(sb)
    assert _dump() != seeded
    sb.reset()  # every POD: more than the plans kept, so planned three at a time, and none kept
    assert _dump() == seeded
    assert set(service.pods._plans) == {(7, "default"), (1, "default")}


def test_state_survives_a_restart_on_the_same_file(tmp_path, private_sandbox):
    url = f"sqlite:///{tmp_path}/keep.db"
    sb = private_sandbox(pods="1-2", ephemeral=False, database_url=url)
    token = sb.token("cl1admin2@email.carehybrid.com")
    r = sb.client.post("/sandbox/pods/2/integrations", json={"name": "kept", "redirect_uris": ["http://a/cb"], "scopes": ["spark:kms"]})
    assert r.status_code == 201
    sb = private_sandbox(pods="1-3", ephemeral=False, database_url=url, fresh=False)  # asks for one more POD
    assert [i["name"] for i in sb.client.get("/sandbox/pods/2").json()["integrations"]] == ["cl1pod2 lab integration", "kept"]
    assert sb.client.get("/v1/people/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    assert sb.client.get("/sandbox/health").json()["pods"] == [1, 2, 3]


def test_a_database_made_by_another_version_is_rebuilt_not_half_used(tmp_path, private_sandbox, caplog):
    """No migrations: a file whose tables differ (an older sandbox's) is rebuilt and re-seeded."""
    import sqlite3

    path = tmp_path / "old.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE sandbox_pod (pod INTEGER PRIMARY KEY, org_id TEXT, scenario TEXT, seeded_ms INTEGER)")
    con.execute("INSERT INTO sandbox_pod VALUES (1, 'x', 'default', 0)")
    con.execute("CREATE TABLE connect_cc_settings (org_id TEXT PRIMARY KEY)")  # a table this version renamed
    con.commit()
    con.close()
    with caplog.at_level("WARNING", logger="mockserver"):
        sb = private_sandbox(pods="1", ephemeral=False, database_url=f"sqlite:///{path}", fresh=False)
    assert any("made by another version" in r.getMessage() for r in caplog.records)
    assert sb.client.get("/sandbox/health").json()["pods"] == [1]
    h = sb.auth("cl1admin1@email.carehybrid.com")
    org = h["Authorization"].rsplit("_", 1)[1]
    r = sb.client.get(f"/controlhub/organizations/{org}/contactCenter/desktop/ronaTimeouts", headers=h)
    assert r.status_code == 200, r.text  # the seeded rows of every table are there
    tables = {row[0] for row in sqlite3.connect(path).execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "connect_cc_settings" not in tables
    # the same version opening it again keeps its state
    sb.client.post("/sandbox/pods/1/integrations", json={"name": "kept", "redirect_uris": ["http://a/cb"], "scopes": ["spark:kms"]})
    sb = private_sandbox(pods="1", ephemeral=False, database_url=f"sqlite:///{path}", fresh=False)
    assert "kept" in [i["name"] for i in sb.client.get("/sandbox/pods/1").json()["integrations"]]


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mockserver", *args], cwd=cwd, capture_output=True, text=True, timeout=60)


def _main(capsys, *args: str) -> tuple[int, str, str]:
    from mockserver.cli import main

    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_pods_and_reset_on_a_database(tmp_path, capsys, private_sandbox):
    url = f"sqlite:///{tmp_path}/cli.db"
    code, out, _ = _main(capsys, "pods", "--database-url", url)
    assert code == 0 and json.loads(out) == []
    private_sandbox(pods="1-2", ephemeral=False, database_url=url)  # seed two PODs into the file
    code, out, err = _main(capsys, "pods", "--database-url", url, "--pod", "2")
    assert code == 0, err
    assert json.loads(out)["users"][0]["email"] == "cl1admin2@email.carehybrid.com"
    code, out, _ = _main(capsys, "reset", "--database-url", url, "--pod", "1")
    assert code == 0 and json.loads(out) == {"reset": [1]}
    code, _, err = _main(capsys, "reset", "--database-url", url, "--pod", "9")
    assert code == 1 and "not seeded" in err


def test_openapi_document_is_committed_and_current(capsys, private_sandbox):
    code, _, err = _main(capsys, "openapi", "--check")
    assert code == 0, err
    doc = json.loads((REPO / "openapi" / "openapi.json").read_text())
    assert "/v1/people/me" in doc["paths"] and "/sandbox/reset" in doc["paths"]


def test_serve_rejects_bad_settings(tmp_path):
    r = _cli("serve", "--pods", "3-1", "--ephemeral", cwd=tmp_path)
    assert r.returncode != 0 and "backwards" in (r.stderr + r.stdout)
