"""Webex identity ids: unpadded base64url of ``ciscospark://us/<TYPE>/<id>``.

WxCC paths use the raw UUID; /v1 identity answers use the encoded form. Clients send both with
or without padding (errata A6), so decoding accepts either.
"""

from __future__ import annotations

import base64
import binascii

PREFIX = "ciscospark://us/"


def encode(kind: str, raw: str) -> str:
    return base64.urlsafe_b64encode(f"{PREFIX}{kind}/{raw}".encode()).decode().rstrip("=")


def decode(value: str, kind: str | None = None) -> str | None:
    """The raw id inside an encoded id, or None when it is not one (of that kind)."""
    try:
        padded = value + "=" * (-len(value) % 4)
        text = base64.urlsafe_b64decode(padded.replace("+", "-").replace("/", "_")).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    if not text.startswith(PREFIX):
        return None
    rest = text[len(PREFIX):]
    k, _, raw = rest.partition("/")
    if not raw or (kind is not None and k != kind):
        return None
    return raw


def person_id(raw: str) -> str:
    return encode("PEOPLE", raw)


def org_id(raw: str) -> str:
    return encode("ORGANIZATION", raw)
