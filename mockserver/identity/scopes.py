"""The scopes the sandbox knows, and the rule that decides whether a token carries one.

Sources: developer.webex.com /docs/integration-scopes and "Login with Webex" (OpenID scopes),
Cisco's WxCC spec (cjp:*, cloud-contact-center:pod_conv, cjds:*), wxcc-api.md §1.
"""

from __future__ import annotations

KNOWN_SCOPES: dict[str, str] = {
    # OpenID Connect
    "openid": "Sign in with Webex and get an ID token",
    "email": "Read your email address (OpenID)",
    "profile": "Read your name (OpenID)",
    "phone": "Read your phone number (OpenID)",
    "address": "Read your address (OpenID)",
    # Webex platform
    "spark:all": "Full access to your Webex account",
    "spark:kms": "Access to end-to-end encryption keys",
    "spark:people_read": "Read your company directory",
    "spark:people_write": "Write your company directory",
    "spark:organizations_read": "Read your organization",
    "spark:applications_token": "Create Service App access tokens",
    "spark-admin:people_read": "Admin: read users in your organization",
    "spark-admin:people_write": "Admin: write users in your organization",
    "spark-admin:organizations_read": "Admin: read organizations",
    "spark-admin:licenses_read": "Admin: read licences",
    "spark-admin:roles_read": "Admin: read roles",
    "spark-admin:datasource_read": "Admin: read data sources",
    "spark-admin:datasource_write": "Admin: write data sources",
    "identity:placeonetimepassword_create": "Create one-time passwords",
    # Webex Contact Center
    "cjp:config": "Contact Center: configuration",
    "cjp:config_read": "Contact Center: read configuration",
    "cjp:config_write": "Contact Center: write configuration",
    "cjp:user": "Contact Center: agent, task and notification APIs",
    "cjp:task_read": "Contact Center: read tasks",
    "cjp:task_write": "Contact Center: write tasks",
    "cloud-contact-center:pod_conv": "Contact Center: conversations",
    "cjds:admin_org_read": "Journey: read",
    "cjds:admin_org_write": "Journey: write",
}

OPENID_SCOPES = ("openid", "email", "profile", "phone", "address")

# What a personal token from the developer portal carries when no scopes are asked for: the
# user's full reach (admin scopes only for administrators).
PERSONAL_USER_SCOPES = [
    "spark:all", "spark:kms", "spark:people_read", "spark:organizations_read",
    "cjp:config", "cjp:config_read", "cjp:user", "cjp:task_read", "cjp:task_write",
    "cloud-contact-center:pod_conv",
]
PERSONAL_ADMIN_SCOPES = PERSONAL_USER_SCOPES + [
    "spark-admin:people_read", "spark-admin:people_write", "spark-admin:organizations_read",
    "spark-admin:licenses_read", "spark-admin:roles_read", "spark-admin:datasource_read",
    "spark-admin:datasource_write", "cjp:config_write", "cjds:admin_org_read", "cjds:admin_org_write",
    "spark:applications_token",
]


def unknown_scopes(scopes: list[str]) -> list[str]:
    return [s for s in scopes if s not in KNOWN_SCOPES]


def has_scope(granted: frozenset[str], needed: str) -> bool:
    if needed in granted:
        return True
    # spark:all stands for every non-admin spark:* scope; never for spark-admin:*.
    return needed.startswith("spark:") and "spark:all" in granted


def split_scope_param(value: str | None) -> list[str]:
    if not value:
        return []
    # Space-separated per RFC 6749; some clients send '+' or ',' between scopes.
    out: list[str] = []
    for part in value.replace("+", " ").replace(",", " ").split():
        if part not in out:
            out.append(part)
    return out
