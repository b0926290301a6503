"""`mockserver serve | openapi | reset | pods`."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from mockserver.core.settings import REPO_ROOT, Settings, parse_pod_range

OPENAPI_PATH = REPO_ROOT / "openapi" / "openapi.json"


def _settings(args: argparse.Namespace) -> Settings:
    overrides = {}
    for name in ("host", "port", "database_url", "pods", "scenario", "clock", "seed", "workers"):
        value = getattr(args, name, None)
        if value is not None:
            overrides[name] = value
    if getattr(args, "ephemeral", False):
        overrides["ephemeral"] = True
    try:
        return Settings(**overrides)
    except Exception as exc:  # pydantic's ValidationError, shown as a one-line message
        raise SystemExit(f"mockserver: invalid settings: {exc}") from exc


def _add_db_flags(p: argparse.ArgumentParser) -> None:
    g = p.add_mutually_exclusive_group()
    g.add_argument("--database-url", help="SQLAlchemy URL (default sqlite:///./mockserver.db, env MOCKSERVER_DATABASE_URL)")
    g.add_argument("--ephemeral", action="store_true", help="in-memory database: nothing survives the process")


BANNER_PODS = 3


def _banner(settings: Settings, app) -> str:  # noqa: ANN001
    from mockserver.core.db import db
    from mockserver.sandbox.service import pods

    base = f"http://{settings.host}:{settings.port}"
    lines = [f"wxcc-sandbox listening on {base}  (OpenAPI: {base}/openapi.json, docs: {base}/docs)"]
    lines.append(f"database: {'in memory' if settings.ephemeral else settings.database_url}; clock: {settings.clock}")
    with db.session() as session:
        seeded = pods.seeded(session)
        for p in seeded[:BANNER_PODS]:
            info = pods.describe(session, p.pod)
            lines.append(f"POD {p.pod} ({info.get('orgName')}, org {p.org_id}, scenario {p.scenario})")
            for u in info.get("users", []):
                lines.append(f"  {u['kind']:<10} {u['email']:<38} password {u['password']}")
        if len(seeded) > BANNER_PODS:
            # Describing every POD cost as much as seeding them (999 PODs: seconds) and a screenful each.
            lines.append(f"... and {len(seeded) - BANNER_PODS} more PODs ({seeded[BANNER_PODS].pod}-{seeded[-1].pod}): "
                         f"`mockserver pods` or GET {base}/sandbox/pods/<n> lists each one's users")
    lines.append("get a token:")
    lines.append(f"  curl -s -X POST {base}/sandbox/tokens -H 'content-type: application/json' \\")
    lines.append("       -d '{\"email\": \"cl1admin1@email.carehybrid.com\"}'")
    return "\n".join(lines)


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from mockserver.app import create_app

    settings = _settings(args)
    if settings.workers > 1 and settings.ephemeral:
        raise SystemExit("mockserver: --workers needs a shared database (a file or server URL), not --ephemeral")
    # Any process serving a database that is not in memory may have company (workers, replicas).
    settings.shared = not settings.ephemeral
    app = create_app(settings)  # seeds once, here, before any worker starts
    print(_banner(settings, app), flush=True)
    if settings.workers > 1:
        from mockserver.core.shared import shared

        shared.reset()  # this parent only seeds: its workers listen
        segment = shared.create_segment()
        # Workers are new processes: they read their settings from the environment.
        for name, value in settings.model_dump(exclude={"fresh", "shared_memory"}).items():
            if value is not None:
                os.environ[f"MOCKSERVER_{name.upper()}"] = str(value)
        os.environ["MOCKSERVER_SHARED_MEMORY"] = segment.name
        try:
            uvicorn.run("mockserver.app:worker_app", factory=True, host=settings.host, port=settings.port,
                        workers=settings.workers, log_level=settings.log_level, access_log=False, lifespan="on")
        finally:
            segment.close()
            segment.unlink()
        return 0
    config = uvicorn.Config(app, host=settings.host, port=settings.port, log_level=settings.log_level,
                            access_log=False, lifespan="on")
    uvicorn.Server(config).run()
    return 0


def openapi_document() -> dict:
    from mockserver.app import create_app

    app = create_app(Settings(ephemeral=True, pods=""), seed=False)
    return app.openapi()


def cmd_openapi(args: argparse.Namespace) -> int:
    text = json.dumps(openapi_document(), indent=2, sort_keys=False) + "\n"
    path = Path(args.output)
    if args.check:
        current = path.read_text() if path.exists() else ""
        if current != text:
            print(f"{path} is stale: run `mockserver openapi` and commit it.", file=sys.stderr)
            return 1
        print(f"{path} is up to date.")
        return 0
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    print(f"wrote {path}")
    return 0


def _local_or_remote(args: argparse.Namespace):  # noqa: ANN202
    """Scripts talk to a running sandbox (--url) or act on the database directly."""
    return getattr(args, "url", None)


def cmd_reset(args: argparse.Namespace) -> int:
    if args.url:
        import httpx

        params = {}
        if args.pod:
            params["pod"] = args.pod
        if args.scenario:
            params["scenario"] = args.scenario
        r = httpx.post(args.url.rstrip("/") + "/sandbox/reset", params=params, timeout=30)
        print(r.text)
        return 0 if r.is_success else 1
    from mockserver.app import create_app
    from mockserver.core.errors import ApiError
    from mockserver.sandbox.service import pods

    settings = _settings(args)
    create_app(settings, seed=False)
    targets = parse_pod_range(args.pod) if args.pod else None
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

        r = httpx.get(args.url.rstrip("/") + (f"/sandbox/pods/{args.pod}" if args.pod else "/sandbox/pods"), timeout=30)
        print(r.text)
        return 0 if r.is_success else 1
    from mockserver.app import create_app
    from mockserver.core.db import db
    from mockserver.sandbox.service import pods

    settings = _settings(args)
    create_app(settings, seed=False)
    with db.session() as session:
        if args.pod:
            out = pods.describe(session, int(args.pod))
        else:
            out = [pods.describe(session, p.pod) for p in pods.seeded(session)]
    print(json.dumps(out, indent=2))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mockserver", description="wxcc-sandbox: a local Webex Contact Center, Connect and Engage.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("serve", help="start the sandbox (seeds the PODs on first start)")
    p.add_argument("--host")
    p.add_argument("--port", type=int)
    _add_db_flags(p)
    p.add_argument("--pods", help="PODs to seed, e.g. 1-3 or 1,4 (default 1-3)")
    p.add_argument("--scenario", help="fixture scenario to seed (default: default)")
    p.add_argument("--clock", choices=["real", "manual"])
    p.add_argument("--seed", type=int, help="make generated ids reproducible")
    p.add_argument("--workers", type=int, help="worker processes (default 1; more need a file or server database)")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("openapi", help="write openapi/openapi.json")
    p.add_argument("--check", action="store_true", help="exit 1 when the committed file is stale")
    p.add_argument("--output", default=str(OPENAPI_PATH))
    p.set_defaults(func=cmd_openapi)

    p = sub.add_parser("reset", help="reset PODs to their seeded state")
    p.add_argument("--pod", help="POD number or range; all when absent")
    p.add_argument("--scenario")
    p.add_argument("--url", help="a running sandbox, e.g. http://127.0.0.1:8765 (else: the database)")
    _add_db_flags(p)
    p.set_defaults(func=cmd_reset)

    p = sub.add_parser("pods", help="print seeded PODs (users, passwords, integrations)")
    p.add_argument("--pod", help="one POD")
    p.add_argument("--url", help="a running sandbox (else: the database)")
    _add_db_flags(p)
    p.set_defaults(func=cmd_pods)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)
