"""Settings come from MOCKSERVER_* environment variables; CLI flags override them."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parents[2]
# An installed wheel carries the fixtures and the OpenAPI document in the package (setup.py copies
# them there); a checkout (editable install, `python -m` from the work tree) reads them in place.
_PACKAGED = Path(__file__).resolve().parents[1] / "_data"
DATA_ROOT = _PACKAGED if _PACKAGED.is_dir() else REPO_ROOT
OPENAPI_PATH = DATA_ROOT / "openapi" / "openapi.json"


def parse_pod_range(spec: str | int | list[int] | None) -> list[int]:
    """'1-3,7' -> [1, 2, 3, 7]. Raises ValueError with a message a person can act on."""
    if spec is None or spec == "":
        return []
    if isinstance(spec, int):
        spec = str(spec)
    if isinstance(spec, list):
        out = [int(x) for x in spec]
    else:
        out = []
        for part in str(spec).split(","):
            part = part.strip()
            if not part:
                continue
            if "-" in part:
                lo, _, hi = part.partition("-")
                if not (lo.strip().isdigit() and hi.strip().isdigit()):
                    raise ValueError(f"pods: '{part}' is not a range like 1-3")
                a, b = int(lo), int(hi)
                if a > b:
                    raise ValueError(f"pods: range '{part}' runs backwards")
                out.extend(range(a, b + 1))
            elif part.isdigit():
                out.append(int(part))
            else:
                raise ValueError(f"pods: '{part}' is not a POD number")
    for n in out:
        if not 1 <= n <= 999:
            raise ValueError(f"pods: POD {n} is outside 1-999")
    return sorted(set(out))


LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MOCKSERVER_", extra="ignore")

    host: str = "127.0.0.1"
    port: int = 8765
    database_url: str = "sqlite:///./mockserver.db"
    ephemeral: bool = False
    # Drop every table first: a test run on a shared PostgreSQL database starts clean.
    fresh: bool = False
    pods: str = "1-3"
    scenario: str = "default"
    clock: str = Field(default="real", pattern="^(real|manual)$")
    seed: int | None = None
    # Worker processes (uvicorn). More than one shares the clock, faults and caches through the
    # database, so it needs a file or server database, not --ephemeral.
    workers: int = Field(default=1, ge=1, le=32)
    # Several processes serve this database (replicas, or `serve` itself): follow each other's
    # changes through it. `serve` turns this on for any database that is not in memory.
    shared: bool = False
    shared_memory: str | None = None  # set by `serve` for its workers: the change signal's name
    admin_token: str | None = None
    fixtures_dir: Path = DATA_ROOT / "fixtures"
    # Where browsers and clients reach this sandbox (behind a proxy, in a container, on another
    # host): the Connect tenant URL and the OAuth callbacks it hands out are built on it, so a
    # browser completes the round trips. Unset: http://<host>:<port> as served.
    public_url: str | None = None
    # Where `serve` writes the admin token it generates when it listens beyond loopback without one.
    admin_token_file: Path | None = None
    # Host names the sandbox answers to (comma-separated; "*" for any). Empty: the loopback names
    # while bound to loopback (no DNS rebinding), any name otherwise (the admin token guards it).
    allowed_hosts: str = ""
    # The largest request body accepted (bytes), refused with 413 before it is read.
    max_body_bytes: int = Field(default=10 * 1024 * 1024, ge=1024)
    # The CI cluster part of every token: <random>_<cluster>_<orgUUID>.
    cluster: str = "PF84"
    # Lifetimes from developer.webex.com "Login with Webex" (integration tokens: 14 d / 90 d)
    # and the portal's personal tokens (12 h).
    access_token_ttl: int = 1209599
    refresh_token_ttl: int = 7775999
    personal_token_ttl: int = 43199
    auth_code_ttl: int = 300
    journal_size: int = 500
    log_level: str = Field(default="warning", pattern="^(critical|error|warning|info|debug|trace)$")
    # One line per request (method, path, status, time, tracking id) on the "mockserver.access"
    # logger; `serve` turns it on, in-process sandboxes (tests) leave it off.
    access_log: bool = False
    # Hosts WxCC webhooks may be delivered to besides loopback: comma-separated names, "*.suffix"
    # for a domain's subdomains. Nothing else leaves the machine (docs/fidelity.md).
    webhook_allow: str = ""
    # CORS for browser clients (Cisco's agent SDK in a web page): every origin may call.
    cors: bool = True
    # Hosts a flow's HTTP Request node may call besides loopback (comma-separated; "*.example.com"
    # matches subdomains). Empty: loopback only, so a flow never reaches the internet by surprise.
    flow_http_allow: str = ""

    @field_validator("pods")
    @classmethod
    def _pods_valid(cls, v: str) -> str:
        parse_pod_range(v)
        return v

    @field_validator("public_url")
    @classmethod
    def _public_url_valid(cls, v: str | None) -> str | None:
        if v in (None, ""):
            return None
        if not v.startswith(("http://", "https://")) or "://" == v.rstrip("/")[-3:]:
            raise ValueError(f"public_url: '{v}' is not an http(s) URL like https://sandbox.example.com")
        return v.rstrip("/")

    @property
    def base_url(self) -> str:
        """The sandbox's own address as clients see it."""
        if self.public_url:
            return self.public_url
        host = "127.0.0.1" if self.host in ("0.0.0.0", "::", "") else self.host
        return f"http://{host}:{self.port}"

    @property
    def loopback(self) -> bool:
        return self.host in LOOPBACK_HOSTS or self.host.startswith("127.")

    @property
    def host_names(self) -> frozenset[str] | None:
        """The Host names answered to; None: any."""
        names = {h.strip().lower() for h in self.allowed_hosts.split(",") if h.strip()}
        if "*" in names:
            return None
        if names:
            return frozenset(names)
        return LOOPBACK_HOSTS if self.loopback else None

    @property
    def pod_numbers(self) -> list[int]:
        return parse_pod_range(self.pods)

    @property
    def effective_database_url(self) -> str:
        return "sqlite://" if self.ephemeral else self.database_url

    @property
    def database_kind(self) -> str:
        """What health shows: sqlite, or the URL's scheme (postgresql+psycopg)."""
        url = self.effective_database_url
        return "sqlite" if url.startswith("sqlite") else url.split(":", 1)[0]
