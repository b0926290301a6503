"""Request and response bodies of Control Hub's digital-channel tabs (General, Digital)."""

from __future__ import annotations

from typing import Any, Literal, Optional

from pydantic import Field

from mockserver.connect.schema_base import BodyIn, BodyOut


class ConnectProvisionRequest(BodyIn):
    ownerId: str = Field(min_length=1, max_length=500, description="The administrator who becomes the Connect tenant Owner: "
                         "Webex person id (encoded or raw UUID) or email, from eligibleOwners.",
                         examples=["cl1admin1@email.carehybrid.com"])


class ConnectCcGeneral(BodyOut):
    orgId: str
    serviceDetails: dict[str, Any]
    synchronizeUsers: dict[str, Any]


class ConnectCcDigital(BodyOut):
    orgId: str
    status: Literal["notProvisioned", "provisioning", "completed"]
    statusText: str
    digitalChannel: str
    owner: Optional[dict[str, Any]] = None
    tenantName: Optional[str] = None
    tenantUrl: Optional[str] = None
    ownerActivation: Optional[str] = None


class ConnectAdminList(BodyOut):
    items: list[dict[str, Any]]
