"""The request journal (GET /sandbox/requests): recent requests and responses, in process memory."""

from __future__ import annotations

import fnmatch
import itertools
from collections import deque
from typing import Any

from mockserver.core.clock import iso_ms
from mockserver.core.lifecycle import forget_on_new_app
from mockserver.core.redact import mask


def _readable(entry: dict[str, Any]) -> None:
    """Bodies are kept as recorded; what anyone reads is text with the secrets masked
    (core/redact.py: generic names and each product's), made once per entry."""
    for key in ("requestBody", "responseBody"):
        raw = entry.get(key)
        if isinstance(raw, (bytes, bytearray)):
            entry[key] = mask(raw)


class Journal:
    def __init__(self, size: int = 500) -> None:
        self.entries: deque[dict[str, Any]] = deque(maxlen=size)
        self._seq = itertools.count(1)
        self.enabled = True

    def resize(self, size: int) -> None:
        self.entries = deque(self.entries, maxlen=size)

    def add(self, entry: dict[str, Any]) -> None:
        entry["seq"] = next(self._seq)
        self.entries.append(entry)

    def query(
        self,
        *,
        method: str | None = None,
        path: str | None = None,
        status: int | None = None,
        since: int | None = None,
        tracking_id: str | None = None,
        limit: int = 100,
    ) -> list[dict[str, Any]]:
        out = []
        for e in reversed(self.entries):
            if since is not None and e["seq"] <= since:
                break
            if method and e["method"] != method.upper():
                continue
            if path:
                if any(c in path for c in "*?["):
                    if not fnmatch.fnmatchcase(e["path"], path):
                        continue
                elif path not in e["path"]:
                    continue
            if status is not None and e["status"] != status:
                continue
            if tracking_id and e.get("trackingId") != tracking_id:
                continue
            out.append(e)
            if "time" not in e:  # formatted when read, not on the hot path
                e["time"] = iso_ms(e["timeMs"])
                _readable(e)
            if len(out) >= limit:
                break
        return out

    def get(self, seq: int) -> dict[str, Any] | None:
        """One entry by its seq, readable (bodies masked), or None once it left the journal."""
        for e in reversed(self.entries):
            if e["seq"] == seq:
                if "time" not in e:
                    e["time"] = iso_ms(e["timeMs"])
                    _readable(e)
                return e
            if e["seq"] < seq:
                break
        return None

    def clear(self) -> None:
        self.entries.clear()


journal = Journal()
forget_on_new_app("sandbox.journal", journal.clear)
