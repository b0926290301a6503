"""Request and response bodies of Flows (the designer's verbs; the definition itself is the open
format of definition.py, validated by the service so each problem is named)."""

from __future__ import annotations

from typing import Any, Literal, Optional

from pydantic import Field

from mockserver.connect.schema_base import BodyIn, BodyOut


class FlowCreate(BodyIn):
    name: str = Field(max_length=100, examples=["Email Inbound Flow"])
    description: Optional[str] = Field(default=None, max_length=1000)
    method: Optional[Literal["new", "definition", "template", "copy"]] = Field(
        default=None, description="new (from scratch, with trigger), definition (an open definition), template (a catalog key), "
                                  "copy (copyFromFlowId). Upload a file at POST .../flows/upload.")
    trigger: Optional[dict[str, Any]] = Field(default=None, examples=[{"type": "channel", "channel": "email", "event": "incomingMessage"}])
    definition: Optional[dict[str, Any]] = None
    template: Optional[str] = Field(default=None, max_length=60, examples=["v2.1-email"])
    copyFromFlowId: Optional[str] = Field(default=None, max_length=40)


class NodeEdit(BodyIn):
    name: Optional[str] = Field(default=None, max_length=100)
    config: Optional[dict[str, Any]] = Field(default=None, examples=[{"queueId": "<queue id>", "queueName": "Email_Q"}])
    before: Optional[dict[str, str]] = None
    after: Optional[dict[str, str]] = None
    outcomes: Optional[dict[str, Optional[int]]] = None


class TriggerEdit(BodyIn):
    trigger: dict[str, Any] = Field(examples=[{"type": "channel", "channel": "whatsapp", "event": "incomingMessage"}])


class CustomVariablesEdit(BodyIn):
    variables: dict[str, Optional[str]] = Field(examples=[{"bizemailid": "cl1webex1@gmail.com"}])


class MakeLive(BodyIn):
    assetIds: Optional[list[str]] = Field(default=None, max_length=20, description="The triggering apps (App ID or asset id).")
    comments: Optional[str] = Field(default=None, max_length=500)


class FlowOut(BodyOut):
    id: str
    serviceId: str
    name: str
    status: str
    liveVersion: Optional[int] = None
    trigger: dict[str, Any]


class FlowSaved(FlowOut):
    saved: bool
    errors: list[str]


class FlowVersionList(BodyOut):
    items: list[dict[str, Any]]
    total: int


class TemplateInfo(BodyOut):
    key: str
    version: str
    name: str
    workflow: str
    sha256: str
    supported: bool


class TemplateList(BodyOut):
    items: list[TemplateInfo]
    total: int


class FlowDefinitionDoc(BodyOut):
    """An open flow definition (GET .../flows/schema has its JSON Schema)."""

    formatVersion: str
    trigger: dict[str, Any]
    nodes: list[dict[str, Any]]


class Execution(BodyOut):
    transactionId: str
    flowId: str
    status: str
    steps: list[dict[str, Any]] = []


class ExportLogs(BodyIn):
    logType: Literal["inbound", "outbound"] = "inbound"
    channel: Optional[Literal["email", "messenger", "whatsapp", "sms", "livechat"]] = None
    appId: Optional[str] = Field(default=None, max_length=100)
    event: Optional[str] = Field(default=None, max_length=100)
    from_: Optional[str] = Field(default=None, alias="from", max_length=40)
    to: Optional[str] = Field(default=None, max_length=40)


class ExportJob(BodyOut):
    id: str
    status: str


class Report(BodyOut):
    records: list[dict[str, Any]]
    message: Optional[str] = None
