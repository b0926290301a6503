"""Real servers for the tests that need processes: `mockserver serve` subprocesses on loopback
ports, on a database they share (a SQLite file, or a fresh PostgreSQL database in CI's second pass)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_url(tmp_path, suffix: str = "mw") -> str:
    """A fresh database the servers share: a SQLite file, or (in the PostgreSQL pass of CI) a new
    database beside the suite's own on the same server."""
    url = os.environ.get("MOCKSERVER_DATABASE_URL")
    if not url or not url.startswith("postgresql"):
        return f"sqlite:///{tmp_path}/shared.db"
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"{make_url(url).database}_{suffix}"
    admin = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def serve(url: str, workers: int = 1, *args: str, pods: str = "1",
          headers: dict[str, str] | None = None) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "MOCKSERVER_DATABASE_URL": url}
    # The server's log goes to a file, not a pipe: nobody reads a pipe while the test runs, and a
    # served sandbox logs a line per request, so a full pipe would block its event loop.
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen([sys.executable, "-m", "mockserver", "serve", "--port", str(port), "--pods", pods,
                             "--workers", str(workers), *args], env=env, stdout=subprocess.DEVNULL, stderr=log)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            log.seek(0)
            raise RuntimeError(log.read().decode())
        try:
            r = httpx.get(base + "/sandbox/health", timeout=1, headers=headers)
            if r.status_code == 200 and r.json().get("warm", True):  # built: no request of the test waits
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError("server did not start")




def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
