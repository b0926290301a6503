"""The webexapis.com/v1 slice: OAuth, OpenID Connect, people, organizations, licences, roles."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from mockserver.core.db import db
from mockserver.core.errors import ApiError
from mockserver.core.http import documented, error_responses, json_response
from mockserver.core.runtime import runtime
from mockserver.identity import admin, directory, oauth, page
from mockserver.identity.deps import Caller, requires
from mockserver.identity.models import IdentityPerson
from mockserver.identity.schemas import (
    IdentityError,
    Jwks,
    LicenseCollection,
    OrganizationCollection,
    PatchUserLicenses,
    PersonUpdate,
    UserLicensesResponse,
    Organization,
    Person,
    PersonCollection,
    RoleCollection,
    TokenExpiry,
    TokenResponse,
    UserInfo,
)
from mockserver.identity.tokens import Principal

router = APIRouter(prefix="/v1", responses=error_responses(IdentityError, 400))
AUTH_ERRORS = error_responses(IdentityError, 400, 401, 403)

PeopleReader = Annotated[Principal, Depends(requires("spark:people_read", "spark-admin:people_read"))]


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def _redirect(uri: str, params: dict[str, str | None]) -> RedirectResponse:
    query = urlencode({k: v for k, v in params.items() if v is not None})
    sep = "&" if "?" in uri else "?"
    return RedirectResponse(f"{uri}{sep}{query}", status_code=302)


# --- OAuth -------------------------------------------------------------------------------------
_OAUTH_PARAMS = ("response_type", "client_id", "redirect_uri", "scope", "state", "code_challenge",
                 "code_challenge_method", "nonce", "login_hint")


def _validated(session, params: dict[str, str | None]) -> oauth.AuthorizeRequest | Response:  # noqa: ANN001
    """The authorization request, or the answer to give when it is invalid (page or redirect)."""
    try:
        return oauth.validate_authorize(session, params)
    except oauth.OAuthPageError as e:
        return HTMLResponse(page.error_page(e.error, e.description), status_code=400)
    except oauth.OAuthRedirectError as e:
        return _redirect(params["redirect_uri"] or "",
                         {"error": e.error, "error_description": e.description, "state": params["state"]})


@router.get(
    "/authorize",
    tags=["OAuth"],
    response_class=HTMLResponse,
    summary="Sign-in and consent page (authorization-code flow, PKCE S256)",
    responses={302: {"description": "Back to the redirect URI with error and error_description."},
               400: {"description": "HTML error page: unknown client or unregistered redirect URI."}},
)
async def authorize_page(
    request: Request,
    response_type: str | None = None,
    client_id: str | None = None,
    redirect_uri: str | None = None,
    scope: str | None = None,
    state: str | None = None,
    code_challenge: str | None = None,
    code_challenge_method: str | None = None,
    nonce: str | None = None,
    login_hint: str | None = None,
) -> Response:
    params = {k: request.query_params.get(k) for k in _OAUTH_PARAMS}
    with db.session() as session:
        req = _validated(session, params)
        if isinstance(req, Response):
            return req
        return HTMLResponse(page.sign_in(params, req.integration.name, req.scopes, email=login_hint or ""))


@router.post(
    "/authorize",
    tags=["OAuth"],
    response_class=HTMLResponse,
    summary="Submit the sign-in form: redirects with code and state",
    responses={302: {"description": "Redirect to redirect_uri with code+state, or error+error_description."},
               400: {"description": "HTML error page."}, 401: {"description": "HTML page: wrong email or password."}},
)
async def authorize_submit(
    request: Request,
    email: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    decision: Annotated[str, Form()] = "accept",
) -> Response:
    form = await request.form()
    params = {k: (str(form[k]) if k in form else None) for k in _OAUTH_PARAMS}
    with db.session() as session:
        req = _validated(session, params)
        if isinstance(req, Response):
            return req
        if decision == "deny":
            return _redirect(req.redirect_uri, {"error": "access_denied", "error_description": "The user declined the request.", "state": req.state})
        person = oauth.find_person(session, email) if email else None
        if person is None or not oauth.check_password(person, password):
            # Like a real sign-in page, a wrong password re-prompts; nothing goes to the client.
            html = page.sign_in(params, req.integration.name, req.scopes, error="Incorrect email or password.", email=email)
            return HTMLResponse(html, status_code=401)
        if not person.login_enabled:
            return _redirect(req.redirect_uri, {"error": "access_denied", "error_description": "This user's sign-in is disabled.", "state": req.state})
        code = oauth.issue_code(session, req, person, runtime.settings.auth_code_ttl)
        return _redirect(req.redirect_uri, {"code": code, "state": req.state})


@router.post(
    "/access_token",
    tags=["OAuth"],
    summary="Exchange an authorization code, or refresh an access token",
    responses={200: documented(TokenResponse), **error_responses(IdentityError, 400, 401)},
)
async def access_token(
    request: Request,
    grant_type: Annotated[str, Form()] = "",
    client_id: Annotated[str | None, Form()] = None,
    client_secret: Annotated[str | None, Form()] = None,
    code: Annotated[str | None, Form()] = None,
    redirect_uri: Annotated[str | None, Form()] = None,
    code_verifier: Annotated[str | None, Form()] = None,
    refresh_token: Annotated[str | None, Form()] = None,
) -> Response:
    basic = None
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("basic "):
        basic = auth[6:].strip()
    settings = runtime.settings
    with db.session() as session:
        if grant_type not in ("authorization_code", "refresh_token"):
            raise ApiError(400, "unsupported grant_type", [
                f"grant_type '{grant_type}' is not supported; use authorization_code or refresh_token." if grant_type
                else "grant_type is required: authorization_code or refresh_token."
            ])
        integ = oauth.authenticate_client(session, client_id, client_secret, basic)
        if grant_type == "authorization_code":
            body = oauth.exchange_code(
                session, integ, code, redirect_uri, code_verifier,
                access_ttl=settings.access_token_ttl, refresh_ttl=settings.refresh_token_ttl, issuer=_base(request) + "/idb",
            )
        else:
            body = oauth.refresh(session, integ, refresh_token, access_ttl=settings.access_token_ttl)
    return json_response(body, headers={"Cache-Control": "no-store"})


@router.get("/.well-known/openid-configuration", tags=["OAuth"], summary="OpenID Connect discovery")
async def openid_configuration(request: Request) -> Response:
    return json_response(oauth.discovery(_base(request)))


@router.get("/verification", tags=["OAuth"], summary="JSON Web Keys that sign ID tokens", responses={200: documented(Jwks)})
async def verification() -> Response:
    with db.session() as session:
        return json_response(oauth.signing.jwks(session))


@router.get("/userinfo", tags=["OAuth"], summary="OpenID Connect claims of the token's user",
            responses={200: documented(UserInfo), **AUTH_ERRORS})
async def userinfo(caller: Caller) -> Response:
    with db.session() as session:
        person = session.get(IdentityPerson, caller.person_id)
        if person is None:
            raise ApiError(404, "Person not found.", ["The user of this token no longer exists."])
        return json_response(oauth.userinfo(person, caller.scopes))


# --- people, organizations, licences, roles -----------------------------------------------------
@router.get("/people/me", tags=["People"], summary="Get my own details", responses={200: documented(Person), **AUTH_ERRORS},
            openapi_extra={"parameters": [{"name": "callingData", "in": "query", "required": False,
                                           "schema": {"type": "boolean", "default": False},
                                           "description": "Accepted and ignored (no Webex Calling data in the sandbox)."}]})
async def people_me(caller: PeopleReader) -> Response:
    return Response(directory.me_cached(caller), media_type="application/json")


@router.get("/people", tags=["People"], summary="List people", responses={200: documented(PersonCollection), **AUTH_ERRORS})
async def people_list(
    request: Request,
    caller: PeopleReader,
    email: str | None = None,
    displayName: str | None = None,
    id: str | None = None,
    orgId: str | None = None,
    roles: str | None = None,
    callingData: bool = False,
    locationId: str | None = None,
    max: Annotated[int | None, Query(ge=1)] = None,
    excludeStatus: bool = False,
    cursor: str | None = None,
) -> Response:
    with db.session() as session:
        body, nxt = directory.list_people(
            session, caller, email=email, display_name=displayName, id_list=id, org_id=orgId,
            roles=roles, max_=max, cursor=cursor,
        )
    headers = {}
    if nxt is not None:
        # Link must be absolute: webexpythonsdk refuses a relative next URL.
        params = [(k, v) for k, v in request.query_params.multi_items() if k not in ("cursor", "max")]
        params += [("max", str(max or 100)), ("cursor", directory.cursor_for(nxt))]
        url = f"{_base(request)}/v1/people?{urlencode(params)}"
        headers["Link"] = f'<{url}>; rel="next"'
    if excludeStatus:
        for item in body["items"]:
            item.pop("status", None)
            item.pop("lastActivity", None)
    return json_response(body, headers=headers)


@router.get("/people/{personId}", tags=["People"], summary="Get person details", responses={200: documented(Person), **error_responses(IdentityError, 400, 401, 403, 404)})
async def people_get(personId: str, caller: PeopleReader, callingData: bool = False) -> Response:
    with db.session() as session:
        return json_response(directory.get_person(session, caller, personId))


PeopleWriter = Annotated[Principal, Depends(requires("spark-admin:people_write"))]


@router.put("/people/{personId}", tags=["People"], summary="Update a person (admins): names, roles, licences, sign-in",
            responses={200: documented(Person), **error_responses(IdentityError, 400, 401, 403, 404, 409)})
async def people_update(personId: str, body: PersonUpdate, caller: PeopleWriter, callingData: bool = False) -> Response:
    with db.session() as session:
        return json_response(admin.update_person(session, caller, personId, body))


@router.patch("/licenses/users", tags=["Licenses"], summary="Assign or remove licences of a user (admins)",
              responses={200: documented(UserLicensesResponse), **error_responses(IdentityError, 400, 401, 403, 404)})
async def licences_assign(body: PatchUserLicenses, caller: PeopleWriter) -> Response:
    with db.session() as session:
        return json_response(admin.patch_licences(session, caller, body))


OrgReader = Annotated[Principal, Depends(requires("spark-admin:organizations_read", "spark:organizations_read"))]


@router.get("/organizations", tags=["Organizations"], summary="List organizations",
            responses={200: documented(OrganizationCollection), **AUTH_ERRORS})
async def organizations_list(caller: OrgReader) -> Response:
    with db.session() as session:
        return json_response(directory.list_orgs(session, caller))


@router.get("/organizations/{orgId}", tags=["Organizations"], summary="Get organization details",
            responses={200: documented(Organization), **error_responses(IdentityError, 400, 401, 403, 404)})
async def organizations_get(orgId: str, caller: OrgReader) -> Response:
    with db.session() as session:
        return json_response(directory.get_org(session, caller, orgId))


@router.get("/licenses", tags=["Licenses"], summary="List licences of your organization",
            responses={200: documented(LicenseCollection), **AUTH_ERRORS})
async def licences_list(caller: Annotated[Principal, Depends(requires("spark-admin:licenses_read"))], orgId: str | None = None) -> Response:
    with db.session() as session:
        return json_response(directory.list_licences(session, caller, orgId))


@router.get("/roles", tags=["Roles"], summary="List roles (administrators only)",
            responses={200: documented(RoleCollection), **AUTH_ERRORS})
async def roles_list(caller: Annotated[Principal, Depends(requires("spark-admin:roles_read"))]) -> Response:
    if not caller.is_admin:
        raise ApiError(403, "Forbidden.", ["Listing roles must be done by an administrator."])
    return json_response(directory.list_roles())


@router.get("/authorizations/tokenExpiry", tags=["Authorizations"], summary="When the presented token expires",
            responses={200: documented(TokenExpiry), **error_responses(IdentityError, 400, 401)})  # any token
async def token_expiry(caller: Caller) -> Response:
    return json_response({"exp": caller.expires_ms})
