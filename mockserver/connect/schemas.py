"""Request and response bodies of the Control Hub digital settings and the Connect admin API
(designed to mirror the portal one to one; docs/fidelity.md)."""

from __future__ import annotations

from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

Int32 = Field(ge=-2147483648, le=2147483647)


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Out(BaseModel):
    model_config = ConfigDict(extra="allow")


# --- Control Hub ---------------------------------------------------------------------------------
class ConnectProvisionRequest(_In):
    ownerId: str = Field(min_length=1, max_length=500, description="The administrator who becomes the Connect tenant Owner: "
                         "Webex person id (encoded or raw UUID) or email, from eligibleOwners.",
                         examples=["cl1admin1@email.carehybrid.com"])


class ConnectCcGeneral(_Out):
    orgId: str
    serviceDetails: dict[str, Any]
    synchronizeUsers: dict[str, Any]


class ConnectCcDigital(_Out):
    orgId: str
    status: Literal["notProvisioned", "provisioning", "completed"]
    statusText: str
    digitalChannel: str
    owner: Optional[dict[str, Any]] = None
    tenantName: Optional[str] = None
    tenantUrl: Optional[str] = None
    ownerActivation: Optional[str] = None


class ConnectAdminList(_Out):
    items: list[dict[str, Any]]


# --- Connect: people -----------------------------------------------------------------------------
class ConnectLoginRequest(_In):
    email: str = Field(max_length=320, examples=["cl1admin1@email.carehybrid.com"])
    password: str = Field(max_length=200, examples=["C1sco!Pod1"])


class ConnectJoinRequest(_In):
    firstName: str = Field(max_length=100, examples=["Alex"])
    lastName: str = Field(max_length=100, examples=["Admin"])
    password: str = Field(max_length=200, description="8-64 characters: upper, lower, digit and special character.",
                          examples=["Welcome!2Connect"])
    details: Optional[dict[str, Optional[str]]] = Field(default=None, description="\"More details\": phone, company, jobTitle...",
                                                        examples=[{"company": "Cisco", "jobTitle": "Administrator"}])


class ConnectSessionOut(_Out):
    accessToken: str
    tokenType: str
    expiresIn: int
    tenant: str
    user: dict[str, Any]


class ConnectLinkInfo(_Out):
    tenant: str
    email: str
    role: str
    kind: str
    expiresAt: str


class ConnectInviteRequest(_In):
    email: str = Field(max_length=320, examples=["cl1sup1@email.carehybrid.com"])
    role: str = Field(max_length=40, description="Full Access | Limited Access | Read Only | Restricted",
                      examples=["Full Access"])
    containerId: Optional[str] = Field(default=None, max_length=100, description="Group or team; default: your level.")
    decryptLogs: Optional[bool] = Field(default=None, description="Only the Owner may grant Decrypt Logs.")


class ConnectUserUpdate(_In):
    role: Optional[str] = Field(default=None, max_length=40, examples=["Read Only"])
    decryptLogs: Optional[bool] = Field(default=None, examples=[True])
    status: Optional[Literal["Active", "Disabled"]] = None
    containerId: Optional[str] = Field(default=None, max_length=100)


class ConnectMeUpdate(_In):
    firstName: Optional[str] = Field(default=None, max_length=100)
    lastName: Optional[str] = Field(default=None, max_length=100)
    details: Optional[dict[str, Optional[str]]] = None
    currentPassword: Optional[str] = Field(default=None, max_length=200)
    newPassword: Optional[str] = Field(default=None, max_length=200)


class ConnectUserOut(_Out):
    id: str
    email: str
    role: str
    status: str
    decryptLogs: bool
    level: str


class ConnectItemList(_Out):
    items: list[dict[str, Any]]
    total: int


class ConnectContainerRequest(_In):
    name: str = Field(max_length=100, examples=["EMEA"])
    description: Optional[str] = Field(default=None, max_length=500)


class ConnectContainerUpdate(_In):
    name: Optional[str] = Field(default=None, max_length=100, examples=["EMEA North"])
    description: Optional[str] = Field(default=None, max_length=500)


class ConnectTeamRequest(ConnectContainerRequest):
    groupId: str = Field(max_length=100, description="The group the team is grouped under.")


class ConnectContainerOut(_Out):
    id: str
    kind: str
    name: str


class ConnectRoleMatrix(_Out):
    roles: list[str]
    permissions: list[dict[str, Any]]


class ConnectTenantSettingsIn(_In):
    timeZone: Optional[str] = Field(default=None, max_length=64, examples=["Europe/London"])
    dateFormat: Optional[str] = Field(default=None, max_length=20, examples=["DD/MM/YYYY"])


class ConnectTenantSettingsOut(_Out):
    tenant: str
    timeZone: str
    dateFormat: str


class ConnectUsageOut(_Out):
    tenant: str
    services: int
    apps: int


# --- services ------------------------------------------------------------------------------------
class ConnectServiceCreate(_In):
    name: str = Field(max_length=100, examples=["My First Service"])
    description: Optional[str] = Field(default=None, max_length=500, examples=["Email, Messenger and WhatsApp flows"])


class ConnectServiceUpdate(_In):
    name: Optional[str] = Field(default=None, max_length=100, examples=["Agnostic Flows DO NOT MODIFY"])
    description: Optional[str] = Field(default=None, max_length=500)
    locked: Optional[bool] = Field(default=None, description="Service Locking.", examples=[True])


class ConnectServiceOut(_Out):
    id: str
    name: str
    locked: bool
    api: dict[str, Any]


class ConnectServiceCredentials(_Out):
    serviceId: str
    serviceKey: str
    serviceSecret: str


class ConnectDashboard(_Out):
    serviceId: str
    channels: dict[str, Any]


# --- assets --------------------------------------------------------------------------------------
class ConnectEmailTokenRequest(_In):
    """The OAuth fields of the email app form; GENERATE TOKEN."""

    emailId: Optional[str] = Field(default=None, max_length=320, examples=["cl1webex1@gmail.com"])
    clientId: str = Field(max_length=300, examples=["123456789012-abc.apps.googleusercontent.com"])
    clientSecret: str = Field(max_length=300, examples=["GOCSPX-xxxxxxxxxxxxxxxxxxxxxxxxxxxx"])
    authorizationUrl: str = Field(max_length=500, examples=["https://accounts.google.com/o/oauth2/auth"])
    scope: str = Field(max_length=1000, examples=["https://mail.google.com/ https://www.googleapis.com/auth/gmail.send"])
    accessTokenUrl: str = Field(max_length=500, examples=["https://oauth2.googleapis.com/token"])
    refreshTokenUrl: Optional[str] = Field(default=None, max_length=500, examples=["https://accounts.google.com/o/oauth2/auth"])


class ConnectEmailTokenOut(_Out):
    id: str
    status: str


class ConnectEmailAppCreate(_In):
    name: str = Field(max_length=100, examples=["EmailAsset"])
    emailId: str = Field(max_length=320, examples=["cl1webex1@gmail.com"])
    authType: Optional[Literal["OAuth 2.0", "Basic"]] = "OAuth 2.0"
    smtpServer: str = Field(max_length=255, examples=["smtp.gmail.com"])
    username: Optional[str] = Field(default=None, max_length=320, examples=["cl1webex1@gmail.com"])
    port: int = Field(ge=-2147483648, le=2147483647, examples=[465])
    security: Optional[Literal["SSL", "TLS", "None"]] = "SSL"
    password: Optional[str] = Field(default=None, max_length=300, description="Basic authentication only.")
    clientId: Optional[str] = Field(default=None, max_length=300)
    authorizationUrl: Optional[str] = Field(default=None, max_length=500)
    accessTokenUrl: Optional[str] = Field(default=None, max_length=500)
    refreshTokenUrl: Optional[str] = Field(default=None, max_length=500)
    tokenRequestId: Optional[str] = Field(default=None, max_length=100,
                                          description="The completed GENERATE TOKEN request (OAuth 2.0).")


class ConnectEmailTokenReplace(_In):
    tokenRequestId: str = Field(max_length=100, description="A completed GENERATE TOKEN request (POST .../assets/apps/email/tokens).")


class ConnectShareRequest(_In):
    containerIds: list[str] = Field(max_length=100, description="Groups/teams (at or below your level) whose users may "
                                    "see and use the app; replaces the previous list ([] stops sharing).",
                                    examples=[["<group id>"]])


class ConnectMessengerAppCreate(_In):
    name: str = Field(max_length=100, examples=["FBM_Asset"])
    facebookLoginId: str = Field(max_length=100, description="The Facebook login (POST .../assets/apps/messenger/facebookLogin).")
    pageId: str = Field(max_length=30, description="One of the pages that login lists.", examples=["104680000000001"])


class ConnectFacebookLoginRequest(_In):
    email: str = Field(max_length=320, examples=["cl1webex1@gmail.com"])
    password: str = Field(max_length=200, examples=["C1sco!Pod1"])


class ConnectFacebookLoginOut(_Out):
    id: str
    account: dict[str, Any]
    expiresAt: str
    pages: list[dict[str, Any]]


class ConnectLiveChatAppCreate(_In):
    name: str = Field(max_length=100, examples=["LiveChat_Asset"])
    websiteUrl: str = Field(max_length=500, examples=["https://www.example.com"])
    allowedDomains: Optional[list[str]] = Field(default=None, max_length=20)


class ConnectNumberAppCreate(_In):
    name: str = Field(max_length=100, examples=["WhatsApp Support"])
    number: str = Field(max_length=30, description="A pre-assigned number of the tenant.", examples=["+1408555011"])


class ConnectRegisterRequest(_In):
    serviceId: str = Field(max_length=100, description="The service the asset is managed under.",
                           examples=["s_1234567890123456"])


class ConnectAssetOut(_Out):
    id: str
    appId: str
    kind: str
    channel: str
    name: str
    config: dict[str, Any]


# --- integrations, templates, callback -----------------------------------------------------------
class ConnectAuthorizeRequest(_In):
    name: str = Field(max_length=100, description="Authorization Name.", examples=["WxCC Authorisation"])


class ConnectIntegrationOut(_Out):
    id: str
    name: str
    status: str
    nodeAuthorizations: list[dict[str, Any]]


class ConnectAuthorizeOut(_Out):
    id: str
    status: str
    authorizationUrl: str
    state: str


class ConnectCallbackOut(_Out):
    kind: str
    status: str


class ConnectTemplateIn(_In):
    name: str = Field(max_length=100, examples=["Welcome"])
    channel: Literal["sms", "email", "whatsapp", "messenger", "livechat", "apple"]
    content: dict[str, str] = Field(description="text (and subject/html for email); $(variable) placeholders.",
                                    examples=[{"text": "Hello $(customerName), thanks for contacting us."}])


class ConnectTemplateOut(_Out):
    id: str
    name: str
    channel: str
    content: dict[str, Any]
    variables: list[str]
