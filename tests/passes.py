"""CI runs the suite twice: on SQLite, then on PostgreSQL (MOCKSERVER_DATABASE_URL set). A test
whose outcome cannot depend on the database engine runs in the SQLite pass only, so the second
pass spends its minutes on what PostgreSQL can change (locking, types, concurrent workers)."""

from __future__ import annotations

import os

import pytest

ON_POSTGRES = bool(os.environ.get("MOCKSERVER_DATABASE_URL"))

sqlite_pass_only = pytest.mark.skipif(
    ON_POSTGRES, reason="database-independent: runs in the SQLite pass (MOCKSERVER_DATABASE_URL is set)")
