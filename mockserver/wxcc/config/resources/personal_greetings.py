"""Agent personal greetings: an agent's own recorded greeting (``agentId`` names a contact-center
user, whose name, email and CI id are shown with it).

Two wire forms of one record: v1 (``attributeTag``, what the greeting is for) and v2
(``greetingPurposeId``/``greetingPurposeName``). Created and replaced like audio files, multipart
only (``files.py``: the metadata part ``agentPersonalGreetingInfo``, the file part ``audioFile``);
``PATCH`` sets the tag or purpose. Names (ending in ``.wav``) are unique per agent.
"""

from __future__ import annotations

from typing import Callable, Optional

from pydantic import Field

from mockserver.wxcc.config.engine import Ctx, Ref, Resource, register, std_paths
from mockserver.wxcc.config.models import WxccEntity
from mockserver.wxcc.config.resources.audio_files import FILE_NAME, ContentType, drop_bytes, wav_name
from mockserver.wxcc.config.schemas import ConfigDTO, Wire


class _Greeting(ConfigDTO):
    name: str = Field(min_length=1, max_length=80, pattern=FILE_NAME)
    contentType: Optional[ContentType] = None  # spec-required; taken from the uploaded file
    blobId: Optional[str] = None
    url: Optional[str] = None
    agentId: str = Field(min_length=1)


class GreetingWithAttributeTagDTO(_Greeting):
    attributeTag: Optional[str] = Field(default=None, max_length=80, pattern=r"^[a-zA-Z0-9_-]*$")


class GreetingWithPurposeDTO(_Greeting):
    greetingPurposeId: Optional[str] = None
    greetingPurposeName: Optional[str] = Field(default=None, max_length=80)


class GreetingPatchAttributeTagDTO(Wire):
    attributeTag: Optional[str] = Field(default=None, max_length=80, pattern=r"^[a-zA-Z0-9_-]*$")


class GreetingPatchPurposeDTO(Wire):
    attributeTag: Optional[str] = Field(default=None, max_length=80, pattern=r"^[a-zA-Z0-9_-]*$")
    greetingPurposeId: Optional[str] = None


_AGENT = ("firstName", "lastName", "email", "ciUserId")


def _agent_details(ctx: Ctx, out: dict) -> None:
    user = ctx.find("user", out.get("agentId", ""))
    if user is not None:
        for f in _AGENT:
            if user.data.get(f) is not None:
                out[f] = user.data[f]
        out["agentActive"] = bool(user.data.get("active"))


def _v1(ctx: Ctx, out: dict, full: bool) -> None:
    for f in ("greetingPurposeId", "greetingPurposeName"):
        out.pop(f, None)
    _agent_details(ctx, out)


def _v2(ctx: Ctx, out: dict, full: bool) -> None:
    out.pop("attributeTag", None)
    _agent_details(ctx, out)


def _keeps(*fields: str) -> Callable[[Ctx, dict, WxccEntity | None, list[str]], None]:
    """A write through one wire form keeps what only the other form shows."""
    def keep(ctx: Ctx, data: dict, existing: WxccEntity | None, errors: list[str]) -> None:
        for f in fields:
            if existing is not None and f in existing.data and f not in data:
                data[f] = existing.data[f]

    return keep


_COMMON = dict(kind="agent-personal-greeting", tag="Agent Personal Greeting Files", title="agent personal greeting",
               create_status=200, delete_status=200, refs=[Ref("agentId", "user")],
               after_delete=drop_bytes, unique_scope=lambda d: d.get("agentId", ""),
               unique_label=lambda ctx, d: "for this agent", active_field=None,
               search_fields=("name", "attributeTag", "greetingPurposeName"),
               response_extra={f: str for f in _AGENT} | {"agentActive": bool})

GREETING = register(Resource(
    **_COMMON, model=GreetingWithAttributeTagDTO, decorate=_v1,
    rules=[wav_name, _keeps("greetingPurposeId", "greetingPurposeName")],
    paths=std_paths("agent-personal-greeting", create=(), item=(), v1_list=None, v2_list="v2/agent-personal-greeting",
                    references=None, bulk=None),
))

GREETING_V2 = register(Resource(
    **_COMMON, key="agent-personal-greeting-v2", model=GreetingWithPurposeDTO, decorate=_v2,
    rules=[wav_name, _keeps("attributeTag")],
    paths=std_paths("v2/agent-personal-greeting", create=(), item=(), v1_list=None,
                    v2_list="v3/agent-personal-greeting", references=None, bulk=None),
))
