"""The open flow-definition format (docs/flows.md): what a flow is, checked the way the flow
designer's Save checks it.

A definition is JSON: the trigger (the start node's event), custom variables with defaults, and
numbered nodes, each with a type, a name, its configuration, transition actions (variables set
before / after it runs) and outcomes pointing at other nodes. Values are text with ``$(var)`` /
``$(nX.var)`` references, resolved when the node runs. The JSON Schema the server publishes
(GET /connect/{tenant}/flows/schema) is generated from these models, so it is never out of date.

Save (``graph_errors``) lists every missing or incorrect connection; a misconfigured node (a
bad expression, an unknown queue) is found only when it runs, as in the real designer.
"""

from __future__ import annotations

from typing import Any, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError

FORMAT_VERSION = "1.0"
CHANNELS = ("email", "messenger", "whatsapp", "sms", "livechat")
CHANNEL_EVENTS = {
    "email": ("incomingMessage",),
    "messenger": ("incomingMessage", "postback"),
    "whatsapp": ("incomingMessage", "postback", "list", "reply"),
    "sms": ("incomingMessage",),
    "livechat": ("incomingMessage", "threadClosed", "formResponse", "postback"),
}
TASK_EVENTS = ("TaskRouted", "TaskModified", "TaskClosed")
OPERATORS = ("equals", "notequals", "in", "contains", "notin", "equalsignorecase", "startswith", "endswith",
             "regex", "containsignorecase", "isempty", "isnotempty")

# node type -> (its fixed outcomes, whether it may define its own outcome names)
NODE_TYPES: dict[str, tuple[tuple[str, ...], bool]] = {
    "start": (("next",), False),
    "end": ((), False),
    "setVariable": (("success", "error"), False),
    "evaluate": (("error",), True),  # the script returns the name of one of its own outcomes
    "branch": (("none",), True),  # one outcome per condition, "none" when none holds
    "receive": (("received", "timeout", "error"), False),
    "send": (("sent", "error"), False),
    "httpRequest": (("success", "failure", "error"), False),
    # Webex CC Engage (engage/conversations/public.py)
    "searchConversation": (("noConversationFound", "conversationActive", "conversationClosed", "conversationInQueue",
                            "conversationOnHold", "onInvalidData", "onauthorizationfail", "onError"), False),
    "createConversation": (("onConversationCreated", "onConversationFailed", "onauthorizationfail"), False),
    "appendConversation": (("onAppendMessageSuccess", "onAppendMessageFailure", "onauthorizationfail"), False),
    "reopenConversation": (("onConversationReopened", "onReopenFailure", "onauthorizationfail"), False),
    "closeConversation": (("onConversationClosed", "onCloseConversationFailure", "onauthorizationfail"), False),
    "addParticipant": (("OnAddParticipantSuccess", "OnAddParticipantFailure", "onauthorizationfail"), False),
    "removeParticipant": (("onParticipantRemoved", "onRemoveParticipantFailure", "onauthorizationfail"), False),
    "resolveConversation": (("created", "appended", "reopened", "onInvalidData", "onauthorizationfail", "taskFailed",
                             "appendFailed", "error"), False),
    # Webex CC Task (wxcc/tasks/public.py)
    "createTask": (("created", "taskFailed", "onInvalidData", "onauthorizationfail", "onError"), False),
    "queueTask": (("queued", "taskFailed", "onInvalidData", "onauthorizationfail", "onError"), False),
    "closeTask": (("closed", "taskFailed", "onInvalidData", "onauthorizationfail", "onError"), False),
    "routedNotification": (("onTaskRouted", "onTaskRoutedFailure", "onauthorizationfail"), False),
    "modifyNotification": (("onModifiedAcceptSuccess", "onModifiedFailure", "onauthorizationfail"), False),
}
ERROR_OUTCOMES = {"error", "onError", "onauthorizationfail", "onInvalidData", "taskFailed", "onConversationFailed",
                  "onAppendMessageFailure", "onReopenFailure", "onCloseConversationFailure", "OnAddParticipantFailure",
                  "onRemoveParticipantFailure", "appendFailed", "onTaskRoutedFailure", "onModifiedFailure", "failure",
                  "timeout"}
Ref = Optional[int]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Condition(_Strict):
    variable: str = Field(max_length=500, description="A reference, e.g. $(n2.webex.mediaChannel) or webex.mediaChannel.")
    operator: Literal[OPERATORS] = "equals"  # type: ignore[valid-type]
    value: Any = None


class ChannelTrigger(_Strict):
    type: Literal["channel"] = "channel"
    channel: Literal[CHANNELS] = Field(description="The asset's channel.")  # type: ignore[valid-type]
    event: str = Field(default="incomingMessage", max_length=50, description="incomingMessage, postback, ...")
    conditions: list[Condition] = Field(default_factory=list, max_length=20)


class TaskTrigger(_Strict):
    type: Literal["wxccTask"] = "wxccTask"
    event: Literal[TASK_EVENTS] = Field(description="The WxCC Task v2 start node's event.")  # type: ignore[valid-type]
    conditions: list[Condition] = Field(default_factory=list, max_length=20,
                                        description="Start-node conditions (all must hold), e.g. webex.mediaChannel equals web.")


class WebhookTrigger(_Strict):
    type: Literal["webhook"] = "webhook"
    conditions: list[Condition] = Field(default_factory=list, max_length=20)


class CustomEventTrigger(_Strict):
    type: Literal["customEvent"] = "customEvent"
    name: str = Field(default="customEvent", max_length=100)
    parameters: list[str] = Field(default_factory=list, max_length=50, description="Mandatory custom parameters.")


Trigger = Union[ChannelTrigger, TaskTrigger, WebhookTrigger, CustomEventTrigger]


class CustomVariable(_Strict):
    name: str = Field(min_length=1, max_length=100, pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
    default: str = Field(default="", max_length=10_000)
    description: str = Field(default="", max_length=500)


class Node(_Strict):
    id: int = Field(ge=1, le=99_999, description="The Node ID shown in the designer; referenced as $(n<id>.var).")
    type: str = Field(max_length=40, description="One of the node types of docs/flows.md.")
    name: str = Field(default="", max_length=100)
    config: dict[str, Any] = Field(default_factory=dict, description="The node's Configuration tab.")
    before: dict[str, str] = Field(default_factory=dict, description="Transition actions: variables set before the node runs.")
    after: dict[str, str] = Field(default_factory=dict, description="Transition actions: variables set after it ran (its outputs are readable).")
    outcomes: dict[str, Ref] = Field(default_factory=dict, description="Outcome name -> the next node's id (null: not connected).")
    position: Optional[dict[str, float]] = Field(default=None, description="Where the designer draws it (kept, not used).")


class FlowDefinition(_Strict):
    """A flow in the sandbox's open format (docs/flows.md)."""

    formatVersion: Literal["1.0"] = FORMAT_VERSION
    name: str = Field(default="", max_length=100)
    description: str = Field(default="", max_length=1000)
    trigger: Trigger = Field(discriminator="type")
    customVariables: list[CustomVariable] = Field(default_factory=list, max_length=200)
    startNodeId: int = Field(default=2, ge=1, le=99_999)
    nodes: list[Node] = Field(min_length=1, max_length=500)
    template: Optional[dict[str, Any]] = Field(default=None, description="Set for definitions from the template catalog.")


def schema() -> dict[str, Any]:
    out = FlowDefinition.model_json_schema()
    out["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    out["$id"] = "https://sandbox.invalid/connect/flow-definition-1.0.json"
    out["properties"]["nodes"]["items"] = {"$ref": "#/$defs/Node"}
    out.setdefault("$defs", {})["Node"]["properties"]["type"]["enum"] = sorted(NODE_TYPES)
    return out


def parse(data: Any) -> FlowDefinition:
    """The definition, or ValueError listing every field problem."""
    if not isinstance(data, dict):
        raise ValueError(["definition: must be a JSON object (docs/flows.md)"])
    try:
        d = FlowDefinition.model_validate(data)
    except ValidationError as e:
        raise ValueError([f"definition.{'.'.join(str(p) for p in err['loc']) or 'body'}: {err['msg']}"
                          for err in e.errors(include_url=False)[:50]]) from None
    problems = [f"definition.nodes[{i}].type: '{n.type}' is not a node type ({', '.join(sorted(NODE_TYPES))})"
                for i, n in enumerate(d.nodes) if n.type not in NODE_TYPES]
    seen: set[int] = set()
    for i, n in enumerate(d.nodes):
        if n.id in seen:
            problems.append(f"definition.nodes[{i}].id: node id {n.id} is used twice")
        seen.add(n.id)
    names = [v.name for v in d.customVariables]
    for dup in sorted({x for x in names if names.count(x) > 1}):
        problems.append(f"definition.customVariables: '{dup}' is defined twice")
    if problems:
        raise ValueError(problems)
    return d


def outcome_names(node: Node) -> list[str]:
    fixed, own = NODE_TYPES[node.type]
    names = list(fixed)
    if node.type == "branch":
        names += [str(c.get("outcome")) for c in node.config.get("conditions", []) if isinstance(c, dict)]
    elif own:
        names += [k for k in node.outcomes if k not in names]
    return names


def graph_errors(d: FlowDefinition) -> list[str]:
    """What Save reports: every missing or incorrect connection between nodes."""
    by_id = {n.id: n for n in d.nodes}
    errors: list[str] = []
    start = by_id.get(d.startNodeId)
    if start is None or start.type != "start":
        errors.append(f"startNodeId {d.startNodeId}: the flow has no start node with this id (a node of type 'start')")
    starts = [n.id for n in d.nodes if n.type == "start"]
    if len(starts) > 1:
        errors.append(f"nodes {starts}: a flow has exactly one start node")
    for n in d.nodes:
        label = f"node {n.id} ({n.name or n.type})"
        valid = outcome_names(n)
        for outcome, target in n.outcomes.items():
            if outcome not in valid and NODE_TYPES[n.type][1] is False:
                errors.append(f"{label}: outcome '{outcome}' does not exist on a {n.type} node ({', '.join(valid) or 'none'})")
            if target is not None and target not in by_id:
                errors.append(f"{label}: outcome '{outcome}' points to node {target}, which does not exist")
            if target == n.id:
                errors.append(f"{label}: outcome '{outcome}' points to the node itself")
            if target is not None and target in by_id and by_id[target].type == "start":
                errors.append(f"{label}: outcome '{outcome}' points to the start node")
        if n.type != "end" and not any(t is not None for t in n.outcomes.values()):
            errors.append(f"{label}: no outcome is connected to a next node")
        if n.type == "start" and n.outcomes.get("next") is None:
            errors.append(f"{label}: the start node's 'next' outcome must be connected")
    # every node must be reachable from the start node
    if start is not None:
        seen, todo = {start.id}, [start.id]
        while todo:
            for t in by_id[todo.pop()].outcomes.values():
                if t is not None and t in by_id and t not in seen:
                    seen.add(t)
                    todo.append(t)
        for n in d.nodes:
            if n.id not in seen:
                errors.append(f"node {n.id} ({n.name or n.type}): not connected (no path from the start node reaches it)")
    return errors
