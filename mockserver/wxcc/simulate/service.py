"""Create and queue a task in one transaction, as a flow's Queue Task node does; routing offers it
in that transaction, and the offer frames leave through the outbox after the commit."""

from __future__ import annotations

from mockserver.core.db import db
from mockserver.core.errors import ApiError
from mockserver.core.ids import ids
from mockserver.core.seeding import pod_org_id
from mockserver.wxcc.simulate.schemas import OfferContact
from mockserver.wxcc.tasks import public

_CHANNEL = {"chat": "web", "email": "email", "social": "whatsapp"}


def offer(body: OfferContact) -> dict:
    org_id = pod_org_id(body.pod)
    with db.session() as s:
        if not public.queue_exists(s, org_id, body.queueId):
            raise ApiError(404, "Not found.", [f"queueId: no contact-service-queue {body.queueId} in POD {body.pod}'s org."])
        t = public.create_task(s, org_id, conversation_id=body.conversationId or ids.uuid(), media_type=body.mediaType,
                               media_channel=body.mediaChannel or _CHANNEL[body.mediaType], origin=body.origin,
                               destination=body.destination, customer_name=body.customerName, variables=body.variables)
        public.queue_task(s, org_id, t.id, queue_id=body.queueId, priority=body.priority)
        s.commit()
        v = public.get_task(s, org_id, t.id)
    return {"id": v.id, "orgId": v.org_id, "status": v.status, "mediaType": v.media_type, "mediaChannel": v.media_channel,
            "queueId": v.queue_id, "conversationId": v.conversation_id, "offeredTo": v.offered_to or None,
            "owner": v.owner or None}
