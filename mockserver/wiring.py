"""Every cross-product subscription, in one place: who reacts to which event.

| event        | published by                 | handled by                                       |
|--------------|------------------------------|--------------------------------------------------|
| StateReset   | sandbox (reset, restore)     | identity: drop cached principals, people, keys; core timers: recompute the next due time |
| PodSeeded    | sandbox (seed)               | (none yet: Connect/Engage tenants subscribe)     |
| LicenceChanged | identity                   | (none yet: Engage sync subscribes)               |
| AssetRegistered | Connect (Register to Webex CC) | wxcc: asset registry (digital entry points); Engage channel assets (later issue) |
| DigitalChannelsProvisioned | Connect (provisioning timer) | (none yet: Engage tenant subscribes)      |
| UsersSyncRequested | Connect (Control Hub "Synchronize Users") | (none yet: Engage user sync subscribes) |
"""

from __future__ import annotations

from mockserver.core.events import AssetRegistered, StateReset, dispatcher


def _identity_on_reset(event: StateReset) -> None:
    from mockserver.identity.directory import forget_people
    from mockserver.identity.tokens import tokens

    tokens.forget()
    forget_people()


def _wxcc_on_asset_registered(event: AssetRegistered) -> None:
    from mockserver.wxcc.assets import register_asset

    register_asset(event)


def _timers_on_reset(event: StateReset) -> None:
    from mockserver.core.timers import timers

    timers.refresh()


def connect() -> None:
    dispatcher.clear()
    dispatcher.subscribe(StateReset, _identity_on_reset)
    dispatcher.subscribe(StateReset, _timers_on_reset)
    dispatcher.subscribe(AssetRegistered, _wxcc_on_asset_registered)
