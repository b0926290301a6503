"""Integrations (Webex CC Task, Webex CC Engage), their node authorizations, and the OAuth round
trips Connect starts as a client (email GENERATE TOKEN, node authorization, Facebook login). The
node authorizations' Webex tokens are stored as given: Connect itself must use them."""

from __future__ import annotations

from sqlmodel import Field, SQLModel

from mockserver.core.columns import epoch_ms, json_dict, json_list


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
