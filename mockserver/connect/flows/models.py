"""Flows, their versions, the live bindings inbound traffic is matched on, executions (step logs)
and the message log (what came in and what Connect's channels delivered)."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column
from sqlmodel import Field, SQLModel

from mockserver.core.columns import epoch_ms, json_dict, json_list


class ConnectFlow(SQLModel, table=True):
    __tablename__ = "connect_flow"
    id: str = Field(primary_key=True)  # the Flow ID (numeric text, as the designer shows it)
    pod: int = Field(index=True)
    org_id: str
    tenant_id: str = Field(index=True)
    service_id: str = Field(index=True)
    name: str
    name_key: str
    description: str = ""
    draft: dict = json_dict()  # the Working Draft (open definition)
    draft_changed: bool = True  # the draft differs from the newest version made live
    source: dict = json_dict()  # {kind: scratch|template|upload|copy, ...}
    live_version: int | None = None
    publishing_version: int | None = None
    publishing_due_ms: int | None = epoch_ms(nullable=True)
    versions: int = 0
    webhook_id: str | None = Field(default=None, index=True)
    created_by: str | None = None
    created_ms: int = epoch_ms()
    updated_ms: int = epoch_ms()


class ConnectFlowVersion(SQLModel, table=True):
    __tablename__ = "connect_flow_version"
    id: str = Field(primary_key=True)  # <flow id>:<version>
    pod: int = Field(index=True)
    flow_id: str = Field(index=True)
    version: int
    definition: dict = json_dict()
    asset_ids: list = json_list()  # the triggering apps chosen at Make Live
    comments: str = ""
    made_live_by: str | None = None
    made_live_ms: int = epoch_ms()
    live_ms: int | None = epoch_ms(nullable=True)  # publishing finished


class ConnectFlowBinding(SQLModel, table=True):
    """What the live version of a flow answers to: (kind, key) = (channel event, app asset id) |
    (wxcc, TaskRouted) | (webhook, id) | (event, flow id). Rebuilt when a version goes live."""

    __tablename__ = "connect_flow_binding"
    id: str = Field(primary_key=True)
    pod: int = Field(index=True)
    org_id: str = Field(index=True)
    tenant_id: str
    flow_id: str = Field(index=True)
    version: int
    kind: str  # channel | wxcc | webhook | event
    key: str = Field(index=True)  # asset id | event name | webhook id | flow id
    event: str = ""


class ConnectFlowExecution(SQLModel, table=True):
    __tablename__ = "connect_flow_execution"
    id: str = Field(primary_key=True)  # the transaction id
    pod: int = Field(index=True)
    org_id: str = Field(index=True)
    tenant_id: str = Field(index=True)
    service_id: str = Field(index=True)
    flow_id: str = Field(index=True)
    version: int
    trigger: str  # channel:email:incomingMessage | wxcc:TaskRouted | webhook | event
    asset_id: str | None = None
    customer_address: str | None = Field(default=None, index=True)
    status: str = "running"  # running | waiting | completed | failed
    waiting_node: int | None = None
    variables: dict = json_dict()
    steps: list = json_list()
    reason: str | None = None
    started_ms: int = Field(sa_column=Column(BigInteger, nullable=False, index=True))
    ended_ms: int | None = epoch_ms(nullable=True)


class ConnectMessage(SQLModel, table=True):
    """One message through a Connect channel: inbound from a customer or outbound to one."""

    __tablename__ = "connect_message"
    id: str = Field(primary_key=True)  # transid
    pod: int = Field(index=True)
    org_id: str = Field(index=True)
    tenant_id: str = Field(index=True)
    direction: str  # inbound | outbound
    channel: str  # email | messenger | whatsapp | sms | livechat
    asset_id: str | None = Field(default=None, index=True)
    app_id: str | None = None
    service_id: str | None = None
    flow_id: str | None = None
    transaction_id: str | None = Field(default=None, index=True)  # the flow execution
    customer_address: str = Field(index=True)
    business_address: str = ""
    event: str = ""  # inbound: incomingMessage ...; outbound: the node or API that sent it
    subject: str = ""
    text: str = ""
    html: str | None = None
    attachments: list = json_list()
    status: str = "Received"  # inbound: Received | No live flow | Publishing | Rejected; outbound: Submitted | Delivered | Read | Failed
    statuses: list = json_list()  # [{status, code, at}]
    meta: dict = json_dict()
    created_ms: int = Field(sa_column=Column(BigInteger, nullable=False, index=True))


class ConnectExportJob(SQLModel, table=True):
    """Tools → Export Logs: an asynchronous job (Queued → Ready for download) over the message log."""

    __tablename__ = "connect_export_job"
    id: str = Field(primary_key=True)
    pod: int = Field(index=True)
    tenant_id: str = Field(index=True)
    params: dict = json_dict()
    status: str = "Queued"  # Queued | Ready for download
    rows: int = 0
    csv: str = ""
    requested_by: str | None = None
    created_ms: int = epoch_ms()
    ready_ms: int | None = epoch_ms(nullable=True)


class ConnectConversationTask(SQLModel, table=True):
    """Which WxCC task a conversation's latest Create Task / Resolve made (the Resolve middleware keeps
    this link: a Close Task node given only the conversation, as the Live Chat Close flow is, finds it)."""

    __tablename__ = "connect_conversation_task"
    conversation_id: str = Field(primary_key=True)
    pod: int = Field(index=True)
    org_id: str
    task_id: str
    updated_ms: int = epoch_ms()
