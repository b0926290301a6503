"""Request and response bodies of Assets → Integrations and the tenant's OAuth callback."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from mockserver.connect.schema_base import BodyIn, BodyOut


class ConnectAuthorizeRequest(BodyIn):
    name: str = Field(max_length=100, description="Authorization Name.", examples=["WxCC Authorisation"])


class ConnectIntegrationOut(BodyOut):
    id: str
    name: str
    status: str
    nodeAuthorizations: list[dict[str, Any]]


class ConnectAuthorizeOut(BodyOut):
    id: str
    status: str
    authorizationUrl: str
    state: str


class ConnectCallbackOut(BodyOut):
    kind: str
    status: str
