"""What other products may use of identity, and nothing else: who is calling (the gate), the
person and org facts they read, the Webex id encoding, the seeded names, and Webex as an OAuth
provider (for Connect's node authorizations). No product imports identity's tables or seed
internals; if a product needs more, it is added here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Callable, Iterable

from fastapi import Depends, Path, Request
from sqlmodel import Session, select

from mockserver.core.body import authenticates
from mockserver.core.errors import ApiError
from mockserver.identity import spark_ids
from mockserver.identity.errors import render_identity
from mockserver.identity.gate import Gate, bearer_token, resolve
from mockserver.identity.models import IdentityIntegration, IdentityLicense, IdentityOrg, IdentityPerson
from mockserver.identity.schemas import IdentityError
from mockserver.identity.tokens import ADMIN_ROLES, Principal, tokens

__all__ = [
    "ADMIN_ROLES", "bearer_token", "client_id_for", "ContactCenterAdmin", "ContactCenterFullAdmin",
    "exchange_code", "Gate", "IdentityError", "Integration", "integration", "licence_codes",
    "mint_token_pair", "Org", "org", "org_uuid", "people", "Person", "person", "person_by_email",
    "person_uuid", "Principal", "refresh", "render_identity", "resolve", "seeded_licence_codes",
    "seeded_people", "spark_ids",
]

# IdentityError: the Webex error body ({message, errors[{description}], trackingId}), for products
# whose Control Hub routes answer in it and document it.


def org_uuid(value: str) -> str:
    """An org as a path names it (Control Hub paths take the raw UUID or the encoded Webex id) → the
    raw UUID, lower case."""
    decoded = spark_ids.decode(value, "ORGANIZATION")
    return (decoded or value).lower()


# --- Control Hub → Services → Contact Center → Settings: who may open (and change) it ------------
# One rule for the whole page, whichever product serves a tab (WxCC: RONA timeouts, Synchronize
# Users; Connect: the digital channels), in Control Hub's order: an administrator, a Full
# Administrator for changes, a scope, then the org in the path is the token's.
_CC_ADMIN = "Contact Center settings are for Control Hub administrators."
_CC_ORG = "orgId: the access token is not valid for organization {org}."
_CC_ORDER = ("role", "scope", "org")
_CC_READ = Gate(scopes=("cjp:config_read", "cjp:config", "spark-admin:organizations_read"), role="admin",
                role_message=_CC_ADMIN, org_message=_CC_ORG, order=_CC_ORDER)
_CC_WRITE = Gate(scopes=("cjp:config_write", "cjp:config"), role="full_admin", role_message=_CC_ADMIN,
                 full_admin_message="Changing Contact Center settings needs a Full Administrator.",
                 org_message=_CC_ORG, order=_CC_ORDER)
ControlHubOrgId = Annotated[str, Path(max_length=200, description="Organization id: raw UUID or encoded Webex id.")]


def _contact_center_admin(*, write: bool) -> Callable[..., Any]:
    """A FastAPI dependency for /controlhub/organizations/{orgId}/contactCenter/... routes: the
    administrator calling (reads), or the Full Administrator (changes)."""
    gate = _CC_WRITE if write else _CC_READ

    @authenticates(gate.precheck)
    async def admin(request: Request, orgId: ControlHubOrgId) -> Principal:
        return gate.check(request, org_uuid(orgId), shown_org=orgId)

    return admin


ContactCenterAdmin = Annotated[Principal, Depends(_contact_center_admin(write=False))]
ContactCenterFullAdmin = Annotated[Principal, Depends(_contact_center_admin(write=True))]


# --- people and orgs ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Person:
    id: str  # raw UUID (spark_ids.person_id encodes it)
    pod: int
    org_id: str
    email: str
    first_name: str
    last_name: str
    display_name: str
    roles: tuple[str, ...]
    licence_ids: tuple[str, ...]  # raw licence ids: <orgUUID>:<CODE>_<subscription>
    login_enabled: bool
    created_ms: int
    status: str = "active"  # active | inactive (Control Hub's user status)
    key: str | None = None  # the fixture's key of a seeded person (admin, agent, ...); None if created later
    kind: str | None = None  # the fixture's kind (admin, agent, supervisor, ...)

    @property
    def is_admin(self) -> bool:
        return bool(set(self.roles) & ADMIN_ROLES)

    @property
    def is_full_admin(self) -> bool:
        return "id_full_admin" in self.roles

    def has_licence(self, *codes: str) -> bool:
        return any(f":{code}_" in lic for lic in self.licence_ids for code in codes)


def _person(row: IdentityPerson | None) -> Person | None:
    if row is None:
        return None
    return Person(id=row.id, pod=row.pod, org_id=row.org_id, email=row.email, first_name=row.first_name,
                  last_name=row.last_name, display_name=row.display_name, roles=tuple(row.roles),
                  licence_ids=tuple(row.licenses), login_enabled=row.login_enabled, created_ms=row.created_ms,
                  status=row.status, key=row.attrs.get("key"), kind=row.attrs.get("kind"))


def person(session: Session, person_id: str) -> Person | None:
    return _person(session.get(IdentityPerson, person_id))


def person_by_email(session: Session, email: str) -> Person | None:
    row = session.exec(select(IdentityPerson).where(IdentityPerson.email == (email or "").strip().lower())).first()
    return _person(row)


def people(session: Session, org_id: str, ids: Iterable[str] | None = None) -> list[Person]:
    """The org's people in the order Control Hub lists them (oldest first, then by email)."""
    q = select(IdentityPerson).where(IdentityPerson.org_id == org_id)
    if ids is not None:
        q = q.where(IdentityPerson.id.in_(list(ids)))  # type: ignore[attr-defined]
    rows = session.exec(q.order_by(IdentityPerson.created_ms, IdentityPerson.email)).all()
    return [p for p in (_person(r) for r in rows) if p is not None]


@dataclass(frozen=True)
class Org:
    id: str
    pod: int
    name: str
    display_name: str


def org(session: Session, org_id: str) -> Org | None:
    row = session.get(IdentityOrg, org_id)
    return Org(id=row.id, pod=row.pod, name=row.name, display_name=row.display_name) if row else None


def licence_codes(session: Session, org_id: str) -> dict[str, str]:
    """Raw licence id → its code (CJPPRM, CJPSTD, MS...)."""
    return {lic.id: lic.code for lic in session.exec(select(IdentityLicense).where(IdentityLicense.org_id == org_id)).all()}


# --- seeding: names that are the same on every machine, and what identity seeds ----------------
def person_uuid(n: int, key: str) -> str:
    from mockserver.identity.seed import person_uuid as _uuid

    return _uuid(n, key)


def client_id_for(n: int, key: str) -> str:
    from mockserver.identity.seed import client_id_for as _cid

    return _cid(n, key)


def seeded_people(rows: dict) -> list[dict[str, Any]]:
    """The person rows identity is about to seed for a POD (other seeders read them)."""
    return list(rows.get(IdentityPerson, []))


def seeded_licence_codes(rows: dict) -> dict[str, str]:
    return {r["id"]: r["code"] for r in rows.get(IdentityLicense, [])}


# --- Webex as an OAuth provider (Connect's node authorizations sign in with it) ------------------
@dataclass(frozen=True)
class Integration:
    client_id: str
    name: str
    redirect_uris: tuple[str, ...]


def integration(session: Session, client_id: str) -> Integration | None:
    row = session.get(IdentityIntegration, client_id)
    from mockserver.core.public_url import resolve_all

    return Integration(row.client_id, row.name, tuple(resolve_all(row.redirect_uris))) if row else None


def exchange_code(session: Session, client_id: str, code: str, redirect_uri: str, *, access_ttl: int,
                  refresh_ttl: int) -> dict[str, Any]:
    """The token endpoint's authorization_code grant, as the integration (raises ApiError)."""
    from mockserver.identity import oauth

    integ = session.get(IdentityIntegration, client_id)
    if integ is None:
        raise ApiError(400, "invalid_client", ["the Webex integration no longer exists"])
    return oauth.exchange_code(session, integ, code, redirect_uri, None, access_ttl=access_ttl,
                               refresh_ttl=refresh_ttl, issuer="")


def refresh(session: Session, client_id: str, refresh_token: str | None, *, access_ttl: int) -> dict[str, Any]:
    """The token endpoint's refresh_token grant, as the integration (raises ApiError)."""
    from mockserver.identity import oauth

    integ = session.get(IdentityIntegration, client_id)
    if integ is None:
        raise ApiError(400, "invalid_client", ["the Webex integration is gone"])
    return oauth.refresh(session, integ, refresh_token, access_ttl=access_ttl)


def mint_token_pair(session: Session, person_id: str, scopes: list[str], client_id: str, *, access_ttl: int,
                    refresh_ttl: int) -> tuple[str, str] | None:
    """(access, refresh) for a person, as if they had signed in to the integration."""
    row = session.get(IdentityPerson, person_id)
    if row is None:
        return None
    refresh_token, rrow = tokens.mint(session, row, kind="refresh", scopes=scopes, ttl_s=refresh_ttl, client_id=client_id)
    access, _ = tokens.mint(session, row, kind="access", scopes=scopes, ttl_s=access_ttl, client_id=client_id,
                            refresh_hash=rrow.token_hash)
    return access, refresh_token
