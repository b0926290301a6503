"""What the contact hot path keeps between requests is dropped by every write that could change it:
the queue's configuration (wxcc_entity), the RONA timeouts (wxcc_cc_settings), whether an org has a
live Task Routed event flow (connect_flow_binding). Each test reads once (the answer is kept), writes
through the public API, and checks that the next contact sees the write."""

from __future__ import annotations

import pytest

from mockserver.connect.testkit import ch_path, login
from mockserver.core.clock import clock
from mockserver.wxcc.tasks.errors import TaskError
from tests.test_connect_flows import FLOWS_DIR
from tests.test_connect_flows_labs import PW, T, configure_and_go_live, upload
from tests.wxcc_desk import ADMIN, AGENT, ORG, Desk, chat_queue, new_contact


@pytest.fixture
def desk(sandbox):
    sandbox.reset(pod=1, scenario="preconfigured")
    d = Desk(sandbox, AGENT)
    d.ready()
    yield d
    d.close()
    clock.reset()


def lifecycle(d: Desk, q: str) -> dict:
    t = new_contact(q)
    offer = d.next("AgentOfferContact")["data"]
    assert offer["interactionId"] == t
    d.handle(t, "ok")
    return offer


def test_a_queue_change_reaches_the_next_contact(sandbox, client, desk):
    admin = sandbox.auth(ADMIN)
    q = chat_queue(client, admin, name="Before")
    assert lifecycle(desk, q)["queueName"] == "Before"
    base = f"/organization/{ORG}/v2/contact-service-queue/{q}"
    body = client.get(base, headers=admin).json()
    r = client.put(base, json={**body, "name": "After"}, headers=admin)
    assert r.status_code == 200, r.text
    assert lifecycle(desk, q)["queueName"] == "After"
    r = client.put(base, json={**body, "name": "After", "active": False}, headers=admin)
    assert r.status_code == 200, r.text
    with pytest.raises(TaskError, match="inactive"):
        new_contact(q)


def test_a_rona_change_reaches_the_next_offer(sandbox, client, desk):
    admin = sandbox.auth(ADMIN)
    q = chat_queue(client, admin)
    assert lifecycle(desk, q)["ronaTimeout"] == 60
    r = client.put(ch_path(1, "/desktop/ronaTimeouts"), json={"telephony": 18, "chat": 90, "email": 90, "social": 60},
                   headers=admin)
    assert r.status_code == 200, r.text
    offer = lifecycle(desk, q)
    assert offer["ronaTimeout"] == 90
    assert offer["interaction"]["callProcessingDetails"]["ronaTimeout"] == "90"


@pytest.mark.skipif(not FLOWS_DIR.is_dir(), reason=f"Cisco's published flow files are not at {FLOWS_DIR}")
def test_a_task_routed_flow_made_live_runs_for_the_next_contact(sandbox, client, desk):
    admin = sandbox.auth(ADMIN)
    q = chat_queue(client, admin)
    lifecycle(desk, q)  # no event flow yet: the org is remembered as having none
    owner = login(client, "cl1pod1", ADMIN, PW)
    services = {s["name"]: s for s in client.get(f"{T}/services", headers=owner).json()["items"]}
    agnostic = services["Agnostic Flows DO NOT MODIFY"]
    assert client.patch(f"{T}/services/{agnostic['id']}", json={"locked": False}, headers=owner).status_code == 200
    flow = upload(client, owner, agnostic, "Task Routed Flow", "v2.1", "Task Routed Flow.workflow.zip")
    executions = f"{T}/services/{agnostic['id']}/flows/{flow['id']}/executions"
    configure_and_go_live(client, owner, agnostic, flow, {}, "", None)
    assert client.post("/sandbox/clock", json={"advance": 121}).status_code == 200  # published after 2 minutes
    assert client.get(executions, headers=owner).json()["items"] == []
    lifecycle(desk, q)
    assert len(client.get(executions, headers=owner).json()["items"]) == 1
