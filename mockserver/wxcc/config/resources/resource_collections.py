"""Resource collections: named sets of resources a user profile may reach (``resourceCollections``,
``defaultResourceCollectionId``), so ``incoming-references`` reports ``user-profile`` (errata F).

``resources[].name`` is one of the resource names the spec lists; SPECIFIC access needs ``ids``,
which must be entities of that resource in the org where the sandbox holds it (flows, sub-flows,
functions and channels live outside the configuration API: their ids are taken as given).
``resourceCount`` is computed.
"""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import Field

from mockserver.wxcc.config.engine import Ctx, Resource, register, std_paths
from mockserver.wxcc.config.models import WxccEntity
from mockserver.wxcc.config.schemas import ConfigDTO, Description, Wire

# The spec's resource names -> the kind that holds them here (None: not a configuration entity).
RESOURCE_KINDS: dict[str, str | None] = {
    "multimedia-profile": "multimedia-profile", "queue": "contact-service-queue", "override": "overrides",
    "holiday-list": "holiday-list", "audio-prompt": "audio-file", "flow": None, "skill-profile": "skill-profile",
    "team": "team", "skill-definition": "skill", "site": "site", "outdial-ani": "outdial-ani", "channel": None,
    "sub-flow": None, "desktop-layout": "desktop-layout", "working-hour": "business-hours", "function": None,
    "desktop-profile": "agent-profile", "idle-wrapup-code": "auxiliary-code", "cad-variable": "cad-variable",
    "address-book": "address-book",
}


class ResourceTypes(Wire):
    name: str = Field(min_length=1)
    accessLevel: Literal["SPECIFIC", "ALL", "PROVISIONED_VALUE", "NONE"]
    ids: Optional[list[str]] = None


class ResourceCollectionDTO(ConfigDTO):
    name: str = Field(min_length=1, max_length=80, pattern=r"^[a-zA-Z\d\-_\s]+$")
    description: Description
    resources: Optional[list[ResourceTypes]] = None


def _rules(ctx: Ctx, data: dict, existing: WxccEntity | None, errors: list[str]) -> None:
    seen: set[str] = set()
    for i, r in enumerate(data.get("resources") or []):
        name = r["name"]
        if name not in RESOURCE_KINDS:
            errors.append(f"resources.{i}.name: '{name}' is not a resource type; one of: {', '.join(RESOURCE_KINDS)}.")
            continue
        if name in seen:
            errors.append(f"resources.{i}.name: '{name}' appears twice.")
        seen.add(name)
        if r["accessLevel"] == "SPECIFIC" and not r.get("ids"):
            errors.append(f"resources.{i}.ids: is required when accessLevel is SPECIFIC.")
        if r["accessLevel"] != "SPECIFIC" and r.get("ids"):
            errors.append(f"resources.{i}.ids: applies only when accessLevel is SPECIFIC.")
        kind = RESOURCE_KINDS[name]
        if kind is not None:
            for id_ in r.get("ids") or []:
                if ctx.find(kind, id_) is None:
                    errors.append(f"resources.{i}.ids: {id_} is not a {name} of the organization.")
                    break
    data["resourceCount"] = sum(len(r.get("ids") or []) for r in data.get("resources") or [])


RESOURCE_COLLECTION = register(Resource(
    kind="resource-collection", tag="Resource Collection", title="resource collection", model=ResourceCollectionDTO,
    paths=std_paths("resource-collection", v1_list=None, bulk=None, patch_bulk=True),
    rules=[_rules], list_omit=("resources",), response_extra={"resourceCount": int}, active_field=None,
))
