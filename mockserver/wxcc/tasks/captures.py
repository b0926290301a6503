"""``POST /v1/captures/query``: the recordings and transcripts of up to 10 tasks.

The sandbox carries no media (telephony is a media type, no audio), so no task has a capture: each
asked task comes back with empty ``recording`` and ``transcription`` lists — what Cisco answers for
a task without captures, and, by its spec, for a task id it does not know (partial results are
intended, so an unknown id is no 4xx). The checks are Cisco's: ``urlExpiration`` > 0, at most 10
task ids, the body's ``orgId`` must be the token's.
"""

from __future__ import annotations

from mockserver.wxcc.agents.errors import FORBIDDEN, AqmError
from mockserver.wxcc.reporting import bad
from mockserver.wxcc.tasks.schemas import RecordingQuery

DEFAULT_URL_EXPIRATION_MIN = 30  # Cisco's examples and samples; the spec names no default


def query(org_id: str, q: RecordingQuery) -> dict:
    if q.orgId and q.orgId.lower() != org_id:
        raise AqmError(403, f"orgId: the access token is not valid for organization {q.orgId}.",
                       reason_code=FORBIDDEN, report=True)
    expiration = DEFAULT_URL_EXPIRATION_MIN if q.urlExpiration is None else q.urlExpiration
    if expiration <= 0:
        raise bad("urlExpiration should be greater than 0.")
    asked = list(dict.fromkeys(q.taskIds))  # one entry per task, in the order asked
    return {"meta": {"orgId": org_id, "urlExpiration": expiration},
            "data": [{"taskId": t, "recording": [], "transcription": []} for t in asked]}
