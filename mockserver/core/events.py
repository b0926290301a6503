"""The one cross-product channel: named events published after a commit, handled by subscribers.

Products never import each other's tables. A product publishes a plain event once its own
transaction is committed; other products subscribe at app start-up. Every subscription is made
in ``mockserver/wiring.py``, so the whole map of who reacts to what is readable in one place.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Callable, TypeVar

E = TypeVar("E")


# --- the event catalogue ---------------------------------------------------------------------
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
class MailSent:
    pod: int | None
    to: str
    subject: str
    extra: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


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
    """Control Hub → Contact Center → General → "Synchronize Users" (Connect publishes; Engage
    re-reads the org's licensed contact-center users)."""

    pod: int
    org_id: str
    requested_by: str | None = None  # the administrator's person id


# --- the dispatcher --------------------------------------------------------------------------
class Dispatcher:
    def __init__(self) -> None:
        self._subs: dict[type, list[Callable[[Any], None]]] = defaultdict(list)
        self.published: list[Any] = []  # a short tail, for debugging and tests
        self._keep = 200

    def subscribe(self, event_type: type[E], handler: Callable[[E], None]) -> None:
        self._subs[event_type].append(handler)

    def publish(self, event: Any) -> None:
        self.published.append(event)
        if len(self.published) > self._keep:
            del self.published[: len(self.published) - self._keep]
        for handler in list(self._subs.get(type(event), ())):
            handler(event)

    def subscriptions(self) -> dict[str, list[str]]:
        return {
            t.__name__: [getattr(h, "__qualname__", repr(h)) for h in hs] for t, hs in self._subs.items()
        }

    def clear(self) -> None:
        self._subs.clear()
        self.published.clear()


dispatcher = Dispatcher()
