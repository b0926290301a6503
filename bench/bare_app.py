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
