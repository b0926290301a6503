"""Outdial ANI lists: the caller ids an agent may present on an outdial call.

An ANI list holds entries (``outdialANIEntries`` embedded on create/update and on get-by-id; each
entry also its own entity under ``outdial-ani/{outDialAniId}/entry``). An entry's ``number`` must be
one of the tenant's dialed-number mappings (errata F: ``dial-number/{id}/incoming-references``
reports ``outdial-ani``; entry point -> dial number -> outdial ANI, in that order of creation).
Entry names are unique in a list; at most one entry is the list's ``defaultANIEntry``. Desktop
profiles name a list (``outdialANIId``), hence the 412 on deleting a list in use.
"""

from __future__ import annotations

from typing import Optional

from pydantic import Field

from mockserver.wxcc.config.engine import (
    PARENT,
    Ctx,
    Ref,
    Resource,
    children_of,
    exporter,
    register,
    std_paths,
    sync_children,
)
from mockserver.wxcc.config.models import WxccEntity
from mockserver.wxcc.config.schemas import ConfigDTO

_NAME = r"^[a-zA-Z0-9._\-\s]*$"


class OutdialANIEntryDTO(ConfigDTO):
    name: str = Field(min_length=1, max_length=80, pattern=_NAME)
    number: str = Field(min_length=1, max_length=255)
    defaultANIEntry: Optional[bool] = None


class OutdialANIDTO(ConfigDTO):
    name: str = Field(min_length=1, max_length=80, pattern=_NAME)
    description: Optional[str] = Field(default=None, max_length=255)
    outdialANIEntries: Optional[list[OutdialANIEntryDTO]] = None


def _list_rules(ctx: Ctx, data: dict, existing: WxccEntity | None, errors: list[str]) -> None:
    entries = data.get("outdialANIEntries") or []
    if sum(1 for e in entries if e.get("defaultANIEntry")) > 1:
        errors.append("outdialANIEntries.defaultANIEntry: only one entry can be the default.")


def _entry_rules(ctx: Ctx, data: dict, existing: WxccEntity | None, errors: list[str]) -> None:
    data.setdefault("defaultANIEntry", False)


def _one_default_entry(ctx: Ctx, row: WxccEntity, data: dict) -> None:
    if not data.get("defaultANIEntry"):
        return
    for r in ctx.rows("outdial-ani-entry"):
        if r.id != row.id and r.data.get(PARENT) == data.get(PARENT) and r.data.get("defaultANIEntry"):
            r.data = {**r.data, "defaultANIEntry": False}
            r.version += 1
            r.updated_ms = row.updated_ms
            ctx.session.add(r)


def _sync_entries(ctx: Ctx, row: WxccEntity, data: dict) -> None:
    entries = data.pop("outdialANIEntries", None)
    row.data = dict(data)
    if entries is not None:
        sync_children(ctx, ENTRY, row, entries)


def _with_entries(ctx: Ctx, out: dict, full: bool) -> None:
    if full:
        out["outdialANIEntries"] = children_of(ctx, ENTRY, out["id"])


def _entry_details(ctx: Ctx, row: dict) -> list[dict]:
    return [{"name": e["name"], "number": e["number"], "defaultANIEntry": e.get("defaultANIEntry", False)}
            for e in children_of(ctx, ENTRY, row["id"])]


OUTDIAL_ANI = register(Resource(
    kind="outdial-ani", tag="Outdial ANI", title="outdial ANI", model=OutdialANIDTO,
    paths=std_paths("outdial-ani", bulk_export="outdial-ani/bulk-export"),
    rules=[_list_rules], after_write=_sync_entries, decorate=_with_entries, list_omit=("outdialANIEntries",),
    children=("outdial-ani-entry",), active_field=None,
    export=exporter(("name", "description", "entryDetails"), convert={"entryDetails": _entry_details}),
))

ENTRY = register(Resource(
    kind="outdial-ani-entry", tag="Outdial ANI", title="outdial ANI entry", model=OutdialANIEntryDTO,
    paths=std_paths("outdial-ani/{outDialAniId}/entry", v1_list=None,
                    v2_list="v2/outdial-ani/{outDialAniId}/entry", references=None,
                    bulk="outdial-ani/{outDialAniId}/entry/bulk"),
    delete_status=200, parent="outdial-ani", parent_param="outDialAniId",
    refs=[Ref("number", "dial-number", by="dialledNumber")], rules=[_entry_rules], after_write=_one_default_entry,
    unique_scope=lambda d: d.get(PARENT, ""), unique_label=lambda ctx, d: "in this outdial ANI list",
    search_fields=("name", "number"), active_field=None,
))
