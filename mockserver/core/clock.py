"""The one sandbox clock. Every expiry and timer reads it, so a test can move time instead of sleeping.

Modes:
- real: wall time plus an offset (``set`` in real mode moves the offset; time keeps flowing);
- manual: time stands still at a chosen instant until ``set`` or ``advance`` moves it.
"""

from __future__ import annotations

import time
from datetime import datetime, timezone
from typing import Callable


class Clock:
    def __init__(self, mode: str = "real") -> None:
        self.mode = "real"
        self._offset_ms = 0
        self._frozen_ms = 0
        self._listeners: list[Callable[[int], None]] = []
        self.moves = 0  # counts every change (set, advance, reset, restore): cached answers compare it
        self.configure(mode=mode)

    # --- reading -------------------------------------------------------------------------------
    def now_ms(self) -> int:
        if self.mode == "manual":
            return self._frozen_ms
        return int(time.time() * 1000) + self._offset_ms

    def now_s(self) -> float:
        return self.now_ms() / 1000.0

    def now(self) -> datetime:
        return datetime.fromtimestamp(self.now_ms() / 1000.0, tz=timezone.utc)

    def iso(self) -> str:
        return iso_ms(self.now_ms())

    # --- changing ------------------------------------------------------------------------------
    def configure(self, mode: str | None = None, set_ms: int | None = None, advance_s: float | None = None) -> None:
        if advance_s is not None and advance_s < 0:
            raise ValueError("advance: the clock never runs backwards; use set to go back in time")
        current = self.now_ms()
        if mode is not None and mode not in ("real", "manual"):
            raise ValueError("mode: must be 'real' or 'manual'")
        target = set_ms if set_ms is not None else current
        if advance_s is not None:
            target += int(round(advance_s * 1000))
        if not MIN_MS <= target <= MAX_MS:
            raise ValueError("the clock stays between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z")
        new_mode = mode or self.mode
        self.mode = new_mode
        if new_mode == "manual":
            self._frozen_ms = target
        else:
            self._offset_ms = target - int(time.time() * 1000)
        self.moves += 1
        self._notify()

    def reset(self) -> None:
        """Back to wall time, real mode."""
        self.mode = "real"
        self._offset_ms = 0
        self.moves += 1
        self._notify()

    def advance(self, seconds: float) -> None:
        self.configure(advance_s=seconds)

    def state(self) -> dict:
        return {"mode": self.mode, "offset_ms": self._offset_ms, "frozen_ms": self._frozen_ms}

    def restore(self, state: dict) -> None:
        self.mode = state.get("mode", "real")
        self._offset_ms = int(state.get("offset_ms", 0))
        self._frozen_ms = int(state.get("frozen_ms", 0))
        self.moves += 1

    def on_change(self, fn: Callable[[int], None]) -> None:
        """Timers subscribe here so that moving the clock fires what fell due."""
        self._listeners.append(fn)

    def clear_listeners(self) -> None:
        self._listeners.clear()

    def _notify(self) -> None:
        now = self.now_ms()
        for fn in list(self._listeners):
            fn(now)


MIN_MS = 0
MAX_MS = 253402300799999  # 9999-12-31T23:59:59.999Z


def iso_ms(ms: int) -> str:
    """Webex identity's ISO-8601 form: 2015-10-18T14:26:16.000Z."""
    dt = datetime.fromtimestamp(ms / 1000.0, tz=timezone.utc)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"


def parse_iso_ms(value: str) -> int:
    """Accepts ISO-8601 with 'Z' or an offset; naive times are taken as UTC."""
    v = value.strip()
    if v.endswith("Z") or v.endswith("z"):
        v = v[:-1] + "+00:00"
    try:
        dt = datetime.fromisoformat(v)
        if dt.tzinfo is None:
            dt = dt.replace(tzinfo=timezone.utc)
        return int(round(dt.timestamp() * 1000))
    except (OverflowError, OSError) as exc:  # instants datetime cannot place in UTC
        raise ValueError(f"'{value}' is out of range") from exc


clock = Clock()
