"""Lookups of the settings wing (templates, blocklist words, working hours), chained on the
caller's tenant."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from mockserver.core.db import DbSession
from mockserver.engage.deps import Id, Tenant, owned
from mockserver.engage.settings.models import EngageBlockWord, EngageTemplate, EngageWorkingHours


async def own_template(session: DbSession, caller: Tenant, templateId: Id) -> EngageTemplate:  # noqa: N803 - the path's name
    return owned(session, caller, EngageTemplate, templateId, "Template")


async def own_word(session: DbSession, caller: Tenant, wordId: Id) -> EngageBlockWord:  # noqa: N803
    return owned(session, caller, EngageBlockWord, wordId, "Blocklist word")


async def own_hours(session: DbSession, caller: Tenant, hoursId: Id) -> EngageWorkingHours:  # noqa: N803
    return owned(session, caller, EngageWorkingHours, hoursId, "Working hours")


OwnTemplate = Annotated[EngageTemplate, Depends(own_template)]
OwnWord = Annotated[EngageBlockWord, Depends(own_word)]
OwnHours = Annotated[EngageWorkingHours, Depends(own_hours)]
