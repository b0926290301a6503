"""The auth matrix: every protected operation of the committed OpenAPI document, tried with each
credential an attacker or a confused client might send. Nothing here lists routes: a new
operation is covered the moment it is in `openapi/openapi.json` (which `mockserver openapi
--check` keeps current). What a case expects comes from the document too:

- missing or malformed credential: 400 or 401 (WxCC answers 400 for the header, errata C1);
- unknown, expired, or a disabled user's: 401;
- missing scope or role: 403, on every operation that documents a 403 (one that documents no
  403 is open to every signed-in caller, e.g. Connect's own profile);
- another POD's credential, on an operation whose path names an org, tenant or person: 401, 403
  or 404, never the data.

Every answer must also be a status the operation documents, in a JSON body. Webex Connect's
portal operations (`/connect/{tenant}/...`) take a Connect session instead of a Webex token; each
case is built for the credential the operation takes.

Which operations are protected, and with which credential, the document's security schemes say
(`webexToken`, `connectSession`; a new scheme fails the first test until the matrix can build its
credentials). Operations that take none are `PUBLIC` below, each with its reason, and must match
what the document declares open; `/sandbox` (the control plane's admin token,
test_safe_by_default.py) and `/google` (an outside OAuth provider: clients authenticate in the
body) are not bearer APIs. A document without schemes falls back to `PUBLIC` and the path.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator

import pytest

from mockserver.connect.testkit import join, last_mail, login

OPENAPI = Path(__file__).resolve().parents[1] / "openapi" / "openapi.json"
DOC = json.loads(OPENAPI.read_text())
# /engage/api/v1 takes its own client-credentials token, not a Webex one: its cases (missing,
# unknown, expired, rotated secret, missing scope) are in test_engage_restapi.py.
# Connect's public APIs (/connect/api, /connect/hooks) take a service key or a service JWT and answer
# most refusals in the body with their own codes: test_connect_public_api.py has their cases.
NOT_BEARER_APIS = ("/sandbox", "/google", "/engage/api/v1", "/connect/api/", "/connect/hooks/")
PUBLIC = {
    ("get", "/v1/authorize"): "OAuth sign-in page",
    ("post", "/v1/authorize"): "OAuth sign-in form",
    ("post", "/v1/access_token"): "OAuth token endpoint: the client authenticates in the body",
    ("get", "/v1/.well-known/openid-configuration"): "OpenID discovery",
    ("get", "/v1/verification"): "OpenID signing keys",
    ("post", "/connect/{tenant}/login"): "Connect sign-in",
    ("get", "/connect/{tenant}/join/{token}"): "JOIN THE TEAM link: the token in the path is the credential",
    ("post", "/connect/{tenant}/join/{token}"): "JOIN THE TEAM form",
    ("get", "/connect/{tenant}/callback"): "OAuth redirect target: the state parameter is the credential",
    ("get", "/connect/{tenant}/flows/schema"): "the open flow-definition format's JSON Schema: public documentation",
    ("get", "/wxcc-media/{orgid}/{blobId}"): "an audio file's URL as WxCC hands it out (?includeUrl=true): the unguessable blob id is the credential",
    ("get", "/u2c/api/v1/limited/catalog"): "U2C's limited catalog: Cisco's SDKs read it before signing in",
    ("post", "/metrics/api/v1/clientmetrics-prelogin"): "pre-login client metrics: sent before there is a token",
    ("put", "/clientlogs/api/v1/logs/upload/{uploadId}"): "a one-time upload URL: the upload id is the credential",
}
METHODS = ("get", "put", "post", "patch", "delete")
PW = "C1sco!Pod{n}"


# --- the operations ----------------------------------------------------------------------------
def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        schema = DOC["components"]["schemas"][name]
    return schema


def example(schema: dict[str, Any], depth: int = 0) -> Any:
    """A value that satisfies the schema's shape (types, required fields, enums, lengths): bodies
    pass schema validation, so what answers is the caller check, whatever order a route uses."""
    schema = _resolve(schema)
    if depth > 6:
        return None
    for key in ("anyOf", "oneOf"):
        if key in schema:
            options = [s for s in schema[key] if _resolve(s).get("type") != "null"]
            return example(options[0], depth + 1) if options else None
    if "allOf" in schema:
        out: dict[str, Any] = {}
        for s in schema["allOf"]:
            v = example(s, depth + 1)
            if isinstance(v, dict):
                out.update(v)
        return out
    if "enum" in schema:
        return schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    if "default" in schema and schema["default"] is not None:
        return schema["default"]
    t = schema.get("type")
    if t == "object" or "properties" in schema:
        props = schema.get("properties", {})
        return {k: example(props[k], depth + 1) for k in schema.get("required", []) if k in props}
    if t == "array":
        n = schema.get("minItems", 0)
        return [example(schema.get("items", {}), depth + 1) for _ in range(n)]
    if t == "integer":
        return max(schema.get("minimum", 1), 1) if schema.get("maximum", 2) >= 1 else schema.get("minimum", 0)
    if t == "number":
        return schema.get("minimum", 1)
    if t == "boolean":
        return True
    if t == "string":
        if schema.get("format") == "email":
            return "someone@example.com"
        return "x" * max(schema.get("minLength", 1), 1)
    return None


SCHEMES = DOC.get("components", {}).get("securitySchemes") or {}
CREDENTIALS = {"webexToken": "webex", "connectSession": "connect"}  # scheme -> the credential the cases build


def _security(spec: dict[str, Any]) -> list[str]:
    """The schemes an operation declares (empty: none, or the document declares none)."""
    return [name for req in spec.get("security", DOC.get("security")) or [] for name in req]


class Op:
    def __init__(self, method: str, path: str, spec: dict[str, Any]) -> None:
        self.method, self.path, self.spec = method, path, spec
        self.codes = {int(c) for c in spec.get("responses", {}) if c.isdigit()}
        declared = _security(spec)
        if declared:  # the document says which credential the operation takes
            kinds = {CREDENTIALS.get(s, s) for s in declared}
            self.connect = kinds == {"connect"}
            self.kind = "connect" if self.connect else next(iter(kinds))
        else:
            self.connect = path.startswith("/connect/")
            self.kind = "connect" if self.connect else "webex"
        self.names_owner = any(p in path for p in ("{orgid}", "{orgId}", "{tenant}", "{personId}"))

    def __repr__(self) -> str:
        return f"{self.method.upper()} {self.path}"

    def request(self, pod: int = 1, people: dict[str, str] | None = None) -> tuple[str, dict[str, Any]]:
        from mockserver.core.seeding import pod_org_id

        values = {"orgid": pod_org_id(pod), "orgId": pod_org_id(pod), "tenant": f"cl1pod{pod}"}
        if people:
            values["personId"] = people["admin"]
        path, params = self.path, {}
        for p in self.spec.get("parameters", []):
            value = values.get(p["name"])
            if value is None:
                value = example(p.get("schema", {}))
                if p["in"] == "path" and (value is None or value == "x"):
                    value = "does-not-exist"
            if p["in"] == "path":
                path = path.replace("{" + p["name"] + "}", str(value))
            elif p["in"] == "query" and p.get("required"):
                params[p["name"]] = value
        kw: dict[str, Any] = {"params": params}
        content = self.spec.get("requestBody", {}).get("content", {})
        if "application/json" in content:
            kw["json"] = example(content["application/json"].get("schema", {}))
        elif "application/x-www-form-urlencoded" in content:
            body = example(content["application/x-www-form-urlencoded"].get("schema", {})) or {}
            kw["data"] = {k: str(v) for k, v in body.items()}
        elif "multipart/form-data" in content:  # a well-formed upload: the credential alone decides
            schema = _resolve(content["multipart/form-data"].get("schema", {}))
            files, data = {}, {}
            for name, prop in schema.get("properties", {}).items():
                prop = _resolve(prop)
                if prop.get("format") == "binary" or prop.get("contentMediaType") == "application/octet-stream":
                    files[name] = ("file.bin", b"\x00\x01", "application/octet-stream")
                else:
                    data[name] = str(example(prop))
            kw.update(files=files or None, data=data or None)
        return path, kw


def protected_operations() -> list[Op]:
    """With security schemes declared, the document decides (every operation with a credential but
    the control plane's); before that, everything but ``PUBLIC`` and the non-bearer APIs."""
    out = []
    for path, item in DOC["paths"].items():
        if path.startswith(NOT_BEARER_APIS):
            continue
        for method in METHODS:
            if method not in item:
                continue
            op = item[method]
            protected = bool(_security(op)) if SCHEMES else (method, path) not in PUBLIC
            if protected:
                out.append(Op(method, path, op))
    return out


OPS = protected_operations()


def test_the_matrix_covers_the_document():
    assert len(OPS) > 150, "the document lost its operations?"
    assert all(op.codes for op in OPS)
    unknown = sorted({op.kind for op in OPS} - set(CREDENTIALS.values()))
    assert not unknown, f"a credential the matrix cannot build yet: {unknown} (add it to CREDENTIALS and the cases)"
    if SCHEMES:  # the document and the list of deliberately open operations agree
        declared_open = {(m, p) for p, item in DOC["paths"].items() for m in METHODS
                         if m in item and not p.startswith(NOT_BEARER_APIS) and not _security(item[m])}
        assert declared_open == set(PUBLIC), (sorted(declared_open - set(PUBLIC)), sorted(set(PUBLIC) - declared_open))


# --- the credentials ---------------------------------------------------------------------------
def _person_ids(client, pod: int) -> dict[str, str]:
    users = client.get(f"/sandbox/pods/{pod}").json()["users"]
    return {u["key"]: u["id"] for u in users}


@pytest.fixture
def world(sandbox, client):
    """PODs 1 and 2 provisioned (Connect and Engage tenants exist, so the tenant lookups do not
    answer first), with a Restricted Connect teammate in POD 1."""
    sandbox.reset(pod=1, scenario="provisioned")
    sandbox.reset(pod=2, scenario="provisioned")
    owner1 = login(client, "cl1pod1", "cl1admin1@email.carehybrid.com", PW.format(n=1))
    r = client.post("/connect/cl1pod1/users", json={"email": "cl1agent1@email.carehybrid.com", "role": "Restricted"},
                    headers=owner1)
    assert r.status_code == 201, r.text
    join(client, last_mail(client, "cl1agent1@email.carehybrid.com", "connect.invite"), "Agent", "Pod1", "Restr1cted!x")
    restricted = login(client, "cl1pod1", "cl1agent1@email.carehybrid.com", "Restr1cted!x")
    return {
        "owner1": owner1,
        "owner2": login(client, "cl1pod2", "cl1admin2@email.carehybrid.com", PW.format(n=2)),
        "restricted1": restricted,
        "restricted_id": r.json()["id"],
        "admin1": sandbox.auth("cl1admin1@email.carehybrid.com"),
        "admin2": sandbox.auth("cl1admin2@email.carehybrid.com"),
        "people1": _person_ids(client, 1),
    }


def _send(client, op: Op, headers: dict[str, str], pod: int = 1, people: dict[str, str] | None = None):
    path, kw = op.request(pod, people)
    return client.request(op.method.upper(), path, headers=headers, **kw)


def _check(op: Op, r, allowed: set[int], failures: list[str]) -> None:
    problems = []
    if r.status_code not in allowed:
        problems.append(f"answered {r.status_code}, expected one of {sorted(allowed)}")
    elif r.status_code not in op.codes:
        problems.append(f"answered {r.status_code}, which the operation does not document ({sorted(op.codes)})")
    if not r.headers.get("content-type", "").startswith("application/json"):
        problems.append(f"answered {r.headers.get('content-type')} instead of a JSON error body")
    if problems:
        failures.append(f"{op!r}: {'; '.join(problems)}: {r.text[:200]}")


def _report(failures: list[str]) -> None:
    assert not failures, f"{len(failures)} operations fail the case:\n" + "\n".join(failures)


def _each(ops: list[Op], connect: bool | None = None) -> Iterator[Op]:
    for op in ops:
        if connect is None or op.connect == connect:
            yield op


# --- the cases ---------------------------------------------------------------------------------
@pytest.mark.parametrize("header", [None, "Token abc", "Bearer", "Basic dXNlcjpwYXNz"],
                         ids=["missing", "wrong-scheme", "empty-bearer", "basic"])
def test_missing_or_malformed_credential(client, world, header):
    failures: list[str] = []
    headers = {} if header is None else {"Authorization": header}
    for op in OPS:
        _check(op, _send(client, op, headers), {400, 401}, failures)
    _report(failures)


def test_unknown_credential(client, world):
    failures: list[str] = []
    forged = {"Authorization": "Bearer " + "A" * 64 + "_PF84_" + "0" * 36}
    for op in OPS:
        _check(op, _send(client, op, forged), {401}, failures)
    _report(failures)


def test_expired_credential(sandbox, client, world):
    token = sandbox.token("cl1admin1@email.carehybrid.com", expires_in=60)
    session = world["owner1"]
    client.post("/sandbox/clock", json={"mode": "manual"})
    # Connect sessions last a working day (connect/caller.py); the Webex token 60 s.
    client.post("/sandbox/clock", json={"advance": 8 * 3600 + 1})
    failures: list[str] = []
    for op in OPS:
        headers = session if op.connect else {"Authorization": f"Bearer {token}"}
        _check(op, _send(client, op, headers), {401}, failures)
    _report(failures)


def test_missing_scope_or_role(sandbox, client, world):
    """A Webex token of a non-administrator with no scope at all; a Restricted Connect teammate."""
    bare = sandbox.auth("cl1agent1@email.carehybrid.com", scopes=[])
    failures: list[str] = []
    checked = 0
    for op in OPS:
        if 403 not in op.codes:
            continue  # open to every signed-in caller: nothing to lack
        checked += 1
        _check(op, _send(client, op, world["restricted1"] if op.connect else bare), {403}, failures)
    assert checked > 100
    _report(failures)


def test_another_pods_credential(client, world):
    failures: list[str] = []
    for op in OPS:
        if not op.names_owner:
            continue  # the credential's own org is the one it acts in
        headers = world["owner2"] if op.connect else world["admin2"]
        _check(op, _send(client, op, headers, people=world["people1"]), {401, 403, 404}, failures)
    _report(failures)


def test_disabled_user(sandbox, client, world):
    """The POD's full administrator is disabled by its user administrator (Control Hub), and the
    Restricted teammate by the Connect Owner: what they held stops working everywhere, at once."""
    admin_token = world["admin1"]
    h = sandbox.auth("cl1useradmin1@email.carehybrid.com")
    pid = world["people1"]["admin"]
    me = client.get(f"/v1/people/{pid}", headers=h).json()
    r = client.put(f"/v1/people/{pid}", headers=h, json={"displayName": me["displayName"], "loginEnabled": False})
    assert r.status_code == 200, r.text
    r = client.patch(f"/connect/cl1pod1/users/{world['restricted_id']}", headers=world["owner1"],
                     json={"status": "Disabled"})
    assert r.status_code == 200, r.text
    failures: list[str] = []
    for op in OPS:
        _check(op, _send(client, op, world["restricted1"] if op.connect else admin_token), {401}, failures)
    _report(failures)
