"""The template catalog: Cisco's published flow files (CiscoDevNet/webexcc-digital-channels,
``Webex Connect Flows/`` v2.1 and v3.5), recognised by the SHA-256 of their ``.workflow`` file and
mapped to an open definition written from Cisco's documented node order and semantics
(connect-engage.md § Flows; connect-api.md §2-§4; the templates' README files).

The published files are encrypted (hex text of an AES payload): their graphs cannot be read. What
runs is the definition here; GET /connect/{tenant}/flows/templates/{key} shows it. An unknown
encrypted file, a damaged zip or a file that is no flow is refused (``read_upload``).
"""

from __future__ import annotations

import copy
import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass
from typing import Any

MAX_UPLOAD = 8 * 1024 * 1024  # decision: the largest published file is 1 MB; 8 MB leaves room


@dataclass(frozen=True)
class Template:
    key: str
    version: str  # 2.1 | 3.5
    name: str
    file: str  # as published (zip)
    workflow: str  # the .workflow inside
    size: int
    sha256: str
    kind: str  # email | messenger | whatsapp | sms | livechat | livechatClose | taskRouted | taskModified | taskClosed | apple
    supported: bool = True


TEMPLATES: tuple[Template, ...] = (
    Template("v2.1-email", "2.1", "Email Inbound Flow", "v2.1/Email Inbound Flow.workflow.zip", "Email Inbound Flow.workflow", 841728,
             "3e6292e4c27af6f1fc1f7ca1ed7308de30a130a7d5952dc107d68988c73024ed", "email"),
    Template("v2.1-facebook", "2.1", "Facebook Inbound Flow", "v2.1/Facebook Inbound Flow.workflow.zip", "Facebook Inbound Flow.workflow", 871936,
             "bc2ca26c5b5bebffa1892506b4b82823cf0356222d3ec87499cab869eda4c9b1", "messenger"),
    Template("v2.1-livechat-close", "2.1", "Live Chat Close Flow", "v2.1/Live Chat Close Flow.workflow.zip", "Live Chat Close Flow.workflow", 169472,
             "747994ff57a0d225c2c43ed18c914cdc0b754187f439f4e04e9eccb0e87ad531", "livechatClose"),
    Template("v2.1-livechat", "2.1", "Live Chat Inbound Flow", "v2.1/Live Chat Inbound Flow.workflow.zip", "Live Chat Inbound Flow.workflow", 761856,
             "8aa7a925efe079acfcd1afc6f241d60d04d8558cdc55ef505a3dd547829c8410", "livechat"),
    Template("v2.1-sms", "2.1", "SMS Inbound Flow", "v2.1/SMS Inbound Flow.workflow.zip", "SMS Inbound Flow.workflow", 783872,
             "b9d5cedba7d59ef6ce93cb83f725a10b2aabc58f7595acb83f0a260d6599c1c4", "sms"),
    Template("v2.1-task-close", "2.1", "Task Close Flow", "v2.1/Task Close Flow.workflow.zip", "Task Close Flow.workflow", 331264,
             "aed3834c02eb8ec9f8a0a9f16c718be4874312e691098cb155ba14a3a4d70b8d", "taskClosed"),
    Template("v2.1-task-modified", "2.1", "Task Modified Flow", "v2.1/Task Modified Flow.workflow.zip", "Task Modified Flow.workflow", 553472,
             "281b087cec9ca2eb31bd9e40d58b0788944d37597654c88a67c02adcc26b41df", "taskModified"),
    Template("v2.1-task-routed", "2.1", "Task Routed Flow", "v2.1/Task Routed Flow.workflow.zip", "Task Routed Flow.workflow", 344064,
             "2067e913859aa0974e343171cc7bb1e28d8291f29381cdc5f996e0fcc87b3909", "taskRouted"),
    Template("v2.1-whatsapp", "2.1", "WAB Inbound Flow", "v2.1/WAB Inbound Flow.workflow.zip", "WAB Inbound Flow.workflow", 737792,
             "51e9a985299524ba1a5e0a3fc500a1293c4c42b5f7e0e80b94d9128652166ea5", "whatsapp"),
    Template("v3.5-email", "3.5", "EmailInboundFlow", "v3.5/EmailInboundFlow.workflow.zip", "EmailInboundFlow.workflow", 448512,
             "140883d57000d817c3d0c8966acb2e687768ba4b770c405477d47566b9440a6b", "email"),
    Template("v3.5-facebook", "3.5", "FacebookInboundFlow", "v3.5/FacebookInboundFlow.workflow.zip", "FacebookInboundFlow.workflow", 408576,
             "e080d6d409ca1e873cebebf3c7684abdc6eb8b9099b8ec59bd8f089eb54db0db", "messenger"),
    Template("v3.5-whatsapp", "3.5", "Whatsapp inbound", "v3.5/Whatsapp inbound.workflow.zip", "Whatsapp inbound.workflow", 400896,
             "3ee231af18934e3b22def29a33ac02b87ffa2b80f4258e3313c9c3a6b86285e4", "whatsapp"),
    Template("v3.5-sms", "3.5", "SMS inbound", "v3.5/SMS inbound.workflow.zip", "SMS inbound.workflow", 345088,
             "5f181c7d0953f409578e4e6807c1b5240cfc7c161faf4824b7b1684e6816791c", "sms"),
    Template("v3.5-livechat", "3.5", "LivechatInbound flow", "v3.5/LivechatInbound flow.workflow.zip", "LivechatInbound flow.workflow", 655360,
             "b2561f925ca83704edbd75e21df2133ebba4d6ed19a6047a617bb5afa05cd752", "livechat"),
    Template("v3.5-livechat-without-form", "3.5", "LivechatInboundFlowWithoutForm", "v3.5/LivechatInboundFlowWithoutForm.workflow.zip",
             "LivechatInboundFlowWithoutForm.workflow", 451072,
             "ab91639c28fca53a387479bd09f0fac33267786d04d71c5f5f1356c318d028a4", "livechat"),
    Template("v3.5-livechat-proactive", "3.5", "Livechat Inbound flow with proactive chat changes",
             "v3.5/Livechat Inbound flow with proactive chat changes.zip", "Livechat Inbound flow with proactive chat changes.workflow", 761856,
             "02f918bfb5f34adb689f9e8d3eab77708a2c1728fcc05de2da3e8d3450c5081a", "livechat"),
    Template("v3.5-livechat-close", "3.5", "Live Chat Close Flow", "v3.5/Live Chat Close Flow.workflow.zip", "Live Chat Close Flow.workflow", 197120,
             "645e35fe197afa07388859407abaa0bb6a2e53ba8498fea8172c1280dbdf2e48", "livechatClose"),
    Template("v3.5-task-close", "3.5", "Task Close Flow", "v3.5/Task Close Flow.workflow.zip", "Task Close Flow.workflow", 102400,
             "3f76c4ec7915b00d366d01503a3ffe42016def554bd9b291932cefd19b1d2f0e", "taskClosed"),
    Template("v3.5-task-modified", "3.5", "Task Modified Flow", "v3.5/Task Modified Flow.workflow.zip", "Task Modified Flow.workflow", 120832,
             "233a751ffd23c9863763d70af38257f22176c21c1748c15ff1f74ab7f760a9d1", "taskModified"),
    Template("v3.5-task-routed", "3.5", "Task Routed Flow", "v3.5/Task Routed Flow.workflow.zip", "Task Routed Flow.workflow", 104960,
             "dda7d68470b943ebda2c301d5c238f80fb890613565e31f4c46fc89d6bd72d8c", "taskRouted"),
    Template("v3.5-apple-simplified", "3.5", "AMB Simplified Flow", "v3.5/Apple Messages for Business - AMB Simplified Flow.zip",
             "AMB Simplified Flow.workflow", 467456,
             "f041ced392556c87eedabe4321d522e57c3a60f68e51b462845c17be741fb46f", "apple", supported=False),
    Template("v3.5-apple-basic", "3.5", "Apple Basic Inbound Flow", "v3.5/Apple Messages for Business - Apple Basic Inbound Flow.workflow.zip",
             "Apple Basic Inbound Flow.workflow", 611840,
             "ff0461d47eeb920bacaa6d97bb1122474d3d7d41cea8e65b750c86c885178374", "apple", supported=False),
    Template("v3.5-apple-form", "3.5", "Apple Inbound Flow with Form", "v3.5/Apple Messages for Business - Apple Inbound Flow with Form.workflow.zip",
             "Apple Inbound Flow with Form.workflow", 1032192,
             "9ea0649fccabf8056fd1072bb0b6ed1966911445034d9696a833e04c40e61ec5", "apple", supported=False),
    Template("v3.5-apple-unsubscribe", "3.5", "Apple Unsubscribe Flow", "v3.5/Apple Messages for Business - Apple Unsubscribe Flow.workflow.zip",
             "Apple Unsubscribe Flow.workflow", 119296,
             "aff0b26cc77f5eb2cd0c062bc0d2c316c0fea984758a7c90e24765c53eadf9ac", "apple", supported=False),
)
BY_SHA = {t.sha256: t for t in TEMPLATES}
BY_KEY = {t.key: t for t in TEMPLATES}


class UploadError(Exception):
    def __init__(self, status: int, message: str, details: list[str]) -> None:
        super().__init__(message)
        self.status, self.message, self.details = status, message, details


def supported_names() -> str:
    return "; ".join(f"v{t.version} {t.workflow}" for t in TEMPLATES if t.supported)


# --- channel facts the inbound templates use ----------------------------------------------------------
# channel -> (start-node prefix, customer address var, business address expr, customer name var,
#             message var, media type, media channel, destination expr, custom variables)
CHANNEL_FACTS: dict[str, dict[str, Any]] = {
    "email": {"prefix": "email", "customer": "email.emailId", "business": "$(bizemailid)", "name": "email.senderName",
              "message": "email.message", "mediaType": "email", "mediaChannel": "email", "destination": "$(n2.email.appId)",
              "custom": [("bizemailid", "", "The mailbox address customers write to (the email asset's Email ID).")]},
    "messenger": {"prefix": "messenger", "customer": "messenger.psId", "business": "$(FBPageID)", "name": "messenger.name",
                  "message": "messenger.message", "mediaType": "social", "mediaChannel": "facebook",
                  "destination": "$(appid)",
                  "custom": [("FBPageID", "", "The Facebook Page ID (the number of the page's m.me link)."),
                             ("appid", "", "The Messenger app's App ID.")]},
    "whatsapp": {"prefix": "whatsapp", "customer": "whatsapp.waId", "business": "$(WANumber_Countrycode)$(WANumber)",
                 "name": "whatsapp.username", "message": "whatsapp.message", "mediaType": "social", "mediaChannel": "whatsapp",
                 "destination": "$(appid)",
                 "custom": [("WANumber", "", "The WhatsApp number without the country code."),
                            ("WANumber_Countrycode", "", "The WhatsApp number's country code (e.g. 1)."),
                            ("appid", "", "The WhatsApp app's App ID.")]},
    "sms": {"prefix": "sms", "customer": "sms.senderNumber", "business": "$(n2.sms.serviceNumber)", "name": "sms.senderNumber",
            "message": "sms.message", "mediaType": "social", "mediaChannel": "sms", "destination": "$(n2.sms.serviceNumber)",
            "custom": []},
    "livechat": {"prefix": "inappmessaging", "customer": "inappmessaging.userId", "business": "$(n2.inappmessaging.appId)",
                 "name": "inappmessaging.customerName", "message": "inappmessaging.message", "mediaType": "chat",
                 "mediaChannel": "web", "destination": "$(n2.inappmessaging.appId)",
                 "custom": []},
}

FAILURE_TEXT = "We are sorry, we could not pass your message to an agent. Please try again later."


def _node(id_: int, type_: str, name: str, outcomes: dict[str, int | None], config: dict | None = None,
          before: dict | None = None, after: dict | None = None) -> dict[str, Any]:
    n: dict[str, Any] = {"id": id_, "type": type_, "name": name, "config": config or {}, "outcomes": outcomes}
    if before:
        n["before"] = before
    if after:
        n["after"] = after
    return n


def _custom(facts: dict[str, Any]) -> list[dict[str, str]]:
    return [{"name": n, "default": d, "description": desc} for n, d, desc in facts["custom"]]


def _common_vars(channel: str) -> dict[str, str]:
    f = CHANNEL_FACTS[channel]
    return {"flid": "$(n2.%s.transId)" % f["prefix"], "customerAddress": f"$(n2.{f['customer']})",
            "bizAddress": f["business"], "customerName": f"$(n2.{f['name']})",
            "messageFromCustomer": f"$(n2.{f['message']})", "destination": f["destination"]}


def _inbound_v21(t: Template, channel: str) -> dict[str, Any]:
    """v2.1 (the labs'): start → Search Conversation → Append (active) / Create (first contact) /
    Re-open (closed) → Create Task → Queue Task; failures tell the customer and close what was opened."""
    f = CHANNEL_FACTS[channel]
    conv = {"channel": channel, "customerAddress": "$(customerAddress)", "businessAddress": "$(bizAddress)"}
    if channel == "email":
        conv.update({"subject": "$(n2.email.subject)", "inReplyTo": "$(n2.email.inReplyTo)"})
    if channel == "livechat":
        conv.update({"threadId": "$(n2.inappmessaging.threadId)"})
    message = {"text": "$(messageFromCustomer)", "sender": "customer"}
    if channel == "email":
        message.update({"subject": "$(n2.email.subject)", "html": "$(n2.email.htmlMessage)", "attachments": "$(n2.email.attachments)",
                        "inReplyTo": "$(n2.email.inReplyTo)", "messageId": "$(n2.email.messageId)"})
    elif channel in ("messenger", "whatsapp", "livechat"):
        message["attachments"] = f"$(n2.{f['prefix']}.attachments)"
    task = {"taskId": "$(flid)", "conversationId": "$(conversationId)", "mediaType": f["mediaType"],
            "mediaChannel": f["mediaChannel"], "origin": "$(customerAddress)", "destination": "$(destination)",
            "customerName": "$(customerName)"}
    nodes = [
        _node(2, "start", t.name.replace(" Flow", ""), {"next": 3}),
        _node(3, "setVariable", "Set Flow Variables", {"success": 4, "error": 90}, {"variables": _common_vars(channel)}),
        _node(4, "searchConversation", "Search Conversation",
              {"noConversationFound": 5, "conversationActive": 6, "conversationInQueue": 6, "conversationOnHold": 6,
               "conversationClosed": 7, "onInvalidData": 90, "onauthorizationfail": 90, "onError": 90}, conv,
              after={"conversationId": "$(n4.conversationId)"}),
        _node(5, "createConversation", "Create Conversation",
              {"onConversationCreated": 9, "onConversationFailed": 90, "onauthorizationfail": 90},
              {**conv, "assetId": "$(destination)", "customerName": "$(customerName)", "message": message},
              after={"conversationId": "$(n5.conversationId)"}),
        _node(6, "appendConversation", "Append Conversation",
              {"onAppendMessageSuccess": 99, "onAppendMessageFailure": 90, "onauthorizationfail": 90},
              {"conversationId": "$(conversationId)", "message": message}),
        _node(7, "reopenConversation", "Re-open Conversation",
              {"onConversationReopened": 8, "onReopenFailure": 90, "onauthorizationfail": 90}, {"conversationId": "$(conversationId)"}),
        _node(8, "appendConversation", "Append Conversation (re-opened)",
              {"onAppendMessageSuccess": 9, "onAppendMessageFailure": 90, "onauthorizationfail": 90},
              {"conversationId": "$(conversationId)", "message": message}),
        _node(9, "createTask", "Create Task", {"created": 10, "taskFailed": 91, "onInvalidData": 91, "onauthorizationfail": 91,
                                               "onError": 91}, task, after={"taskId": "$(n9.taskId)"}),
        _node(10, "queueTask", "Queue Task", {"queued": 99, "taskFailed": 91, "onInvalidData": 91, "onauthorizationfail": 91,
                                              "onError": 91},
              {"taskId": "$(taskId)", "conversationId": "$(conversationId)", "mediaType": f["mediaType"],
               "mediaChannel": f["mediaChannel"], "queueId": "", "priority": "10"}),
        _node(90, "send", "Tell the customer", {"sent": 99, "error": 99}, {"text": FAILURE_TEXT,
                                                                           **({"subject": "Re: $(n2.email.subject)"} if channel == "email" else {})}),
        _node(91, "closeConversation", "Close Conversation (task failed)",
              {"onConversationClosed": 90, "onCloseConversationFailure": 90, "onauthorizationfail": 90},
              {"conversationId": "$(conversationId)", "closedBy": "system"}),
        _node(99, "end", "End", {}),
    ]
    return {"trigger": {"type": "channel", "channel": channel, "event": "incomingMessage"}, "customVariables": _custom(f),
            "nodes": nodes}


def _inbound_v35(t: Template, channel: str) -> dict[str, Any]:
    """v3.5: start → Set Variable → Evaluate (attachment metadata, detailsJson) → Branch (empty
    message) → Resolve Conversation (creates / appends / re-opens and makes the task) → Queue Task."""
    f = CHANNEL_FACTS[channel]
    script = "\n".join([
        "attachments = json_parse($(n2.%s.attachments), [])" % f["prefix"],
        "count = len(attachments) if attachments != '' else 0",
        "text = trim($(messageFromCustomer))",
        "messageFromCustomer = text if text != '' else '<del><no-text-sent></del>'",
        "detailsJson = json({'messageDetails': {'message': text, 'customer': $(customerAddress), 'business': $(bizAddress)},"
        " 'pciDetails': {'isPCICompliant': true, 'isPCIValidationDone': true, 'droppedAttachmentCount': 0}})",
        "return 'empty' if text == '' and count == 0 else 'message'",
    ])
    resolve = {"channel": channel, "mediaType": f["mediaType"], "mediaChannel": f["mediaChannel"],
               "assetId": "$(destination)", "customerAddress": "$(customerAddress)", "businessAddress": "$(bizAddress)",
               "customerName": "$(customerName)", "detailsJson": "$(detailsJson)",
               "message": {"text": "$(messageFromCustomer)", "sender": "customer"}, "destination": "$(destination)"}
    if channel == "email":
        resolve.update({"subject": "$(n2.email.subject)", "inReplyTo": "$(n2.email.inReplyTo)"})
        resolve["message"].update({"subject": "$(n2.email.subject)", "html": "$(n2.email.htmlMessage)",
                                   "attachments": "$(n2.email.attachments)", "messageId": "$(n2.email.messageId)",
                                   "inReplyTo": "$(n2.email.inReplyTo)"})
    if channel == "livechat":
        resolve["threadId"] = "$(n2.inappmessaging.threadId)"
    nodes = [
        _node(2, "start", t.name, {"next": 3}),
        _node(3, "setVariable", "Set Variable", {"success": 4, "error": 90}, {"variables": _common_vars(channel)}),
        _node(4, "evaluate", "Evaluate attachments and details", {"message": 5, "empty": 99, "error": 90}, {"script": script}),
        _node(5, "branch", "Branch", {"text": 6, "none": 6},
              {"conditions": [{"outcome": "text", "variable": "$(messageFromCustomer)", "operator": "isnotempty"}]}),
        _node(6, "resolveConversation", "Resolve Conversation",
              {"created": 7, "reopened": 7, "appended": 99, "onInvalidData": 90, "onauthorizationfail": 90, "taskFailed": 90,
               "appendFailed": 90, "error": 90}, resolve,
              after={"conversationId": "$(n6.conversationId)", "taskId": "$(n6.taskId)"}),
        _node(7, "queueTask", "Queue Task", {"queued": 99, "taskFailed": 90, "onInvalidData": 90, "onauthorizationfail": 90,
                                             "onError": 90},
              {"taskId": "$(taskId)", "conversationId": "$(conversationId)", "mediaType": f["mediaType"],
               "mediaChannel": f["mediaChannel"], "queueId": "", "priority": "10"}),
        _node(90, "send", "Tell the customer", {"sent": 99, "error": 99},
              {"text": FAILURE_TEXT, **({"subject": "Re: $(n2.email.subject)"} if channel == "email" else {})}),
        _node(99, "end", "End", {}),
    ]
    return {"trigger": {"type": "channel", "channel": channel, "event": "incomingMessage"}, "customVariables": _custom(f),
            "nodes": nodes}


def _livechat_close(t: Template) -> dict[str, Any]:
    """Live Chat Close: the thread-closed event → Search Conversation (→ aliasId) → Close Task."""
    nodes = [
        _node(2, "start", "Live Chat thread closed", {"next": 3}),
        _node(3, "searchConversation", "Search Conversation",
              {"conversationActive": 4, "conversationInQueue": 4, "conversationOnHold": 4, "noConversationFound": 99,
               "conversationClosed": 99, "onInvalidData": 99, "onauthorizationfail": 99, "onError": 99},
              {"channel": "livechat", "customerAddress": "$(n2.inappmessaging.userId)",
               "businessAddress": "$(n2.inappmessaging.appId)", "threadId": "$(n2.inappmessaging.threadId)"}),
        _node(4, "closeTask", "Close Task", {"closed": 99, "taskFailed": 99, "onInvalidData": 99, "onauthorizationfail": 99,
                                             "onError": 99},
              {"mode": "wxcc", "conversationId": "$(n3.conversationId)", "taskId": "$(n3.taskId)",
               "reason": "$(n2.inappmessaging.reasonForThreadClosure)"}),
        _node(99, "end", "End", {}),
    ]
    return {"trigger": {"type": "channel", "channel": "livechat", "event": "threadClosed"}, "customVariables": [], "nodes": nodes}


_MEDIA_SCRIPT = "\n".join([
    "mediaResourceId = named($(n2.webex.variables), 'mediaResourceId')",
    "agentName = named($(n2.webex.variables), 'agentName')",
    "return 'found' if mediaResourceId != '' else 'missing'",
])


def _task_routed(t: Template) -> dict[str, Any]:
    """Task Routed (agent accepted): the agent joins the conversation; WxCC hears Routed Accepted."""
    nodes = [
        _node(2, "start", "WxCC Task v2: Task Routed", {"next": 3}),
        _node(3, "evaluate", "Read webex.variables", {"found": 4, "missing": 6, "error": 6}, {"script": _MEDIA_SCRIPT}),
        _node(4, "addParticipant", "Add Participant", {"OnAddParticipantSuccess": 5, "OnAddParticipantFailure": 6,
                                                        "onauthorizationfail": 6},
              {"conversationId": "$(mediaResourceId)", "agentId": "$(n2.webex.agentId)", "agentName": "$(agentName)"}),
        _node(5, "routedNotification", "Routed Accepted", {"onTaskRouted": 99, "onTaskRoutedFailure": 99,
                                                            "onauthorizationfail": 99},
              {"taskId": "$(n2.webex.ID)", "agentId": "$(n2.webex.agentId)", "queueId": "$(n2.webex.queue)",
               "mediaResourceId": "$(mediaResourceId)", "mediaType": "$(n2.webex.mediaType)", "accepted": True}),
        _node(6, "routedNotification", "Routed Rejected", {"onTaskRouted": 99, "onTaskRoutedFailure": 99,
                                                            "onauthorizationfail": 99},
              {"taskId": "$(n2.webex.ID)", "agentId": "$(n2.webex.agentId)", "queueId": "$(n2.webex.queue)",
               "mediaResourceId": "$(mediaResourceId)", "mediaType": "$(n2.webex.mediaType)", "accepted": False,
               "reason": "the agent could not be added to the conversation", "reasonCode": "1001"}),
        _node(99, "end", "End", {}),
    ]
    return {"trigger": {"type": "wxccTask", "event": "TaskRouted"}, "customVariables": [], "nodes": nodes}


def _task_modified(t: Template) -> dict[str, Any]:
    """Task Modified (transfer / conference): webex.context add → Add Participant, remove → Remove."""
    nodes = [
        _node(2, "start", "WxCC Task v2: Task Modified", {"next": 3}),
        _node(3, "evaluate", "Read webex.variables", {"found": 4, "missing": 8, "error": 8}, {"script": _MEDIA_SCRIPT}),
        _node(4, "branch", "Add or remove", {"add": 5, "remove": 6, "none": 8},
              {"conditions": [{"outcome": "add", "variable": "$(n2.webex.context)", "operator": "equals", "value": "add"},
                              {"outcome": "remove", "variable": "$(n2.webex.context)", "operator": "equals", "value": "remove"}]}),
        _node(5, "addParticipant", "Add Participant", {"OnAddParticipantSuccess": 7, "OnAddParticipantFailure": 8,
                                                        "onauthorizationfail": 8},
              {"conversationId": "$(mediaResourceId)", "agentId": "$(n2.webex.agentId)", "agentName": "$(agentName)"}),
        _node(6, "removeParticipant", "Remove Participant", {"onParticipantRemoved": 7, "onRemoveParticipantFailure": 8,
                                                              "onauthorizationfail": 8},
              {"conversationId": "$(mediaResourceId)", "agentId": "$(n2.webex.agentId)"}),
        _node(7, "modifyNotification", "Modified Accepted", {"onModifiedAcceptSuccess": 99, "onModifiedFailure": 99,
                                                              "onauthorizationfail": 99},
              {"taskId": "$(n2.webex.ID)", "agentId": "$(n2.webex.agentId)", "mediaResourceId": "$(mediaResourceId)",
               "accepted": True}),
        _node(8, "modifyNotification", "Modified Rejected", {"onModifiedAcceptSuccess": 99, "onModifiedFailure": 99,
                                                              "onauthorizationfail": 99},
              {"taskId": "$(n2.webex.ID)", "agentId": "$(n2.webex.agentId)", "mediaResourceId": "$(mediaResourceId)",
               "accepted": False, "reason": "the conversation could not be updated", "reasonCode": "1001"}),
        _node(99, "end", "End", {}),
    ]
    return {"trigger": {"type": "wxccTask", "event": "TaskModified"}, "customVariables": [], "nodes": nodes}


def _task_closed(t: Template) -> dict[str, Any]:
    """Task Close: the conversation closes; WxCC hears Close Task Accept."""
    nodes = [
        _node(2, "start", "WxCC Task v2: Task Closed", {"next": 3}),
        _node(3, "evaluate", "Read webex.variables", {"found": 4, "missing": 99, "error": 99}, {"script": _MEDIA_SCRIPT}),
        _node(4, "closeConversation", "Close Conversation", {"onConversationClosed": 5, "onCloseConversationFailure": 6,
                                                              "onauthorizationfail": 6},
              {"conversationId": "$(mediaResourceId)", "closedBy": "$(n2.webex.owner)"}),
        _node(5, "closeTask", "Close Task Accept", {"closed": 99, "taskFailed": 99, "onInvalidData": 99,
                                                    "onauthorizationfail": 99, "onError": 99},
              {"mode": "accept", "taskId": "$(n2.webex.taskId)", "conversationId": "$(mediaResourceId)",
               "mediaType": "$(n2.webex.mediaType)"}),
        _node(6, "closeTask", "Close Task Reject", {"closed": 99, "taskFailed": 99, "onInvalidData": 99,
                                                    "onauthorizationfail": 99, "onError": 99},
              {"mode": "reject", "taskId": "$(n2.webex.taskId)", "conversationId": "$(mediaResourceId)",
               "agentId": "$(n2.webex.owner)", "reason": "the conversation could not be closed", "reasonCode": "1001"}),
        _node(99, "end", "End", {}),
    ]
    return {"trigger": {"type": "wxccTask", "event": "TaskClosed"}, "customVariables": [], "nodes": nodes}


def definition(t: Template) -> dict[str, Any]:
    if t.kind in CHANNEL_FACTS:
        body = (_inbound_v21 if t.version == "2.1" else _inbound_v35)(t, t.kind)
    elif t.kind == "livechatClose":
        body = _livechat_close(t)
    elif t.kind == "taskRouted":
        body = _task_routed(t)
    elif t.kind == "taskModified":
        body = _task_modified(t)
    elif t.kind == "taskClosed":
        body = _task_closed(t)
    else:
        raise KeyError(t.key)
    if t.kind == "livechat" and t.version == "3.5" and "proactive" in t.key:
        body["nodes"][1]["config"]["variables"]["proactiveId"] = "$(n2.inappmessaging.extras.proactive_id)"
    out = {"formatVersion": "1.0", "name": t.name, "description": f"Cisco template v{t.version} ({t.workflow}), "
           "as the sandbox runs it: node order and semantics from Cisco's documentation (docs/flows.md).",
           **body, "startNodeId": 2,
           "template": {"key": t.key, "version": t.version, "workflow": t.workflow, "sha256": t.sha256}}
    return copy.deepcopy(out)


def catalog_json() -> list[dict[str, Any]]:
    return [{"key": t.key, "version": t.version, "name": t.name, "file": t.file, "workflow": t.workflow, "bytes": t.size,
             "sha256": t.sha256, "kind": t.kind, "supported": t.supported,
             **({} if t.supported else {"reason": "Apple Messages for Business is not emulated by the sandbox"})}
            for t in TEMPLATES]


# --- reading an upload -------------------------------------------------------------------------------
_HEX = re.compile(rb"^[0-9a-fA-F\s]+$")


def _unzip(data: bytes) -> tuple[str, bytes]:
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
        names = [i for i in z.infolist() if not i.is_dir() and "__MACOSX" not in i.filename
                 and not i.filename.rsplit("/", 1)[-1].startswith("._")]
        flows = [i for i in names if i.filename.lower().endswith((".workflow", ".json"))]
        if len(flows) != 1:
            raise UploadError(400, "Invalid flow file.", [
                f"file: the zip holds {len(flows)} flow files (.workflow or .json); upload a zip with exactly one, "
                f"or the .workflow itself. Found: {', '.join(i.filename for i in names) or 'nothing'}"])
        if flows[0].file_size > MAX_UPLOAD:
            raise UploadError(413, "File too large.", [f"file: the flow inside the zip exceeds {MAX_UPLOAD // 1048576} MB"])
        return flows[0].filename.rsplit("/", 1)[-1], z.read(flows[0])
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, NotImplementedError, RuntimeError) as e:
        raise UploadError(400, "Invalid flow file.", [f"file: the zip archive is damaged or unreadable ({e})."]) from None


def read_upload(filename: str, data: bytes) -> tuple[dict[str, Any], dict[str, Any]]:
    """(the open definition, where it came from). Raises UploadError, nothing stored."""
    if len(data) > MAX_UPLOAD:
        raise UploadError(413, "File too large.", [f"file: at most {MAX_UPLOAD // 1048576} MB"])
    if not data.strip():
        raise UploadError(400, "Invalid flow file.", ["file: the file is empty"])
    inner = filename
    if data[:4] == b"PK\x03\x04" or filename.lower().endswith(".zip"):
        inner, data = _unzip(data)
    digest = hashlib.sha256(data).hexdigest()
    t = BY_SHA.get(digest)
    if t is not None:
        if not t.supported:
            raise UploadError(422, "Unsupported template.", [
                f"file: '{inner}' is Cisco's v{t.version} template '{t.name}' (sha256 {digest[:16]}); Apple Messages for "
                "Business is not emulated by the sandbox. Supported templates: " + supported_names()])
        return definition(t), {"kind": "template", "template": t.key, "file": inner, "sha256": digest}
    stripped = data.strip()
    if stripped[:1] == b"{":
        try:
            return json.loads(stripped), {"kind": "upload", "file": inner, "sha256": digest}
        except ValueError as e:
            raise UploadError(400, "Invalid flow file.", [f"file: '{inner}' looks like JSON but cannot be read: {e}"]) from None
    if _HEX.match(stripped[:4096]) and len(stripped) >= 64:
        raise UploadError(422, "Unknown flow template.", [
            f"file: '{inner}' is an encrypted .workflow file (sha256 {digest[:16]}…) that is not one of Cisco's published "
            "templates; its nodes cannot be read outside Webex Connect. Supported templates: " + supported_names(),
            "Upload an open definition instead (JSON, docs/flows.md; schema at GET /connect/{tenant}/flows/schema), or "
            "download a template's definition (GET /connect/{tenant}/flows/templates/{key}) and edit it."])
    raise UploadError(400, "Invalid flow file.", [
        f"file: '{inner}' is neither a .workflow flow (hex-encoded), a zip holding one, nor an open definition (JSON)."])
