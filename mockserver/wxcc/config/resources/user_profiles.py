"""User profile (v3, granular access): what a user may see and do in the portal/desktop."""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import Field

from mockserver.wxcc.config.engine import Ref, Resource, register, std_paths
from mockserver.wxcc.config.schemas import Access, ConfigDTO, Description, Wire, name_field

ProfileType = Literal["ADMINISTRATOR", "ADMINISTRATOR_ONLY", "SUPERVISOR", "PREMIUM_AGENT", "STANDARD_AGENT",
                      "ANALYZER_ADMINISTRATOR", "ANALYZER_SUPERVISOR", "ANALYZER_USER"]


class UserProfilePermission(Wire):
    id: Optional[str] = None
    name: str = Field(min_length=1)
    access: Optional[Literal["EDIT", "VIEW", "NONE", "ENABLED", "DISABLED"]] = None


class ResourceCollection(Wire):
    id: Optional[str] = None
    name: str = Field(min_length=1, max_length=80)
    description: Optional[str] = Field(default=None, max_length=255)
    resources: Optional[list[dict]] = None


class UserProfileDTO(ConfigDTO):
    name: name_field(r"^[a-zA-Z0-9,_\-\s]*$")  # type: ignore[valid-type]
    description: Description
    profileType: ProfileType
    active: bool
    permissionAccessLevel: Access
    resourceAccessLevel: Access
    permissions: Optional[list[UserProfilePermission]] = None
    editableFolderIds: Optional[list[int]] = None
    viewableFolderIds: Optional[list[int]] = None
    nonViewableFolderIds: Optional[list[int]] = None
    defaultResourceCollectionId: Optional[str] = None
    resourceCollections: Optional[list[ResourceCollection]] = None


USER_PROFILE = register(Resource(
    kind="user-profile", tag="User Profiles", title="user profile", model=UserProfileDTO,
    paths=std_paths("v3/user-profile", v1_list="user-profile", v1_undocumented=True, v2_list="v3/user-profile",
                    references="user-profile", bulk="v3/user-profile/bulk"),
    refs=[Ref("defaultResourceCollectionId", "resource-collection"),
          Ref("resourceCollections[].id", "resource-collection")],
    list_omit=("permissions", "resourceCollections", "editableFolderIds", "viewableFolderIds", "nonViewableFolderIds"),
))
