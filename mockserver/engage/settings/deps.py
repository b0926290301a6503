"""Lookups of the settings wing (templates, blocklist words, working hours), chained on the
caller's tenant."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from mockserver.engage.deps import Id, Tenant, owned
from mockserver.engage.settings.models import EngageBlockWord, EngageTemplate, EngageWorkingHours


async def own_template(caller: Tenant, templateId: Id) -> EngageTemplate:  # noqa: N803 - the path's name
    return owned(caller, EngageTemplate, templateId, "Template")


async def own_word(caller: Tenant, wordId: Id) -> EngageBlockWord:  # noqa: N803
    return owned(caller, EngageBlockWord, wordId, "Blocklist word")


async def own_hours(caller: Tenant, hoursId: Id) -> EngageWorkingHours:  # noqa: N803
    return owned(caller, EngageWorkingHours, hoursId, "Working hours")


OwnTemplate = Annotated[EngageTemplate, Depends(own_template)]
OwnWord = Annotated[EngageBlockWord, Depends(own_word)]
OwnHours = Annotated[EngageWorkingHours, Depends(own_hours)]
