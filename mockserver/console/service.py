"""What the console shows, read through the control plane's services and each product's public
reads: no table of a product is queried here.

Each function returns plain dicts and lists for a template; none writes.
"""

from __future__ import annotations

from typing import Any

from mockserver.core.clock import iso_ms
from mockserver.core.db import db
from mockserver.sandbox.service import pods


def pod_list(page: int = 1, per_page: int = 50) -> dict[str, Any]:
    """The seeded PODs, a page of them (a classroom has 40)."""
    with db.session() as session:
        seeded = pods.seeded(session)
    total = len(seeded)
    start = (page - 1) * per_page
    rows = []
    for p in seeded[start:start + per_page]:
        fixture = pods.context(p.pod, p.scenario).fixture
        rows.append({"pod": p.pod, "orgId": p.org_id, "orgName": fixture.get("org", {}).get("name"),
                     "scenario": p.scenario, "seededAt": iso_ms(p.seeded_ms)})
    return {"rows": rows, "total": total, "page": page, "pages": max(1, -(-total // per_page)),
            "seeded": [p.pod for p in seeded]}


def pod_overview(n: int) -> dict[str, Any]:
    """GET /sandbox/pods/{n}'s answer: org, users with passwords, integrations, the scenario."""
    with db.session() as session:
        return pods.describe(session, n)


def scenarios() -> list[dict[str, Any]]:
    """The fixture's scenarios in its order, each with what it extends and its description."""
    data = pods.fixture_data()
    return [{"name": name, "extends": (spec or {}).get("extends"), "description": (spec or {}).get("description", "")}
            for name, spec in (data.get("scenarios") or {}).items()]


def snapshots() -> list[dict[str, Any]]:
    return [{"name": s.name, "takenAt": iso_ms(s.taken_ms), "pods": s.pods,
             "rows": sum(len(v) for v in s.tables.values())} for s in pods.list_snapshots()]


# --- a POD's state, product by product ---------------------------------------------------------------
# Each read goes through the product's own service functions (what its public routes call), as the
# tenant's owner or the org's administrator would see it. A product not set up yet in this POD (no
# Connect tenant before provisioning) answers what its API would: nothing, with the reason.

class _Principal:
    """Who the console reads as where a product's read wants a caller: nobody in particular (the
    lists then hide no one, where a person's own API hides the signed-in user)."""

    person_id = None
    email = "console"


def _org(n: int) -> str:
    with db.session() as session:
        return pods.get(session, n).org_id


def _section(fn, *args: Any) -> dict[str, Any]:  # noqa: ANN001
    from mockserver.core.errors import ApiError

    try:
        return {"ok": True, **fn(*args)}
    except ApiError as err:
        return {"ok": False, "reason": " ".join(err.details or []) or err.message}


def controlhub(n: int) -> dict[str, Any]:
    """Control Hub → Contact Center → Settings: digital provisioning (General, Digital) and the RONA timeouts."""
    from mockserver.connect.controlhub import service as ch
    from mockserver.wxcc.settings import service as cc

    org = _org(n)

    def read(session) -> dict[str, Any]:  # noqa: ANN001
        row = ch.settings_row(session, org)
        return {"general": ch.general(session, row), "digital": ch.digital(session, row),
                "rona": cc.rona_json(cc.settings_row(session, org)),
                "sync": cc.users_sync_status(session, org)}

    with db.session() as session:
        return _section(read, session)


def _connect_caller(session, org: str):  # noqa: ANN001, ANN202
    """The Connect tenant's owner's view (every container, every permission)."""
    from types import SimpleNamespace

    from mockserver.connect.caller import Caller
    from mockserver.connect.controlhub import service as ch
    from mockserver.connect.team.roles import OWNER
    from mockserver.connect.tenant import tenant_by_name
    from mockserver.core.errors import ApiError

    row = ch.settings_row(session, org)
    if row.digital_status != "completed" or not row.tenant_name:
        raise ApiError(404, "No Connect tenant.", [
            f"Digital channels are {row.digital_status} in this POD: Webex Connect has no tenant until Control Hub's "
            "provisioning completes (lab 12.1)."])
    tenant = tenant_by_name(session, row.tenant_name)
    return Caller(tenant=tenant, user=SimpleNamespace(role=OWNER, id=None, email="console"), visible=None)


def connect(n: int) -> dict[str, Any]:
    """Webex Connect: services with their flows, apps and numbers with their registration, integrations."""
    from mockserver.connect.assets import service as assets
    from mockserver.connect.flows import service as flows
    from mockserver.connect.integrations import service as integrations
    from mockserver.connect.services import service as services

    org = _org(n)

    def read(session) -> dict[str, Any]:  # noqa: ANN001
        caller = _connect_caller(session, org)
        svcs = services.list_(session, caller, None)["items"]
        for s in svcs:
            s["flows"] = flows.list_flows(session, services.visible_service(session, caller, s["id"]))["items"]
        return {"tenant": {"name": caller.tenant.name, "url": caller.tenant.public_url},
                "services": svcs, "apps": assets.list_apps(session, caller, None)["items"],
                "numbers": assets.list_numbers(session, caller)["items"],
                "integrations": integrations.list_integrations(session, caller)["items"]}

    with db.session() as session:
        return _section(read, session)


def flow(n: int, flow_id: str, version: int | None = None) -> dict[str, Any]:
    """One flow: its service, status, versions and the definition (the draft, or a version's)."""
    from mockserver.connect.flows import service as flows
    from mockserver.connect.flows.models import ConnectFlow  # noqa: F401 - the row type visible_flow returns
    from mockserver.connect.services import service as services
    from mockserver.core.errors import ApiError

    org = _org(n)
    with db.session() as session:
        caller = _connect_caller(session, org)
        for s in services.list_(session, caller, None)["items"]:
            svc = services.visible_service(session, caller, s["id"])
            if any(f["id"] == flow_id for f in flows.list_flows(session, svc)["items"]):
                f = flows.visible_flow(session, svc, flow_id)
                return {"service": s, "flow": flows.flow_json(f), "versions": flows.versions(session, f)["items"],
                        "version": version, "definition": flows.version_definition(session, f, version)}
    raise ApiError(404, "No such flow.", [f"flowId: no flow '{flow_id}' in POD {n}'s Connect tenant."])


def wxcc(n: int) -> dict[str, Any]:
    """WxCC configuration as the config API lists it: sites, teams, queues (with their distribution
    groups, team names resolved), entry points, users."""
    from mockserver.wxcc.config import engine, service as config
    from mockserver.wxcc.config.deps import OrgCaller
    from mockserver.wxcc.config.engine import ListQuery

    org = _org(n)
    caller = OrgCaller(principal=None, org_id=org, pod=n)  # type: ignore[arg-type]

    def rows(session, kind: str) -> list[dict[str, Any]]:  # noqa: ANN001
        return config.list_v1(session, caller, engine.REGISTRY[kind], ListQuery(page=0, pageSize=1000, paged=False, full=True))

    with db.session() as session:
        sites = rows(session, "site")
        teams = rows(session, "team")
        queues = [config.get(session, caller, engine.REGISTRY["contact-service-queue"], q["id"])
                  for q in rows(session, "contact-service-queue")]
        eps = rows(session, "entry-point")
        users = rows(session, "user")
    site_names = {s["id"]: s.get("name") for s in sites}
    team_names = {t["id"]: t.get("name") for t in teams}
    for t in teams:
        t["siteName"] = site_names.get(t.get("siteId"))
    for q in queues:
        for g in q.get("callDistributionGroups") or []:
            for a in g.get("agentGroups") or []:
                a["teamName"] = team_names.get(a.get("teamId"))
    return {"sites": sites, "teams": teams, "queues": queues, "entryPoints": eps, "users": users,
            "teamNames": team_names, "siteNames": site_names}


def engage(n: int) -> dict[str, Any]:
    """Webex Engage: users (role type, logged in), channel assets, settings (templates, working hours,
    blocked words, attachments)."""
    from mockserver.core.errors import ApiError
    from mockserver.engage.channels import service as channels
    from mockserver.engage.deps import Caller, tenant_of_org
    from mockserver.engage.settings import service as settings
    from mockserver.engage.users import service as users

    org = _org(n)

    def read(session) -> dict[str, Any]:  # noqa: ANN001
        tenant = tenant_of_org(session, org)
        if tenant is None:
            raise ApiError(404, "No Engage tenant.", [
                "Webex Engage has no tenant in this POD until digital channels are provisioned (lab 12.1)."])
        caller = Caller(principal=_Principal(), tenant=tenant)  # type: ignore[arg-type]
        big = 1000
        return {"tenant": {"name": tenant.name, "url": tenant.url},
                "users": users.list_users(session, caller, role_type=None, status=None, search=None, page=1, size=big)["data"],
                "sync": users.sync_status(session, caller),
                "assets": channels.list_assets(session, caller, None, None, 1, big)["data"],
                "attachments": channels.attachment_settings(session, caller),
                "templates": settings.list_templates(session, caller, None, None, 1, big)["data"],
                "hours": settings.list_hours(session, caller, None, 1, big)["data"],
                "words": settings.list_words(session, caller, None, None, 1, big)["data"]}

    with db.session() as session:
        return _section(read, session)


# --- live traffic --------------------------------------------------------------------------------------
def traffic(*, method: str | None, path: str | None, status: int | None, tracking_id: str | None,
            limit: int, mail_pod: int | None) -> dict[str, Any]:
    """The request journal (newest first, filtered as GET /sandbox/requests filters), fault rules,
    the clock and the mailbox's newest emails."""
    from sqlmodel import select

    from mockserver.console.live import journal_summary
    from mockserver.core.clock import clock
    from mockserver.core.mailbox import SandboxMail
    from mockserver.sandbox.faults import faults
    from mockserver.sandbox.journal import journal

    rows = journal.query(method=method, path=path, status=status, tracking_id=tracking_id, limit=limit)
    with db.session() as session:
        # the control plane's own read (GET /sandbox/mailbox): the mailbox is the sandbox's, not a product's
        q = select(SandboxMail)
        if mail_pod is not None:
            q = q.where(SandboxMail.pod == mail_pod)
        mails = session.exec(q.order_by(SandboxMail.sent_ms.desc(), SandboxMail.id).limit(25)).all()  # type: ignore[attr-defined]
        mail = [{"id": m.id, "pod": m.pod, "sentAt": iso_ms(m.sent_ms), "kind": m.kind, "sender": m.sender, "to": m.to,
                 "subject": m.subject, "text": m.text, "links": m.links} for m in mails]
    return {"journal": [journal_summary(e) for e in rows], "journalSize": len(journal.entries),
            "journalMax": journal.entries.maxlen, "lastSeq": journal.entries[-1]["seq"] if journal.entries else 0,
            "faults": [r.public() for r in faults.rules], "clock": {"now": clock.iso(), "mode": clock.mode},
            "mail": mail}


def request_entry(seq: int) -> dict[str, Any] | None:
    from mockserver.sandbox.journal import journal

    e = journal.get(seq)
    if e is None:
        return None
    out = dict(e)
    for key in ("requestBody", "responseBody"):
        out[key] = _pretty(out.get(key))
    return out


def _pretty(body: Any) -> str:
    import json

    if body is None or body == "":
        return ""
    if not isinstance(body, str):
        return json.dumps(body, indent=2, ensure_ascii=False)
    try:
        return json.dumps(json.loads(body), indent=2, ensure_ascii=False)
    except ValueError:
        return body
