"""Schemathesis over the flow operations and the customer simulator, signed in as the tenant's
owner on a preconfigured POD with a real service and flow in the path: no 5xx, no undocumented
status, every response in its documented shape. A rejected request never half-writes: the flow
list and the draft are unchanged after every refused case."""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from mockserver.connect.testkit import login

OPENAPI = Path(__file__).resolve().parents[1] / "openapi" / "openapi.json"
CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_schema_conformance,
]
schema = schemathesis.openapi.from_path(OPENAPI).include(
    path_regex=r"^/connect/\{tenant\}/(services/\{serviceId\}/flows|flows/|debug/|tools/exportLogs|reports)|^/sandbox/customers|^/connect/(api|hooks)/")
SETTINGS = dict(deadline=None, derandomize=True, suppress_health_check=[
    HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much])


@pytest.fixture(scope="module")
def world(sandbox):
    sandbox.reset(pod=1, scenario="preconfigured")
    c = sandbox.client
    h = login(c, "cl1pod1", "cl1admin1@email.carehybrid.com", "C1sco!Pod1")
    svc = next(s for s in c.get("/connect/cl1pod1/services", headers=h).json()["items"] if s["name"] == "My First Service")
    flow = c.post(f"/connect/cl1pod1/services/{svc['id']}/flows", json={"name": "Contract", "template": "v2.1-whatsapp"},
                  headers=h).json()
    yield {"h": h, "svc": svc, "flow": flow}
    sandbox.reset(scenario=sandbox.settings.scenario)


@pytest.fixture(autouse=True)
def _fresh_state():  # the module's world stays for every generated case (overrides conftest's reset)
    yield


def _file_part(part):  # noqa: ANN001, ANN202 - generated multipart parts may carry non-bytes values
    name, value = part
    if isinstance(value, tuple):
        value = (value[0], value[1] if isinstance(value[1], (bytes, str)) else str(value[1]).encode(), *value[2:])
    elif not isinstance(value, (bytes, str)):
        value = str(value).encode()
    return name, value


@schema.parametrize()
@settings(max_examples=15, **SETTINGS)
def test_flow_operations_honour_their_contract(case, sandbox, world):
    params = case.path_parameters or {}
    if "tenant" in params:
        params["tenant"] = "cl1pod1"
    if "serviceId" in params:
        params["serviceId"] = world["svc"]["id"]
    if "flowId" in params:
        params["flowId"] = world["flow"]["id"]
    headers = {**(case.headers or {}), **world["h"]}
    kw = case.as_transport_kwargs(base_url="http://testserver", headers=headers)
    method, url = kw.pop("method"), kw.pop("url")
    body = {}
    if kw.get("json") is not None:
        body["json"] = kw["json"]
    elif isinstance(kw.get("data"), (bytes, str)):
        body["content"] = kw["data"]
    elif kw.get("data") is not None:
        body["data"] = kw["data"]
    if kw.get("files") is not None:
        body["files"] = [_file_part(part) for part in kw["files"]]
    c = sandbox.client
    flow_url = f"/connect/cl1pod1/services/{world['svc']['id']}/flows/{world['flow']['id']}"
    list_url = f"/connect/cl1pod1/services/{world['svc']['id']}/flows"
    before = c.get(flow_url, headers=world["h"]).json()
    count = c.get(list_url, headers=world["h"]).json()["total"]
    r = c.request(method, url, params=kw.get("params"), headers=kw.get("headers"), cookies=kw.get("cookies"), **body)
    r.request.read()
    case.validate_response(r, checks=CHECKS)
    if r.status_code >= 400:  # a refused request changed nothing
        after = c.get(flow_url, headers=world["h"]).json()
        assert (after.get("definition"), after.get("status"), after.get("versions")) == \
            (before.get("definition"), before.get("status"), before.get("versions"))
        assert c.get(list_url, headers=world["h"]).json()["total"] == count
