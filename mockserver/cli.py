"""`mockserver serve | wait | openapi | reset | pods`.

A mistake a person can fix (a port in use, a bad database URL, an unknown scenario, a missing
fixture file) ends with one line saying what is wrong and what to do, and exit code 2; `--debug`
shows the traceback as well.
"""

from __future__ import annotations

import argparse
import inspect
import json
import logging
import os
import socket
import sys
import time
from pathlib import Path

import mockserver
from mockserver.core.settings import DATA_ROOT, OPENAPI_PATH, REPO_ROOT, Settings, parse_pod_range

BANNER_PODS = 5  # PODs listed one per line; past that, where to read the rest


class CliError(Exception):
    """A mistake the user can fix: printed as one line, exit code 2."""


def _settings(args: argparse.Namespace) -> Settings:
    overrides = {}
    for name in ("host", "port", "database_url", "pods", "scenario", "clock", "seed", "workers", "public_url",
                 "log_level", "fixtures_dir", "admin_token", "allowed_hosts"):
        value = getattr(args, name, None)
        if value is not None:
            overrides[name] = value
    if getattr(args, "ephemeral", False):
        overrides["ephemeral"] = True
    try:
        return Settings(**overrides)
    except Exception as exc:  # pydantic's ValidationError: name each bad setting on one line
        errors = getattr(exc, "errors", None)
        if callable(errors):
            parts = [f"{'.'.join(map(str, e.get('loc', ())))}: {e.get('msg')}" for e in errors()]
            raise CliError("invalid settings: " + "; ".join(parts)) from exc
        raise CliError(f"invalid settings: {exc}") from exc


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a port number") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a TCP port (0-65535; 0 picks a free one)")
    return port


def _add_db_flags(p: argparse.ArgumentParser) -> None:
    g = p.add_mutually_exclusive_group()
    g.add_argument("--database-url", help="SQLAlchemy URL (default sqlite:///./mockserver.db, env MOCKSERVER_DATABASE_URL)")
    g.add_argument("--ephemeral", action="store_true", help="in-memory database: nothing survives the process")


def _describe_database_error(url: str, exc: Exception) -> str:
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    shown = url
    if "@" in url and "://" in url:  # never print a password
        scheme, _, rest = url.partition("://")
        creds, _, host = rest.rpartition("@")
        shown = f"{scheme}://{creds.split(':')[0]}:***@{host}" if ":" in creds else url
    hint = "use a SQLAlchemy URL such as sqlite:///./mockserver.db or postgresql+psycopg://user@host:5432/dbname"
    if "psycopg" in first or "No module named" in first:
        hint = "install the PostgreSQL driver: pip install 'wxcc-sandbox[postgres]'"
    elif "connect" in first.lower() or "refused" in first.lower() or "does not exist" in first.lower():
        hint = "check that the database server runs and the database exists, or use --ephemeral"
    return f"cannot use the database {shown}: {first} ({hint})"


def _build_app(settings: Settings, *, seed: bool = True):  # noqa: ANN202
    """create_app, with the mistakes a user makes turned into one-line CliErrors."""
    from sqlalchemy.exc import SQLAlchemyError

    from mockserver.app import create_app
    from mockserver.core.errors import ApiError
    from mockserver.sandbox.fixtures import FixtureError

    try:
        return create_app(settings, seed=seed)
    except FixtureError as exc:
        raise CliError(f"{exc} (point --fixtures-dir or MOCKSERVER_FIXTURES_DIR at a folder with pods.yaml)") from exc
    except ApiError as exc:  # an unknown scenario, a POD outside the fixture's range
        raise CliError("; ".join(exc.details) or exc.message) from exc
    except (SQLAlchemyError, ModuleNotFoundError) as exc:
        raise CliError(_describe_database_error(settings.effective_database_url, exc)) from exc


def _bind(settings: Settings) -> socket.socket:
    """The listening socket, bound before anything is announced: the banner shows the real port."""
    family = socket.AF_INET6 if ":" in settings.host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((settings.host, settings.port))
    except OSError as exc:
        sock.close()
        reason = exc.strerror or str(exc)
        if exc.errno in (98, 48, 10048):  # EADDRINUSE on Linux, macOS, Windows
            raise CliError(f"cannot listen on {settings.host}:{settings.port}: address already in use (another "
                           f"sandbox? stop it, or pick --port N, or --port 0 for a free port)") from exc
        raise CliError(f"cannot listen on {settings.host}:{settings.port}: {reason}") from exc
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def banner(settings: Settings) -> str:
    from mockserver.core.db import db
    from mockserver.identity.seed import describe as people_of  # users and org name: all a line shows
    from mockserver.sandbox.service import pods

    base = settings.base_url
    lines = [f"wxcc-sandbox {mockserver.__version__} listening on http://{settings.host}:{settings.port}"
             + (f" (public URL {base})" if settings.public_url else ""),
             f"  start here: {base}/  docs: {base}/docs  OpenAPI: {base}/openapi.json",
             f"  database: {'in memory' if settings.ephemeral else settings.database_url}; clock: {settings.clock}"]
    admin = None
    with db.session() as session:
        seeded = pods.seeded(session)
        for p in seeded[:BANNER_PODS]:
            # identity's part of GET /sandbox/pods/{n} only: the banner is printed on the event loop
            # before the first request is served, and every product's part cost ~30 ms a POD.
            info = people_of(session, pods.context(p.pod, p.scenario))
            users = info.get("users", [])
            admin = admin or next((u["email"] for u in users if u.get("kind") == "admin"), None)
            passwords = {u["password"] for u in users}
            if len(passwords) == 1:
                who = ", ".join(u["email"] for u in users) + f" (password {passwords.pop()})"
            else:
                who = ", ".join(f"{u['email']} / {u['password']}" for u in users)
            lines.append(f"  POD {p.pod} {info.get('orgName')}: {who}")
        if len(seeded) > BANNER_PODS:
            lines.append(f"  ... and {len(seeded) - BANNER_PODS} more PODs: {base}/sandbox/pods or `mockserver pods --url {base}`")
        if not seeded:
            lines.append(f"  no POD seeded: POST {base}/sandbox/pods with {{\"pods\": \"1-3\"}}")
    if admin:
        lines.append(f"  a token: curl -s -X POST {base}/sandbox/tokens -H 'content-type: application/json' "
                     f"-d '{{\"email\": \"{admin}\"}}'")
    return "\n".join(lines)


def _configure_logging(settings: Settings) -> None:
    level = getattr(logging, settings.log_level.upper(), logging.INFO) if settings.log_level != "trace" else 5
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    access = logging.getLogger("mockserver.access")
    access.propagate = False
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
    access.addHandler(handler)
    access.setLevel(logging.INFO if settings.access_log else logging.WARNING)
    from mockserver.core.access import access_lines

    access_lines.stream = sys.stderr  # the request lines skip logging's machinery, same format (core/access.py)


def admin_token_file(settings: Settings) -> Path:
    return settings.admin_token_file or Path.home() / ".mockserver" / "admin-token"


def _ensure_admin_token(settings: Settings) -> str | None:
    """Listening beyond loopback, the control plane (tokens for every user, passwords, reset) must
    not be open to the network: without a given admin token, one is made for this start, printed
    once and written (owner-only) where `mockserver reset/pods --url` find it."""
    if settings.admin_token or settings.loopback:
        return None
    import secrets

    # hex: a token starting with '-' would read as an option in `--admin-token <token>`
    settings.admin_token = secrets.token_hex(32)
    path = admin_token_file(settings)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(settings.admin_token + "\n")
        return f"admin token (generated; /sandbox needs it, /sandbox/health does not): {settings.admin_token}  (written to {path})"
    except OSError as exc:
        return f"admin token (generated; /sandbox needs it): {settings.admin_token}  (could not write {path}: {exc})"


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    settings = _settings(args)
    if settings.log_level == "warning" and args.log_level is None and "MOCKSERVER_LOG_LEVEL" not in os.environ:
        settings.log_level = "info"  # a served sandbox says what it does; in-process sandboxes stay quiet
    settings.access_log = not args.no_access_log
    token_line = _ensure_admin_token(settings)
    if settings.workers > 1 and settings.ephemeral:
        raise CliError("--workers needs a shared database (a file or server URL), not --ephemeral")
    sock = _bind(settings)
    settings.port = sock.getsockname()[1]  # --port 0: the port the system picked
    # Any process serving a database that is not in memory may have company (workers, replicas).
    settings.shared = not settings.ephemeral
    _configure_logging(settings)
    uv_level = "warning" if settings.log_level in ("info", "warning") else settings.log_level
    if settings.workers > 1:
        _build_app(settings)  # seeds once, here, before any worker starts
        from uvicorn.supervisors import Multiprocess

        from mockserver.core.shared import shared

        shared.reset()  # this parent only seeds: its workers listen
        segment = shared.create_segment()
        # Workers are new processes: they read their settings from the environment.
        for name, value in settings.model_dump(exclude={"fresh", "shared_memory"}).items():
            if value is not None:
                os.environ[f"MOCKSERVER_{name.upper()}"] = str(value)
        os.environ["MOCKSERVER_SHARED_MEMORY"] = segment.name
        config = uvicorn.Config("mockserver.app:worker_app", factory=True, workers=settings.workers,
                                log_level=uv_level, access_log=False, lifespan="on")
        _announce(settings, token_line)
        try:
            # older uvicorn versions take the worker's target; newer ones build it from the config
            extra = {"target": uvicorn.Server(config).run} if "target" in inspect.signature(Multiprocess).parameters else {}
            Multiprocess(config, sockets=[sock], **extra).run()
        finally:
            segment.close()
            segment.unlink()
        return 0
    # One process: it answers from the first moment and builds meanwhile (core/warmup.py).
    from mockserver.core.runtime import runtime
    from mockserver.core.warmup import WarmingApp

    runtime.settings = settings  # the Host guard reads it before the app exists
    failed: list[BaseException] = []

    def failure(exc: BaseException) -> None:
        failed.append(exc)
        server.should_exit = True

    from mockserver.core.access import access_lines
    from mockserver.sandbox.guards import host_refused

    warming = WarmingApp(lambda: _build_app(settings), version=_version(), pods=settings.pod_numbers,
                         database=settings.database_kind,
                         clock_mode=settings.clock, on_warm=lambda: _announce(settings, token_line), on_failure=failure,
                         access=access_lines.write if settings.access_log else None, host_refused=host_refused)
    config = uvicorn.Config(warming, log_level=uv_level, access_log=False, lifespan="on")
    server = uvicorn.Server(config)
    server.run(sockets=[sock])
    if failed:
        raise failed[0] if isinstance(failed[0], CliError) else CliError(str(failed[0])) from failed[0]
    return 0


def _version() -> str:
    import mockserver

    return mockserver.__version__


def _announce(settings: Settings, token_line: str | None) -> None:
    print(banner(settings), flush=True)
    if token_line:
        print(token_line, flush=True)


def cmd_wait(args: argparse.Namespace) -> int:
    """Exits 0 once the sandbox at --url answers ready and warm (for scripts and CI), 1 after --timeout."""
    import httpx

    url = args.url.rstrip("/") + "/sandbox/health"
    deadline = time.monotonic() + args.timeout
    last = "no answer yet"
    while True:
        try:
            r = httpx.get(url, timeout=2)
            # warm, not only ready: a script's next step (a test run with short client timeouts)
            # should not wait for the build (core/warmup.py)
            if r.status_code == 200 and r.json().get("ready") and r.json().get("warm", True):
                if not args.quiet:
                    print(f"ready: {args.url} (PODs {r.json().get('pods')})")
                return 0
            last = f"HTTP {r.status_code}"
        except (httpx.HTTPError, ValueError) as exc:
            last = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        if time.monotonic() >= deadline:
            print(f"mockserver wait: {args.url} not ready after {args.timeout:g}s ({last})", file=sys.stderr)
            return 1
        time.sleep(min(args.interval, max(0.0, deadline - time.monotonic())))


def openapi_document() -> dict:
    from mockserver.app import create_app

    app = create_app(Settings(ephemeral=True, pods=""), seed=False)
    return app.openapi()


def _default_openapi_path() -> Path:
    # In a checkout the committed document; an installed package checks its shipped copy, and writes
    # to the current folder rather than into site-packages.
    return OPENAPI_PATH if DATA_ROOT == REPO_ROOT else Path("openapi.json")


def cmd_openapi(args: argparse.Namespace) -> int:
    text = json.dumps(openapi_document(), indent=2, sort_keys=False) + "\n"
    if args.check:
        path = Path(args.output) if args.output else OPENAPI_PATH
        current = path.read_text() if path.exists() else ""
        if current != text:
            print(f"{path} is stale: run `mockserver openapi` and commit it.", file=sys.stderr)
            return 1
        print(f"{path} is up to date.")
        return 0
    if args.output == "-":
        sys.stdout.write(text)
        return 0
    path = Path(args.output) if args.output else _default_openapi_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    print(f"wrote {path}")
    return 0


def _control_headers(args: argparse.Namespace) -> dict[str, str]:
    """The admin token for a running sandbox: --admin-token, else MOCKSERVER_ADMIN_TOKEN, else the
    file `serve` wrote when it generated one (MOCKSERVER_ADMIN_TOKEN_FILE or ~/.mockserver/admin-token)."""
    token = getattr(args, "admin_token", None) or os.environ.get("MOCKSERVER_ADMIN_TOKEN")
    if not token:
        try:
            path = admin_token_file(Settings())
            token = path.read_text().strip() if path.exists() else None
        except Exception:  # noqa: BLE001 - an unreadable file is the same as none
            token = None
    return {"X-Sandbox-Token": token} if token else {}


def cmd_reset(args: argparse.Namespace) -> int:
    if args.url:
        import httpx

        params = {}
        if args.pod:
            params["pod"] = args.pod
        if args.scenario:
            params["scenario"] = args.scenario
        r = httpx.post(args.url.rstrip("/") + "/sandbox/reset", params=params, headers=_control_headers(args), timeout=30)
        print(r.text)
        return 0 if r.is_success else 1
    from mockserver.core.errors import ApiError
    from mockserver.sandbox.service import pods

    settings = _settings(args)
    _build_app(settings, seed=False)
    try:
        targets = parse_pod_range(args.pod) if args.pod else None
    except ValueError as exc:
        raise CliError(str(exc)) from exc
    try:
        done = pods.reset(targets, args.scenario)
    except ApiError as exc:
        print(f"mockserver reset: {exc.details[0]}", file=sys.stderr)
        return 1
    print(json.dumps({"reset": done}))
    return 0


def cmd_pods(args: argparse.Namespace) -> int:
    if args.url:
        import httpx

        r = httpx.get(args.url.rstrip("/") + (f"/sandbox/pods/{args.pod}" if args.pod else "/sandbox/pods"),
                      headers=_control_headers(args), timeout=30)
        print(r.text)
        return 0 if r.is_success else 1
    from mockserver.core.db import db
    from mockserver.sandbox.service import pods

    settings = _settings(args)
    _build_app(settings, seed=False)
    with db.session() as session:
        if args.pod:
            if not str(args.pod).isdigit():
                raise CliError(f"--pod: '{args.pod}' is not a POD number")
            out = pods.describe(session, int(args.pod))
        else:
            out = [pods.describe(session, p.pod) for p in pods.seeded(session)]
    print(json.dumps(out, indent=2))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mockserver", description="wxcc-sandbox: a local Webex Contact Center, Connect and Engage.")
    parser.add_argument("--version", action="version", version=f"wxcc-sandbox {mockserver.__version__}")
    parser.add_argument("--debug", action="store_true", help="show the traceback of an error, not only its one line")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("serve", help="start the sandbox (seeds the PODs on first start)")
    p.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=_port, help="TCP port (default 8765; 0 picks a free one, printed once bound)")
    _add_db_flags(p)
    p.add_argument("--pods", help="PODs to seed, e.g. 1-3 or 1,4 (default 1-3)")
    p.add_argument("--scenario", help="fixture scenario to seed (default: default)")
    p.add_argument("--fixtures-dir", help="folder holding pods.yaml (default: the package's fixtures)")
    p.add_argument("--clock", choices=["real", "manual"])
    p.add_argument("--seed", type=int, help="make generated ids reproducible")
    p.add_argument("--workers", type=int, help="worker processes (default 1; more need a file or server database)")
    p.add_argument("--public-url", help="where browsers reach this sandbox (Connect tenant URL, OAuth callbacks); "
                                        "default http://<host>:<port>")
    p.add_argument("--log-level", choices=["critical", "error", "warning", "info", "debug", "trace"],
                   help="default info (the access log: one line per request)")
    p.add_argument("--no-access-log", action="store_true", help="no line per request")
    p.add_argument("--admin-token", help="the control plane's token (env MOCKSERVER_ADMIN_TOKEN); generated when "
                   "listening beyond loopback without one")
    p.add_argument("--allowed-hosts", help="Host names to answer to, comma-separated, '*' for any (env "
                   "MOCKSERVER_ALLOWED_HOSTS; default: loopback names while bound to loopback)")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("wait", help="wait until a sandbox answers ready (exit 0), or give up (exit 1)")
    p.add_argument("--url", default="http://127.0.0.1:8765", help="the sandbox (default http://127.0.0.1:8765)")
    p.add_argument("--timeout", type=float, default=30.0, help="seconds (default 30)")
    p.add_argument("--interval", type=float, default=0.2, help=argparse.SUPPRESS)
    p.add_argument("--quiet", action="store_true", help="print nothing when ready")
    p.set_defaults(func=cmd_wait)

    p = sub.add_parser("openapi", help="write (or check) the OpenAPI document")
    p.add_argument("--check", action="store_true", help="exit 1 when the committed (or shipped) document is stale")
    p.add_argument("--output", help="where to write it ('-' for standard output; default openapi/openapi.json "
                                    "in a checkout, ./openapi.json otherwise)")
    p.set_defaults(func=cmd_openapi)

    p = sub.add_parser("reset", help="reset PODs to their seeded state")
    p.add_argument("--pod", help="POD number or range; all when absent")
    p.add_argument("--scenario")
    p.add_argument("--url", help="a running sandbox, e.g. http://127.0.0.1:8765 (else: the database)")
    p.add_argument("--admin-token", help="with --url: the control plane's token (env MOCKSERVER_ADMIN_TOKEN, "
                   "else the file serve wrote)")
    _add_db_flags(p)
    p.set_defaults(func=cmd_reset)

    p = sub.add_parser("pods", help="print seeded PODs (users, passwords, integrations)")
    p.add_argument("--pod", help="one POD")
    p.add_argument("--url", help="a running sandbox (else: the database)")
    p.add_argument("--admin-token", help="with --url: the control plane's token (env MOCKSERVER_ADMIN_TOKEN, "
                   "else the file serve wrote)")
    _add_db_flags(p)
    p.set_defaults(func=cmd_pods)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except CliError as exc:
        if args.debug:
            import traceback

            traceback.print_exc()
        print(f"mockserver {args.command}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
