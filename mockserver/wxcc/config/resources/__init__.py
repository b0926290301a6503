"""One module per config resource: its wire DTO, its references and its domain rules.

Importing this package registers every resource with the engine (order = route order).
"""

from __future__ import annotations

from mockserver.wxcc.config.resources import (  # noqa: F401 - registration on import
    address_books,
    ai_features,
    audio_files,
    aux_codes,
    business_hours,
    contact_numbers,
    desktop_layouts,
    desktop_profiles,
    dial_numbers,
    dial_plans,
    entry_points,
    global_variables,
    holiday_lists,
    multimedia_profiles,
    outdial_anis,
    overrides,
    personal_greetings,
    queues,
    resource_collections,
    sites,
    skills,
    teams,
    user_profiles,
    users,
)
