"""Webex Contact Center, one wing per capability.

- ``config/``: the configuration API (``/organization/{orgid}/...``): sites, teams, queues, entry
  points, profiles, skills, aux codes, business hours and the contact-center users, plus the
  registry of Connect assets registered to Webex CC.

Tasks, agents and notifications will be wings of their own beside it.
"""

from __future__ import annotations


def setup(app) -> None:  # noqa: ANN001 - FastAPI app
    from mockserver.wxcc import config

    config.setup(app)
