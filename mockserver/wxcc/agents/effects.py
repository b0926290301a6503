"""Events published after the commit of the transaction that caused them, whoever commits it.

The runtime's functions often run inside a caller's transaction (Connect's flow engine calls
``tasks/public.py`` and commits itself; a timer's handler is committed by the timer runner), so
"publish after commit" is attached to the session: queued with ``after_commit`` and dispatched by
SQLAlchemy's ``after_commit`` hook, dropped if the transaction rolls back.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from mockserver.core.events import dispatcher

log = logging.getLogger("mockserver.wxcc")
_KEY = "wxcc.after_commit"


def after_commit(session: Session, evt: Any) -> None:
    session.info.setdefault(_KEY, []).append(evt)


@event.listens_for(Session, "after_commit")
def _publish(session: Session) -> None:
    pending = session.info.pop(_KEY, None)
    for evt in pending or ():
        try:
            dispatcher.publish(evt)
        except Exception:  # noqa: BLE001 - the change is committed; a subscriber's failure is its own
            log.exception("a subscriber of %s failed", type(evt).__name__)


@event.listens_for(Session, "after_rollback")
def _drop(session: Session) -> None:
    session.info.pop(_KEY, None)
