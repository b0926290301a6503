"""Request and response bodies of Assets → Numbers and Apps (with the email app's GENERATE TOKEN and the
Messenger app's Facebook login)."""

from __future__ import annotations

from typing import Any, Literal, Optional

from pydantic import Field

from mockserver.connect.schema_base import BodyIn, BodyOut


class ConnectEmailTokenRequest(BodyIn):
    """The OAuth fields of the email app form; GENERATE TOKEN."""

    emailId: Optional[str] = Field(default=None, max_length=320, examples=["cl1webex1@gmail.com"])
    clientId: str = Field(max_length=300, examples=["123456789012-abc.apps.googleusercontent.com"])
    clientSecret: str = Field(max_length=300, examples=["GOCSPX-xxxxxxxxxxxxxxxxxxxxxxxxxxxx"])
    authorizationUrl: str = Field(max_length=500, examples=["https://accounts.google.com/o/oauth2/auth"])
    scope: str = Field(max_length=1000, examples=["https://mail.google.com/ https://www.googleapis.com/auth/gmail.send"])
    accessTokenUrl: str = Field(max_length=500, examples=["https://oauth2.googleapis.com/token"])
    refreshTokenUrl: Optional[str] = Field(default=None, max_length=500, examples=["https://accounts.google.com/o/oauth2/auth"])


class ConnectEmailTokenOut(BodyOut):
    id: str
    status: str


class ConnectEmailAppCreate(BodyIn):
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


class ConnectEmailTokenReplace(BodyIn):
    tokenRequestId: str = Field(max_length=100, description="A completed GENERATE TOKEN request (POST .../assets/apps/email/tokens).")


class ConnectShareRequest(BodyIn):
    containerIds: list[str] = Field(max_length=100, description="Groups/teams (at or below your level) whose users may "
                                    "see and use the app; replaces the previous list ([] stops sharing).",
                                    examples=[["<group id>"]])


class ConnectMessengerAppCreate(BodyIn):
    name: str = Field(max_length=100, examples=["FBM_Asset"])
    facebookLoginId: str = Field(max_length=100, description="The Facebook login (POST .../assets/apps/messenger/facebookLogin).")
    pageId: str = Field(max_length=30, description="One of the pages that login lists.", examples=["104680000000001"])


class ConnectFacebookLoginRequest(BodyIn):
    email: str = Field(max_length=320, examples=["cl1webex1@gmail.com"])
    password: str = Field(max_length=200, examples=["C1sco!Pod1"])


class ConnectFacebookLoginOut(BodyOut):
    id: str
    account: dict[str, Any]
    expiresAt: str
    pages: list[dict[str, Any]]


class ConnectLiveChatAppCreate(BodyIn):
    name: str = Field(max_length=100, examples=["LiveChat_Asset"])
    websiteUrl: str = Field(max_length=500, examples=["https://www.example.com"])
    allowedDomains: Optional[list[str]] = Field(default=None, max_length=20)


class ConnectNumberAppCreate(BodyIn):
    name: str = Field(max_length=100, examples=["WhatsApp Support"])
    number: str = Field(max_length=30, description="A pre-assigned number of the tenant.", examples=["+14085550012"])


class ConnectRegisterRequest(BodyIn):
    serviceId: str = Field(max_length=100, description="The service the asset is managed under.",
                           examples=["s_1234567890123456"])


class ConnectAssetOut(BodyOut):
    id: str
    appId: str
    kind: str
    channel: str
    name: str
    config: dict[str, Any]
