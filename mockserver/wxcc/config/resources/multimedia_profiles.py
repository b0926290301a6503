"""Multimedia profile (MMP): how many contacts of each channel an agent handles at once."""

from __future__ import annotations

from typing import Literal, Optional



from mockserver.wxcc.config.engine import Resource, exporter, register, std_paths
from mockserver.wxcc.config.schemas import ConfigDTO, Description, Wire, name_field


class MultimediaProfileChannel(Wire):
    telephony: int
    chat: int
    email: int
    social: int


class MultimediaProfileDTO(ConfigDTO):
    name: name_field(r"^[a-zA-Z0-9._\-\s]*$")  # type: ignore[valid-type]
    description: Description
    chat: int
    email: int
    telephony: int
    social: int
    active: bool
    blendingModeEnabled: bool
    blendingMode: Literal["BLENDED", "BLENDED_REALTIME", "EXCLUSIVE"]
    manuallyAssignable: Optional[MultimediaProfileChannel] = None


# Limits from the spec's field texts: voice 0-1; chat, email, social 0-5; BLENDED_REALTIME needs
# voice 1 and chat 1-5.
def _limits(ctx, data, existing, errors) -> None:  # noqa: ANN001
    if not 0 <= data["telephony"] <= 1:
        errors.append("telephony: must be 0 or 1.")
    for ch in ("chat", "email", "social"):
        if not 0 <= data[ch] <= 5:
            errors.append(f"{ch}: must be between 0 and 5.")
    if data["blendingMode"] == "BLENDED_REALTIME":
        if data["telephony"] != 1:
            errors.append("telephony: must be 1 when blendingMode is BLENDED_REALTIME.")
        if data["chat"] < 1:
            errors.append("chat: must be between 1 and 5 when blendingMode is BLENDED_REALTIME.")
    for ch, v in (data.get("manuallyAssignable") or {}).items():
        if not 0 <= v <= 10:
            errors.append(f"manuallyAssignable.{ch}: must be between 0 and 10.")


MMP = register(Resource(
    kind="multimedia-profile", tag="Multimedia Profile", title="multimedia profile", model=MultimediaProfileDTO,
    paths=std_paths("multimedia-profile", bulk_export="multimedia-profile/bulk-export",
                    purge="multimedia-profile/purge-inactive-entities"),
    export=exporter(("name", "description", "chat", "email", "fax", "telephony", "video", "social", "others", "active",
                     "blendingModeEnabled", "blendingMode", "manuallyAssignable")),
    create_status=200, delete_status=200, rules=[_limits],
))
