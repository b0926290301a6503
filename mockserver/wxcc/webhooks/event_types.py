"""The event types subscriptions may name, per API version (developer.webex.com's Contact Center
webhooks guide and List Event Types; docs/fidelity.md "WxCC webhooks").

v2 renamed ``agent:state_change`` to ``agent:channel_state_change`` and added
``agent:channelType_state_change``; a v2 subscription also names one ``resourceVersion``
(``resource:version``) and its event types belong to that resource.
"""

from __future__ import annotations

_TASK = ("task:new", "task:connect", "task:connected", "task:parked", "task:on-hold", "task:hold-done",
         "task:consulting", "task:consult-done", "task:conferencing", "task:conference-done",
         "task:conference-transferred", "task:ended", "task:failed", "task:origin-updated")
_OTHER = ("capture:available", "task-message:appended", "task-message:append-failed")

V1 = ("agent:login", "agent:logout", "agent:state_change", *_TASK, *_OTHER)
V2 = ("agent:login", "agent:logout", "agent:channel_state_change", "agent:channelType_state_change", *_TASK, *_OTHER)

# resource -> versions a v2 subscription may ask for
RESOURCE_VERSIONS = {"agent": ("1.0.0", "2.0.0"), "task": ("1.0.0",), "capture": ("1.0.0",), "task-message": ("1.0.0",)}


def catalogue(version: int) -> tuple[str, ...]:
    return V1 if version == 1 else V2


def describe(name: str) -> dict[str, str]:
    resource, _, action = name.partition(":")
    return {"name": name, "resource": resource, "action": action}


def resource_of(name: str) -> str:
    return name.partition(":")[0]
