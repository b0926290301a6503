"""The yardstick: a bare FastAPI route answering a person-sized JSON body, nothing else."""

from fastapi import FastAPI

app = FastAPI()

BODY = {
    "id": "Y2lzY29zcGFyazovL3VzL1BFT1BMRS82ZDE0NDY4MC1lN2U0LTU5ZTEtYjY1NC1iYTczN2U2NWQ3M2M",
    "emails": ["cl1admin1@email.carehybrid.com"],
    "displayName": "Admin Pod1",
    "orgId": "Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi8wZTcyYTQ2MS1mYjkxLTViMmYtODA0Yi03ODdiNjE4YzdjOWQ",
}


@app.get("/v1/people/me")
async def me() -> dict:
    return BODY


# The same body as the sandbox's v2 list of 100 queues (written by bench.py), for a fair yardstick.
import json as _json
import os as _os

_QUEUES = _json.loads(open(_os.environ["BENCH_QUEUES_BODY"]).read()) if _os.environ.get("BENCH_QUEUES_BODY") else {}


@app.get("/organization/{orgid}/v2/contact-service-queue")
async def queues(orgid: str) -> dict:
    return _QUEUES
