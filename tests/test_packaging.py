"""The Docker image runs what the README says, the way the README says it.

No Docker engine runs on our machines, so this checks the files themselves: the image's command
is the README's, its health check asks the route that answers readiness, it runs as a non-root
user, and the compose file offers SQLite by default and PostgreSQL behind a profile.
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _dockerfile() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            out.setdefault(word.upper(), []).append(rest.strip())
    return out


def test_image_command_is_the_readmes():
    df = _dockerfile()
    cmd = json.loads(df["CMD"][-1])
    assert cmd[:2] == ["mockserver", "serve"]
    readme = (ROOT / "README.md").read_text()
    assert " ".join(cmd) in readme  # the CLI section shows the same command
    # `make serve` (the README's first command) runs that same CLI
    make_serve = re.search(r"^serve:.*\n\t(.+)$", (ROOT / "Makefile").read_text(), re.M).group(1)
    assert shlex.split(make_serve)[0].endswith("/mockserver") and shlex.split(make_serve)[1] == "serve"


def test_image_is_slim_non_root_and_health_checked(client):
    df = _dockerfile()
    assert df["FROM"][0].startswith("python:3.11-slim")
    assert df["USER"] and df["USER"][-1] not in ("root", "0")
    health = df["HEALTHCHECK"][0]
    assert "/sandbox/health" in health
    assert client.get("/sandbox/health").json()["ready"] is True
    assert any(".[postgres]" in r for r in df["RUN"])  # the PostgreSQL driver is in the image


def test_compose_has_sqlite_by_default_and_a_postgres_profile():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    default = [n for n, s in services.items() if not s.get("profiles")]
    assert default == ["sandbox"] and "MOCKSERVER_DATABASE_URL" not in services["sandbox"].get("environment", {})
    pg = services["sandbox-pg"]
    assert pg["profiles"] == ["postgres"] and services["postgres"]["profiles"] == ["postgres"]
    assert pg["environment"]["MOCKSERVER_DATABASE_URL"].startswith("postgresql+psycopg://")
    assert pg["depends_on"]["postgres"]["condition"] == "service_healthy"
