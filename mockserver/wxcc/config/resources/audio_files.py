"""Audio files: prompts and music flows and queues play (a queue's ``defaultMusicInQueueMediaFileId``,
an entry point's ``musicOnHoldId``), hence the 412 on deleting a file in use.

Created and replaced with multipart only (``files.py``: the metadata part ``audioFileInfo``, the
file part ``audioFile``); ``PATCH`` changes the description. ``contentType`` follows the uploaded
file; ``blobId`` names the stored bytes, readable at ``url`` (``GET …?includeUrl=true``).
"""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import Field

from mockserver.wxcc.config import files
from mockserver.wxcc.config.engine import Ctx, Resource, register, std_paths
from mockserver.wxcc.config.models import WxccEntity
from mockserver.wxcc.config.schemas import ConfigDTO, Description, Wire

ContentType = Literal["AUDIO_WAV", "TEXT_HTML", "TEXT_PHP", "AUDIO_X_WAV", "APPLICATION_OCTET_STREAM"]
FILE_NAME = r"^[a-zA-Z0-9._\-\s]*$"


class AudioFileInfoDTO(ConfigDTO):
    name: str = Field(min_length=1, max_length=80, pattern=FILE_NAME)
    contentType: Optional[ContentType] = None  # spec-required; taken from the uploaded file
    blobId: Optional[str] = None
    url: Optional[str] = None
    description: Description


class AudioFileInfoPatchDTO(Wire):
    description: Optional[str] = Field(default=None, max_length=255)


def wav_name(ctx: Ctx, data: dict, existing: WxccEntity | None, errors: list[str]) -> None:
    if not data["name"].lower().endswith(".wav"):
        errors.append("name: must end with .wav.")
    data.pop("url", None)


def drop_bytes(ctx: Ctx, row: WxccEntity) -> None:
    files.drop(ctx.session, row.data.get("blobId"))


AUDIO_FILE = register(Resource(
    kind="audio-file", tag="Audio Files", title="audio file", model=AudioFileInfoDTO,
    paths=std_paths("audio-file", create=(), item=(), v1_list=None, bulk=None),
    create_status=200, delete_status=200, rules=[wav_name], after_delete=drop_bytes, active_field=None,
))
