"""Site: a contact-center location; names a multimedia profile."""

from __future__ import annotations

from mockserver.wxcc.config.engine import Ref, Resource, exporter, register, std_paths
from mockserver.wxcc.config.schemas import ConfigDTO, Description, name_field


class SiteDTO(ConfigDTO):
    name: name_field(r"^[a-zA-Z\d\-_\s]+$")  # type: ignore[valid-type]
    active: bool
    multimediaProfileId: str
    description: Description


SITE = register(Resource(
    kind="site", tag="Site", title="site", model=SiteDTO,
    paths=std_paths("site", v1_paged=False, bulk_export="site/bulk-export", purge="site/purge-inactive-entities"),
    export=exporter(("name", "multimediaProfileName"),
                    names={"multimediaProfileName": ("multimediaProfileId", "multimedia-profile")}),
    refs=[Ref("multimediaProfileId", "multimedia-profile")],
))
