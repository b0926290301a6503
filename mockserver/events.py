"""The catalogue of events that cross a product's border: plain, frozen facts published by a
product's service after its own transaction committed. Who reacts to which is ``wiring.py``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StateReset:
    """Seeded state was restored: all PODs (pods is None) or the listed ones. Caches drop."""

    pods: tuple[int, ...] | None


@dataclass(frozen=True)
class PodSeeded:
    pod: int
    org_id: str
    scenario: str


@dataclass(frozen=True)
class LicenceChanged:
    """A person's licences changed in Control Hub (identity). Codes, not ids: CJPPRM, CJPSTD, MS..."""

    pod: int
    org_id: str
    person_id: str  # raw UUID
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    current: tuple[str, ...] = ()


@dataclass(frozen=True)
class PersonChanged:
    """A Control Hub user's profile was edited (identity PUT /v1/people/{id})."""

    pod: int
    org_id: str
    person_id: str  # raw UUID
    email: str
    first_name: str
    last_name: str
    login_enabled: bool


@dataclass(frozen=True)
class AssetRegistered:
    """A Connect asset was "Registered to Webex CC" (Connect); WxCC entry points may then use it.

    ``channel``: email | chat | sms | messenger | whatsapp | apple. Registering again updates it.
    """

    org_id: str
    asset_id: str
    name: str
    channel: str
    address: str = ""
    service: str | None = None


@dataclass(frozen=True)
class DigitalChannelsProvisioned:
    """Control Hub finished "Provision Digital Channels" (Connect): the Connect tenant exists and its
    owner was sent the activation email. Engage creates its side of the tenant from this."""

    pod: int
    org_id: str
    tenant: str  # cl1pod<N>
    tenant_url: str
    owner_person_id: str


@dataclass(frozen=True)
class UsersSyncRequested:
    """Control Hub → Contact Center → General → "Synchronize Users" (WxCC's Contact Center settings
    publish; Engage re-reads the org's licensed contact-center users)."""

    pod: int
    org_id: str
    requested_by: str | None = None  # the administrator's person id


