"""Auxiliary codes (idle and wrap-up) and the work types they belong to (errata C5).

Rules (CC field texts): the first code of a type must be the default; making another code the
default takes the flag from the previous one (decision); the only default cannot be un-defaulted;
``burnoutInclusion`` defaults to INCLUDED for idle codes and NOT_APPLICABLE for wrap-up codes; a
code's ``workTypeId`` must be a work type of the same ``workTypeCode``.
"""

from __future__ import annotations

from typing import Literal, Optional

from mockserver.wxcc.config.engine import Ctx, Ref, Resource, exporter, register, std_paths
from mockserver.wxcc.config.models import WxccEntity
from mockserver.wxcc.config.schemas import ConfigDTO, Description, name_field

WorkTypeCode = Literal["IDLE_CODE", "WRAP_UP_CODE"]


class WorkTypeDTO(ConfigDTO):
    name: name_field(r"^[a-zA-Z0-9._\-\s]*$")  # type: ignore[valid-type]
    description: Description
    workTypeCode: WorkTypeCode
    active: bool


class AuxiliaryCodeDTO(ConfigDTO):
    name: name_field(r"^[a-zA-Z0-9._)\/(\-\s]*$")  # type: ignore[valid-type]
    description: Description
    defaultCode: bool
    active: bool
    isSystemCode: Optional[bool] = None
    workTypeId: str
    workTypeCode: WorkTypeCode
    burnoutInclusion: Optional[Literal["NOT_APPLICABLE", "EXCLUDED", "INCLUDED"]] = None


def _rules(ctx: Ctx, data: dict, existing: WxccEntity | None, errors: list[str]) -> None:
    code = data["workTypeCode"]
    wt = ctx.find("work-type", data["workTypeId"])
    if wt is not None and wt.data.get("workTypeCode") != code:
        errors.append(f"workTypeId: the work type is a {wt.data.get('workTypeCode')}, not a {code}.")
    data.setdefault("burnoutInclusion", "INCLUDED" if code == "IDLE_CODE" else "NOT_APPLICABLE")
    data.setdefault("isSystemCode", False)
    same = [r for r in ctx.rows("auxiliary-code") if r.data.get("workTypeCode") == code
            and (existing is None or r.id != existing.id)]
    if not same and not data["defaultCode"]:
        errors.append(f"defaultCode: the first {code} of the organization must be the default.")
    if existing is not None and existing.data.get("defaultCode") and not data["defaultCode"]:
        errors.append("defaultCode: make another code the default first.")


def _move_default(ctx: Ctx, row: WxccEntity, data: dict) -> None:
    if not data.get("defaultCode"):
        return
    for r in ctx.rows("auxiliary-code"):
        if r.id != row.id and r.data.get("defaultCode") and r.data.get("workTypeCode") == data["workTypeCode"]:
            r.data = {**r.data, "defaultCode": False}
            r.version += 1
            r.updated_ms = row.updated_ms
            ctx.session.add(r)


WORK_TYPE = register(Resource(
    kind="work-type", tag="Work Types", title="work type", model=WorkTypeDTO,
    paths=std_paths("work-type", v1_list=None, bulk_export="work-type/bulk-export",
                    purge="work-type/purge-inactive-entities"), create_status=200, delete_status=200,
    export=exporter(("name", "description", "workTypeCode")),
))

AUX_CODE = register(Resource(
    kind="auxiliary-code", tag="Auxiliary Code", title="auxiliary code", model=AuxiliaryCodeDTO,
    paths=std_paths("auxiliary-code", v1_deprecated=True, patch_bulk=True, bulk_export="auxiliary-code/bulk-export",
                    purge="auxiliary-code/purge-inactive-entities"),
    export=exporter(("name", "description", "defaultCode", "workTypeName"), names={"workTypeName": ("workTypeId", "work-type")},
                    convert={"defaultCode": lambda ctx, row: str(bool(row.get("defaultCode"))).lower()}),
    refs=[Ref("workTypeId", "work-type")], rules=[_rules], after_write=_move_default,
    unique_scope=lambda d: d.get("workTypeCode", ""), unique_label=lambda ctx, d: f"among the {d.get('workTypeCode')}s",
))
