"""What other products may read of the Contact Center settings, and nothing else (Connect's
General tab shows the Synchronize Users status; GET /sandbox/pods/{n} shows the RONA timeouts)."""

from __future__ import annotations

from mockserver.wxcc.settings.service import rona_timeouts, users_sync_status

__all__ = ["rona_timeouts", "users_sync_status"]
