"""Wire format of the identity slice, in webexapis.com's own field names (webex-admin.json)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field


class _Wire(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PhoneNumber(_Wire):
    type: Literal["work", "work_extension", "mobile", "fax"]
    value: str
    primary: bool | None = None


class Person(_Wire):
    id: str = Field(examples=["Y2lzY29zcGFyazovL3VzL1BFT1BMRS9mNWIzNjE4Ny1jOGRkLTQ3MjctOGIyZi1mOWM0NDdmMjkwNDY"])
    emails: list[str]
    phoneNumbers: list[PhoneNumber]
    displayName: str
    nickName: str | None = None
    firstName: str
    lastName: str
    orgId: str
    roles: list[str] | None = Field(default=None, description="Admin-only: role ids (base64 ciscospark://us/ROLE/...).")
    licenses: list[str] | None = Field(default=None, description="Admin-only: licence ids.")
    department: str | None = None
    title: str | None = None
    created: str = Field(examples=["2015-10-18T14:26:16.000Z"])
    lastModified: str
    timezone: str
    lastActivity: str | None = None
    status: Literal["active", "call", "DoNotDisturb", "inactive", "meeting", "OutOfOffice", "pending", "presenting", "unknown"] | None = None
    invitePending: Literal["true", "false"]
    loginEnabled: Literal["true", "false"]
    type: Literal["person", "bot", "appuser"]


class PersonCollection(_Wire):
    items: list[Person]
    notFoundIds: list[str]


class Organization(_Wire):
    id: str
    displayName: str
    created: str


class OrganizationCollection(_Wire):
    items: list[Organization]


class License(_Wire):
    id: str
    name: str
    totalUnits: int
    consumedUnits: int
    consumedByUsers: int
    consumedByWorkspaces: int
    subscriptionId: str


class LicenseCollection(_Wire):
    items: list[License]


class Role(_Wire):
    id: str
    name: str


class RoleCollection(_Wire):
    items: list[Role]


class TokenExpiry(_Wire):
    exp: int = Field(description="Epoch time in milliseconds at which the current token will expire.")


class TokenResponse(_Wire):
    access_token: str = Field(description="Opaque: <random>_<cluster>_<orgUUID>.")
    expires_in: int
    refresh_token: str
    refresh_token_expires_in: int
    token_type: Literal["Bearer"]
    id_token: str | None = Field(default=None, description="Only when the scope included openid.")


class UserInfo(_Wire):
    sub: str
    email: str | None = None
    email_verified: str | None = None
    name: str | None = None
    given_name: str | None = None
    family_name: str | None = None
    phone: str | None = None


class Jwk(_Wire):
    kty: Literal["RSA"]
    e: str
    use: Literal["sig"]
    kid: str
    n: str
    alg: str


class Jwks(_Wire):
    keys: list[Jwk]


class ErrorItem(_Wire):
    description: str


class IdentityError(_Wire):
    """Webex identity's error body (webex-admin.json `Error`)."""

    message: str
    errors: list[ErrorItem]
    trackingId: str = Field(examples=["ROUTER_62E068B0-FA5E-01BB-1501-0AFE2B641501"])


class PersonUpdate(BaseModel):
    """PUT /people/{personId}: the whole person, as GET returned it (read-only fields are ignored)."""

    model_config = ConfigDict(extra="ignore")

    displayName: str = Field(min_length=1, max_length=256)
    emails: list[Annotated[str, Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", max_length=254)]] | None = Field(
        default=None, max_length=1, description="Only one email address per person.")
    phoneNumbers: list[PhoneNumber] | None = None
    firstName: str | None = Field(default=None, max_length=128)
    lastName: str | None = Field(default=None, max_length=128)
    nickName: str | None = Field(default=None, max_length=128)
    roles: list[str] | None = Field(default=None, description="Role ids; left out = unchanged.")
    licenses: list[str] | None = Field(default=None, description="Licence ids of the org; left out = unchanged.")
    department: str | None = Field(default=None, max_length=256)
    title: str | None = Field(default=None, max_length=256)
    loginEnabled: bool | None = None


class LicenseRequest(_Wire):
    id: str
    operation: Literal["add", "remove"] = "add"
    properties: dict | None = None


class SiteUrlRequest(_Wire):
    siteUrl: str
    accountType: Literal["attendee", "host"] | None = None
    operation: Literal["add", "remove"] = "add"


class PatchUserLicenses(_Wire):
    email: str | None = None
    personId: str | None = None
    orgId: str | None = None
    licenses: list[LicenseRequest] | None = None
    siteUrls: list[SiteUrlRequest] | None = None


class UserLicensesResponse(_Wire):
    orgId: str
    personId: str
    email: str
    licenses: list[str]
    siteUrls: list[dict]
