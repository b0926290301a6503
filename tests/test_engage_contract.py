"""Schemathesis over the Engage conversation operations on a provisioned tenant with a real
conversation, a live-chat asset and each surface's own credentials (the shared contract test runs
them against an unprovisioned POD, where they stop at 404): no 5xx, no undocumented status, every
response in its documented schema — and a bad input never half-writes (the conversation is
checked after each case)."""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from mockserver.core.db import db
from mockserver.core.events import dispatcher
from mockserver.core.seeding import pod_org_id
from mockserver.engage.conversations import public as conv
from mockserver.events import AssetRegistered
from mockserver.identity.public import person_uuid

OPENAPI = Path(__file__).resolve().parents[1] / "openapi" / "openapi.json"
ORG = pod_org_id(1)
CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_schema_conformance,
]
schema = schemathesis.openapi.from_path(OPENAPI).include(path_regex=(
    r"^/engage/(api/v1/|v1/conversations|\{tenant\}/(customer-care/conversations|customer-care/dashboard|dashboard"
    r"|settings/api|assets/channels/\{assetId\}/widget))"))
schema.config.phases.coverage.enabled = False


@pytest.fixture
def world(sandbox):
    sandbox.reset(pod=1, scenario="provisioned")
    dispatcher.publish(AssetRegistered(org_id=ORG, asset_id="a-chat", name="Chat", channel="chat", address="app-1"))
    with db.session() as s:
        c = conv.create(s, ORG, channel="chat", asset_id="a-chat", business_address="app-1", customer_address="fp-1",
                        message={"text": "hello"})
        conv.add_participant(s, ORG, c.id, agent_id=person_uuid(1, "agent"))
        s.commit()
    admin = sandbox.token("cl1admin1@email.carehybrid.com")
    secret = sandbox.client.post("/engage/cl1pod1/settings/api/secret", headers={"Authorization": f"Bearer {admin}"}).json()
    api = sandbox.client.post("/engage/api/v1/oauth/token", data={
        "grant_type": "client_credentials", "client_id": secret["clientId"], "client_secret": secret["clientSecret"]}).json()
    return {"conversation": c.id, "admin": admin, "agent": sandbox.token("cl1agent1@email.carehybrid.com"),
            "api": api["access_token"]}


@schema.parametrize()
@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=[
    HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much])
def test_engage_conversation_operations(case, world, sandbox):
    path = case.path
    token = world["api"] if path.startswith("/engage/api/v1") and "oauth" not in path else (
        world["agent"] if path.startswith("/engage/v1/") else world["admin"])
    if case.path_parameters is not None:
        if "tenant" in case.path_parameters:
            case.path_parameters["tenant"] = "cl1pod1"
        if "conversationId" in case.path_parameters:
            case.path_parameters["conversationId"] = world["conversation"]
        if "assetId" in case.path_parameters:
            case.path_parameters["assetId"] = "a-chat"
    headers = dict(case.headers or {})
    headers.setdefault("Authorization", f"Bearer {token}")
    kw = case.as_transport_kwargs(base_url="http://testserver", headers=headers)
    method, url = kw.pop("method"), kw.pop("url")
    body = {}
    if kw.get("json") is not None:
        body["json"] = kw["json"]
    elif isinstance(kw.get("data"), (bytes, str)):
        body["content"] = kw["data"]
    elif kw.get("data") is not None:
        body["data"] = kw["data"]
    with db.session() as s:
        before = conv.get(s, ORG, world["conversation"]).message_count
    response = sandbox.client.request(method, url, params=kw.get("params"), headers=kw.get("headers"),
                                      cookies=kw.get("cookies"), **body)
    case.validate_response(response, checks=CHECKS)
    with db.session() as s:
        after = conv.get(s, ORG, world["conversation"]).message_count
    assert after == before + (1 if response.status_code == 201 and "/messages" in path else 0), response.text
