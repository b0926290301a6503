"""Customers who write in: the outside world beside the control plane (/sandbox/customers). A
customer sends an email, a Messenger / WhatsApp / SMS message or a live-chat message to a
Connect app and reads what it received back; the POD's Gmail mailbox forwards to the email app
once its forwarding address is confirmed (lab 12.7 Email step 2). This package sits above the
products: it calls ``connect/flows/public.py``; no product imports it."""

from __future__ import annotations


def setup(app) -> None:  # noqa: ANN001 - FastAPI app
    from mockserver.core.http import include
    from mockserver.core.seeding import Seeder, registry
    from mockserver.customers.models import GmailForwarding
    from mockserver.customers.routes import router

    registry.add(Seeder(name="customers", tables=[GmailForwarding], rows=lambda ctx: {}))
    include(app, router)
