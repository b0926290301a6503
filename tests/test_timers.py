"""Timers fire on the sandbox clock: when it is moved, and before a request once they are due."""

from __future__ import annotations

import pytest

from mockserver.core import mailbox
from mockserver.core.clock import clock
from mockserver.core.db import db
from mockserver.core.timers import timers


@pytest.fixture(autouse=True)
def _handler():
    @timers.on("test.remind")
    def remind(session, timer):
        mailbox.send(session, pod=timer.pod, to="cl1admin1@email.carehybrid.com", subject=timer.payload["subject"],
                     text="", kind="notification")
        if timer.payload.get("again"):
            timers.schedule(session, pod=timer.pod, kind="test.remind", after_s=60, subject=timer.subject,
                            payload={"subject": "second"})

    yield
    timers.handlers.pop("test.remind", None)


def _schedule(after_s, subject="s1", **payload):
    with db.session() as s:
        timers.schedule(s, pod=1, kind="test.remind", after_s=after_s, subject=subject, payload={"subject": "first", **payload})
        s.commit()


def _subjects(client):
    return [m["subject"] for m in reversed(client.get("/sandbox/mailbox").json())]


def test_moving_the_clock_fires_due_timers_in_order(client):
    client.post("/sandbox/clock", json={"mode": "manual"})
    _schedule(300, again=True)
    client.post("/sandbox/clock", json={"advance": 299})
    assert _subjects(client) == []
    client.post("/sandbox/clock", json={"advance": 1})
    assert _subjects(client) == ["first"]
    client.post("/sandbox/clock", json={"advance": 3600})  # the chained timer fell due too
    assert _subjects(client) == ["first", "second"]


def test_a_due_timer_fires_before_the_next_request_on_a_real_clock(client):
    _schedule(-1)
    assert _subjects(client) == ["first"]


def test_reset_drops_pending_timers_and_cancel_removes_them(client):
    client.post("/sandbox/clock", json={"mode": "manual"})
    _schedule(10, subject="a")
    _schedule(10, subject="b")
    with db.session() as s:
        assert timers.cancel(s, kind="test.remind", subject="a") == 1
        s.commit()
        assert [t.subject for t in timers.pending(s)] == ["b"]
    client.post("/sandbox/reset", params={"pod": 1})
    client.post("/sandbox/clock", json={"advance": 20})
    assert _subjects(client) == []
    assert timers.next_due is None


def test_scheduling_an_unknown_kind_is_refused():
    with db.session() as s, pytest.raises(ValueError, match="no handler"):
        timers.schedule(s, pod=1, kind="nope", after_s=1)
    assert clock.mode in ("real", "manual")
