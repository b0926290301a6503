"""Audio files and agent personal greetings: multipart uploads as live tenants take them (errata
F), the bytes readable back, the 400/415 rules, and their references."""

from __future__ import annotations

import json
import struct

import pytest

from mockserver.core.seeding import pod_org_id
from mockserver.wxcc.config.seed import entity_id

ORG = pod_org_id(1)
BASE = f"/organization/{ORG}"


def wav(seconds: float = 0.01, rate: int = 8000) -> bytes:
    frames = b"\x7f" * int(rate * seconds)
    fmt = struct.pack("<HHIIHH", 7, 1, rate, rate, 1, 8)  # 8-bit mu-law mono
    return (b"RIFF" + struct.pack("<I", 4 + 8 + len(fmt) + 8 + len(frames)) + b"WAVE" + b"fmt "
            + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", len(frames)) + frames)


def upload(info_part: str, info: dict, data: bytes | None = None, file_type: str = "audio/wav",
           info_type: str = "application/json", filename: str = "hello.wav") -> dict:
    files = {info_part: (None, json.dumps(info), info_type)}
    if data is not None:
        files["audioFile"] = (filename, data, file_type)
    return files


@pytest.fixture
def admin(auth):
    return auth("admin")


def test_audio_file_round_trip(client, admin):
    body = wav()
    r = client.post(f"{BASE}/audio-file", headers=admin,
                    files=upload("audioFileInfo", {"name": "welcome.wav", "contentType": "AUDIO_WAV",
                                                   "description": "Welcome"}, body))
    assert r.status_code == 200, r.text
    audio = r.json()
    assert audio["contentType"] == "AUDIO_WAV" and audio["blobId"] and "url" not in audio
    got = client.get(f"{BASE}/audio-file/{audio['id']}", headers=admin, params={"includeUrl": True}).json()
    path = got["url"].split("://", 1)[1].split("/", 1)[1]
    raw = client.get("/" + path)
    assert raw.status_code == 200 and raw.content == body and raw.headers["content-type"] == "audio/wav"
    # replace: multipart, carrying the record's own blobId; the bytes change, the blobId stays
    new = wav(0.02)
    bad = client.put(f"{BASE}/audio-file/{audio['id']}", headers=admin,
                     files=upload("audioFileInfo", {"name": "welcome.wav", "blobId": "other"}, new))
    assert bad.status_code == 400 and "blobId" in bad.text
    r = client.put(f"{BASE}/audio-file/{audio['id']}", headers=admin,
                   files=upload("audioFileInfo", {"name": "welcome.wav", "blobId": audio["blobId"],
                                                  "description": "New"}, new, file_type="audio/x-wav"))
    assert r.status_code == 200 and r.json()["version"] == 1 and r.json()["contentType"] == "AUDIO_X_WAV"
    assert client.get("/" + path).content == new
    r = client.patch(f"{BASE}/audio-file/{audio['id']}", headers=admin, json={"description": "Patched"})
    assert r.status_code == 200 and r.json()["description"] == "Patched" and r.json()["blobId"] == audio["blobId"]
    rows = client.get(f"{BASE}/v2/audio-file", headers=admin).json()["data"]
    assert [a["name"] for a in rows] == ["welcome.wav"]
    # referenced by a queue's music: 412, listed in incoming references
    q = client.post(f"{BASE}/contact-service-queue", headers=admin, json={
        "name": "Music_Q", "queueType": "INBOUND", "channelType": "TELEPHONY", "checkAgentAvailability": False,
        "serviceLevelThreshold": 30, "maxActiveContacts": 5, "maxTimeInQueue": 600, "active": True,
        "routingType": "LONGEST_AVAILABLE_AGENT", "defaultMusicInQueueMediaFileId": audio["id"],
        "callDistributionGroups": [{"order": 1, "duration": 0, "agentGroups": [{"teamId": entity_id(1, "team", "default")}]}]})
    assert q.status_code == 201, q.text
    assert client.delete(f"{BASE}/audio-file/{audio['id']}", headers=admin).status_code == 412
    refs = client.get(f"{BASE}/audio-file/{audio['id']}/incoming-references", headers=admin).json()
    assert refs["data"][0]["id"] == q.json()["id"]
    export = client.get(f"{BASE}/contact-service-queue/bulk-export", headers=admin, params={"type": "INBOUND"}).json()
    assert next(x for x in export["resources"] if x["name"] == "Music_Q")["defaultMusicInQueueMediaFile"] == "welcome.wav"
    assert client.delete(f"{BASE}/contact-service-queue/{q.json()['id']}", headers=admin).status_code == 204
    assert client.delete(f"{BASE}/audio-file/{audio['id']}", headers=admin).status_code == 200
    assert client.get("/" + path).status_code == 404  # the bytes went with the record


def test_audio_file_refusals(client, admin):
    info = {"name": "x.wav", "contentType": "AUDIO_WAV"}
    r = client.post(f"{BASE}/audio-file", headers=admin, json={"audioFileInfo": info})
    assert r.status_code == 400 and "multipart/form-data" in r.text  # the real service: a bare 500
    r = client.post(f"{BASE}/audio-file", headers=admin, files=upload("audioFileInfo", info, wav(), info_type="text/plain"))
    assert r.status_code == 415
    r = client.post(f"{BASE}/audio-file", headers=admin,
                    files=upload("audioFileInfo", info, b"<html>not audio</html>", file_type="text/html",
                                 filename="x.html"))
    assert r.status_code == 400 and "not an audio file" in r.text
    r = client.post(f"{BASE}/audio-file", headers=admin, files=upload("audioFileInfo", info, b"RIFF1234NOPE"))
    assert r.status_code == 400 and "not an audio file" in r.text
    r = client.post(f"{BASE}/audio-file", headers=admin, files=upload("audioFileInfo", info))
    assert r.status_code == 400 and "audioFile" in r.text
    r = client.post(f"{BASE}/audio-file", headers=admin,
                    files=upload("audioFileInfo", {**info, "name": "noext"}, wav()))
    assert r.status_code == 400 and ".wav" in r.text
    big = wav(0.01)[:44] + b"\0" * (8 * 1024 * 1024 + 1)
    r = client.post(f"{BASE}/audio-file", headers=admin, files=upload("audioFileInfo", info, big))
    assert r.status_code == 400 and "8 MB" in r.text
    assert client.get(f"{BASE}/v2/audio-file", headers=admin).json()["data"] == []  # nothing half-written
    ok = client.post(f"{BASE}/audio-file", headers=admin, files=upload("audioFileInfo", info, wav()))
    assert ok.status_code == 200
    dup = client.post(f"{BASE}/audio-file", headers=admin, files=upload("audioFileInfo", info, wav()))
    assert dup.status_code == 409


def test_agent_personal_greetings_v1_and_v2(client, admin):
    agent = entity_id(1, "user", "agent")
    r = client.post(f"{BASE}/agent-personal-greeting", headers=admin,
                    files=upload("agentPersonalGreetingInfo", {"name": "hi.wav", "agentId": agent,
                                                               "attributeTag": "morning"}, wav()))
    assert r.status_code == 200, r.text
    g = r.json()
    assert g["attributeTag"] == "morning" and g["ciUserId"] and g["email"]
    r = client.post(f"{BASE}/agent-personal-greeting", headers=admin,
                    files=upload("agentPersonalGreetingInfo", {"name": "hi2.wav", "agentId": "nobody"}, wav()))
    assert r.status_code == 400 and "agentId" in r.text
    v2 = client.get(f"{BASE}/v2/agent-personal-greeting/{g['id']}", headers=admin).json()
    assert "attributeTag" not in v2 and v2["name"] == "hi.wav"
    r = client.patch(f"{BASE}/v2/agent-personal-greeting/{g['id']}", headers=admin, json={"greetingPurposeId": "p1"})
    assert r.status_code == 200 and r.json()["greetingPurposeId"] == "p1"
    assert client.get(f"{BASE}/v3/agent-personal-greeting", headers=admin).json()["meta"]["totalRecords"] == 1
    assert client.get(f"{BASE}/v2/agent-personal-greeting", headers=admin).json()["data"][0]["attributeTag"] == "morning"
    url = client.get(f"{BASE}/agent-personal-greeting/{g['id']}", headers=admin, params={"includeUrl": True}).json()["url"]
    assert client.get("/" + url.split("://", 1)[1].split("/", 1)[1]).content == wav()
    assert client.delete(f"{BASE}/v2/agent-personal-greeting/{g['id']}", headers=admin).status_code == 200
    assert client.get(f"{BASE}/agent-personal-greeting/{g['id']}", headers=admin).status_code == 404
