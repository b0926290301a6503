"""One in-process sandbox for the whole run, put back to its seeded state before every test.

Tests talk HTTP to the ASGI app through httpx (no socket), the way a client would.
"""

from __future__ import annotations

import pytest

from mockserver.core.clock import clock
from mockserver.testing import InProcessSandbox

ADMIN = "cl1admin{n}@email.carehybrid.com"
AGENT = "cl1agent{n}@email.carehybrid.com"
SUP = "cl1sup{n}@email.carehybrid.com"


@pytest.fixture(scope="session")
def sandbox(_wxcc_sandbox_session) -> InProcessSandbox:
    """The pytest plugin's session sandbox (PODs 1-3, see addopts): one app for tests/ and examples/."""
    return _wxcc_sandbox_session


@pytest.fixture(autouse=True)
def _fresh_state(sandbox: InProcessSandbox):
    # Reset first (not after), so a failing test leaves its state for inspection.
    sandbox.client.delete("/sandbox/faults")
    clock.reset()
    sandbox.reset(scenario=sandbox.settings.scenario)
    yield


@pytest.fixture
def private_sandbox(sandbox: InProcessSandbox):
    """A factory of throw-away sandboxes; the shared one is rebuilt afterwards (the app is a
    process-wide singleton, so building another one replaces it)."""
    made: list[InProcessSandbox] = []

    def make(**kw) -> InProcessSandbox:
        sb = InProcessSandbox(**kw)
        made.append(sb)
        return sb

    yield make
    for sb in made:
        sb.client.close()
    from mockserver.app import create_app
    from mockserver.testing import SyncASGIClient

    sandbox.app = create_app(sandbox.settings)
    sandbox.client.close()
    sandbox.client = SyncASGIClient(sandbox.app)


@pytest.fixture
def client(sandbox: InProcessSandbox):
    return sandbox.client


@pytest.fixture
def auth(sandbox: InProcessSandbox):
    """auth('admin', pod=1, scopes=None) -> headers with a fresh bearer token."""

    def make(who: str = "admin", pod: int = 1, scopes: list[str] | None = None) -> dict[str, str]:
        email = {"admin": ADMIN, "agent": AGENT, "supervisor": SUP}.get(who, who).format(n=pod)
        return sandbox.auth(email, scopes)

    return make
