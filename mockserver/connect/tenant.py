"""The Connect tenant itself (one per POD, created when Control Hub's provisioning completes): its
table and the lookup by name every portal path starts with. What the tenant holds lives in the
wings; its people in ``team/``."""

from __future__ import annotations

from sqlmodel import Field, Session, SQLModel, select

from mockserver.core.columns import epoch_ms
from mockserver.core.errors import ApiError


class ConnectTenant(SQLModel, table=True):
    __tablename__ = "connect_tenant"
    id: str = Field(primary_key=True)
    pod: int = Field(index=True)
    org_id: str = Field(index=True)
    name: str = Field(index=True)  # cl1pod<N>
    url: str
    created_ms: int = epoch_ms()
    time_zone: str = "UTC"
    date_format: str = "DD/MM/YYYY"
    usage_statistics: bool = True  # Settings → Usage: share usage statistics

    @property
    def public_url(self) -> str:
        """The tenant's URL as a browser opens it (``{sandbox}`` resolved, core/public_url.py)."""
        from mockserver.core.public_url import resolve

        return resolve(self.url) or ""


def tenant_by_name(session: Session, name: str) -> ConnectTenant:
    t = session.exec(select(ConnectTenant).where(ConnectTenant.name == name.lower())).first()
    if t is None:
        raise ApiError(404, "Tenant not found.", [
            f"tenant: no Webex Connect tenant '{name}' (is it provisioned? Control Hub → Contact Center → "
            "Settings → Digital → Provision Digital Channels, then about 5 minutes)."])
    return t
