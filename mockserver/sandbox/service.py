"""PODs, scenarios, reset and snapshots: the control plane's rules, free of HTTP.

Seeding is declarative: each product's seeder turns a POD's rendered fixture into rows; the plan
for (POD, scenario) is computed once and cached (the most recently used PLAN_CACHE of them), so a
reset is one DELETE and one bulk INSERT per table, in one transaction.
"""

from __future__ import annotations

from mockserver.core.lifecycle import forget_on_new_app

import copy
from collections import OrderedDict
from typing import Any

from sqlalchemy import delete, insert, select as sa_select, update
from sqlmodel import Session, SQLModel, select

from mockserver.core.cache import changes
from mockserver.core.clock import clock
from mockserver.core.shared import shared
from mockserver.core.db import db
from mockserver.core.errors import ApiError
from mockserver.events import PodSeeded, StateReset
from mockserver.core.events import dispatcher
from mockserver.core.ids import ids
from mockserver.core.runtime import runtime
from mockserver.core.seeding import PodContext, Rows, pod_org_id, registry
from mockserver.sandbox import fixtures
from mockserver.sandbox.models import SandboxPod, SandboxSnapshot

MAX_PODS = 999
# Seed plans kept for resets. A plan is ~45 KB of rows: keeping every seeded POD's was 45 MB at
# 999 PODs, while a test resets a handful. A plan past these is made again (deterministic: ids
# are derived from the POD, never drawn) when its POD is reset.
PLAN_CACHE = 48
# PODs planned and inserted at a time when seeding many (one transaction still). Small: what a
# chunk allocates stays in the process's heap after it is freed (48 PODs' chunks left ~2.5 MB more
# at 100 PODs than 8 PODs' did, at the same seeding speed).
SEED_CHUNK = 8


class PodService:
    def __init__(self) -> None:
        self._plans: OrderedDict[tuple[int, str], Rows] = OrderedDict()  # least recently used first
        # POD -> (scenario, {table: its write stamp}) right after the POD was last seeded or reset
        self._clean: dict[int, tuple[str, dict[type[SQLModel], Any]]] = {}
        self._known: tuple[Any, dict[int, str]] | None = None  # (sandbox_pod's stamp, POD -> scenario)
        self._driver_rows: dict[tuple, tuple[list, Any]] = {}

    # --- fixtures and plans --------------------------------------------------------------------
    def fixture_data(self) -> dict[str, Any]:
        return fixtures.load(runtime.settings.fixtures_dir)

    def context(self, n: int, scenario: str) -> PodContext:
        data = self.fixture_data()
        return PodContext(n=n, scenario=scenario, fixture=fixtures.render_pod(data, n), org_id=pod_org_id(n))

    def plan(self, n: int, scenario: str, keep: bool = True) -> Rows:
        key = (n, scenario)
        cached = self._plans.get(key)
        if cached is not None:
            self._plans.move_to_end(key)
            return cached
        data = self.fixture_data()
        steps = fixtures.scenario_steps(data, scenario)
        ctx = self.context(n, scenario)
        rows: Rows = {}
        for seeder in registry.seeders:
            for table, trows in seeder.rows(ctx).items():
                rows.setdefault(table, []).extend(trows)
        for step in steps:
            name = step.get("do")
            handler = registry.steps.get(name)
            if handler is None:
                raise fixtures.FixtureError(f"scenario '{scenario}': unknown step '{name}'; known: {', '.join(sorted(registry.steps))}")
            handler(ctx, rows, step)
        if not keep:
            return rows  # seeding: a POD is seeded once; its reset (if one comes) plans it again
        self._plans[key] = rows
        while len(self._plans) > PLAN_CACHE:
            _, evicted = self._plans.popitem(last=False)
            lists = {id(r) for r in evicted.values()}
            for k in [k for k, (r, _) in self._driver_rows.items() if id(r) in lists]:
                del self._driver_rows[k]  # its prepared rows go with it
        return rows

    def forget_plans(self) -> None:
        self._plans.clear()
        self._clean.clear()
        self._known = None
        self._driver_rows.clear()

    # --- queries -------------------------------------------------------------------------------
    def seeded(self, session: Session) -> list[SandboxPod]:
        return list(session.exec(select(SandboxPod).order_by(SandboxPod.pod)).all())

    def get(self, session: Session, n: int) -> SandboxPod:
        pod = session.get(SandboxPod, n)
        if pod is None:
            raise ApiError(404, f"POD {n} is not seeded.", [f"pod: POD {n} is not seeded; seed it with POST /sandbox/pods {{\"pods\": [{n}]}}."])
        return pod

    def describe(self, session: Session, n: int) -> dict[str, Any]:
        pod = self.get(session, n)
        ctx = self.context(n, pod.scenario)
        out: dict[str, Any] = {"pod": n, "scenario": pod.scenario}
        for fn in registry.describers:
            out.update(fn(session, ctx))
        return out

    # --- seeding -------------------------------------------------------------------------------
    def _insert(self, session: Session, plans: list[Rows], tables: list[type[SQLModel]] | None = None,
                keep: bool = True) -> None:
        """``keep``: keep the driver-ready rows for the next reset (not when seeding: a POD is seeded
        once, and 999 PODs' rows twice over would be memory for nothing)."""
        conn = session.connection()
        for table in registry.pod_tables if tables is None else tables:
            lists = [plan[table] for plan in plans if plan.get(table)]
            if not lists:
                continue
            prepared = [self._prepared(table, rows, conn.dialect) if keep else _driver_rows(table.__table__, rows, conn.dialect)
                        for rows in lists]
            if all(p is not None and p[0] == prepared[0][0] for p in prepared):  # type: ignore[index]
                params = prepared[0][1] if len(prepared) == 1 else [row for p in prepared for row in p[1]]  # type: ignore[index]
                conn.exec_driver_sql(prepared[0][0], params)  # type: ignore[index]
            else:
                session.execute(insert(table.__table__), [r for rows in lists for r in rows])

    def _prepared(self, table: type[SQLModel], rows: list[dict[str, Any]], dialect: Any) -> tuple[str, list[tuple]] | None:
        """The rows as the driver takes them, with the INSERT they go to; None where the ORM's own
        insert must do it (rows with differing keys, a Python-side default, an unknown paramstyle).

        Resets insert the same seeded rows again and again, and SQLAlchemy's per-row parameter
        processing (JSON encoding included) was most of a reset's time; the processed rows are
        kept per list of rows (the plans are cached, so the same list comes back)."""
        key = (id(rows), len(rows), table, dialect.name)
        hit = self._driver_rows.get(key)
        if hit is not None and hit[0] is rows:
            return hit[1]
        prepared = _driver_rows(table.__table__, rows, dialect)
        if len(self._driver_rows) > 8192:  # a few hundred PODs' tables; past that, start over
            self._driver_rows.clear()
        self._driver_rows[key] = (rows, prepared)  # keeps `rows` alive, so its id is not reused
        return prepared

    def seed(self, pods: list[int], scenario: str = "default") -> list[int]:
        """Seeds the PODs that are not seeded yet; returns those it seeded."""
        for n in pods:
            if not 1 <= n <= MAX_PODS:
                raise ApiError(400, "Invalid POD number.", [f"pods: {n} is outside 1-{MAX_PODS}."])
        if pods:
            self.plan(pods[0], scenario)  # an unknown scenario or step fails before anything is written
        with db.session() as session:
            have = {p.pod for p in session.exec(select(SandboxPod)).all()}
            new = [n for n in pods if n not in have]
            if not new:
                return []
            # In chunks, so seeding 999 PODs never holds every plan at once; one transaction, so
            # a plan that fails leaves nothing written.
            for at in range(0, len(new), SEED_CHUNK):
                self._insert(session, [self.plan(n, scenario, keep=False) for n in new[at:at + SEED_CHUNK]], keep=False)
            now = clock.now_ms()
            session.execute(insert(SandboxPod.__table__), [
                {"pod": n, "org_id": pod_org_id(n), "scenario": scenario, "seeded_ms": now} for n in new
            ])
            session.commit()
        self._mark_clean(new, {n: scenario for n in new})
        for n in new:
            dispatcher.publish(PodSeeded(pod=n, org_id=pod_org_id(n), scenario=scenario))
        return new

    def reset(self, pods: list[int] | None = None, scenario: str | None = None) -> list[int]:
        """Back to the seeded state: every POD (pods=None) or the listed ones, optionally to another scenario.

        A table nobody wrote since these PODs were last seeded or reset is left alone: the pytest
        fixture resets before every test, and most tests write one or two tables of the dozens
        (``core/cache.py: changes`` knows, from every committed statement, which tables changed)."""
        pt = SandboxPod.__table__
        known = self._known_pods()
        if known is not None:
            # Nothing to rewrite (this process saw no write since the PODs were last made clean):
            # no transaction at all.
            targets = self._targets(known, pods)
            scenarios = {n: scenario or known[n] for n in targets}
            if all(known[n] == scenarios[n] for n in targets) and not self._dirty(targets, known, scenarios):
                return self._after_reset(pods, targets, sorted(known), scenarios)
        with db.session() as session:
            # (pod, scenario) rows through the core: the ORM's identity map cost more than the rest
            # of a reset that has nothing to rewrite. Read inside the write transaction: with
            # several workers, another may be seeding.
            seeded = {r.pod: r.scenario for r in session.execute(sa_select(pt.c.pod, pt.c.scenario)).all()}
            targets = self._targets(seeded, pods)
            scenarios = {n: scenario or seeded[n] for n in targets}
            tables = self._dirty(targets, seeded, scenarios)
            for table in reversed(tables):
                t = table.__table__
                if pods is None:
                    session.execute(delete(t))
                else:
                    session.execute(delete(t).where(t.c.pod.in_(targets)))
            if tables:
                # More PODs than plans are kept: planned and inserted a chunk at a time, keeping
                # nothing (all of 999 PODs' plans and rows at once were 70 MB, kept by the heap).
                keep = len(targets) <= PLAN_CACHE
                step = len(targets) if keep else SEED_CHUNK
                for at in range(0, len(targets), step):
                    self._insert(session, [self.plan(n, scenarios[n], keep=keep) for n in targets[at:at + step]],
                                 tables, keep=keep)
            for n in targets:
                if seeded[n] != scenarios[n]:
                    session.execute(update(pt).where(pt.c.pod == n).values(scenario=scenarios[n]))
            session.commit()
        self._known = (changes.table_stamp(pt.name), {**seeded, **scenarios})
        return self._after_reset(pods, targets, sorted(seeded), scenarios)

    @staticmethod
    def _targets(seeded: dict[int, str], pods: list[int] | None) -> list[int]:
        targets = sorted(seeded) if pods is None else pods
        for n in targets:
            if n not in seeded:
                raise ApiError(404, f"POD {n} is not seeded.", [f"pod: POD {n} is not seeded, so it cannot be reset."])
        return targets

    def _known_pods(self) -> dict[int, str] | None:
        """POD -> scenario as this process last read or wrote them, while the table is unchanged
        (None with company: another process may seed)."""
        if shared.enabled or self._known is None or self._known[0] != changes.table_stamp(SandboxPod.__tablename__):
            return None
        return self._known[1]

    def _after_reset(self, pods: list[int] | None, targets: list[int], all_pods: list[int],
                     scenarios: dict[int, str]) -> list[int]:
        self._mark_clean(targets if pods is not None else all_pods, scenarios)
        if pods is None:
            ids.restart()  # with --seed, a full reset replays the same entity ids
        dispatcher.publish(StateReset(pods=None if pods is None else tuple(targets)))
        return targets

    def _dirty(self, targets: list[int], seeded: dict[int, str], scenarios: dict[int, str]) -> list[type[SQLModel]]:
        """The POD tables to rewrite for these PODs: those written since they were last made clean."""
        tables = registry.pod_tables
        if shared.enabled:
            # Another process may have committed a write it has not announced yet: rewrite them all.
            return tables
        records: dict[int, dict] = {}
        for n in targets:
            clean = self._clean.get(n)
            if clean is None or clean[0] != scenarios[n] or clean[0] != seeded[n]:
                return tables
            records[id(clean[1])] = clean[1]  # PODs made clean together share one record
        if all(r[_TOTAL] == changes.total for r in records.values()):
            return []  # nothing at all was committed since: the fixture's reset after a test that only read
        stamp = changes.table_stamp
        return [t for t in tables if any(r.get(t) != stamp(t.__tablename__) for r in records.values())]

    def _mark_clean(self, pods: list[int], scenarios: dict[int, str]) -> None:
        """After a commit that left these PODs exactly as seeded: what the tables' stamps are now."""
        stamps: dict[Any, Any] = {t: changes.table_stamp(t.__tablename__) for t in registry.pod_tables}
        stamps[_TOTAL] = changes.total
        for n in pods:
            self._clean[n] = (scenarios[n], stamps)
        # Other PODs' records still hold the old stamps of the tables just rewritten: they are
        # cleared on their next reset (rewriting a clean table is merely slower).

    # --- snapshots -----------------------------------------------------------------------------
    def _tables(self) -> list[type[SQLModel]]:
        return registry.pod_tables + [SandboxPod]

    def list_snapshots(self) -> list[SandboxSnapshot]:
        with db.session() as session:
            return list(session.exec(select(SandboxSnapshot).order_by(SandboxSnapshot.taken_ms, SandboxSnapshot.name)).all())

    def take_snapshot(self, name: str) -> SandboxSnapshot:
        with db.session() as session:
            tables = {}
            for table in self._tables():
                t = table.__table__
                tables[t.name] = [dict(r._mapping) for r in session.execute(sa_select(t)).all()]
            snap = session.get(SandboxSnapshot, name) or SandboxSnapshot(name=name, taken_ms=0)
            snap.taken_ms = clock.now_ms()
            snap.tables = tables
            snap.pods = [p.pod for p in self.seeded(session)]
            session.add(snap)
            session.commit()
            return snap

    def restore_snapshot(self, name: str) -> SandboxSnapshot:
        with db.session() as session:
            snap = session.get(SandboxSnapshot, name)
            if snap is None:
                taken = ", ".join(x.name for x in session.exec(select(SandboxSnapshot)).all()) or "none"
                raise ApiError(404, f"No snapshot '{name}'.", [
                    f"name: no snapshot '{name}'; taken: {taken}. Take one with POST /sandbox/snapshots."
                ])
            for table in reversed(self._tables()):
                session.execute(delete(table.__table__))
            for table in self._tables():
                rows = snap.tables.get(table.__table__.name)
                if rows:
                    session.execute(insert(table.__table__), copy.deepcopy(rows))
            session.commit()
        dispatcher.publish(StateReset(pods=None))
        return snap

    def delete_snapshot(self, name: str) -> None:
        with db.session() as session:
            snap = session.get(SandboxSnapshot, name)
            if snap is None:
                raise ApiError(404, f"No snapshot '{name}'.", [f"name: no snapshot '{name}'."])
            session.delete(snap)
            session.commit()


_TOTAL = "changes.total"  # in a clean record: every committed write so far (core/cache.py), beside the tables' stamps
_PLACEHOLDER = {"qmark": "?", "format": "%s", "pyformat": "%s"}


def _driver_rows(t: Any, rows: list[dict[str, Any]], dialect: Any) -> tuple[str, list[tuple]] | None:
    mark = _PLACEHOLDER.get(dialect.paramstyle)
    keys = list(rows[0])
    if mark is None or any(len(r) != len(keys) or r.keys() != rows[0].keys() for r in rows):
        return None
    cols = []
    for k in keys:
        if k not in t.c:
            return None
        cols.append(t.c[k])
    if any(c.key not in rows[0] and c.default is not None for c in t.columns):
        return None  # a default SQLAlchemy would fill in: let it
    procs = [c.type._cached_bind_processor(dialect) for c in cols]
    q = dialect.identifier_preparer.quote
    sql = (f"INSERT INTO {q(t.name)} ({', '.join(q(c.name) for c in cols)}) "
           f"VALUES ({', '.join([mark] * len(cols))})")
    return sql, [tuple(p(r[k]) if p else r[k] for p, k in zip(procs, keys)) for r in rows]


pods = PodService()
forget_on_new_app("sandbox.pods", pods.forget_plans)
