"""Query parsing shared by the reporting reads (``GET /v1/tasks``, ``/v1/agents/activities``,
``/v1/agents/statistics``, ``/v1/queues/statistics``, ``/v1/ewt``): their errors use Cisco's
``ApiErrorResponse`` shape, so parameters are checked here rather than by FastAPI."""

from __future__ import annotations

from mockserver.wxcc.agents.errors import INVALID_REQUEST, AqmError

CHANNEL_TYPES = ("email", "chat", "telephony", "social")


def bad(message: str) -> AqmError:
    return AqmError(400, message, reason_code=INVALID_REQUEST, report=True)


def parse_ms(name: str, value: str | None, *, required: bool) -> int | None:
    if value is None or value == "":
        if required:
            raise bad(f"{name}: is required (epoch milliseconds).")
        return None
    try:
        v = int(value)
    except ValueError:
        raise bad(f"{name}: {value!r} is not epoch milliseconds.") from None
    if v < 0:
        raise bad(f"{name}: must not be negative.")
    return v


def parse_int(name: str, value: str | None, *, default: int, lo: int, hi: int) -> int:
    if value is None or value == "":
        return default
    try:
        v = int(value)
    except ValueError:
        raise bad(f"{name}: {value!r} is not an integer.") from None
    if not lo <= v <= hi:
        raise bad(f"{name}: {v} is out of range ({lo}-{hi}).")
    return v


def parse_channels(value: str | None) -> list[str] | None:
    if not value:
        return None
    out = [c.strip().lower() for c in value.split(",") if c.strip()]
    bad_ = [c for c in out if c not in CHANNEL_TYPES]
    if bad_:
        raise bad(f"channelTypes: {bad_[0]!r} is not one of {', '.join(CHANNEL_TYPES)}.")
    return out


def parse_list(name: str, value: str | None, limit: int = 100) -> list[str] | None:
    if not value:
        return None
    out = [v.strip() for v in value.split(",") if v.strip()]
    if len(out) > limit:
        raise bad(f"{name}: at most {limit} values.")
    return out


QUARTER_MS = 15 * 60_000


def windows(from_ms: int, to_ms: int, interval_min: int | None) -> list[tuple[int, int]]:
    """Statistics intervals: from and to rounded down to 15 minutes, chunks of 15, 30 or 60 minutes;
    the window must be shorter than 24 hours (Cisco's statistics reads)."""
    if interval_min not in (None, 15, 30, 60):
        raise bad(f"interval: {interval_min} is not supported; use 15, 30 or 60 (minutes).")
    if to_ms - from_ms >= 86_400_000:
        raise bad("to: the difference between to and from must be less than 24 hours (86400000 ms).")
    if to_ms < from_ms:
        raise bad("to: must not be before from.")
    start, end = from_ms - from_ms % QUARTER_MS, to_ms - to_ms % QUARTER_MS
    step = (interval_min or 15) * 60_000
    out = []
    while start < end:
        out.append((start, min(start + step, end)))
        start += step
    return out
