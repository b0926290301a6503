"""The yardstick: bare async FastAPI routes answering the same JSON bodies as the sandbox, nothing
else (bench.py writes the bodies it measured to files and names them in the environment)."""

import json
import os

from fastapi import FastAPI

app = FastAPI()


def _body(var: str, default: dict) -> dict:
    path = os.environ.get(var)
    return json.loads(open(path).read()) if path else default


_ME = _body("BENCH_ME_BODY", {
    "id": "Y2lzY29zcGFyazovL3VzL1BFT1BMRS82ZDE0NDY4MC1lN2U0LTU5ZTEtYjY1NC1iYTczN2U2NWQ3M2M",
    "emails": ["cl1admin1@email.carehybrid.com"],
    "displayName": "Admin Pod1",
    "orgId": "Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi8wZTcyYTQ2MS1mYjkxLTViMmYtODA0Yi03ODdiNjE4YzdjOWQ",
})
_QUEUES = _body("BENCH_QUEUES_BODY", {})


@app.get("/v1/people/me")
async def me() -> dict:
    return _ME


@app.get("/organization/{orgid}/v2/contact-service-queue")
async def queues(orgid: str) -> dict:
    return _QUEUES
