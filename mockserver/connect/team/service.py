"""The Connect tenant's people: "JOIN THE TEAM" links, sign-in and profile, teammates, groups and
teams (Settings menu of the portal; lab 12.4)."""

from __future__ import annotations

import hmac
import re
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, select

from mockserver.connect.assets.models import ConnectAsset
from mockserver.connect.assets.service import unshare_container
from mockserver.connect.caller import SESSION_TTL_S, Caller, sha
from mockserver.connect.errors import EMAIL_RE, bad, bad_many, conflict, forbidden, not_found
from mockserver.connect.services.models import ConnectService
from mockserver.connect.team import roles
from mockserver.connect.team.models import ConnectContainer, ConnectLink, ConnectSession, ConnectUser
from mockserver.connect.tenant import ConnectTenant
from mockserver.connect.tools.models import ConnectTemplate
from mockserver.core import mailbox
from mockserver.core.clock import clock, iso_ms
from mockserver.core.errors import ApiError
from mockserver.core.ids import ids

PASSWORD_RULE = "8-64 characters with at least one upper-case letter, one lower-case letter, one digit and one special character"


def _iso(ms: int | None) -> str | None:
    return iso_ms(ms) if ms else None


def password_hash(user_id: str, password: str) -> str:
    return sha(f"connect:{user_id}:{password}")


def check_password(rule_field: str, password: str) -> None:
    ok = (8 <= len(password) <= 64 and re.search(r"[A-Z]", password) and re.search(r"[a-z]", password)
          and re.search(r"\d", password) and re.search(r"[^A-Za-z0-9]", password))
    if not ok:
        raise bad(rule_field, f"must be {PASSWORD_RULE}")


# --- links -------------------------------------------------------------------------------------
def send_join_link(session: Session, tenant: ConnectTenant, user: ConnectUser, *, kind: str, hours: int = 24,
                   inviter: ConnectUser | None = None) -> str:
    """A new "JOIN THE TEAM" link (earlier unused ones stop working) and its email."""
    for old in session.exec(select(ConnectLink).where(ConnectLink.user_id == user.id, ConnectLink.used == False)).all():  # noqa: E712
        old.superseded = True
        session.add(old)
    token = ids.secret(48)
    now = clock.now_ms()
    expires = now + hours * 3600 * 1000
    session.add(ConnectLink(token_hash=sha(token), pod=tenant.pod, org_id=tenant.org_id, tenant_id=tenant.id,
                            user_id=user.id, kind=kind, created_ms=now, expires_ms=expires))
    path = f"/connect/{tenant.name}/join/{token}"
    portal = f"{tenant.public_url.rstrip('/')}/join/{token}"
    if kind == "activation":
        subject = "Activate your Webex Connect account"
        text = (f"Hello {user.first_name or user.email},\n\nYour Webex Connect tenant {tenant.name} is ready and you are "
                f"its Owner. Click JOIN THE TEAM to activate your account and set a local password:\n{portal}\n\n"
                f"For security reasons this link is valid for {hours} hours (until {iso_ms(expires)}).")
    else:
        who = f"{inviter.first_name} {inviter.last_name}".strip() or inviter.email if inviter else "A teammate"
        subject = f"{who} invited you to join {tenant.name} on Webex Connect"
        text = (f"{who} invited you to join the Webex Connect tenant {tenant.name} as {user.role}.\n"
                f"Click JOIN THE TEAM to create your account:\n{portal}\n\n"
                f"This invitation is valid for {hours} hours (until {iso_ms(expires)}).")
    mailbox.send(session, pod=tenant.pod, to=user.email, subject=subject, text=text, kind=f"connect.{kind}",
                 sender="no-reply@imiconnect.io",
                 links=[{"rel": "join", "label": "JOIN THE TEAM", "href": path, "portalUrl": portal}],
                 meta={"tenant": tenant.name, "token": token, "role": user.role, "expiresAt": iso_ms(expires)})
    return token


@dataclass(frozen=True)
class Invitation:
    """A JOIN THE TEAM link that can still be used, and whom it invites."""

    tenant: ConnectTenant
    link: ConnectLink
    user: ConnectUser


def invitation(session: Session, tenant: ConnectTenant, token: str) -> Invitation:
    link = session.get(ConnectLink, sha(token))
    if link is None or link.tenant_id != tenant.id:
        raise ApiError(404, "Link not found.", ["token: this JOIN THE TEAM link is not valid for this tenant."])
    user = session.get(ConnectUser, link.user_id)
    if user is None:
        raise ApiError(410, "Link expired.", ["token: the invitation was withdrawn (the teammate was deleted)."])
    if link.used:
        raise ApiError(410, "Link already used.", [f"token: this link was already used; sign in at {tenant.public_url} instead."])
    if link.superseded:
        raise ApiError(410, "Link replaced.", ["token: a newer JOIN THE TEAM email was sent; use the link of the latest email."])
    if clock.now_ms() >= link.expires_ms:
        who = ("ask your Control Hub administrator to re-send the activation email (Contact Center → Settings → Digital)"
               if link.kind == "activation" else "ask a tenant Owner or Full Access user to re-send the invitation")
        raise ApiError(410, "Link expired.", [
            f"token: the link expired at {iso_ms(link.expires_ms)} (links are valid 24 hours); {who}."],
            extra={"expiredAt": iso_ms(link.expires_ms)})
    return Invitation(tenant, link, user)


def link_info(inv: Invitation) -> dict[str, Any]:
    return {"tenant": inv.tenant.name, "email": inv.user.email, "role": inv.user.role, "kind": inv.link.kind,
            "expiresAt": iso_ms(inv.link.expires_ms)}


def join(session: Session, inv: Invitation, body: dict[str, Any]) -> dict[str, Any]:
    tenant, link, user = inv.tenant, inv.link, inv.user
    errors = [f"{f}: is required" for f in ("firstName", "lastName") if not (body.get(f) or "").strip()]
    if errors:
        raise bad_many(errors)
    check_password("password", body.get("password") or "")
    now = clock.now_ms()
    user.first_name, user.last_name = body["firstName"].strip(), body["lastName"].strip()
    user.password_hash = password_hash(user.id, body["password"])
    user.details = {**user.details, **{k: v for k, v in (body.get("details") or {}).items() if v is not None}}
    user.status, user.activated_ms = "Active", now
    link.used = True
    session.add(user)
    session.add(link)
    # "The user will automatically login into the Connect portal" (lab 12.4 §5).
    return _new_session(session, tenant, user)


# --- sessions ----------------------------------------------------------------------------------
def _new_session(session: Session, tenant: ConnectTenant, user: ConnectUser) -> dict[str, Any]:
    token = ids.secret(64)
    now = clock.now_ms()
    session.add(ConnectSession(token_hash=sha(token), pod=tenant.pod, org_id=tenant.org_id, tenant_id=tenant.id,
                               user_id=user.id, created_ms=now, expires_ms=now + SESSION_TTL_S * 1000))
    user.last_login_ms = now
    session.add(user)
    session.commit()
    return {"accessToken": token, "tokenType": "Bearer", "expiresIn": SESSION_TTL_S, "tenant": tenant.name,
            "user": user_json(session, user)}


def login(session: Session, tenant: ConnectTenant, email: str, password: str) -> dict[str, Any]:
    user = session.exec(select(ConnectUser).where(ConnectUser.tenant_id == tenant.id,
                                                  ConnectUser.email == email.strip().lower())).first()
    if user is not None and user.status == "Invited":
        raise ApiError(401, "Authentication failed.", [
            "This account is not activated yet: use the JOIN THE TEAM link of the invitation email."])
    if user is None or not user.password_hash or not hmac.compare_digest(user.password_hash, password_hash(user.id, password)):
        raise ApiError(401, "Authentication failed.", ["Invalid email or password."])
    if user.status != "Active":
        raise ApiError(401, "Authentication failed.", ["This account is disabled; contact a tenant Owner."])
    return _new_session(session, tenant, user)


def logout(session: Session, caller: Caller) -> None:
    row = session.get(ConnectSession, caller.token_hash)
    if row is not None:
        row.revoked = True
        session.add(row)
        session.commit()


# --- teammates ---------------------------------------------------------------------------------
def _container_name(session: Session, cid: str | None) -> tuple[str, str | None]:
    if cid is None:
        return "tenant", None
    c = session.get(ConnectContainer, cid)
    return (c.kind, c.name) if c else ("tenant", None)


def user_json(session: Session, u: ConnectUser) -> dict[str, Any]:
    level, cname = _container_name(session, u.container_id)
    return {
        "id": u.id, "email": u.email, "firstName": u.first_name, "lastName": u.last_name, "role": u.role,
        "status": u.status, "decryptLogs": u.decrypt_logs, "level": level, "containerId": u.container_id,
        "containerName": cname, "details": {k: v for k, v in u.details.items() if k != "controlHubPersonId"},
        "createdAt": _iso(u.created_ms), "activatedAt": _iso(u.activated_ms), "lastLoginAt": _iso(u.last_login_ms),
    }


def visible_user(session: Session, caller: Caller, user_id: str) -> ConnectUser:
    u = session.get(ConnectUser, user_id)
    if u is None or u.tenant_id != caller.tenant.id or not caller.sees(u.container_id):
        raise not_found("Teammate", user_id)
    return u


def list_users(session: Session, caller: Caller, search: str | None) -> dict[str, Any]:
    caller.need("users.read")
    rows = session.exec(select(ConnectUser).where(ConnectUser.tenant_id == caller.tenant.id)
                        .order_by(ConnectUser.created_ms, ConnectUser.email)).all()
    q = (search or "").strip().lower()
    items = [user_json(session, u) for u in rows if caller.sees(u.container_id)
             and (not q or q in u.email or q in f"{u.first_name} {u.last_name}".lower())]
    return {"items": items, "total": len(items)}


def get_user(session: Session, u: ConnectUser) -> dict[str, Any]:
    return user_json(session, u)


def _check_container(session: Session, caller: Caller, container_id: str | None) -> str | None:
    if container_id is None:
        return caller.user.container_id
    c = session.get(ConnectContainer, container_id)
    if c is None or c.tenant_id != caller.tenant.id or not caller.sees(c.id):
        raise bad("containerId", f"'{container_id}' is not a group or team at or below your level")
    return c.id


def _check_role(role: str | None, field: str = "role") -> str:
    if role not in roles.ROLES:
        raise bad(field, f"must be one of {', '.join(r for r in roles.ROLES if r != roles.OWNER)}")
    if role == roles.OWNER:
        raise bad(field, "a tenant has exactly one Owner (the account chosen at provisioning); the Owner changes only through Cisco support")
    return role


def invite(session: Session, caller: Caller, body: dict[str, Any]) -> dict[str, Any]:
    caller.need("users.invite")
    email = (body.get("email") or "").strip().lower()
    errors = []
    if not EMAIL_RE.match(email):
        errors.append("email: must be a working email address (name@domain)")
    if errors:
        raise bad_many(errors)
    role = _check_role(body.get("role"))
    container_id = _check_container(session, caller, body.get("containerId"))
    if body.get("decryptLogs") and caller.role != roles.OWNER:
        raise forbidden("Only the tenant Owner can grant Decrypt Logs.")
    if session.exec(select(ConnectUser).where(ConnectUser.tenant_id == caller.tenant.id, ConnectUser.email == email)).first():
        raise conflict(f"email: {email} is already a teammate of this tenant.")
    u = ConnectUser(id=ids.uuid(), pod=caller.tenant.pod, org_id=caller.tenant.org_id, tenant_id=caller.tenant.id,
                    email=email, role=role, container_id=container_id, status="Invited",
                    decrypt_logs=bool(body.get("decryptLogs")), invited_by=caller.user.id, created_ms=clock.now_ms())
    session.add(u)
    session.flush()
    send_join_link(session, caller.tenant, u, kind="invite", inviter=caller.user)
    session.commit()
    return user_json(session, u)


def resend_invite(session: Session, caller: Caller, u: ConnectUser) -> dict[str, Any]:
    if u.status != "Invited":
        raise conflict(f"{u.email} already joined the team; nothing to re-send.")
    kind = "activation" if u.role == roles.OWNER else "invite"
    send_join_link(session, caller.tenant, u, kind=kind, inviter=caller.user)
    session.commit()
    return user_json(session, u)


def update_user(session: Session, caller: Caller, u: ConnectUser, body: dict[str, Any]) -> dict[str, Any]:
    # Permission on intent, before anything is compared: a PATCH that changes nothing must not
    # answer the record to someone who may not read it (the route's lookup checked users.manage).
    caller.need("users.manage")
    if body.get("decryptLogs") is not None:
        caller.need("users.decrypt_logs")
    changes: dict[str, Any] = {}
    if body.get("role") is not None and body["role"] != u.role:
        if u.role == roles.OWNER:
            raise forbidden("The Owner's role can be changed only through Cisco support.")
        changes["role"] = _check_role(body["role"])
    if body.get("status") is not None and body["status"] != u.status:
        if body["status"] not in ("Active", "Disabled") or u.status == "Invited":
            raise bad("status", "must be Active or Disabled, for a teammate who joined")
        if u.role == roles.OWNER or u.id == caller.user.id:
            raise forbidden("The Owner's access (and your own) cannot be revoked here.")
        changes["status"] = body["status"]
    if body.get("decryptLogs") is not None and bool(body["decryptLogs"]) != u.decrypt_logs:
        if u.role == roles.OWNER:
            raise bad("decryptLogs", "the Owner always has Decrypt Logs")
        changes["decrypt_logs"] = bool(body["decryptLogs"])
    if body.get("containerId") is not None and body["containerId"] != u.container_id:
        changes["container_id"] = _check_container(session, caller, body["containerId"])
    for k, v in changes.items():
        setattr(u, k, v)
    session.add(u)
    if changes.get("status") == "Disabled":
        for s in session.exec(select(ConnectSession).where(ConnectSession.user_id == u.id)).all():
            s.revoked = True
            session.add(s)
    session.commit()
    return user_json(session, u)


def delete_user(session: Session, caller: Caller, u: ConnectUser) -> None:
    if u.role == roles.OWNER:
        raise forbidden("The Owner cannot be deleted; the Owner changes only through Cisco support.")
    if u.id == caller.user.id:
        raise conflict("You cannot delete your own account.")
    for s in session.exec(select(ConnectSession).where(ConnectSession.user_id == u.id)).all():
        session.delete(s)
    for link in session.exec(select(ConnectLink).where(ConnectLink.user_id == u.id)).all():
        session.delete(link)
    session.delete(u)
    session.commit()


def update_me(session: Session, caller: Caller, body: dict[str, Any]) -> dict[str, Any]:
    u = caller.user
    for f, col in (("firstName", "first_name"), ("lastName", "last_name")):
        if body.get(f) is not None:
            if not body[f].strip():
                raise bad(f, "must not be empty")
            setattr(u, col, body[f].strip())
    if body.get("details") is not None:
        u.details = {**u.details, **{k: v for k, v in body["details"].items() if v is not None}}
    if body.get("newPassword") is not None:
        if not hmac.compare_digest(u.password_hash, password_hash(u.id, body.get("currentPassword") or "")):
            raise bad("currentPassword", "does not match your current password")
        check_password("newPassword", body["newPassword"])
        u.password_hash = password_hash(u.id, body["newPassword"])
    session.add(u)
    session.commit()
    return user_json(session, u)


# --- groups and teams --------------------------------------------------------------------------
def container_json(session: Session, c: ConnectContainer) -> dict[str, Any]:
    users = session.exec(select(ConnectUser.id).where(ConnectUser.container_id == c.id)).all()
    out = {"id": c.id, "kind": c.kind, "name": c.name, "description": c.description, "userCount": len(users),
           "createdAt": _iso(c.created_ms)}
    if c.kind == "team":
        parent = session.get(ConnectContainer, c.parent_id) if c.parent_id else None
        out["groupId"], out["groupName"] = c.parent_id, parent.name if parent else None
    return out


def list_containers(session: Session, caller: Caller, kind: str) -> dict[str, Any]:
    caller.need("containers.read")
    rows = session.exec(select(ConnectContainer).where(ConnectContainer.tenant_id == caller.tenant.id,
                                                       ConnectContainer.kind == kind)
                        .order_by(ConnectContainer.created_ms, ConnectContainer.name)).all()
    items = [container_json(session, c) for c in rows if caller.sees(c.id)]
    return {"items": items, "total": len(items)}


def create_container(session: Session, caller: Caller, kind: str, body: dict[str, Any]) -> dict[str, Any]:
    caller.need("containers.write")
    name = (body.get("name") or "").strip()
    if not name:
        raise bad("name", "is required (1-100 characters)")
    parent_id = None
    if kind == "team":
        gid = body.get("groupId")
        g = session.get(ConnectContainer, gid) if gid else None
        if g is None or g.tenant_id != caller.tenant.id or g.kind != "group" or not caller.sees(g.id):
            raise bad("groupId", "is required: the group the team is grouped under (GET .../groups)")
        parent_id = g.id
    elif caller.user.container_id is not None:
        raise forbidden("Groups are created at tenant level.")
    key = name.lower()
    if session.exec(select(ConnectContainer).where(ConnectContainer.tenant_id == caller.tenant.id,
                                                   ConnectContainer.kind == kind,
                                                   ConnectContainer.name_key == key)).first():
        raise conflict(f"name: a {kind} named '{name}' already exists.")
    c = ConnectContainer(id=ids.uuid(), pod=caller.tenant.pod, org_id=caller.tenant.org_id, tenant_id=caller.tenant.id,
                         kind=kind, name=name, name_key=key, description=(body.get("description") or "").strip(),
                         parent_id=parent_id, created_ms=clock.now_ms())
    session.add(c)
    session.commit()
    return container_json(session, c)


def visible_container(session: Session, caller: Caller, kind: str, cid: str) -> ConnectContainer:
    c = session.get(ConnectContainer, cid)
    if c is None or c.tenant_id != caller.tenant.id or c.kind != kind or not caller.sees(c.id):
        raise not_found(kind.capitalize(), cid)
    return c


def update_container(session: Session, caller: Caller, c: ConnectContainer, body: dict[str, Any]) -> dict[str, Any]:
    """Rename (and describe) a group or team; names stay unique per kind, case-insensitive."""
    kind = c.kind
    name = body.get("name")
    if name is not None:
        name = name.strip()
        if not 1 <= len(name) <= 100:
            raise bad("name", "must be 1-100 characters")
        clash = session.exec(select(ConnectContainer).where(ConnectContainer.tenant_id == caller.tenant.id,
                                                            ConnectContainer.kind == kind,
                                                            ConnectContainer.name_key == name.lower(),
                                                            ConnectContainer.id != c.id)).first()
        if clash is not None:
            raise conflict(f"name: a {kind} named '{clash.name}' already exists.")
        c.name, c.name_key = name, name.lower()
    if body.get("description") is not None:
        c.description = body["description"].strip()
    session.add(c)
    session.commit()
    return container_json(session, c)


def container_contents(session: Session, c: ConnectContainer) -> list[str]:
    """What keeps a group or team from being deleted, one line per kind, naming each."""
    out: list[str] = []
    if c.kind == "group":
        teams = session.exec(select(ConnectContainer.name).where(ConnectContainer.parent_id == c.id)
                             .order_by(ConnectContainer.name)).all()
        if teams:
            out.append(f"teams: {', '.join(teams)}")
    for label, model, col_name in (("users", ConnectUser, "email"), ("services", ConnectService, "name"),
                                   ("apps", ConnectAsset, "name"), ("templates", ConnectTemplate, "name")):
        col_ = getattr(model, col_name)
        names = session.exec(select(col_).where(model.container_id == c.id).order_by(col_)).all()
        if names:
            out.append(f"{label}: {', '.join(names)}")
    return out


def delete_container(session: Session, c: ConnectContainer) -> None:
    kind = c.kind
    blockers = container_contents(session, c)
    if blockers:
        raise ApiError(409, "Conflict.", [f"{kind} '{c.name}' is not empty; move or delete these first: {'; '.join(blockers)}",
                                          *blockers])
    unshare_container(session, c.tenant_id, c.id)
    session.delete(c)
    session.commit()
