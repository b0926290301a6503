"""Settings come from MOCKSERVER_* environment variables; CLI flags override them."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parents[2]


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
    fixtures_dir: Path = REPO_ROOT / "fixtures"
    # The CI cluster part of every token: <random>_<cluster>_<orgUUID>.
    cluster: str = "PF84"
    # Lifetimes from developer.webex.com "Login with Webex" (integration tokens: 14 d / 90 d)
    # and the portal's personal tokens (12 h).
    access_token_ttl: int = 1209599
    refresh_token_ttl: int = 7775999
    personal_token_ttl: int = 43199
    auth_code_ttl: int = 300
    journal_size: int = 500
    # Hosts a flow's HTTP Request node may call besides loopback (comma-separated; "*.example.com"
    # matches subdomains). Empty: loopback only, so a flow never reaches the internet by surprise.
    flow_http_allow: str = ""
    log_level: str = "warning"

    @field_validator("pods")
    @classmethod
    def _pods_valid(cls, v: str) -> str:
        parse_pod_range(v)
        return v

    @property
    def pod_numbers(self) -> list[int]:
        return parse_pod_range(self.pods)

    @property
    def effective_database_url(self) -> str:
        return "sqlite://" if self.ephemeral else self.database_url
