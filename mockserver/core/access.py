"""The line per request of a served sandbox, and where it goes. Its own module, light to import:
`serve` answers health before the app is built (core/warmup.py) and logs those requests too."""

from __future__ import annotations

import logging
import time
from typing import Any

access_log = logging.getLogger("mockserver.access")


class AccessLines:
    """The line per request of a served sandbox. Through logging's ``mockserver.access`` logger
    (a record, a look at the caller's frame, a formatter) it cost a third of a cached GET; `serve`
    hands its stream here instead (cli.py) and each line is written as its handler formatted it,
    ``%(asctime)s %(message)s``, the date part made once a second. Without a stream (in-process
    sandboxes that turn the access log on, `--workers` processes) lines go through the logger."""

    def __init__(self) -> None:
        self.stream: Any = None
        self._second = -1
        self._date = ""

    def write(self, message: str) -> None:
        stream = self.stream
        if stream is None:
            access_log.info("%s", message)
            return
        now = time.time()
        second = int(now)
        if second != self._second:
            self._second, self._date = second, time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(second))
        try:
            stream.write(f"{self._date},{int((now - second) * 1000):03d} {message}\n")
        except (OSError, ValueError):  # a closed or broken stderr must not fail the request (as logging does)
            pass


access_lines = AccessLines()


def access_line(scope: dict, status: int, started: float, tid: str) -> str:
    """`METHOD path?query status N.Nms trackingId`; `started` is the request's perf_counter."""
    query = scope.get("query_string", b"")
    return "%s %s%s %d %.1fms %s" % (scope["method"], scope["path"], "?" + query.decode("latin-1") if query else "",
                                     status, (time.perf_counter() - started) * 1000, tid)
