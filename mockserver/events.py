"""The catalogue of events that cross a product's border: plain, frozen facts published by a
product's service after its own transaction committed. Who reacts to which is ``wiring.py``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StateReset:
    """Seeded state was restored: all PODs (pods is None) or the listed ones. Caches drop."""

    pods: tuple[int, ...] | None


@dataclass(frozen=True)
class PodSeeded:
    pod: int
    org_id: str
    scenario: str


@dataclass(frozen=True)
class LicenceChanged:
    """A person's licences changed in Control Hub (identity). Codes, not ids: CJPPRM, CJPSTD, MS..."""

    pod: int
    org_id: str
    person_id: str  # raw UUID
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    current: tuple[str, ...] = ()


@dataclass(frozen=True)
class PersonChanged:
    """A Control Hub user's profile was edited (identity PUT /v1/people/{id})."""

    pod: int
    org_id: str
    person_id: str  # raw UUID
    email: str
    first_name: str
    last_name: str
    login_enabled: bool


@dataclass(frozen=True)
class AssetRegistered:
    """A Connect asset was "Registered to Webex CC" (Connect); WxCC entry points may then use it.

    ``channel``: email | chat | sms | messenger | whatsapp | apple. Registering again updates it.
    """

    org_id: str
    asset_id: str
    name: str
    channel: str
    address: str = ""
    service: str | None = None
    app_id: str = ""  # the App ID the Connect portal shows (a_...): what a lab builder notes and sends


@dataclass(frozen=True)
class DigitalChannelsProvisioned:
    """Control Hub finished "Provision Digital Channels" (Connect): the Connect tenant exists and its
    owner was sent the activation email. Engage creates its side of the tenant from this."""

    pod: int
    org_id: str
    tenant: str  # cl1pod<N>
    tenant_url: str
    owner_person_id: str


@dataclass(frozen=True)
class UsersSyncRequested:
    """Control Hub → Contact Center → General → "Synchronize Users" (WxCC's Contact Center settings
    publish; Engage re-reads the org's licensed contact-center users)."""

    pod: int
    org_id: str
    requested_by: str | None = None  # the administrator's person id




# --- The runtime: a contact's travel (see docs/runtime-contract.md) -------------------------------
# WxCC publishes these after its commit; Connect's event flows (WxCC Task v2 start node) and Engage
# follow them through wiring.py. WxCC never imports Connect or Engage.


@dataclass(frozen=True)
class AgentLoggedIn:
    """An agent's station login succeeded (WxCC /v1/agents/login)."""

    org_id: str
    agent_id: str  # the agent's user id in WxCC (the person's raw UUID)
    email: str
    team_id: str
    site_id: str | None = None
    dial_number: str | None = None
    device_type: str | None = None  # EXTENSION | AGENT_DN | BROWSER


@dataclass(frozen=True)
class AgentLoggedOut:
    org_id: str
    agent_id: str
    email: str
    reason: str = "Agent Logged Out"


@dataclass(frozen=True)
class AgentStateChanged:
    org_id: str
    agent_id: str
    state: str  # Available | Idle | RONA ...
    aux_code_id: str | None = None


@dataclass(frozen=True)
class TaskEvent:
    """What the WxCC Task v2 start node receives (connect-api.md §4.2): ``$.type`` and ``$.data``.

    ``variables``: the task's ``webex.variables`` as (name, value) pairs (mediaResourceId = the Engage
    conversation id, agentId, agentName, teamId, queueId, queueName, ...)."""

    org_id: str
    task_id: str
    media_type: str  # chat | email | social | telephony
    media_channel: str  # email | web | facebook | whatsapp | sms ...
    origin: str  # the customer's address
    destination: str  # the asset's app id (the service number for SMS)
    queue_id: str | None = None
    conversation_id: str | None = None  # Engage conversation id (mediaResourceId)
    owner: str | None = None  # the agent's id (webex.agentId / webex.owner)
    direction: str = "inbound"
    customer_id: str | None = None
    variables: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class TaskRouted(TaskEvent):
    """The agent accepted the offer (Connect event 50026)."""


@dataclass(frozen=True)
class TaskModified(TaskEvent):
    """A transfer or conference changed who owns the task (Connect event 50027)."""

    context: str = "add"  # add | remove: the agent in ``owner`` joins or leaves


@dataclass(frozen=True)
class TaskClosed(TaskEvent):
    """The task ended and was wrapped up, or ended in the queue (Connect event 50025)."""

    reason: str | None = None


@dataclass(frozen=True)
class TaskProgressed(TaskEvent):
    """Any other step of the task's life that subscribers outside WxCC may follow; ``step`` is the
    suffix of Cisco's webhook event type (``task:<step>``): new (created), parked (waiting in a
    queue), connect (offered to an agent), on-hold, hold-done, consulting, consult-done, conferencing,
    conference-done, conference-transferred. Connect's event flows do not start on these."""

    step: str = "new"


@dataclass(frozen=True)
class ConversationMessageAdded:
    """Engage stored a message on a conversation. Outbound ones (agent or bot replies) are delivered
    to the customer by Connect's channel on that asset."""

    org_id: str
    conversation_id: str
    message_id: str
    direction: str  # inbound | outbound | announcement
    channel: str  # email | chat | sms | messenger | whatsapp
    asset_id: str
    customer_address: str
    business_address: str
    sender: str  # customer | bot | agent:<id> | system
    text: str = ""
    html: str | None = None
    subject: str | None = None
    attachments: tuple[str, ...] = ()  # file names of the attachments that passed the rules


@dataclass(frozen=True)
class ConversationClosed:
    org_id: str
    conversation_id: str
    closed_by: str
