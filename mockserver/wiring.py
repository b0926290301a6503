"""Every cross-product subscription, in one place: who reacts to which event.

| event        | published by                 | handled by                                       |
|--------------|------------------------------|--------------------------------------------------|
| StateReset   | sandbox (reset, restore)     | identity: drop cached principals, people, keys; core timers: recompute the next due time |
| PodSeeded    | sandbox (seed)               | (none yet: Connect/Engage tenants subscribe)     |
| LicenceChanged | identity (PUT /v1/people, PATCH /v1/licenses/users) | wxcc: create / deactivate / reactivate the contact-center user; engage: record a pending change (applied by the next sync) |
| PersonChanged | identity (PUT /v1/people) | wxcc: the user's firstName, lastName, email follow |
| AssetRegistered | connect/assets/service.py (Register to Webex CC) | wxcc: asset registry (digital entry points); engage: Channel Assets |
| DigitalChannelsProvisioned | connect/controlhub/service.py (provisioning timer) | engage: create the tenant and its licensed users |
| UsersSyncRequested | wxcc/settings/service.py (Control Hub "Synchronize Users") | engage: apply the pending licence changes to Users |
| AgentLoggedIn / AgentLoggedOut | wxcc/agents/service.py (station login, logout) | engage: the Users "logged in" column and the dashboards' agents; wxcc/webhooks: agent:login / agent:logout deliveries |
| AgentStateChanged | wxcc/agents/service.py (state, RONA, reject) | wxcc/webhooks: agent:state_change (v1), agent:channelType_state_change (v2) |
| TaskRouted / TaskModified / TaskClosed | wxcc/tasks (accept; transfer, conference; wrap-up, ended in queue) | connect/flows/task_events.py: the live event flows (WxCC Task v2 start node) whose conditions hold run; wxcc/webhooks: task:connected / task:ended |
| TaskProgressed | wxcc/tasks (created, queued, offered, hold, consult, conference) | wxcc/webhooks: task:new, task:parked, task:connect, task:on-hold, task:hold-done, task:consulting, task:consult-done, task:conferencing, task:conference-done, task:conference-transferred |
| ConversationMessageAdded | engage/conversations/service.py (a message stored, after the writer's commit) | connect/flows/channels.py: an outbound one (agent reply) is delivered to the customer by the asset's channel, whose receipts it reports back through engage's public mark_delivery |
| ConversationClosed | engage/conversations/service.py | (none yet) |
| StateReset | sandbox (reset, restore) | connect/flows/engine.py: drop the parsed definitions |

Events that cross processes go through the outbox (core/outbox.py): posted in the writer's
transaction, delivered by every worker to the connections it holds ("live").

| live event | posted by                              | delivered to                                  |
|------------|----------------------------------------|-----------------------------------------------|
| MailSent   | core mailbox (any product's email)     | sandbox: /sandbox/events watchers             |
| TimerFired | core timers (any timer's handler ran)  | sandbox: /sandbox/events watchers             |
| AgentFrame | wxcc agents / tasks (every 202 outcome, offers, RONA) | wxcc notifications: that agent's websockets held here |
| SubscriptionsRevoked | wxcc notifications (a newer subscription, multi-login off) | wxcc notifications: AGENT_MULTI_LOGIN, then close |
| WebhookAttemptClaimed | wxcc/webhooks/delivery.py (an attempt claimed) | wxcc/webhooks: the claiming process POSTs it |
"""

from __future__ import annotations

from mockserver.events import (AgentLoggedIn, AgentLoggedOut, AgentStateChanged, AssetRegistered, ConversationMessageAdded,
                               DigitalChannelsProvisioned, LicenceChanged, PersonChanged, StateReset, TaskClosed, TaskModified,
                               TaskProgressed, TaskRouted, UsersSyncRequested)
from mockserver.core.events import dispatcher


def _identity_on_reset(event: StateReset) -> None:
    from mockserver.identity.directory import forget_people
    from mockserver.identity.tokens import tokens

    tokens.forget()
    forget_people()


def _wxcc_on_asset_registered(event: AssetRegistered) -> None:
    from mockserver.wxcc.config.asset_registry import on_asset_registered

    on_asset_registered(event)


def _engage_on_provisioned(event: DigitalChannelsProvisioned) -> None:
    from mockserver.engage.service import on_provisioned

    on_provisioned(event)


def _wxcc_on_licence_changed(event: LicenceChanged) -> None:
    from mockserver.wxcc.config.licensed_users import on_licence_changed

    on_licence_changed(event)


def _wxcc_on_person_changed(event: PersonChanged) -> None:
    from mockserver.wxcc.config.licensed_users import on_person_changed

    on_person_changed(event)


def _engage_on_licence_changed(event: LicenceChanged) -> None:
    from mockserver.engage.users.service import on_licence_changed

    on_licence_changed(event)


def _engage_on_sync_requested(event: UsersSyncRequested) -> None:
    from mockserver.engage.users.service import on_sync_requested

    on_sync_requested(event)


def _engage_on_asset_registered(event: AssetRegistered) -> None:
    from mockserver.engage.channels.service import on_asset_registered

    on_asset_registered(event)


def _engage_on_agent_logged_in(event: AgentLoggedIn) -> None:
    from mockserver.engage.users.service import on_agent_logged_in

    on_agent_logged_in(event)


def _engage_on_agent_logged_out(event: AgentLoggedOut) -> None:
    from mockserver.engage.users.service import on_agent_logged_out

    on_agent_logged_out(event)


def _connect_on_task_event(event: TaskRouted | TaskModified | TaskClosed) -> None:
    from mockserver.connect.flows.task_events import on_task_event

    on_task_event(event)


def _connect_on_conversation_message(event: ConversationMessageAdded) -> None:
    from mockserver.connect.flows.channels import on_conversation_message

    on_conversation_message(event)


def _connect_flows_on_reset(event: StateReset) -> None:
    from mockserver.connect.flows.engine import forget

    forget()


def _timers_on_reset(event: StateReset) -> None:
    from mockserver.core.shared import shared
    from mockserver.core.timers import timers

    timers.refresh()
    shared.publish("caches")  # other workers drop their caches too


def _wxcc_frames(event: object) -> None:
    from mockserver.wxcc.notifications.hub import deliver

    deliver(event)


def _wxcc_revoked(event: object) -> None:
    from mockserver.wxcc.notifications.hub import revoke

    revoke(event)
def _wxcc_webhooks_on_event(event: object) -> None:
    from mockserver.wxcc.webhooks.delivery import on_event

    on_event(event)


def _wxcc_webhooks_send(event: object) -> None:
    from mockserver.wxcc.webhooks.delivery import on_claimed

    on_claimed(event)  # type: ignore[arg-type]


def _sandbox_stream(event: object) -> None:
    from mockserver.sandbox.stream import deliver

    deliver(event)


def connect() -> None:
    from mockserver.core.mailbox import MailSent
    from mockserver.core.outbox import outbox
    from mockserver.core.timers import TimerFired
    from mockserver.wxcc.notifications.service import AgentFrame, SubscriptionsRevoked

    dispatcher.clear()
    outbox.live.clear()
    outbox.live.subscribe(MailSent, _sandbox_stream)
    outbox.live.subscribe(TimerFired, _sandbox_stream)
    outbox.live.subscribe(AgentFrame, _wxcc_frames)
    outbox.live.subscribe(SubscriptionsRevoked, _wxcc_revoked)
    from mockserver.wxcc.webhooks.delivery import WebhookAttemptClaimed

    outbox.live.subscribe(WebhookAttemptClaimed, _wxcc_webhooks_send)
    for agent_or_task in (AgentLoggedIn, AgentLoggedOut, AgentStateChanged, TaskRouted, TaskModified, TaskClosed,
                          TaskProgressed):
        dispatcher.subscribe(agent_or_task, _wxcc_webhooks_on_event)
    dispatcher.subscribe(StateReset, _identity_on_reset)
    dispatcher.subscribe(StateReset, _timers_on_reset)
    dispatcher.subscribe(AssetRegistered, _wxcc_on_asset_registered)
    dispatcher.subscribe(AssetRegistered, _engage_on_asset_registered)
    dispatcher.subscribe(DigitalChannelsProvisioned, _engage_on_provisioned)
    dispatcher.subscribe(LicenceChanged, _wxcc_on_licence_changed)
    dispatcher.subscribe(PersonChanged, _wxcc_on_person_changed)
    dispatcher.subscribe(LicenceChanged, _engage_on_licence_changed)
    dispatcher.subscribe(UsersSyncRequested, _engage_on_sync_requested)
    dispatcher.subscribe(AgentLoggedIn, _engage_on_agent_logged_in)
    dispatcher.subscribe(AgentLoggedOut, _engage_on_agent_logged_out)
    dispatcher.subscribe(StateReset, _connect_flows_on_reset)
    for task_event in (TaskRouted, TaskModified, TaskClosed):
        dispatcher.subscribe(task_event, _connect_on_task_event)
    dispatcher.subscribe(ConversationMessageAdded, _connect_on_conversation_message)
