"""The registry of Connect assets registered to Webex CC (fed by the ``AssetRegistered`` event): what a
digital entry point's ``assetId`` may name."""

from __future__ import annotations

from mockserver.core.clock import clock
from mockserver.core.db import db
from mockserver.events import AssetRegistered
from mockserver.identity.public import org
from mockserver.wxcc.config.models import WxccAsset


def on_asset_registered(event: AssetRegistered) -> None:
    with db.session() as s:
        owner = org(s, event.org_id)
        if owner is None:
            raise ValueError(f"AssetRegistered: unknown org {event.org_id}")
        row = s.get(WxccAsset, event.asset_id) or WxccAsset(id=event.asset_id, pod=owner.pod, org_id=event.org_id,
                                                             name=event.name, channel=event.channel,
                                                             registered_ms=clock.now_ms())
        if row.org_id != event.org_id:
            raise ValueError(f"AssetRegistered: asset {event.asset_id} belongs to another org")
        row.name, row.channel, row.address, row.service = event.name, event.channel, event.address, event.service
        row.app_id = event.app_id or row.app_id
        s.add(row)
        s.commit()
