"""The template in the path, chained on the caller: the permission first, then the template must
exist in the tenant at the caller's level or below."""

from __future__ import annotations

from typing import Annotated, Callable

from fastapi import Depends

from mockserver.connect.caller import Id, PortalCaller
from mockserver.connect.tools import service
from mockserver.connect.tools.models import ConnectTemplate
from mockserver.core.db import DbSession


def _template(permission: str) -> Callable:
    async def visible_template(caller: PortalCaller, session: DbSession, templateId: Id) -> ConnectTemplate:
        caller.need(permission)
        return service.visible_template(session, caller, templateId)

    return visible_template


TemplateToRead = Annotated[ConnectTemplate, Depends(_template("templates.read"))]
TemplateToChange = Annotated[ConnectTemplate, Depends(_template("templates.write"))]
