"""A Facebook-like account and the pages it manages, enough for Connect's Messenger asset (lab 12.7:
"Add Messenger Page" → sign in to Facebook → pick one of the account's pages).

An outside party, not part of Connect: it owns the POD's Facebook account (password hashed) and its
pages, seeded from the POD fixture's ``connect.facebook`` section (page ids derive from the POD and
the page's key). Connect calls ``sign_in``; this module never imports Connect. It has no HTTP
surface of its own: the login happens inside Connect's portal.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import Any

from sqlmodel import Field, Session, SQLModel, select

from mockserver.core.columns import json_list
from mockserver.core.ids import derived_uuid
from mockserver.core.seeding import PodContext, Rows


class FacebookAccount(SQLModel, table=True):
    """The POD's Facebook account and the pages it manages (``[{id, name, category}]``)."""

    __tablename__ = "facebook_account"
    id: str = Field(primary_key=True)
    pod: int = Field(index=True)
    org_id: str = Field(index=True)
    email: str
    name: str
    password_hash: str
    pages: list = json_list()


TABLES: list[type[SQLModel]] = [FacebookAccount]


def password_hash(email: str, password: str) -> str:
    return hashlib.sha256(f"facebook:{email.lower()}:{password}".encode()).hexdigest()


def page_id(n: int, key: str) -> str:
    # 15 digits, stable per POD and page key.
    h = int(hashlib.sha256("/".join(map(str, ("fbpage", n, key))).encode()).hexdigest(), 16)
    return str(h % (10 ** 15)).rjust(15, "1")


def pages(n: int, fb: dict[str, Any]) -> list[dict[str, Any]]:
    """The pages of a fixture ``facebook`` section, with their derived ids."""
    return [{"id": page_id(n, p["key"]), "name": p["name"], "category": p.get("category", "")}
            for p in fb.get("pages", [])]


def rows(ctx: PodContext) -> Rows:
    fb = (ctx.fixture.get("connect") or {}).get("facebook") or {}
    acct = fb.get("account") or {}
    email = str(acct.get("email", "")).lower()
    out: Rows = {FacebookAccount: []}
    if email:
        out[FacebookAccount].append({
            "id": derived_uuid("facebook", ctx.n, email), "pod": ctx.n, "org_id": ctx.org_id, "email": email,
            "name": acct.get("name", email), "password_hash": password_hash(email, str(acct.get("password", ""))),
            "pages": pages(ctx.n, fb)})
    return out


@dataclass(frozen=True)
class SignedIn:
    email: str
    name: str
    pages: list[dict[str, Any]]


def sign_in(session: Session, org_id: str, email: str, password: str) -> SignedIn | None:
    """Facebook's login form: the account (of the org's POD) and the pages it manages, or None when
    Facebook does not accept the email and password."""
    acct = session.exec(select(FacebookAccount).where(FacebookAccount.org_id == org_id,
                                                      FacebookAccount.email == email)).first()
    if acct is None or not hmac.compare_digest(acct.password_hash, password_hash(email, password)):
        return None
    return SignedIn(acct.email, acct.name, [dict(p) for p in acct.pages])
