"""What the customer simulator (live-chat visitors, the flows work) may read of Engage's channels:
whether a live-chat widget is available now and what it asks before a chat starts."""

from __future__ import annotations

from typing import Any, Optional

from sqlmodel import Session, select

from mockserver.engage.channels.models import EngageChannelAsset
from mockserver.engage.channels.service import _filled, availability


def widget_status(session: Session, org_id: str, app_id: str) -> Optional[dict[str, Any]]:
    """The live-chat widget of the asset whose app id (or asset id) is ``app_id``: ``{assetId,
    available, state, reason, message, preChatForm, welcomeMessage}``; None when no such asset."""
    rows = session.exec(select(EngageChannelAsset).where(EngageChannelAsset.org_id == org_id,
                                                         EngageChannelAsset.channel == "chat")).all()
    a = next((r for r in rows if r.address == app_id), None) or next((r for r in rows if r.id == app_id), None)
    if a is None:
        return None
    w = _filled(a.widget, a.name)
    av = availability(session, a)
    return {"assetId": a.id, "available": av["available"], "state": av["state"], "reason": av["reason"],
            "message": av["message"], "preChatForm": w["preChatForm"], "welcomeMessage": w["appearance"]["welcomeMessage"]}
