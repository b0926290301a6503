"""Dialed-number mappings (path ``dial-number``): a number callers dial, mapped to an entry point.

Live records have no ``name`` (errata F): a mapping is identified by ``dialledNumber`` (spelled so),
unique in the org. ``entryPointName`` is required by the spec's DTO but is the entry point's name,
so it is filled in on every read and ignored on write (decision). The entry point must be an
INBOUND TELEPHONY one. At most one mapping is the tenant's ``defaultAni``: setting it on one takes
it from the other. Outdial ANI entries name mappings by number, so ``incoming-references``
reports ``outdial-ani``.
"""

from __future__ import annotations

from typing import Optional

from pydantic import Field

from mockserver.wxcc.config.engine import Ctx, Ref, Resource, exporter, register, std_paths
from mockserver.wxcc.config.models import WxccEntity
from mockserver.wxcc.config.schemas import ConfigDTO

REGIONS = {"US": "US (USA)", "CA": "CA (Canada)", "MX": "MX (Mexico)", "GB": "GB (United Kingdom)",
           "EU": "EU (Europe)", "AU": "AU (Australia)", "JP": "JP (Japan)", "SG": "SG (Singapore)"}


class DialledNumberEntryPointDTO(ConfigDTO):
    dialledNumber: Optional[str] = Field(default=None, max_length=20, pattern=r"^\+{0,1}\d+[\d.\-]*$")
    extension: Optional[str] = Field(default=None, max_length=10, pattern=r"^\d{2,10}$")
    routingPrefix: Optional[str] = Field(default=None, max_length=7, pattern=r"^\d{2,7}$")
    esn: Optional[str] = Field(default=None, max_length=17, pattern=r"^\d{2,17}$")
    routePointId: Optional[str] = None
    entryPointId: str = Field(min_length=1)
    entryPointName: Optional[str] = None  # spec-required; the entry point's name (decorated)
    defaultAni: Optional[bool] = None
    location: Optional[str] = None
    regionId: Optional[str] = None
    dialledNumberDigits: Optional[str] = None


def _rules(ctx: Ctx, data: dict, existing: WxccEntity | None, errors: list[str]) -> None:
    data.pop("entryPointName", None)
    if not data.get("dialledNumber") and not data.get("extension"):
        errors.append("dialledNumber: is required (or an extension).")
    ep = ctx.find("entry-point", data["entryPointId"])
    if ep is not None and (ep.data.get("channelType") != "TELEPHONY" or ep.data.get("entryPointType") != "INBOUND"):
        errors.append(f"entryPointId: '{ep.name}' is not an INBOUND TELEPHONY entry point.")
    if data.get("regionId") and data["regionId"] not in REGIONS:
        errors.append(f"regionId: must be one of {', '.join(REGIONS)}.")
    if data.get("dialledNumber"):
        data["dialledNumberDigits"] = "".join(c for c in data["dialledNumber"] if c.isdigit())
    if data.get("routingPrefix") and data.get("extension"):
        data["esn"] = data["routingPrefix"] + data["extension"]
    data.setdefault("defaultAni", False)


def _one_default(ctx: Ctx, row: WxccEntity, data: dict) -> None:
    if not data.get("defaultAni"):
        return
    for r in ctx.rows("dial-number"):
        if r.id != row.id and r.data.get("defaultAni"):
            r.data = {**r.data, "defaultAni": False}
            r.version += 1
            r.updated_ms = row.updated_ms
            ctx.session.add(r)


def _decorate(ctx: Ctx, out: dict, full: bool) -> None:
    ep = ctx.find("entry-point", out.get("entryPointId", ""))
    out["entryPointName"] = ep.name if ep is not None else ""


DIAL_NUMBER = register(Resource(
    kind="dial-number", tag="Dial Number", title="dialed number mapping", model=DialledNumberEntryPointDTO,
    paths=std_paths("dial-number", bulk_export="dial-number/bulk-export"),
    create_status=200, delete_status=200, refs=[Ref("entryPointId", "entry-point")],
    unique_field="dialledNumber", rules=[_rules], after_write=_one_default, decorate=_decorate,
    search_fields=("dialledNumber", "entryPointName"), active_field=None,
    export=exporter(("dialledNumber", "extension", "location", "entryPointName", "region"),
                    convert={"region": lambda ctx, row: row.get("regionId")}),
))
