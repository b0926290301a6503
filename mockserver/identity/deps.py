"""Who is calling: the bearer token resolved to a Principal, and scope checks on top of it."""

from __future__ import annotations

from typing import Annotated, Callable

from fastapi import Depends, Request

from mockserver.core.body import authenticates
from mockserver.identity.gate import Gate, bearer_token
from mockserver.identity.tokens import Principal, tokens


@authenticates(lambda request: tokens.resolve(None, bearer_token(request)))
async def current_principal(request: Request) -> Principal:
    return tokens.resolve(None, bearer_token(request))


Caller = Annotated[Principal, Depends(current_principal)]


def requires(*any_of: str) -> Callable[..., Principal]:
    """A dependency that lets the call through when the token has at least one of the scopes."""

    # One level of dependency (not Depends(Caller)): every level costs on each request.
    return Gate(scopes=tuple(any_of)).dependency()
