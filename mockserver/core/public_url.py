"""The sandbox's own public address inside stored URLs.

Fixture values such as a Connect tenant URL or an integration's redirect URI may start with
``{sandbox}``: the address browsers reach this sandbox at (``--public-url`` /
``MOCKSERVER_PUBLIC_URL``, else ``http://<host>:<port>``). It is kept as written in the database and
resolved when shown or compared, so a restart on another port or behind a proxy stays right.
"""

from __future__ import annotations

from mockserver.core.runtime import runtime

SANDBOX = "{sandbox}"


def resolve(value: str | None) -> str | None:
    if not value or SANDBOX not in value:
        return value
    return value.replace(SANDBOX, runtime.settings.base_url)


def resolve_all(values: list[str] | tuple[str, ...]) -> list[str]:
    return [resolve(v) or "" for v in values]
