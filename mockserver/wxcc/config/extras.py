"""The rules of the config operations beyond the resource pattern (see routes_extra.py)."""

from __future__ import annotations

from sqlmodel import Session

from mockserver.core.clock import clock
from mockserver.wxcc.config import engine, files
from mockserver.wxcc.config.deps import OrgCaller
from mockserver.wxcc.config.engine import Ctx
from mockserver.wxcc.config.errors import bad_request, not_found, referenced
from mockserver.wxcc.config.resources import global_variables


def _ctx(session: Session, caller: OrgCaller) -> Ctx:
    return Ctx(session, caller.org_id, caller.pod)


def reportable_count(session: Session, caller: OrgCaller) -> dict[str, int]:
    ctx = _ctx(session, caller)
    return {"reportableCount": global_variables.reportable_count(ctx),
            "maxReportableCount": global_variables.MAX_REPORTABLE}


def _by_created(rows: list) -> list:
    return sorted(rows, key=lambda r: (r.created_ms, r.id))


def dialled_numbers(session: Session, caller: OrgCaller) -> list[str]:
    ctx = _ctx(session, caller)
    return [r.data["dialledNumber"] for r in _by_created(ctx.rows("dial-number")) if r.data.get("dialledNumber")]


def delete_all_dial_numbers(session: Session, caller: OrgCaller) -> None:
    """All or nothing: a mapping an outdial ANI entry names stops the whole delete (412)."""
    ctx = _ctx(session, caller)
    res = engine.REGISTRY["dial-number"]
    found: list = []
    for r in ctx.rows("dial-number"):
        found.extend(f for f in engine.incoming(ctx, res, r) if f not in found)
    if found:
        raise referenced("dial-number", "the mappings cannot be deleted while they are referenced",
                         engine._refs_for_error(found))
    for r in ctx.rows("dial-number"):
        session.delete(r)
    session.commit()


def contact_numbers(session: Session, caller: OrgCaller) -> list[str]:
    ctx = _ctx(session, caller)
    return [r.data["number"] for r in _by_created(ctx.rows("contact-number"))]


# --- skills: who has what, and which queues that satisfies --------------------------------------
_OPS = {"IS": "eq", "EQ": "eq", "EQUALS": "eq", "=": "eq", "==": "eq", "IS_NOT": "ne", "NEQ": "ne", "!=": "ne",
        "GTE": "ge", ">=": "ge", "GT": "gt", ">": "gt", "LTE": "le", "<=": "le", "LT": "lt", "<": "lt"}


def profile_skills(ctx: Ctx, skill_profile_id: str | None) -> dict[str, dict]:
    """skillId -> the values a skill profile gives (enum values by id and by name)."""
    out: dict[str, dict] = {}
    profile = ctx.find("skill-profile", skill_profile_id or "")
    if profile is None:
        return out
    for s in profile.data.get("activeSkills") or []:
        out[s["skillId"]] = dict(s)
    enum_owner = {v["id"]: (sk.id, v.get("name")) for sk in ctx.rows("skill") for v in sk.data.get("enumSkillValues") or []}
    for e in profile.data.get("activeEnumSkills") or []:
        owner = enum_owner.get(e["enumSkillValueId"])
        if owner:
            out.setdefault(owner[0], {"skillId": owner[0]}).setdefault("enumValues", set()).update(
                {e["enumSkillValueId"], owner[1]})
    return out


def dynamic_skills(items: list[dict]) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for d in items or []:
        vals = d.get("enumSkillValues")
        entry = {**d}
        if vals is not None:
            entry["enumValues"] = set(vals if isinstance(vals, list) else [vals])
        out[d["skillId"]] = entry
    return out


def _satisfies(req: dict, has: dict | None, skill_type: str) -> bool:
    if has is None:
        return False
    op = _OPS.get(str(req.get("condition", "")).upper())
    want = str(req.get("skillValue", ""))
    if op is None:
        return False
    if skill_type == "PROFICIENCY":
        got = has.get("proficiencyValue")
        try:
            w = int(want)
        except ValueError:
            return False
        if got is None:
            return False
        return {"eq": got == w, "ne": got != w, "ge": got >= w, "gt": got > w, "le": got <= w, "lt": got < w}[op]
    if skill_type == "BOOLEAN":
        got_b = bool(has.get("booleanValue"))
        hit = got_b == (want.lower() == "true")
    elif skill_type == "ENUM":
        hit = want in (has.get("enumValues") or set())
    else:
        hit = str(has.get("textValue") or "").lower() == want.lower()
    return hit if op == "eq" else (not hit if op == "ne" else False)


def score(ctx: Ctx, reqs: list[dict], profile: dict[str, dict], dynamic: dict[str, dict]) -> dict:
    types = {s.id: s.data.get("skillType") for s in ctx.rows("skill")}
    by_profile = [r for r in reqs if _satisfies(r, profile.get(r["skillId"]), types.get(r["skillId"], "TEXT"))]
    by_dynamic = [r for r in reqs if _satisfies(r, dynamic.get(r["skillId"]), types.get(r["skillId"], "TEXT"))]
    both = [r for r in reqs if r in by_profile or r in by_dynamic]
    return {"skillScore": sum(int(r.get("weight") or 1) for r in by_profile),
            "dynamicSkillScore": sum(int(r.get("weight") or 1) for r in by_dynamic),
            "skillProfileSkillsMatch": bool(reqs) and len(by_profile) == len(reqs),
            "dynamicSkillsMatch": bool(reqs) and len(by_dynamic) == len(reqs),
            "match": bool(reqs) and len(both) == len(reqs)}


# --- queue queries ------------------------------------------------------------------------------
def _queues(ctx: Ctx) -> list:
    return sorted(ctx.rows("contact-service-queue"), key=lambda r: (r.created_ms, r.name.lower(), r.id))


def _mapped(row, **extra) -> dict:  # noqa: ANN001
    return {"organizationId": row.org_id, "id": row.id, "version": row.version, "name": row.name,
            "channelType": row.data.get("channelType"), "createdTime": row.created_ms,
            "lastUpdatedTime": row.updated_ms, **extra}


def page(ctx: Ctx, items: list[dict], path: str, page_no: int = 0, size: int = engine.DEFAULT_PAGE_SIZE) -> dict:
    size = max(1, min(size, engine.MAX_PAGE_SIZE))
    total = len(items)
    pages = -(-total // size) if total else 0
    base = f"/organization/{ctx.org_id}/{path}"
    links = {"self": f"{base}?page={page_no}&pageSize={size}"}
    if pages:
        links["first"] = f"{base}?page=0&pageSize={size}"
        links["last"] = f"{base}?page={pages - 1}&pageSize={size}"
    if page_no + 1 < pages:
        links["next"] = f"{base}?page={page_no + 1}&pageSize={size}"
    return {"meta": {"orgid": ctx.org_id, "page": page_no, "pageSize": size, "totalPages": pages,
                     "totalRecords": total, "links": links},
            "data": items[page_no * size:(page_no + 1) * size]}


def _user(ctx: Ctx, user_id: str):  # noqa: ANN202
    res = engine.REGISTRY["user"]
    return ctx.get(res, user_id)


def _user_by_ci(ctx: Ctx, ci: str):  # noqa: ANN202
    row = next((u for u in ctx.rows("user") if u.data.get("ciUserId") == ci), None)
    if row is None:
        raise not_found("user", ci)
    return row


def team_queues(ctx: Ctx, team_ids: set[str]) -> list:
    return [q for q in _queues(ctx) if q.data.get("queueRoutingType", "TEAM_BASED") == "TEAM_BASED" and team_ids & {
        ag["teamId"] for g in q.data.get("callDistributionGroups") or [] for ag in g["agentGroups"]}]


def agent_queues(ctx: Ctx, user_id: str) -> list:
    return [q for q in _queues(ctx) if q.data.get("queueRoutingType") == "AGENT_BASED"
            and user_id in {a["id"] for a in q.data.get("agents") or []}]


def skill_queues(ctx: Ctx, profile: dict[str, dict], dynamic: dict[str, dict]) -> list[tuple]:
    out = []
    for q in _queues(ctx):
        if q.data.get("queueRoutingType") != "SKILL_BASED":
            continue
        s = score(ctx, q.data.get("queueSkillRequirements") or [], profile, dynamic)
        if s["match"]:
            out.append((q, s))
    return out


def _skill_row(q, s: dict) -> dict:  # noqa: ANN001
    return _mapped(q, skillScore=s["skillScore"], dynamicSkillScore=s["dynamicSkillScore"],
                   skillProfileSkillsMatch=s["skillProfileSkillsMatch"], dynamicSkillsMatch=s["dynamicSkillsMatch"],
                   qsrType="SKILL_BASED")


def queues_by_skill_profile(session: Session, caller: OrgCaller, profile_id: str, path: str) -> dict:
    ctx = _ctx(session, caller)
    ctx.get(engine.REGISTRY["skill-profile"], profile_id)
    rows = [_skill_row(q, s) for q, s in skill_queues(ctx, profile_skills(ctx, profile_id), {})]
    return page(ctx, rows, path)


def queues_by_team(session: Session, caller: OrgCaller, team_id: str, path: str) -> dict:
    ctx = _ctx(session, caller)
    ctx.get(engine.REGISTRY["team"], team_id)
    return page(ctx, [_mapped(q) for q in team_queues(ctx, {team_id})], path)


def _all_for_user(ctx: Ctx, user) -> list[dict]:  # noqa: ANN001
    seen: dict[str, dict] = {}
    for q in team_queues(ctx, set(user.data.get("teamIds") or [])) + agent_queues(ctx, user.id):
        seen.setdefault(q.id, _mapped(q))
    for q, _ in skill_queues(ctx, profile_skills(ctx, user.data.get("skillProfileId")),
                             dynamic_skills(user.data.get("dynamicSkills") or [])):
        seen.setdefault(q.id, _mapped(q))
    return list(seen.values())


def queues_by_user_ci(session: Session, caller: OrgCaller, ci: str, path: str) -> dict:
    ctx = _ctx(session, caller)
    return page(ctx, _all_for_user(ctx, _user_by_ci(ctx, ci)), path)


def skill_queues_by_user_ci(session: Session, caller: OrgCaller, ci: str, path: str) -> dict:
    ctx = _ctx(session, caller)
    u = _user_by_ci(ctx, ci)
    rows = skill_queues(ctx, profile_skills(ctx, u.data.get("skillProfileId")),
                        dynamic_skills(u.data.get("dynamicSkills") or []))
    return page(ctx, [_skill_row(q, s) for q, s in rows], path)


def routing_queues(session: Session, caller: OrgCaller, user_id: str, pattern: str, path: str) -> dict:
    ctx = _ctx(session, caller)
    u = _user(ctx, user_id)
    if pattern == "TEAM_BASED":
        qs = team_queues(ctx, set(u.data.get("teamIds") or []))
    elif pattern == "AGENT_BASED":
        qs = agent_queues(ctx, u.id)
    else:
        qs = [q for q, _ in skill_queues(ctx, profile_skills(ctx, u.data.get("skillProfileId")),
                                         dynamic_skills(u.data.get("dynamicSkills") or []))]
    rows = [{"organizationId": q.org_id, "id": q.id, "version": q.version, "name": q.name, "routingPattern": pattern,
             "createdTime": q.created_ms, "lastUpdatedTime": q.updated_ms} for q in qs]
    return page(ctx, rows, path)


def fetch_skill_based(session: Session, caller: OrgCaller, body: dict, path: str) -> dict:
    """Queues an agent with this skill profile (or this user's) and these dynamic skills serves."""
    ctx = _ctx(session, caller)
    profile_id = body.get("skillProfileId")
    dynamic = dynamic_skills(body.get("dynamicSkills") or [])
    if body.get("userId"):
        u = _user(ctx, body["userId"])
        profile_id = profile_id or u.data.get("skillProfileId")
        dynamic = dynamic or dynamic_skills(u.data.get("dynamicSkills") or [])
    if profile_id:
        ctx.get(engine.REGISTRY["skill-profile"], profile_id)
    return page(ctx, [_mapped(q) for q, _ in skill_queues(ctx, profile_skills(ctx, profile_id), dynamic)], path)


def manually_assignable(session: Session, caller: OrgCaller, body: dict, path: str) -> dict:
    """Queues flagged ``manuallyAssignable`` that the agent (or team) is mapped to (decision)."""
    ctx = _ctx(session, caller)
    candidates = [q for q in _queues(ctx) if q.data.get("manuallyAssignable")]
    if body.get("agentId"):
        u = _user(ctx, body["agentId"])
        mine = {x["id"] for x in _all_for_user(ctx, u)}
        candidates = [q for q in candidates if q.id in mine]
    if body.get("teamId"):
        ctx.get(engine.REGISTRY["team"], body["teamId"])
        mine_t = {q.id for q in team_queues(ctx, {body["teamId"]})}
        candidates = [q for q in candidates if q.id in mine_t]
    return page(ctx, [_mapped(q) for q in candidates], path)


def grouped_assistant_skills(session: Session, caller: OrgCaller, body: dict, path: str) -> dict:
    ctx = _ctx(session, caller)
    wanted = body.get("assistantSkillIds")
    groups: dict[str, dict] = {}
    for q in _queues(ctx):
        sid = (q.data.get("assistantSkill") or {}).get("assistantSkillId")
        if not sid or (wanted is not None and sid not in wanted):
            continue
        g = groups.setdefault(sid, {"assistantSkillId": sid, "associatedQueueCount": 0,
                                    "lastAssistantSkillUpdatedTime": 0})
        g["associatedQueueCount"] += 1
        g["lastAssistantSkillUpdatedTime"] = max(g["lastAssistantSkillUpdatedTime"], q.updated_ms)
    return page(ctx, list(groups.values()), path)


def _touch(row, data: dict) -> None:  # noqa: ANN001
    row.data = data
    row.version += 1
    row.updated_ms = max(clock.now_ms(), row.updated_ms)


def reassign_agents(session: Session, caller: OrgCaller, queue_id: str, body: dict) -> dict:
    """Adds and removes agents of an AGENT_BASED queue; every id must be a user of the org."""
    ctx = _ctx(session, caller)
    res = engine.REGISTRY["contact-service-queue"]
    q = ctx.get(res, queue_id)
    if q.data.get("queueRoutingType") != "AGENT_BASED":
        raise bad_request([f"queueRoutingType: '{q.name}' is not an AGENT_BASED queue."], entity=res.kind)
    add, remove = list(body.get("add") or []), set(body.get("remove") or [])
    unknown = [u for u in add + list(remove) if ctx.find("user", u) is None]
    if unknown:
        raise bad_request([f"add/remove: {', '.join(unknown)} not found for given orgId."], entity=res.kind)
    agents = [a for a in q.data.get("agents") or [] if a["id"] not in remove]
    have = {a["id"] for a in agents}
    for uid in add:
        if uid not in have:
            agents.append({"id": uid, "ciUserId": ctx.find("user", uid).data.get("ciUserId")})
            have.add(uid)
    if not agents:
        raise bad_request(["agents: an AGENT_BASED queue needs at least one agent."], entity=res.kind)
    _touch(q, {**q.data, "agents": agents})
    session.add(q)
    session.commit()
    return {"id": q.id, "name": q.name, "version": q.version, "agents": [a["id"] for a in agents]}


_QUEUE_REFERENCE_FIELDS = ("teamId", "skillId", "userId", "audioFileId")


def delete_queue_references(session: Session, caller: OrgCaller, references: dict) -> dict:
    """Removes the named entity from every queue that names it (a team from the distribution
    groups, a skill from the requirements, an agent, the music file), so the entity can be deleted.
    Keys: teamId, skillId, userId, audioFileId (decision: the spec names no keys)."""
    ctx = _ctx(session, caller)
    bad = [k for k in references if k not in _QUEUE_REFERENCE_FIELDS]
    if bad or not references:
        raise bad_request([f"references: keys must be among {', '.join(_QUEUE_REFERENCE_FIELDS)}."],
                          entity="contact-service-queue")
    changed = []
    for q in _queues(ctx):
        d = dict(q.data)
        if "teamId" in references:
            groups = []
            for g in d.get("callDistributionGroups") or []:
                ags = [a for a in g["agentGroups"] if a["teamId"] != references["teamId"]]
                if ags:
                    groups.append({**g, "agentGroups": ags})
            d["callDistributionGroups"] = groups
        if "skillId" in references and d.get("queueSkillRequirements"):
            d["queueSkillRequirements"] = [r for r in d["queueSkillRequirements"] if r["skillId"] != references["skillId"]]
        if "userId" in references and d.get("agents"):
            d["agents"] = [a for a in d["agents"] if a["id"] != references["userId"]]
        if "audioFileId" in references and d.get("defaultMusicInQueueMediaFileId") == references["audioFileId"]:
            d.pop("defaultMusicInQueueMediaFileId")
        if d != q.data:
            _touch(q, d)
            session.add(q)
            changed.append(q.id)
    session.commit()
    return {"code": 200, "details": {"deleteReference": {"references": references, "updatedQueueIds": changed}},
            "links": []}


def delete_greeting_references(session: Session, caller: OrgCaller, references: dict) -> dict:
    """Deletes the greetings of an agent (``agentId``) or with a purpose (``greetingPurposeId``)."""
    ctx = _ctx(session, caller)
    allowed = ("agentId", "greetingPurposeId", "attributeTag")
    if not references or any(k not in allowed for k in references):
        raise bad_request([f"references: keys must be among {', '.join(allowed)}."], entity="agent-personal-greeting")
    gone = []
    for g in ctx.rows("agent-personal-greeting"):
        if all(g.data.get(k) == v for k, v in references.items()):
            files.drop(session, g.data.get("blobId"))
            session.delete(g)
            gone.append(g.id)
    session.commit()
    return {"code": 200, "details": {"deleteReference": {"references": references, "deletedIds": gone}}, "links": []}


# --- users --------------------------------------------------------------------------------------
def _users(ctx: Ctx) -> list:
    return sorted(ctx.rows("user"), key=lambda r: (r.created_ms, r.name.lower(), r.id))


def _search_users(rows: list, search: str | None) -> list:
    if not search:
        return rows
    n = search.strip().lower()
    return [u for u in rows if any(n in str(u.data.get(f, "")).lower() for f in ("firstName", "lastName", "email"))]


def users_with_profile(session: Session, caller: OrgCaller) -> list[dict]:
    ctx = _ctx(session, caller)
    res = engine.REGISTRY["user"]
    return [engine.wire(ctx, res, u) for u in _users(ctx)]


def user_with_profile(session: Session, caller: OrgCaller, user_id: str) -> dict:
    """The user plus ``userProfileData``: the profile the user has (only this endpoint adds it)."""
    ctx = _ctx(session, caller)
    res = engine.REGISTRY["user"]
    u = ctx.get(res, user_id)
    out = engine.wire(ctx, res, u)
    profile = ctx.find("user-profile", u.data.get("userProfileId", ""))
    if profile is not None:
        out["userProfileData"] = legacy_profile(ctx, engine.wire(ctx, engine.REGISTRY["user-profile"], profile))
    return out


_LEGACY_ACCESS = (("accessAllSites", "sites", "site"), ("accessAllQueues", "queues", "queue"),
                  ("accessAllTeams", "teams", "team"), ("accessAllEntryPoints", "entryPoints", "channel"))


def legacy_profile(ctx: Ctx, v3: dict) -> dict:
    """A v3 (granular access) profile in the older ``UserProfileDTO`` form this endpoint answers
    with (decision): modules follow ``permissionAccessLevel``; sites, queues, teams and entry points
    follow ``resourceAccessLevel``, a SPECIFIC level taking its ids from the default resource
    collection's resources."""
    out = {k: v3[k] for k in ("organizationId", "id", "version", "name", "description", "profileType", "active",
                              "editableFolderIds", "viewableFolderIds", "nonViewableFolderIds", "systemDefault",
                              "createdTime", "lastUpdatedTime") if k in v3}
    out["accessAllModules"] = v3.get("permissionAccessLevel", "ALL")
    level = v3.get("resourceAccessLevel", "ALL")
    rc = ctx.find("resource-collection", v3.get("defaultResourceCollectionId") or "")
    granted = {r["name"]: r for r in (rc.data.get("resources") or [])} if rc is not None else {}
    for field, ids_field, rname in _LEGACY_ACCESS:
        if level != "SPECIFIC":
            out[field] = level
            continue
        r = granted.get(rname)
        out[field] = r["accessLevel"] if r else "NONE"
        if r and r.get("ids"):
            out[ids_field] = list(r["ids"])
    return out


def user_details(session: Session, caller: OrgCaller, body: dict, path: str) -> dict:
    ctx = _ctx(session, caller)
    ids_, search, queue_id = body.get("userIds"), body.get("search"), body.get("queueId")
    if ids_ is not None and queue_id:
        raise bad_request(["queueId: cannot be used with userIds."], entity="user")
    if search and not queue_id:
        raise bad_request(["queueId: is required when search is given."], entity="user")
    rows = _users(ctx)
    if ids_ is not None:
        wanted = [str(i) for i in ids_]
        rows = [u for u in rows if u.id in wanted or u.data.get("ciUserId") in wanted]
    if queue_id:
        q = ctx.get(engine.REGISTRY["contact-service-queue"], queue_id)
        if q.data.get("queueRoutingType") != "AGENT_BASED":
            raise bad_request([f"queueId: '{q.name}' is not an AGENT_BASED queue."], entity="user")
        agents = {a["id"] for a in q.data.get("agents") or []}
        rows = [u for u in _search_users(rows, search) if u.id in agents]
    data = [{"id": u.id, "firstName": u.data.get("firstName"), "lastName": u.data.get("lastName"),
             "email": u.data.get("email")} for u in rows]
    return page(ctx, data, path)


def users_by_skill_requirements(session: Session, caller: OrgCaller, body: object, search: str | None,
                                page_no: int, size: int, path: str) -> dict:
    """Agents whose skill profile and dynamic skills meet every requirement (at most 50)."""
    ctx = _ctx(session, caller)
    if isinstance(body, dict) and "skillRequirements" in body:
        reqs = body["skillRequirements"]
    elif isinstance(body, dict):
        reqs = [body]
    else:
        reqs = body
    if not isinstance(reqs, list) or not reqs or not all(isinstance(r, dict) for r in reqs):
        raise bad_request(["skillRequirements: a non-empty list of skill requirements is required."], entity="user")
    if len(reqs) > 50:
        raise bad_request(["skillRequirements: at most 50 requirements."], entity="user")
    for i, r in enumerate(reqs):
        for f in ("skillId", "condition", "skillValue"):
            if not r.get(f):
                raise bad_request([f"skillRequirements.{i}.{f}: is required."], entity="user")
        if ctx.find("skill", r["skillId"]) is None:
            raise bad_request([f"skillRequirements.{i}.skillId: not found for given orgId."], entity="user")
    out = []
    for u in _search_users(_users(ctx), search):
        s = score(ctx, reqs, profile_skills(ctx, u.data.get("skillProfileId")),
                  dynamic_skills(u.data.get("dynamicSkills") or []))
        if s["match"]:
            sp = ctx.find("skill-profile", u.data.get("skillProfileId") or "")
            row = {"organizationId": u.org_id, "id": u.id, "version": u.version, "firstName": u.data.get("firstName"),
                   "lastName": u.data.get("lastName"), "email": u.data.get("email"), "createdTime": u.created_ms,
                   "lastUpdatedTime": u.updated_ms}
            if sp is not None:
                row["skillProfileName"] = sp.name
            out.append(row)
    return page(ctx, out, path, page_no, size)


def users_by_dynamic_skill(session: Session, caller: OrgCaller, skill_id: str, search: str | None, page_no: int,
                           size: int, path: str) -> dict:
    ctx = _ctx(session, caller)
    ctx.get(engine.REGISTRY["skill"], skill_id)
    out = []
    for u in _search_users(_users(ctx), search):
        for d in u.data.get("dynamicSkills") or []:
            if d["skillId"] == skill_id:
                out.append({"organizationId": u.org_id, "id": u.id, "firstName": u.data.get("firstName"),
                            "lastName": u.data.get("lastName"), "email": u.data.get("email"), "dynamicSkill": d})
    return page(ctx, out, path, page_no, size)


def _dynamic_entry(ctx: Ctx, skill_id: str, item: dict) -> dict:
    skill = ctx.find("skill", skill_id)
    if skill is None:
        raise bad_request(["skillId: not found for given orgId."], entity="user")
    if not skill.data.get("dynamicSkill"):
        raise bad_request([f"skillId: '{skill.name}' is not a dynamic skill."], entity="user")
    entry: dict = {"skillId": skill_id}
    kind = skill.data.get("skillType")
    need = {"PROFICIENCY": "proficiencyValue", "BOOLEAN": "booleanValue", "TEXT": "textValue",
            "ENUM": "enumSkillValues"}.get(kind, "textValue")
    if item.get(need) is None:
        raise bad_request([f"{need}: is required for the {kind} skill '{skill.name}'."], entity="user")
    value = item[need]
    if need == "proficiencyValue" and not (isinstance(value, int) and 0 <= value <= 10):
        raise bad_request(["proficiencyValue: must be between 0 and 10."], entity="user")
    if need == "enumSkillValues":
        names = {v["id"]: v["name"] for v in skill.data.get("enumSkillValues") or []}
        values = value if isinstance(value, list) else [value]
        bad = [v for v in values if v not in names and v not in names.values()]
        if bad:
            raise bad_request([f"enumSkillValues: {', '.join(map(str, bad))} not values of '{skill.name}'."], entity="user")
        value = ",".join(values)  # the user's DTO keeps them as one string
    entry[need] = value
    return entry


def _set_dynamic(u, skills: list[dict]) -> None:  # noqa: ANN001
    _touch(u, {**u.data, "dynamicSkills": skills} if skills else {k: v for k, v in u.data.items() if k != "dynamicSkills"})


def reskill(session: Session, caller: OrgCaller, user_id: str, body: dict) -> None:
    """A supervisor's reskill: a new skill profile and/or dynamic skills added and removed."""
    ctx = _ctx(session, caller)
    u = _user(ctx, user_id)
    data_profile = body.get("skillProfileId")
    if data_profile is not None and data_profile != "" and ctx.find("skill-profile", data_profile) is None:
        raise bad_request(["skillProfileId: not found for given orgId."], entity="user")
    dyn = body.get("dynamicSkills") or {}
    current = [d for d in u.data.get("dynamicSkills") or [] if d["skillId"] not in set(dyn.get("remove") or [])]
    for item in dyn.get("add") or []:
        if not isinstance(item, dict) or not item.get("skillId"):
            raise bad_request(["dynamicSkills.add.skillId: is required."], entity="user")
        entry = _dynamic_entry(ctx, item["skillId"], item)
        current = [d for d in current if d["skillId"] != entry["skillId"]] + [entry]
    if data_profile is not None:
        u.data = {**u.data, "skillProfileId": data_profile} if data_profile else {
            k: v for k, v in u.data.items() if k != "skillProfileId"}
    _set_dynamic(u, current)
    session.add(u)
    session.commit()


def bulk_dynamic_skill(session: Session, caller: OrgCaller, skill_id: str, items: list[dict]) -> dict:
    """Per item (its own 200/204 or error): SAVE sets the skill's value on ``item.userId``, DELETE
    removes the skill from that user."""
    from mockserver.core.errors import ApiError
    from mockserver.core.ids import ids as idgen
    from mockserver.wxcc.config.errors import render_config

    out = []
    for it in items:
        action = str(it.get("requestAction", "")).upper()
        item = it.get("item") or {}
        entry: dict = {"itemIdentifier": it.get("itemIdentifier"), "operationType": "DELETE" if action == "DELETE" else "UPDATE"}
        session.expire_all()
        ctx = _ctx(session, caller)
        try:
            if action not in ("SAVE", "DELETE"):
                raise bad_request(["requestAction: must be SAVE or DELETE."], entity="user")
            if not item.get("userId"):
                raise bad_request(["item.userId: is required."], entity="user")
            u = _user(ctx, item["userId"])
            current = [d for d in u.data.get("dynamicSkills") or [] if d["skillId"] != skill_id]
            if action == "SAVE":
                current.append(_dynamic_entry(ctx, skill_id, item))
            _set_dynamic(u, current)
            session.add(u)
            session.commit()
            entry["status"] = 200 if action == "SAVE" else 204
            entry["href"] = f"/api/organization/{caller.org_id}/user/{u.id}"
        except ApiError as err:
            session.rollback()
            entry["status"] = err.status
            entry["apiError"] = render_config(err, idgen.tracking("ccconfig"))
        out.append(entry)
    return {"items": out}


# --- user profiles, skills, resource collections --------------------------------------------------
def user_profile_acl(session: Session, caller: OrgCaller, profile_id: str, names: list[str] | None) -> dict:
    """The profile as an access-control list: its permissions (only ``names`` when given), its
    resource collections in full, and the resources they grant."""
    ctx = _ctx(session, caller)
    res = engine.REGISTRY["user-profile"]
    out = engine.wire(ctx, res, ctx.get(res, profile_id))
    if names:
        out["permissions"] = [p for p in out.get("permissions") or [] if p.get("name") in names]
    rc_ids = [c.get("id") for c in out.get("resourceCollections") or [] if c.get("id")]
    if out.get("defaultResourceCollectionId"):
        rc_ids.insert(0, out["defaultResourceCollectionId"])
    rc_res = engine.REGISTRY["resource-collection"]
    collections = [engine.wire(ctx, rc_res, r) for r in (ctx.find("resource-collection", i) for i in dict.fromkeys(rc_ids)) if r]
    out["resourceCollections"] = collections
    out["resources"] = [r for c in collections for r in c.get("resources") or []]
    for f in ("systemDefault",):
        out.pop(f, None)
    return out


def populate_skill_json(session: Session, caller: OrgCaller, skill_id: str) -> None:
    """Cisco's housekeeping call (rebuilds a skill's derived JSON attributes): here the skill must
    exist and nothing else changes, the derived fields being computed on every read."""
    ctx = _ctx(session, caller)
    ctx.get(engine.REGISTRY["skill"], skill_id)


def update_resource(session: Session, caller: OrgCaller, body: dict) -> dict:
    """Puts one resource into resource collections (SPECIFIC access), per collection a status."""
    from mockserver.core.ids import ids as idgen
    from mockserver.wxcc.config.errors import render_config
    from mockserver.wxcc.config.resources.resource_collections import RESOURCE_KINDS

    ctx = _ctx(session, caller)
    rtype, rid = body.get("resourceType"), body.get("resourceId")
    if not rtype or not rid:
        raise bad_request(["resourceType and resourceId: are required."], entity="resource-collection")
    if rtype not in RESOURCE_KINDS:
        raise bad_request([f"resourceType: '{rtype}' is not a resource type."], entity="resource-collection")
    kind = RESOURCE_KINDS[rtype]
    if kind is not None and ctx.find(kind, rid) is None:
        raise bad_request([f"resourceId: not a {rtype} of the organization."], entity="resource-collection")
    out = []
    for c in body.get("resourceCollections") or []:
        row = ctx.find("resource-collection", c.get("id", ""))
        entry: dict = {"id": c.get("id"), "resourceType": rtype}
        if row is None:
            entry["status"] = 400
            entry["apiError"] = render_config(bad_request(
                ["Entity not found or more than one entity found on the unique fields"]), idgen.tracking("ccconfig"))
        else:
            resources = [dict(r) for r in row.data.get("resources") or []]
            slot = next((r for r in resources if r["name"] == rtype), None)
            if slot is None:
                resources.append({"name": rtype, "accessLevel": "SPECIFIC", "ids": [rid]})
            elif slot["accessLevel"] == "SPECIFIC" and rid not in (slot.get("ids") or []):
                slot["ids"] = list(slot.get("ids") or []) + [rid]
            data = {**row.data, "resources": resources}
            data["resourceCount"] = sum(len(r.get("ids") or []) for r in resources)
            if data != row.data:
                _touch(row, data)
                session.add(row)
            entry["status"] = 200
        out.append(entry)
    session.commit()
    return {"response": out}


def outdial_ani_entries(session: Session, caller: OrgCaller, page_no: int, size: int, path: str) -> dict:
    ctx = _ctx(session, caller)
    res = engine.REGISTRY["outdial-ani-entry"]
    rows = sorted(ctx.rows("outdial-ani-entry"), key=lambda r: (r.created_ms, r.name.lower(), r.id))
    return page(ctx, [engine.wire(ctx, res, r) for r in rows], path, page_no, size)


# --- AI features and their deprecated single-feature views ----------------------------------------
def _feature(ctx: Ctx, id_: str):  # noqa: ANN202
    return ctx.get(engine.REGISTRY["ai-feature"], id_)


def patch_ai_feature(session: Session, caller: OrgCaller, id_: str, body: dict) -> dict:
    """Each feature object sent replaces the fields it names; the others stay."""
    from pydantic import ValidationError

    res = engine.REGISTRY["ai-feature"]
    ctx = _ctx(session, caller)
    row = _feature(ctx, id_)
    current = engine.wire(ctx, res, row)
    merged = {k: v for k, v in current.items() if k in res.model.model_fields}
    for k, v in body.items():
        if k not in res.model.model_fields:
            continue
        merged[k] = {**(merged.get(k) or {}), **v} if isinstance(v, dict) and isinstance(merged.get(k), dict) else v
    try:
        model = res.model.model_validate(merged)
    except ValidationError as e:
        raise bad_request(engine.validation_details(e), entity=res.kind) from None
    return engine.update(ctx, res, row, model)


def get_view(session: Session, caller: OrgCaller, view: str, id_: str) -> dict:
    from mockserver.wxcc.config.resources.ai_features import view_of

    ctx = _ctx(session, caller)
    return view_of(engine.wire(ctx, engine.REGISTRY["ai-feature"], _feature(ctx, id_)), view)


def put_view(session: Session, caller: OrgCaller, view: str, id_: str, body) -> dict:  # noqa: ANN001
    from pydantic import ValidationError

    from mockserver.wxcc.config.resources.ai_features import sub_from_view, view_of

    res = engine.REGISTRY["ai-feature"]
    ctx = _ctx(session, caller)
    row = _feature(ctx, id_)
    sent = body.model_dump(exclude_none=True, exclude=set(engine.COMMON))
    current = {k: v for k, v in engine.wire(ctx, res, row).items() if k in res.model.model_fields}
    try:
        model = res.model.model_validate(sub_from_view(current, view, sent))
    except ValidationError as e:
        raise bad_request(engine.validation_details(e), entity=view) from None
    return view_of(engine.update(ctx, res, row, model), view)


def list_view(session: Session, caller: OrgCaller, view: str, path: str) -> dict:
    from mockserver.wxcc.config.resources.ai_features import view_of

    ctx = _ctx(session, caller)
    res = engine.REGISTRY["ai-feature"]
    return page(ctx, [view_of(engine.wire(ctx, res, r), view) for r in ctx.rows("ai-feature")], path)
