"""The package as a user installs it: a wheel built from this checkout, installed into a fresh
environment outside the checkout, then served and used as a pytest plugin (issue 13's smoke test).

To stay fast on CI (two passes), the fresh environment gets the wheel itself (nothing else of the
checkout can be imported: the run's folder is a temporary one) and borrows the already installed
dependencies through a path entry instead of downloading them again; `pip check` then proves that
the wheel's declared dependencies are met by what it sees.
"""

from __future__ import annotations

import os
import re
import site
import subprocess
import sys
import venv
from pathlib import Path

import pytest

# The installed wheel runs on its own SQLite database whatever the pass (its environment drops
# MOCKSERVER_DATABASE_URL), so CI's PostgreSQL pass would only repeat the SQLite pass's minute.
pytestmark = pytest.mark.skipif(bool(os.environ.get("MOCKSERVER_DATABASE_URL")),
                                reason="database-independent: runs in the SQLite pass (MOCKSERVER_DATABASE_URL is set)")

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, Path]:
    """(the fresh environment's python, an empty working folder outside the checkout)."""
    work = tmp_path_factory.mktemp("wheel")
    dist = work / "dist"
    r = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(dist), str(ROOT)],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    wheel = next(dist.glob("wxcc_sandbox-*.whl"))
    env = work / "env"
    venv.EnvBuilder(with_pip=False).create(env)
    py = env / "bin" / "python"
    r = subprocess.run([sys.executable, "-m", "pip", "--python", str(py), "install", "-q", "--no-deps", "--no-index",
                        str(wheel)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    env_site = next((env / "lib").glob("python3*/site-packages"))
    # The dependencies, not the package: this run's site-packages hold at most an editable finder
    # for the checkout, whose .pth is not read from a plain path entry.
    (env_site / "_borrowed_deps.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    cwd = work / "elsewhere"
    cwd.mkdir()
    return py, cwd


def _clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "MOCKSERVER_DATABASE_URL", "MOCKSERVER_FIXTURES_DIR")}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def test_the_wheel_carries_its_data_and_the_checkout_is_not_used(installed):
    py, cwd = installed
    code = ("import mockserver, mockserver.core.settings as s, json; "
            "print(mockserver.__file__); print(s.DATA_ROOT); "
            "print(json.load(open(s.OPENAPI_PATH))['info']['title']); print((s.DATA_ROOT/'fixtures'/'pods.yaml').exists())")
    r = subprocess.run([str(py), "-c", code], cwd=cwd, capture_output=True, text=True, env=_clean_env(), timeout=60)
    assert r.returncode == 0, r.stderr
    module, data, title, fixtures = r.stdout.split("\n")[:4]
    assert str(ROOT) not in module and "site-packages" in module
    assert data.endswith("mockserver/_data") and title == "wxcc-sandbox" and fixtures == "True"
    check = subprocess.run([sys.executable, "-m", "pip", "--python", str(py), "check"], capture_output=True, text=True,
                           env=_clean_env(), timeout=120)
    assert "wxcc-sandbox" not in check.stdout, check.stdout  # every declared dependency is there
    # the shipped document is the one this code generates
    r = subprocess.run([str(py), "-m", "mockserver", "openapi", "--check"], cwd=cwd, capture_output=True, text=True,
                       env=_clean_env(), timeout=120)
    assert r.returncode == 0, r.stderr


def test_serve_health_token_and_offline_docs_from_the_wheel(installed):
    import httpx

    py, cwd = installed
    exe = py.parent / "mockserver"
    proc = subprocess.Popen([str(exe), "serve", "--ephemeral", "--port", "0", "--pods", "1-2"], cwd=cwd,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_clean_env())
    try:
        first = proc.stdout.readline()
        m = re.search(r"listening on (http://[\d.]+:\d+)", first)
        assert m, first + (proc.stderr.read() if proc.poll() is not None else "")
        base = m.group(1)
        health = httpx.get(base + "/sandbox/health", timeout=10).json()
        assert health["ready"] is True and health["pods"] == [1, 2]
        token = httpx.post(base + "/sandbox/tokens", json={"email": "cl1admin2@email.carehybrid.com"}, timeout=10)
        me = httpx.get(base + "/v1/people/me", headers={"Authorization": f"Bearer {token.json()['access_token']}"}, timeout=10)
        assert me.status_code == 200 and me.json()["emails"] == ["cl1admin2@email.carehybrid.com"]
        assert httpx.get(base + "/docs/assets/swagger-ui-bundle.js", timeout=10).status_code == 200
        assert "cl1admin1@email.carehybrid.com" in httpx.get(base + "/", timeout=10).text
        assert httpx.get(base + "/labs", timeout=10).status_code == 200
        # the console's templates and assets are package data
        pod = httpx.get(base + "/sandbox/console/pods/1", timeout=10)
        assert pod.status_code == 200 and "cl1agent1@email.carehybrid.com" in pod.text
        assert httpx.get(base + "/sandbox/console/static/console.js", timeout=10).status_code == 200
    finally:
        proc.terminate()
        proc.communicate(timeout=15)


def test_the_pytest_plugin_from_the_wheel(installed):
    py, cwd = installed
    (cwd / "test_client.py").write_text('''
def test_in_process(wxcc_sandbox):
    h = wxcc_sandbox.auth("cl1agent1@email.carehybrid.com")
    assert wxcc_sandbox.client.get("/v1/people/me", headers=h).json()["emails"] == ["cl1agent1@email.carehybrid.com"]


def test_over_a_socket(wxcc_sandbox_url):
    import httpx

    assert httpx.get(wxcc_sandbox_url + "/sandbox/health").json()["pods"] == [1]
''')
    r = subprocess.run([str(py), "-m", "pytest", "-q", "-p", "no:cacheprovider", "--wxcc-pods", "1", "test_client.py"],
                       cwd=cwd, capture_output=True, text=True, env=_clean_env(), timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "2 passed" in r.stdout
