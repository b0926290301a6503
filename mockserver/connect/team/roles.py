"""Connect roles and the permission matrix every operation checks.

Source: Webex Connect help "User roles and hierarchy" (RBAC table) and lab 12.4. Rows the help page
does not list (templates, integrations authorizations, groups/teams reads) follow the nearest row
it does list; each is marked "decision" below and in docs/fidelity.md.
"""

from __future__ import annotations

ROLES = ("Owner", "Full Access", "Limited Access", "Read Only", "Restricted")
OWNER, FULL, LIMITED, READ_ONLY, RESTRICTED = ROLES

_ALL = set(ROLES)
_OFL = {OWNER, FULL, LIMITED}
_OF = {OWNER, FULL}
_READERS = {OWNER, FULL, LIMITED, READ_ONLY}

# permission -> (roles that hold it, what the portal calls it)
MATRIX: dict[str, tuple[set[str], str]] = {
    "profile.read": (_ALL, "View and edit your own profile"),
    "users.read": (_OF, "Settings → Teammates (list users)"),  # decision: who can invite can list
    "users.invite": (_OF, "Invite Other Users"),
    "users.manage": (_OF, "Change User Roles / Revoke User Access (Owner's access only through support)"),
    "users.decrypt_logs": ({OWNER}, "Provide Decrypt Access to Other Users"),
    "containers.read": (_OF, "Settings → Groups/Teams (list)"),  # decision
    "containers.write": ({OWNER}, "Add Group(s) / Add Team(s)"),
    "tenant.settings.write": ({OWNER}, "Change Tenant TimeZone or Date Format"),
    "tenant.settings.read": (_ALL, "Settings → Tenant Settings (view)"),
    "usage.read": (_READERS, "Settings → Usage"),  # decision: like Access Reports
    "services.read": (_READERS, "View Existing Services"),
    "services.write": (_OFL, "Create New Services (and rename, describe, lock, delete)"),
    "services.credentials": (_OFL, "Reveal Service Key / JWT credentials (Service ID, Service Secret)"),
    "assets.read": (_READERS, "Assets → Numbers / Apps (view)"),  # decision: like View Existing Services
    "assets.write": (_OFL, "Configure New App Assets (and Register to Webex CC)"),
    "integrations.read": (_READERS, "Assets → Integrations (view)"),  # decision
    "integrations.write": (_OFL, "Add Integrations (and Add Authorization)"),
    "templates.read": (_READERS, "Tools → Templates (view)"),  # decision
    "templates.write": (_OFL, "Tools → Templates (create, edit, delete)"),  # decision
    "flows.read": (_READERS, "View Existing Flows (a service's FLOWS tab, Debug)"),
    "flows.write": (_OFL, "Create New Flows (create, upload, edit, save, delete)"),
    "flows.live": (_OFL, "Make Flows Live"),
    "logs.read": (_READERS, "Tools → Export Logs, Debug, Reports"),  # decision: like Access Reports
}


def allowed(role: str, permission: str) -> bool:
    roles, _ = MATRIX[permission]
    return role in roles


def matrix_json() -> list[dict]:
    return [{"permission": p, "feature": label, "roles": {r: r in roles for r in ROLES}}
            for p, (roles, label) in MATRIX.items()]
