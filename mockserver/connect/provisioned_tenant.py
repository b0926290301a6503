"""What a freshly provisioned Connect tenant holds, as plain rows.

One function builds them for both paths: the provisioning timer (runtime, ~5 minutes after
"Provision Digital Channels") and the ``connect.provision`` scenario step (seeded state), so the
``provisioned`` checkpoint is exactly what provisioning produces. Ids derive from the POD number
(a POD has at most one tenant), so they are stable across resets and machines.
"""

from __future__ import annotations

import hashlib
from typing import Any

from mockserver.connect.assets.models import ConnectAsset
from mockserver.connect.integrations.models import ConnectIntegration, ConnectNodeAuth
from mockserver.connect.team.models import ConnectUser
from mockserver.connect.tenant import ConnectTenant
from mockserver.core.ids import derived_uuid

INTEGRATIONS = (
    ("task", "Webex CC Task", "Lets flows create, queue, route and close Webex Contact Center tasks."),
    ("engage", "Webex CC Engage", "Lets flows create, search, append, re-open and close Engage conversations."),
)
CHANNEL_OF_NUMBER = {"whatsapp": "whatsapp", "sms": "sms"}


def tenant_id(n: int) -> str:
    return derived_uuid("connect", n, "tenant")


def owner_id(n: int) -> str:
    return derived_uuid("connect", n, "user", "owner")


def digits(*parts: object, length: int) -> str:
    h = int(hashlib.sha256("/".join(map(str, parts)).encode()).hexdigest(), 16)
    return str(h % (10 ** length)).rjust(length, "1")


def app_id_for(*parts: object) -> str:
    # App IDs look like a_1701415252351333 (connect-api.md §1.3 example): "a_" + 16 digits.
    return "a_" + digits("app", *parts, length=16)


def country_code(number: str) -> str:
    n = number.lstrip("+")
    if n.startswith("1"):
        return "1"
    return n[:2]


def wxcc_asset_id(n: int, key: str) -> str:
    # The id WxCC's asset registry gives the pre-assigned numbers (same convention as mockserver/wxcc):
    # one asset, one id in both products.
    return derived_uuid("wxcc", n, "asset", key)


def tenant_rows(*, n: int, org_id: str, name: str, url: str, owner: dict[str, Any], numbers: list[dict[str, Any]],
                integrations: dict[str, Any], now: int, settings: dict[str, Any]) -> dict[type, list[dict[str, Any]]]:
    tid = tenant_id(n)
    rows: dict[type, list[dict[str, Any]]] = {
        ConnectTenant: [{
            "id": tid, "pod": n, "org_id": org_id, "name": name, "url": url, "created_ms": now,
            "time_zone": settings.get("timeZone", "UTC"), "date_format": settings.get("dateFormat", "DD/MM/YYYY"),
            "usage_statistics": True,
        }],
        ConnectUser: [{
            "id": owner_id(n), "pod": n, "org_id": org_id, "tenant_id": tid, "email": owner["email"].lower(),
            "first_name": owner.get("first_name", ""), "last_name": owner.get("last_name", ""), "role": "Owner",
            "container_id": None, "status": "Invited", "password_hash": "", "decrypt_logs": True,
            "details": {"controlHubPersonId": owner.get("person_id")}, "invited_by": None, "created_ms": now,
            "activated_ms": None, "last_login_ms": None,
        }],
        ConnectIntegration: [],
        ConnectNodeAuth: [],
        ConnectAsset: [],
    }
    for key, label, desc in INTEGRATIONS:
        iid = derived_uuid("connect", n, "integration", key)
        rows[ConnectIntegration].append({"id": iid, "pod": n, "org_id": org_id, "tenant_id": tid, "name": label,
                                         "key": key, "description": desc, "created_ms": now})
        scopes = list((integrations.get(key) or {}).get("scopes", []))
        rows[ConnectNodeAuth].append({
            "id": derived_uuid("connect", n, "node-auth", key), "pod": n, "org_id": org_id, "tenant_id": tid,
            "integration_id": iid, "name": "", "auth_type": "oauth2", "status": "Authorization Pending",
            "scopes": scopes, "access_token": "", "refresh_token": "", "access_expires_ms": None,
            "refresh_expires_ms": None, "authorized_email": None, "authorized_ms": None, "refreshed_ms": None,
            "last_error": None, "created_ms": now,
        })
    for a in numbers:
        channel = CHANNEL_OF_NUMBER.get(a.get("channel", ""))
        if channel is None:
            continue
        number = str(a.get("address", ""))
        cfg = {"number": number, "countryCode": country_code(number), "numberType": "long code"}
        if channel == "whatsapp":
            cfg["wabaId"] = str(a.get("wabaId") or digits("waba", n, a["key"], length=15))
        base = {"pod": n, "org_id": org_id, "tenant_id": tid, "channel": channel, "secrets": {}, "container_id": None,
                "registered_ms": None, "registered_service_id": None, "registered_by": None,
                "created_ms": now, "updated_ms": now}
        rows[ConnectAsset].append({**base, "id": derived_uuid("connect", n, "number", a["key"]), "kind": "number",
                                   "app_id": number, "name": number, "name_key": f"number:{number}",
                                   "address": number, "config": cfg})
        # The pre-assigned number comes with its app (lab 12.7 WhatsApp: Assets → Apps shows it).
        app_name = str(a.get("name") or f"{channel} {name}")
        rows[ConnectAsset].append({**base, "id": wxcc_asset_id(n, a["key"]), "kind": "app",
                                   "app_id": app_id_for(n, a["key"]), "name": app_name,
                                   "name_key": app_name.lower(), "address": number, "config": dict(cfg)})
    return rows
