"""Who is calling: the bearer token resolved to a Principal, and scope checks on top of it."""

from __future__ import annotations

from typing import Annotated, Callable

from fastapi import Depends, Request

from mockserver.core.errors import ApiError
from mockserver.identity.tokens import Principal, tokens


def bearer_token(request: Request, missing_status: int = 401) -> str:
    header = request.headers.get("authorization")
    if not header:
        raise ApiError(missing_status, "Missing access token.", [
            "Send 'Authorization: Bearer <access token>'. Get one from POST /sandbox/tokens or the OAuth flow at /v1/authorize."
        ])
    scheme, _, value = header.partition(" ")
    value = value.strip()
    if scheme.lower() != "bearer" or not value:
        raise ApiError(missing_status, "Malformed Authorization header.", [
            "The Authorization header must be 'Bearer <access token>'."
        ])
    return value


async def current_principal(request: Request) -> Principal:
    return tokens.resolve(None, bearer_token(request))


Caller = Annotated[Principal, Depends(current_principal)]


def requires(*any_of: str) -> Callable[..., Principal]:
    """A dependency that lets the call through when the token has at least one of the scopes."""

    # One level of dependency (not Depends(Caller)): every level costs on each request.
    async def dep(request: Request) -> Principal:
        caller = tokens.resolve(None, bearer_token(request))
        if any_of and not caller.has_any(*any_of):
            raise ApiError(403, "Forbidden.", [
                f"The access token lacks a required scope: one of {', '.join(any_of)}."
            ])
        return caller

    return dep
