"""Webex Contact Center, one wing per capability.

- ``config/``: the configuration API (``/organization/{orgid}/...``): sites, teams, queues, entry
  points, profiles, skills, aux codes, business hours and the contact-center users, plus the
  registry of Connect assets registered to Webex CC.
- ``settings/``: the Contact Center settings its routing reads (Control Hub → Contact Center →
  Settings: RONA timeouts, Synchronize Users).
- ``webhooks/``: subscriptions (``/v1``, ``/v2/subscriptions``, event types) and the signed delivery
  of agent and task events to subscribers' URLs, with retries and a delivery log.

Tasks, agents and notifications will be wings of their own beside it.
"""

from __future__ import annotations


def setup(app) -> None:  # noqa: ANN001 - FastAPI app
    from mockserver.wxcc import config, settings, webhooks

    config.setup(app)
    settings.setup(app)
    webhooks.setup(app)
