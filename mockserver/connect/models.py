"""Connect tables (and the Control Hub "Contact Center settings" that own the tenant's life).

Every row carries its POD (reset one POD without touching another) and its org. Secrets (passwords,
session tokens, activation tokens, service secrets shown once...) are stored as SHA-256 hashes
where the product never shows them again; OAuth tokens Connect must *use* later (email app, node
authorizations) are stored as given, since Connect itself needs them, and are never returned in
clear once saved.
"""

from __future__ import annotations

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from mockserver.core.columns import epoch_ms, json_dict, json_list


class ConnectCcSettings(SQLModel, table=True):
    """Control Hub → Services → Contact Center → Settings, per org (General, Digital, Desktop)."""

    __tablename__ = "connect_cc_settings"
    org_id: str = Field(primary_key=True)
    pod: int = Field(index=True)
    digital_channel: str = "IMI Digital"  # General → Service Details → Digital Channel
    digital_status: str = "notProvisioned"  # notProvisioned | provisioning | completed
    tenant_name: str = ""
    tenant_url: str = ""
    owner_person_id: str | None = None
    requested_ms: int | None = epoch_ms(nullable=True)
    completed_ms: int | None = epoch_ms(nullable=True)
    service_details: dict = json_dict()  # other read-only service details (region, licences...)
    plan: dict = json_dict()  # from the fixture: what provisioning creates, how long it takes


class ConnectTenant(SQLModel, table=True):
    __tablename__ = "connect_tenant"
    id: str = Field(primary_key=True)
    pod: int = Field(index=True)
    org_id: str = Field(index=True)
    name: str = Field(index=True)  # cl1pod<N>
    url: str
    created_ms: int = epoch_ms()
    time_zone: str = "UTC"
    date_format: str = "DD/MM/YYYY"
    usage_statistics: bool = True  # Settings → Usage: share usage statistics


class ConnectUser(SQLModel, table=True):
    """Teammates. Local to the tenant: Connect users are not Control Hub users."""

    __tablename__ = "connect_user"
    __table_args__ = (UniqueConstraint("tenant_id", "email", name="uq_connect_user_email"),)
    id: str = Field(primary_key=True)
    pod: int = Field(index=True)
    org_id: str = Field(index=True)
    tenant_id: str = Field(index=True)
    email: str
    first_name: str = ""
    last_name: str = ""
    role: str  # Owner | Full Access | Limited Access | Read Only | Restricted
    container_id: str | None = None  # None = tenant level; else a group or team id
    status: str = "Invited"  # Invited | Active | Disabled
    password_hash: str = ""
    decrypt_logs: bool = False
    details: dict = json_dict()  # phone, company, jobTitle ("more details" of the join form)
    invited_by: str | None = None
    created_ms: int = epoch_ms()
    activated_ms: int | None = epoch_ms(nullable=True)
    last_login_ms: int | None = epoch_ms(nullable=True)


class ConnectLink(SQLModel, table=True):
    """"JOIN THE TEAM" links (owner activation and teammate invites), stored by hash."""

    __tablename__ = "connect_link"
    token_hash: str = Field(primary_key=True)
    pod: int = Field(index=True)
    org_id: str
    tenant_id: str
    user_id: str = Field(index=True)
    kind: str  # activation | invite
    created_ms: int = epoch_ms()
    expires_ms: int = epoch_ms()
    used: bool = False
    superseded: bool = False


class ConnectSession(SQLModel, table=True):
    __tablename__ = "connect_session"
    token_hash: str = Field(primary_key=True)
    pod: int = Field(index=True)
    org_id: str
    tenant_id: str
    user_id: str = Field(index=True)
    created_ms: int = epoch_ms()
    expires_ms: int = epoch_ms()
    revoked: bool = False


class ConnectContainer(SQLModel, table=True):
    """Groups (under the tenant) and teams (under a group)."""

    __tablename__ = "connect_container"
    __table_args__ = (UniqueConstraint("tenant_id", "kind", "name_key", name="uq_connect_container_name"),)
    id: str = Field(primary_key=True)
    pod: int = Field(index=True)
    org_id: str
    tenant_id: str = Field(index=True)
    kind: str  # group | team
    name: str
    name_key: str
    description: str = ""
    parent_id: str | None = None  # team -> its group
    created_ms: int = epoch_ms()


class ConnectService(SQLModel, table=True):
    __tablename__ = "connect_service"
    __table_args__ = (UniqueConstraint("tenant_id", "name_key", name="uq_connect_service_name"),)
    id: str = Field(primary_key=True)  # the Service ID shown on the API tab
    pod: int = Field(index=True)
    org_id: str
    tenant_id: str = Field(index=True)
    name: str
    name_key: str
    description: str = ""
    service_key: str  # header `key` of the messaging APIs
    service_secret: str  # base64; JWT HS256 key (base64-decoded)
    locked: bool = False
    locked_by: str | None = None
    container_id: str | None = None
    created_by: str | None = None
    created_ms: int = epoch_ms()
    updated_ms: int = epoch_ms()
    stats: dict = json_dict()  # dashboard counters, filled by the message lifecycle


class ConnectAsset(SQLModel, table=True):
    """Numbers (pre-assigned) and apps (email, messenger, whatsapp, livechat, sms)."""

    __tablename__ = "connect_asset"
    id: str = Field(primary_key=True)  # the id WxCC's asset registry knows (entry point assetId)
    pod: int = Field(index=True)
    org_id: str
    tenant_id: str = Field(index=True)
    kind: str  # number | app
    channel: str  # sms | whatsapp | email | messenger | livechat
    app_id: str = Field(index=True)  # Connect App ID (a_<digits>); numbers: the number itself
    name: str
    name_key: str
    address: str = ""  # number, email id, page id or website
    config: dict = json_dict()  # channel settings as shown (no secrets)
    secrets: dict = json_dict()  # client secret, access/refresh tokens (never returned in clear)
    container_id: str | None = None
    registered_ms: int | None = epoch_ms(nullable=True)
    registered_service_id: str | None = None
    registered_by: str | None = None
    created_ms: int = epoch_ms()
    updated_ms: int = epoch_ms()


class ConnectOAuthRequest(SQLModel, table=True):
    """An OAuth authorization-code round trip Connect started (email "GENERATE TOKEN", node
    authorization "Authorize"): ``state`` ties the callback to it."""

    __tablename__ = "connect_oauth_request"
    id: str = Field(primary_key=True)
    pod: int = Field(index=True)
    org_id: str
    tenant_id: str
    state: str = Field(index=True, unique=True)
    kind: str  # email_token | node_auth
    subject_id: str | None = None  # node authorization id
    user_id: str
    params: dict = json_dict()  # client id, urls, scope, redirect uri (no secret)
    secret: str = ""  # the client secret typed in the form (email only), needed for the exchange
    status: str = "pending"  # pending | completed | failed | consumed
    error: str | None = None
    result: dict = json_dict()  # tokens obtained (until saved into an asset)
    created_ms: int = epoch_ms()
    expires_ms: int = epoch_ms()


class ConnectIntegration(SQLModel, table=True):
    __tablename__ = "connect_integration"
    id: str = Field(primary_key=True)
    pod: int = Field(index=True)
    org_id: str
    tenant_id: str = Field(index=True)
    name: str  # Webex CC Task | Webex CC Engage
    key: str  # task | engage
    description: str = ""
    created_ms: int = epoch_ms()


class ConnectNodeAuth(SQLModel, table=True):
    __tablename__ = "connect_node_auth"
    id: str = Field(primary_key=True)
    pod: int = Field(index=True)
    org_id: str
    tenant_id: str
    integration_id: str = Field(index=True)
    name: str = ""
    auth_type: str = "oauth2"
    status: str = "Authorization Pending"  # Authorization Pending | Authorized
    scopes: list = json_list()
    access_token: str = ""
    refresh_token: str = ""
    access_expires_ms: int | None = epoch_ms(nullable=True)
    refresh_expires_ms: int | None = epoch_ms(nullable=True)
    authorized_email: str | None = None
    authorized_ms: int | None = epoch_ms(nullable=True)
    refreshed_ms: int | None = epoch_ms(nullable=True)
    last_error: str | None = None
    created_ms: int = epoch_ms()


class ConnectTemplate(SQLModel, table=True):
    __tablename__ = "connect_template"
    __table_args__ = (UniqueConstraint("tenant_id", "name_key", name="uq_connect_template_name"),)
    id: str = Field(primary_key=True)
    pod: int = Field(index=True)
    org_id: str
    tenant_id: str = Field(index=True)
    name: str
    name_key: str
    channel: str
    content: dict = json_dict()
    container_id: str | None = None
    created_by: str | None = None
    created_ms: int = epoch_ms()
    updated_ms: int = epoch_ms()


ALL_TABLES: list[type[SQLModel]] = [
    ConnectCcSettings, ConnectTenant, ConnectUser, ConnectLink, ConnectSession, ConnectContainer,
    ConnectService, ConnectAsset, ConnectOAuthRequest, ConnectIntegration, ConnectNodeAuth, ConnectTemplate,
]
