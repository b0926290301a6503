"""What Connect's Engage nodes (and WxCC's task events, through wiring) may call: the conversation
store, in the caller's session. Every function takes the caller's open ``Session`` and the org id
(raw UUID), raises ``ConversationError(code, message)`` (NOT_FOUND | INVALID_DATA | CLOSED |
NOT_AUTHORIZED) and never commits; ConversationMessageAdded / ConversationClosed are published after
the caller's commit (nothing when it rolls back). See docs/runtime-contract.md."""

from __future__ import annotations

from mockserver.engage.conversations.service import (REOPEN_WINDOW_MS, add_participant, append, close, create, get,
                                                     remove_participant, reopen, resolve, search, transcript)
from mockserver.engage.conversations.views import (ConversationError, ConversationView, MessageIn, MessageView,
                                                   ParticipantView, Resolution)

__all__ = [
    "ConversationError", "ConversationView", "MessageIn", "MessageView", "ParticipantView", "Resolution",
    "REOPEN_WINDOW_MS", "search", "create", "append", "reopen", "resolve", "add_participant", "remove_participant",
    "close", "transcript", "get",
]
