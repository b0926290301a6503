"""Files the config API takes (audio files, agent personal greetings): multipart uploads, the
checks on them, and where their bytes live (``WxccBlob``).

Live behaviour (errata F): create and replace are multipart only, a metadata part typed
``application/json`` (else 415) and a file part with a filename and ``audio/wav``; a replacing PUT
must carry the target record's own ``blobId`` (else 400). A JSON body gets a clear 400 here (the
real service answers a bare 500). Decisions: a file must be a RIFF/WAVE file (the part's type
``audio/wav``, ``audio/x-wav`` or ``audio/wave`` and the bytes' header), at most 8 MB, and the record's
``name`` ends with ``.wav``. The bytes are readable back at the record's ``url`` (``includeUrl=true``),
an unguessable link like the real service's signed storage links.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from python_multipart.multipart import MultipartParser, parse_options_header
from sqlmodel import Session

from mockserver.core.clock import clock
from mockserver.core.errors import ApiError
from mockserver.core.ids import ids
from mockserver.wxcc.config.errors import bad_request, not_found
from mockserver.wxcc.config.models import WxccBlob

MAX_AUDIO_BYTES = 8 * 1024 * 1024
AUDIO_TYPES = {"audio/wav": "AUDIO_WAV", "audio/wave": "AUDIO_WAV", "audio/vnd.wave": "AUDIO_WAV",
               "audio/x-wav": "AUDIO_X_WAV"}
MEDIA_PREFIX = "/wxcc-media"


@dataclass
class Part:
    name: str
    filename: str | None
    content_type: str | None
    data: bytes


def parse_multipart(content_type: str, body: bytes) -> dict[str, Part]:
    """Every part with its own headers (Starlette's form parser drops a non-file part's type,
    which the 415 rule needs)."""
    _, params = parse_options_header(content_type)
    boundary = params.get(b"boundary")
    if not boundary:
        raise bad_request(["Content-Type: multipart/form-data needs a boundary."])
    parts: dict[str, Part] = {}
    state: dict = {}

    def on_part_begin() -> None:
        state.update(headers={}, data=bytearray(), field=b"", value=b"")

    def on_header_field(data: bytes, start: int, end: int) -> None:
        state["field"] += data[start:end]

    def on_header_value(data: bytes, start: int, end: int) -> None:
        state["value"] += data[start:end]

    def on_header_end() -> None:
        state["headers"][state["field"].decode("latin-1").lower()] = state["value"].decode("latin-1")
        state["field"], state["value"] = b"", b""

    def on_part_data(data: bytes, start: int, end: int) -> None:
        state["data"] += data[start:end]

    def on_part_end() -> None:
        _, disp = parse_options_header(state["headers"].get("content-disposition", ""))
        name = disp.get(b"name", b"").decode()
        filename = disp.get(b"filename")
        ctype = state["headers"].get("content-type")
        parts[name] = Part(name, filename.decode() if filename is not None else None,
                           ctype.split(";")[0].strip().lower() if ctype else None, bytes(state["data"]))

    parser = MultipartParser(boundary, {
        "on_part_begin": on_part_begin, "on_header_field": on_header_field, "on_header_value": on_header_value,
        "on_header_end": on_header_end, "on_part_data": on_part_data, "on_part_end": on_part_end})
    try:
        parser.write(body)
        parser.finalize()
    except Exception as e:  # noqa: BLE001 - any malformation is the client's 400
        raise bad_request([f"body: not a valid multipart/form-data body ({e})."]) from None
    return parts


def read_upload(content_type: str, body: bytes, info_part: str, entity: str,
                file_required: bool = True) -> tuple[dict, Part | None]:
    """The metadata part (JSON) and the file part (``audioFile``) of a create or replace."""
    if not content_type.lower().startswith("multipart/form-data"):
        raise bad_request([f"Content-Type: {entity} is created and replaced with multipart/form-data: a part "
                           f"'{info_part}' (application/json) and a part 'audioFile' (the .wav file)."], entity=entity)
    if len(body) > MAX_AUDIO_BYTES + 64 * 1024:
        raise too_large(entity)
    parts = parse_multipart(content_type, body)
    info = parts.get(info_part)
    if info is None:
        raise bad_request([f"{info_part}: the metadata part is required."], entity=entity)
    if info.content_type != "application/json":
        raise ApiError(415, "Unsupported Media Type.",
                       [f"{info_part}: the metadata part must be typed application/json, got {info.content_type}."],
                       extra={"entity": entity, "reason": "Unsupported Media Type"})
    try:
        meta = json.loads(info.data or b"null")
    except ValueError as e:
        raise bad_request([f"{info_part}: not valid JSON ({e})."], entity=entity) from None
    if not isinstance(meta, dict):
        raise bad_request([f"{info_part}: must be a JSON object."], entity=entity)
    file = parts.get("audioFile")
    if file is None or not file.filename:
        if file_required:
            raise bad_request(["audioFile: the file part (with a filename) is required."], entity=entity)
        return meta, None
    return meta, file


def too_large(entity: str) -> ApiError:
    return bad_request([f"audioFile: larger than the {MAX_AUDIO_BYTES // (1024 * 1024)} MB limit."], entity=entity)


def audio_content_type(file: Part, entity: str) -> str:
    """The record's ``contentType`` for a file that really is audio (400 otherwise)."""
    if len(file.data) > MAX_AUDIO_BYTES:
        raise too_large(entity)
    kind = AUDIO_TYPES.get(file.content_type or "")
    is_wave = len(file.data) >= 12 and file.data[:4] == b"RIFF" and file.data[8:12] == b"WAVE"
    if kind is None or not is_wave:
        raise bad_request([f"audioFile: '{file.filename}' is not an audio file: a .wav file (RIFF/WAVE, typed "
                           f"audio/wav or audio/x-wav) is required, got {file.content_type or 'no type'}."],
                          entity=entity)
    return kind


def store(session: Session, org_id: str, pod: int, file: Part) -> str:
    blob_id = ids.uuid()
    session.add(WxccBlob(id=blob_id, pod=pod, org_id=org_id, content_type=file.content_type or "audio/wav",
                         filename=file.filename or "audio.wav", size=len(file.data), data=file.data,
                         created_ms=clock.now_ms()))
    return blob_id


def drop(session: Session, blob_id: str | None) -> None:
    if blob_id:
        blob = session.get(WxccBlob, blob_id)
        if blob is not None:
            session.delete(blob)


def url(base_url: str, org_id: str, blob_id: str) -> str:
    return f"{base_url.rstrip('/')}{MEDIA_PREFIX}/{org_id}/{blob_id}"


def read(session: Session, org_id: str, blob_id: str) -> WxccBlob:
    blob = session.get(WxccBlob, blob_id)
    if blob is None or blob.org_id != org_id:
        raise not_found("audio-file", blob_id)
    return blob
