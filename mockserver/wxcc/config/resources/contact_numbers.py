"""Contact numbers: the customised ANIs (caller ids) of the tenant. A number is unique in the org
(the 409); ``contact-number/all-numbers`` lists them bare."""

from __future__ import annotations

from pydantic import Field

from mockserver.wxcc.config.engine import Resource, exporter, register, std_paths
from mockserver.wxcc.config.schemas import ConfigDTO


class ContactNumberDTO(ConfigDTO):
    number: str = Field(min_length=1, max_length=40, pattern=r"^[0-9]*$")


CONTACT_NUMBER = register(Resource(
    kind="contact-number", tag="Contact Number", title="contact number", model=ContactNumberDTO,
    paths=std_paths("contact-number", v1_list=None, references=None, bulk_export="contact-number/bulk-export"),
    create_status=200, delete_status=200, unique_field="number", search_fields=("number",),
    export=exporter(("number",)), active_field=None,
))
