"""Identity tables. Every row carries its POD so that one POD resets without touching another."""

from __future__ import annotations

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from mockserver.core.columns import epoch_ms, json_list


class IdentityOrg(SQLModel, table=True):
    __tablename__ = "identity_org"
    id: str = Field(primary_key=True)  # raw UUID; encoded as ORGANIZATION on the wire
    pod: int = Field(index=True)
    name: str = Field(index=True, unique=True)  # cl1pod<N>
    display_name: str
    created_ms: int = epoch_ms()


class IdentityPerson(SQLModel, table=True):
    __tablename__ = "identity_person"
    id: str = Field(primary_key=True)
    pod: int = Field(index=True)
    org_id: str = Field(index=True)
    email: str = Field(index=True, unique=True)
    first_name: str = ""
    last_name: str = ""
    display_name: str = ""
    nick_name: str | None = None
    password_hash: str = ""
    roles: list[str] = json_list()  # role names: id_full_admin, ...
    licenses: list[str] = json_list()  # raw licence ids of the org
    created_ms: int = epoch_ms()
    modified_ms: int = epoch_ms()
    status: str = "active"
    login_enabled: bool = True
    timezone: str = "America/New_York"
    title: str | None = None
    department: str | None = None
    phone_numbers: list[dict] = json_list()
    # Fixture facts other products read through events or the control plane (e.g. 'kind').
    attrs: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class IdentityLicense(SQLModel, table=True):
    __tablename__ = "identity_license"
    id: str = Field(primary_key=True)  # raw: <orgUUID>:<CODE>_<subscription>
    pod: int = Field(index=True)
    org_id: str = Field(index=True)
    code: str
    name: str
    total_units: int = 0
    subscription_id: str = ""


class IdentityIntegration(SQLModel, table=True):
    __tablename__ = "identity_integration"
    client_id: str = Field(primary_key=True)
    pod: int = Field(index=True)
    org_id: str = Field(index=True)
    name: str
    client_secret: str
    redirect_uris: list[str] = json_list()
    scopes: list[str] = json_list()
    created_ms: int = epoch_ms()


class IdentityAuthCode(SQLModel, table=True):
    __tablename__ = "identity_auth_code"
    code_hash: str = Field(primary_key=True)
    pod: int = Field(index=True)
    org_id: str
    person_id: str
    client_id: str
    redirect_uri: str
    scopes: list[str] = json_list()
    code_challenge: str | None = None
    code_challenge_method: str | None = None
    nonce: str | None = None
    expires_ms: int = epoch_ms()
    used: bool = False


class IdentityToken(SQLModel, table=True):
    """Issued access and refresh tokens, stored by SHA-256 hash only."""

    __tablename__ = "identity_token"
    token_hash: str = Field(primary_key=True)
    pod: int = Field(index=True)
    kind: str  # access | refresh
    org_id: str = Field(index=True)
    person_id: str = Field(index=True)
    client_id: str | None = None  # None for personal (portal) tokens
    scopes: list[str] = json_list()
    created_ms: int = epoch_ms()
    expires_ms: int = epoch_ms()
    # access: the refresh token it came with; both: the authorization code that started the chain
    refresh_hash: str | None = Field(default=None, index=True)
    code_hash: str | None = Field(default=None, index=True)
    revoked: bool = False


class IdentitySigningKey(SQLModel, table=True):
    __tablename__ = "identity_signing_key"
    kid: str = Field(primary_key=True)
    private_pem: str
    created_ms: int = epoch_ms()
