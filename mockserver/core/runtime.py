"""The settings of the running sandbox, set once by create_app()."""

from __future__ import annotations

from mockserver.core.settings import Settings


class Runtime:
    def __init__(self) -> None:
        self.settings = Settings()
        self.started_ms = 0


runtime = Runtime()
