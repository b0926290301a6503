"""pytest plugin (entry point `pytest11`): a Webex sandbox for your tests, no tenant needed.

Fixtures:
- ``wxcc_sandbox``: an in-process sandbox (ASGI app + httpx client, no socket), shared by the
  session and put back to its seeded state before each test that uses it (milliseconds).
- ``wxcc_sandbox_url``: the same sandbox served by uvicorn on a free loopback port, for clients
  that need a base URL (SDKs, subprocesses). State is reset before each test that uses it.

Options: ``--wxcc-pods 1-2`` (PODs to seed), ``--wxcc-scenario NAME``, ``--wxcc-seed N``.

    def test_my_client(wxcc_sandbox_url):
        client = MyWebexClient(base_url=wxcc_sandbox_url + "/v1/", token=...)
"""

from __future__ import annotations

import socket
import threading
import time
from typing import Any, Iterator

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "wxcc_intercept: route calls to the real Webex hosts to the sandbox")


@pytest.fixture(autouse=True)
def _wxcc_intercept_marker(request: pytest.FixtureRequest) -> Iterator[None]:
    if request.node.get_closest_marker("wxcc_intercept") is None:
        yield
        return
    request.getfixturevalue("wxcc_intercept")
    yield


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("wxcc-sandbox")
    group.addoption("--wxcc-pods", default="1-2", help="PODs the sandbox seeds (default 1-2)")
    group.addoption("--wxcc-scenario", default="default", help="fixture scenario to seed")
    group.addoption("--wxcc-seed", type=int, default=None, help="reproducible generated ids")


class _LiveServer:
    def __init__(self, app: Any) -> None:
        import asyncio

        import uvicorn

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="on",
                                access_log=False)
        self.server = uvicorn.Server(config)
        self.loop = asyncio.new_event_loop()  # ours, so the in-process client can run its requests on it
        self.thread = threading.Thread(target=self.loop.run_until_complete, args=(self.server.serve(),),
                                       name="wxcc-sandbox", daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("wxcc-sandbox live server did not start")
            time.sleep(0.01)
        self.url = f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        if not self.thread.is_alive():
            self.loop.close()


@pytest.fixture(scope="session")
def _wxcc_sandbox_session(request: pytest.FixtureRequest) -> Iterator[Any]:
    from mockserver.testing import InProcessSandbox

    opt = request.config.getoption
    sb = InProcessSandbox(pods=opt("--wxcc-pods"), scenario=opt("--wxcc-scenario"), seed=opt("--wxcc-seed"))
    yield sb
    live = getattr(sb, "_live", None)
    if live is not None:
        sb.client.serve_on(None)
        live.stop()
    sb.close()


@pytest.fixture
def wxcc_sandbox(_wxcc_sandbox_session: Any) -> Any:
    """The in-process sandbox, freshly reset: ``.client`` (sync httpx), ``.token(email)``, ``.auth(email)``."""
    from mockserver.core.clock import clock

    sb = _wxcc_sandbox_session
    clock.reset()
    sb.reset(scenario=sb.settings.scenario)  # a reset of every POD also removes the fault rules
    return sb


@pytest.fixture
def wxcc_sandbox_url(wxcc_sandbox: Any) -> str:
    """Base URL of the same sandbox served on a loopback port (started once per session)."""
    if getattr(wxcc_sandbox, "_live", None) is None:
        wxcc_sandbox._live = _LiveServer(wxcc_sandbox.app)
        wxcc_sandbox.client.serve_on(wxcc_sandbox._live.loop)
        if not wxcc_sandbox.settings.public_url:
            # links and OAuth callbacks the sandbox hands out point where a browser reaches it
            wxcc_sandbox.settings.public_url = wxcc_sandbox._live.url
    return wxcc_sandbox._live.url


@pytest.fixture
def wxcc_intercept(wxcc_sandbox: Any) -> Iterator[Any]:
    """The in-process sandbox, with calls to the real Webex hosts (httpx, requests) routed to it."""
    from mockserver.interception import intercept

    with intercept(sandbox=wxcc_sandbox) as sb:
        yield sb
