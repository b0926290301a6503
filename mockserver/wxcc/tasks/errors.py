"""``TaskError``: what ``tasks/public.py`` raises to its callers (Connect's Task nodes), and what the
task routes render in the AQM error shape (it is an ``ApiError``)."""

from __future__ import annotations

from mockserver.wxcc.agents.errors import AqmError

# reason codes of the public surface (docs/runtime-contract.md)
NOT_FOUND = "NOT_FOUND"
INVALID_DATA = "INVALID_DATA"
INVALID_STATE = "INVALID_STATE"
QUEUE_NOT_FOUND = "QUEUE_NOT_FOUND"
NOT_AUTHORIZED = "NOT_AUTHORIZED"

_NUMERIC = {NOT_FOUND: 1004, INVALID_DATA: 1001, INVALID_STATE: 1005, QUEUE_NOT_FOUND: 1015, NOT_AUTHORIZED: 1006}


class TaskError(AqmError):
    """``TaskError(reason_code, message, status)``; ``reason`` is the string code, ``extra['reasonCode']``
    the number the HTTP body carries."""

    def __init__(self, reason_code: str, message: str, status: int = 400, *, number: int | None = None) -> None:
        super().__init__(status, message, reason_code=number if number is not None else _NUMERIC.get(reason_code, 1000),
                         data={"reason": reason_code})
        self.reason_code = reason_code
