"""One module per config resource: its wire DTO, its references and its domain rules.

Importing this package registers every resource with the engine (order = route order).
"""

from __future__ import annotations

from mockserver.wxcc.config.resources import (  # noqa: F401 - registration on import
    aux_codes,
    business_hours,
    desktop_profiles,
    entry_points,
    multimedia_profiles,
    queues,
    sites,
    skills,
    teams,
    user_profiles,
    users,
)
