"""Request and response bodies of sign-in, JOIN THE TEAM, profile, teammates, groups/teams and roles."""

from __future__ import annotations

from typing import Any, Literal, Optional

from pydantic import Field

from mockserver.connect.schema_base import BodyIn, BodyOut


class ConnectLoginRequest(BodyIn):
    email: str = Field(max_length=320, examples=["cl1admin1@email.carehybrid.com"])
    password: str = Field(max_length=200, examples=["C1sco!Pod1"])


class ConnectJoinRequest(BodyIn):
    firstName: str = Field(max_length=100, examples=["Alex"])
    lastName: str = Field(max_length=100, examples=["Admin"])
    password: str = Field(max_length=200, description="8-64 characters: upper, lower, digit and special character.",
                          examples=["Welcome!2Connect"])
    details: Optional[dict[str, Optional[str]]] = Field(default=None, description="\"More details\": phone, company, jobTitle...",
                                                        examples=[{"company": "Cisco", "jobTitle": "Administrator"}])


class ConnectSessionOut(BodyOut):
    accessToken: str
    tokenType: str
    expiresIn: int
    tenant: str
    user: dict[str, Any]


class ConnectLinkInfo(BodyOut):
    tenant: str
    email: str
    role: str
    kind: str
    expiresAt: str


class ConnectInviteRequest(BodyIn):
    email: str = Field(max_length=320, examples=["cl1sup1@email.carehybrid.com"])
    role: str = Field(max_length=40, description="Full Access | Limited Access | Read Only | Restricted",
                      examples=["Full Access"])
    containerId: Optional[str] = Field(default=None, max_length=100, description="Group or team; default: your level.")
    decryptLogs: Optional[bool] = Field(default=None, description="Only the Owner may grant Decrypt Logs.")


class ConnectUserUpdate(BodyIn):
    role: Optional[str] = Field(default=None, max_length=40, examples=["Read Only"])
    decryptLogs: Optional[bool] = Field(default=None, examples=[True])
    status: Optional[Literal["Active", "Disabled"]] = None
    containerId: Optional[str] = Field(default=None, max_length=100)


class ConnectMeUpdate(BodyIn):
    firstName: Optional[str] = Field(default=None, max_length=100)
    lastName: Optional[str] = Field(default=None, max_length=100)
    details: Optional[dict[str, Optional[str]]] = None
    currentPassword: Optional[str] = Field(default=None, max_length=200)
    newPassword: Optional[str] = Field(default=None, max_length=200)


class ConnectUserOut(BodyOut):
    id: str
    email: str
    role: str
    status: str
    decryptLogs: bool
    level: str


class ConnectContainerRequest(BodyIn):
    name: str = Field(max_length=100, examples=["EMEA"])
    description: Optional[str] = Field(default=None, max_length=500)


class ConnectContainerUpdate(BodyIn):
    name: Optional[str] = Field(default=None, max_length=100, examples=["EMEA North"])
    description: Optional[str] = Field(default=None, max_length=500)


class ConnectTeamRequest(ConnectContainerRequest):
    groupId: str = Field(max_length=100, description="The group the team is grouped under.")


class ConnectContainerOut(BodyOut):
    id: str
    kind: str
    name: str


class ConnectRoleMatrix(BodyOut):
    roles: list[str]
    permissions: list[dict[str, Any]]
