"""Lookups of the channels wing, chained on the caller's tenant."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path

from mockserver.core.db import DbSession
from mockserver.engage.channels.models import EngageAttachmentChannel, EngageChannelAsset
from mockserver.engage.channels.service import find_attachment_channel
from mockserver.engage.deps import Id, Tenant, owned

ChannelPath = Annotated[str, Path(max_length=20, description="email | chat | messenger | whatsapp | sms")]


async def own_asset(session: DbSession, caller: Tenant, assetId: Id) -> EngageChannelAsset:  # noqa: N803 - the path's name
    return owned(session, caller, EngageChannelAsset, assetId, "Channel asset")


async def attachment_channel(session: DbSession, caller: Tenant, channel: ChannelPath) -> EngageAttachmentChannel:
    return find_attachment_channel(session, caller, channel)


OwnAsset = Annotated[EngageChannelAsset, Depends(own_asset)]
AttachmentChannel = Annotated[EngageAttachmentChannel, Depends(attachment_channel)]
