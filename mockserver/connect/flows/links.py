"""Where the flow engine meets the other products: the node authorizations of the Connect
integrations (Webex CC Task, Webex CC Engage) and the public modules the Engage and WxCC nodes
call (docs/runtime-contract.md). Each node acts with its integration's Webex token, as the real
product does: a pending, expired or revoked authorization fails the node with the real error."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from mockserver.core.errors import ApiError


class NodeAuthError(Exception):
    """The node authorization cannot be used (the node takes its onauthorizationfail outcome)."""


def _authorization(session: Session, org_id: str, key: str) -> str:
    from mockserver.connect.integrations.service import node_token
    from mockserver.identity import public as identity

    try:
        token = node_token(session, org_id, key)
    except ApiError as e:
        raise NodeAuthError("; ".join(e.details) or e.message) from None
    try:
        p = identity.resolve(token, session)
    except ApiError as e:
        # The real error the Webex API answers with this token (401 expired / revoked / invalid).
        raise NodeAuthError(f"{e.status} {e.message} {' '.join(e.details)}".strip()) from None
    if p.org_id != org_id:
        raise NodeAuthError("403 the authorizing user belongs to another organization")
    return token


def task_authorization(session: Session, org_id: str) -> str:
    return _authorization(session, org_id, "task")


def engage_authorization(session: Session, org_id: str) -> str:
    return _authorization(session, org_id, "engage")


def tasks() -> Any:
    """wxcc/tasks/public.py (built on branch rt-wxcc)."""
    from mockserver.wxcc.tasks import public

    return public


def conversations() -> Any:
    """engage/conversations/public.py (built on branch rt-engage)."""
    from mockserver.engage.conversations import public

    return public


def queue_exists(session: Session, org_id: str, queue_id: str) -> bool:
    return bool(tasks().queue_exists(session, org_id, queue_id))
