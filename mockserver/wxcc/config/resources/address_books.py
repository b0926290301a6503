"""Address books and their entries.

One address book, two wire forms: v3 (``AddressBookDTO``, no entries) and the deprecated v1
(``AddressBookWithEntriesDTO``: the entries embedded; writing them replaces the book's entries).
Entries are their own entities under ``address-book/{addressBookId}/entry``; deleting a book
deletes its entries. A SITE book names its site (``siteId``); desktop profiles name a book
(``addressBookId``), hence the 412 on deleting a book in use. Entry names need not be unique in a
book: Cisco's own Postman collection creates a book holding "Jane Doe" and then adds "Jane Doe"
again (one person, two numbers is an ordinary address book).
"""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import Field

from mockserver.wxcc.config.engine import (
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


class AddressBookEntryDTO(ConfigDTO):
    name: str = Field(min_length=1, max_length=80, pattern=_NAME)
    number: str = Field(min_length=1, max_length=40, pattern=r"^[0-9()+-]+$")


class AddressBookDTO(ConfigDTO):
    name: str = Field(min_length=1, max_length=80, pattern=_NAME)
    description: Optional[str] = Field(default=None, max_length=255)
    parentType: Literal["ORGANIZATION", "SITE"]
    siteId: Optional[str] = None


class AddressBookWithEntriesDTO(AddressBookDTO):
    description: Optional[str] = Field(default=None, max_length=255, pattern=_NAME)
    addressBookEntries: Optional[list[AddressBookEntryDTO]] = None


def _rules(ctx: Ctx, data: dict, existing: WxccEntity | None, errors: list[str]) -> None:
    if data["parentType"] == "SITE" and not data.get("siteId"):
        errors.append("siteId: is required when parentType is SITE.")
    if data["parentType"] == "ORGANIZATION" and data.get("siteId"):
        errors.append("siteId: applies only when parentType is SITE.")
    if existing is not None and existing.data.get("parentType") != data["parentType"]:
        errors.append("parentType: cannot be modified.")


def _sync_entries(ctx: Ctx, row: WxccEntity, data: dict) -> None:
    entries = data.pop("addressBookEntries", None)
    row.data = dict(data)
    if entries is not None:
        sync_children(ctx, ENTRY, row, entries)


def _with_entries(ctx: Ctx, out: dict, full: bool) -> None:
    if full:
        out["addressBookEntries"] = children_of(ctx, ENTRY, out["id"])


def _entry_details(ctx: Ctx, row: dict) -> list[dict]:
    return [{"name": e["name"], "number": e["number"]} for e in children_of(ctx, ENTRY, row["id"])]


def _parent_site(ctx: Ctx, row: dict) -> str | None:
    site = ctx.find("site", row.get("siteId") or "")
    return site.name if site is not None else None


_REFS = [Ref("siteId", "site", when=lambda d: d.get("parentType") == "SITE")]

ADDRESS_BOOK = register(Resource(
    kind="address-book", tag="Address Book", title="address book", model=AddressBookDTO,
    paths=std_paths("v3/address-book", v1_list=None, v2_list="v3/address-book", references="address-book",
                    bulk=None),
    refs=_REFS, rules=[_rules], children=("address-book-entry",), active_field=None,
))

ADDRESS_BOOK_V1 = register(Resource(
    kind="address-book", key="address-book-v1", tag="Address Book", title="address book",
    model=AddressBookWithEntriesDTO,
    paths=std_paths("address-book", references=None, bulk=None, v1_deprecated=True,
                    bulk_export="address-book/bulk-export"),
    refs=_REFS, rules=[_rules], after_write=_sync_entries, decorate=_with_entries,
    list_omit=("addressBookEntries",), children=("address-book-entry",), active_field=None,
    export=exporter(("id", "name", "description", "parentSite", "entryDetails"),
                    convert={"parentSite": _parent_site, "entryDetails": _entry_details}),
))

ENTRY = register(Resource(
    kind="address-book-entry", tag="Address Book", title="address book entry", model=AddressBookEntryDTO,
    paths=std_paths("address-book/{addressBookId}/entry", v1_list=None,
                    v2_list="v2/address-book/{addressBookId}/entry", references=None,
                    bulk="address-book/{addressBookId}/entry/bulk"),
    create_status=200, delete_status=200, parent="address-book", parent_param="addressBookId",
    unique_scope=None,
    search_fields=("name", "number"), active_field=None,
))
