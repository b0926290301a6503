"""Webex Contact Center, one wing per capability.

- ``config/``: the configuration API (``/organization/{orgid}/...``): sites, teams, queues, entry
  points, profiles, skills, aux codes, business hours and the contact-center users, plus the
  registry of Connect assets registered to Webex CC.
- ``settings/``: the Contact Center settings its routing reads (Control Hub → Contact Center →
  Settings: RONA timeouts, Synchronize Users).

Tasks, agents and notifications will be wings of their own beside it.
"""

from __future__ import annotations


def setup(app) -> None:  # noqa: ANN001 - FastAPI app
    from mockserver.wxcc import config, settings

    config.setup(app)
    settings.setup(app)
