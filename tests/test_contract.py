"""Property-based contract test: schemathesis drives every operation of our own committed OpenAPI
document (openapi/openapi.json) against the in-process app. No 5xx, no undocumented status code,
no response that breaks its documented schema or content type."""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

OPENAPI = Path(__file__).resolve().parents[1] / "openapi" / "openapi.json"

CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_schema_conformance,
    schemathesis.checks.response_headers_conformance,
]


@pytest.fixture(scope="module")
def contract_app(sandbox):
    # The shared sandbox: schemathesis may seed PODs and take snapshots, so the module resets
    # to the shared state afterwards (reset keeps only registered PODs' rows; extra PODs go).
    yield sandbox
    from mockserver.app import create_app
    from mockserver.testing import SyncASGIClient

    sandbox.app = create_app(sandbox.settings)
    sandbox.client.close()
    sandbox.client = SyncASGIClient(sandbox.app)


everything_else = schemathesis.openapi.from_path(OPENAPI).exclude(path_regex=r"^/organization/")
# The WxCC configuration operations (over a hundred) are also validated against Cisco's own spec
# by the fidelity gate (test_wxcc_fidelity.py); here they get fewer generated cases and no
# coverage phase (dozens of boundary cases per operation, whatever max_examples says).
wxcc_config = schemathesis.openapi.from_path(OPENAPI).include(path_regex=r"^/organization/")
wxcc_config.config.phases.coverage.enabled = False
SETTINGS = dict(deadline=None, derandomize=True, suppress_health_check=[
    HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much])


def _exercise(case, contract_app) -> None:
    token = getattr(contract_app, "_contract_token", None) or contract_app.token("cl1admin1@email.carehybrid.com")
    contract_app._contract_token = token  # tokens survive resets
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
    response = contract_app.client.request(method, url, params=kw.get("params"), headers=kw.get("headers"),
                                           cookies=kw.get("cookies"), **body)
    case.validate_response(response, checks=CHECKS)


@everything_else.parametrize()
@settings(max_examples=12, **SETTINGS)
def test_every_operation_honours_its_contract(case, contract_app):
    _exercise(case, contract_app)


@wxcc_config.parametrize()
@settings(max_examples=4, **SETTINGS)
def test_every_wxcc_config_operation_honours_its_contract(case, contract_app):
    _exercise(case, contract_app)
