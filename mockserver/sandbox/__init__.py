"""The sandbox's own control plane: PODs, scenarios, reset, snapshots, clock, tokens, mailbox, faults."""

from __future__ import annotations


def setup(app) -> None:  # noqa: ANN001 - FastAPI app
    from mockserver.core.errors import ErrorFamily, register_family
    from mockserver.identity.public import render_identity
    from mockserver.core.mailbox import SandboxMail
    from mockserver.core.timers import SandboxTimer
    from mockserver.core.seeding import Seeder, registry
    from mockserver.core.http import include
    from mockserver.sandbox.routes import router

    # The control plane speaks the identity error shape: one shape for scripts to parse.
    register_family(ErrorFamily("sandbox", "/sandbox", "SANDBOX", render_identity))
    registry.add(Seeder(name="core", tables=[SandboxMail, SandboxTimer], rows=lambda ctx: {}))
    from mockserver.sandbox.fixtures import render_pod
    from mockserver.sandbox.service import pods

    from mockserver.core.runtime import runtime
    from mockserver.sandbox.journal import journal

    journal.resize(runtime.settings.journal_size)
    from mockserver.core.shared import shared
    from mockserver.sandbox.faults import FaultRule, faults

    shared.register("faults", lambda v: setattr(faults, "rules", [FaultRule(**r) for r in (v or [])]))
    registry.fixture_provider = lambda n: render_pod(pods.fixture_data(), n)
    include(app, router)
