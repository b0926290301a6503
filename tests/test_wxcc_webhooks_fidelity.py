"""Fidelity gate for the subscriptions API: every ``/v1`` / ``/v2`` ``subscriptions`` and
``event-types`` operation we serve, exercised for real and checked against Cisco's spec (request
body, documented status, response body) -- the same checks as ``test_wxcc_fidelity.py``, for the
paths outside ``/organization/{orgid}``.

Known defects of the published file, in one allow-list (never by editing the file):
"""

from __future__ import annotations

import copy
from collections import defaultdict

import pytest

from test_wxcc_fidelity import SPEC, _content_schema, _deref, _validate  # noqa: F401 - skips without the spec

SPEC_DEFECTS = {
    # 1. EventTypesResponse bounds `action` (and `resource`) to 4-64 characters, yet Cisco's own event
    #    names have shorter actions: `task:new` (action "new"). The bound is dropped for those fields.
    "event_type_min_length": ("action",),
    # 2. GET/PATCH/DELETE of a subscription id document no 404; an id the org does not have answers
    #    404 in ErrorResult's shape (what clients of REST APIs expect; docs/fidelity.md), validated
    #    against ErrorResult.
    "undocumented_404": True,
}
VALIDATED: dict[tuple[str, str], set[int]] = defaultdict(set)
SERVED = [(m, p) for p, ops in SPEC["paths"].items() if p.startswith(("/v1/subscriptions", "/v2/subscriptions",
                                                                          "/v1/event-types", "/v2/event-types"))
          for m in ops]


def _response_schema(op: dict, status: int) -> tuple[str | None, dict | None]:
    if str(status) not in op["responses"] and status == 404 and SPEC_DEFECTS["undocumented_404"]:
        return "ErrorResult", {"$ref": "#/components/schemas/ErrorResult"}
    assert str(status) in op["responses"], f"status {status} is not documented by Cisco ({sorted(op['responses'])})"
    return _content_schema(op["responses"][str(status)])


def _schema(name: str) -> dict:
    schema = copy.deepcopy(SPEC["components"]["schemas"][name])
    if name == "EventTypesResponse":
        for f in SPEC_DEFECTS["event_type_min_length"]:
            schema["properties"][f].pop("minLength", None)
    return schema


def _check_response(data, name: str | None, raw: dict, what: str) -> None:
    schema = _schema(name) if name else raw
    root_props = schema.get("properties", {})
    if "data" in root_props and root_props["data"].get("type") == "array":
        item = _deref(root_props["data"]["items"])
        item_name = root_props["data"]["items"]["$ref"].split("/")[-1]
        _validate({**schema, "properties": {**root_props, "data": {"type": "array"}}}, data, what)
        for row in data["data"]:
            _validate(_schema(item_name) if item else item, row, what + " (row)")
        return
    _validate(schema, data, what)


def check(client, headers, method: str, path: str, url: str | None = None, body=None, expect: int | None = None,
          validate_request: bool = True):
    op = SPEC["paths"][path][method]
    if body is not None and validate_request:
        name, raw = _content_schema(op.get("requestBody"))
        _validate(SPEC["components"]["schemas"][name] if name else raw, body, f"request of {method.upper()} {path}")
    r = client.request(method.upper(), url or path, json=body, headers=headers)
    assert expect is None or r.status_code == expect, f"{method.upper()} {url or path}: {r.status_code} {r.text[:400]}"
    name, raw = _response_schema(op, r.status_code)
    if raw is None:
        assert r.content == b"", f"{method.upper()} {path}: {r.status_code} has no content in the spec"
    else:
        _check_response(r.json(), name, raw, f"response {r.status_code} of {method.upper()} {path}")
    VALIDATED[(method, path)].add(r.status_code)
    return r


@pytest.fixture
def admin(auth):
    return auth("admin")


@pytest.mark.parametrize("v", [1, 2])
def test_subscription_operations_match_cisco(client, admin, auth, v):
    base = f"/v{v}/subscriptions"
    body = {"name": "Fidelity subscription", "description": "checked against Cisco's spec",
            "eventTypes": ["agent:login", "agent:logout"], "destinationUrl": "https://hooks.example.com/wxcc",
            "secret": "a-secret-of-at-least-thirty-two-characters"}
    if v == 2:
        body["resourceVersion"] = "agent:1.0.0"
    created = check(client, admin, "post", base, body=body, expect=201).json()["data"]
    item = f"{base}/{{id}}"
    url = f"{base}/{created['id']}"
    check(client, admin, "get", base, expect=200)
    check(client, admin, "get", item, url=url, expect=200)
    patch = {"status": "inactive", "description": "paused"}
    if v == 2:
        patch["resourceVersion"] = "agent:1.0.0"
    check(client, admin, "patch", item, url=url, body=patch, expect=200)
    # errors, in ErrorResult's shape
    check(client, admin, "post", base, body={**body, "eventTypes": ["agent:unknown"]}, expect=400)
    check(client, {}, "get", base, expect=401)
    check(client, auth("agent"), "post", base, body=body, expect=403)
    check(client, admin, "get", item, url=f"{base}/00000000-0000-0000-0000-000000000000", expect=404)
    check(client, admin, "delete", item, url=url, expect=204)
    check(client, admin, "delete", item, url=url, expect=404)
    check(client, admin, "patch", item, url=url, body=patch, expect=404)


@pytest.mark.parametrize("v", [1, 2])
def test_event_types_match_cisco(client, admin, v):
    check(client, admin, "get", f"/v{v}/event-types", expect=200)
    check(client, {"Authorization": "Bearer unknown"}, "get", f"/v{v}/event-types", expect=401)


def test_zz_every_served_subscription_operation_is_validated(sandbox):
    served = {(m, p) for p, ops in sandbox.app.openapi()["paths"].items()
              if p.startswith(("/v1/subscriptions", "/v2/subscriptions", "/v1/event-types", "/v2/event-types")) for m in ops}
    unknown = sorted(s for s in served if s[0] not in SPEC["paths"].get(s[1], {}))
    assert not unknown, f"operations not in Cisco's spec: {unknown}"
    missing = sorted(set(SERVED) - set(VALIDATED))
    assert not missing, f"Cisco's subscription operations not served or never validated: {missing}"
