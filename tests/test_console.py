"""The lab console (/sandbox/console, issue 15): pages rendered from the seeded PODs, its actions
through the JSON control plane, the sign-in that stands in for the admin token in a browser, and
the live stream (server-sent events). In-process, through the ASGI app."""

from __future__ import annotations

import asyncio
import json
import re

import pytest

from mockserver.core.runtime import runtime
from mockserver.sandbox import stream

C = "/sandbox/console"


def _sse(text: str) -> list[tuple[str, dict]]:
    out = []
    for block in text.strip().split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line and not line.startswith(":"))
        if "event" in fields:
            out.append((fields["event"], json.loads(fields["data"])))
    return out


# --- the skeleton --------------------------------------------------------------------------------
def test_console_is_open_on_loopback_without_a_token(client):
    r = client.get(C)
    assert r.status_code == 303 and r.headers["location"] == f"{C}/pods"
    page = client.get(f"{C}/pods")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    for n in (1, 2, 3):
        assert f'href="{C}/pods/{n}"' in page.text and f"cl1pod{n}" in page.text
    # the nav: this part's pages and part 2's slots, for the POD the page is about
    pod = client.get(f"{C}/pods/2").text
    for section in ("controlhub", "connect", "wxcc", "engage", "customer", "agent", "conversations", "tasks"):
        assert f'href="{C}/pods/2/{section}"' in pod
    assert f'href="{C}/traffic"' in pod
    # assets come from the package, versioned by content
    css = re.search(r'href="(/sandbox/console/static/console\.css\?v=\w+)"', pod).group(1)
    js = re.search(r'src="(/sandbox/console/static/console\.js\?v=\w+)"', pod).group(1)
    assert client.get(css).headers["content-type"].startswith("text/css")
    assert "function api(method, path, payload)" in client.get(js).text
    assert client.get(f"{C}/static/nothing.js").status_code == 404
    assert client.get(f"{C}/static/..%2Fpages.py").status_code in (400, 404)
    # nothing to sign in to
    assert client.get(f"{C}/signin").headers["location"] == f"{C}/pods"


def test_pod_overview_shows_users_passwords_integrations_and_scenario(client):
    page = client.get(f"{C}/pods/1").text
    assert "cl1admin1@email.carehybrid.com" in page and "cl1agent1@email.carehybrid.com" in page
    assert 'data-secret="C1sco!Pod1"' in page  # revealed on click, not printed
    assert "cl1pod1 lab integration" in page and "scenario: default" in page
    assert client.get(f"{C}/pods/99").status_code == 404


def test_a_token_in_force_sends_a_browser_to_the_sign_in_page(client, monkeypatch):
    monkeypatch.setattr(runtime.settings, "admin_token", "s3cret")
    r = client.get(f"{C}/pods/1?x=1")
    assert r.status_code == 303 and r.headers["location"] == f"{C}/signin?next=%2Fsandbox%2Fconsole%2Fpods%2F1%3Fx%3D1"
    page = client.get(r.headers["location"])
    assert page.status_code == 200 and 'id="signin-form"' in page.text and 'data-next="/sandbox/console/pods/1?x=1"' in page.text
    assert "cl1admin1" not in page.text
    assert client.get(f"{C}/static/console.css").status_code == 200  # the sign-in page's own look
    # the JSON control plane and the live stream answer 401, not a redirect
    assert client.get("/sandbox/pods").status_code == 401
    assert client.get(f"{C}/live?limit=1").status_code == 401
    # a foreign next is not followed
    assert 'data-next="/sandbox/console/pods"' in client.get(f"{C}/signin?next=https://evil.example/").text


def test_wrong_token_is_refused(client, monkeypatch):
    monkeypatch.setattr(runtime.settings, "admin_token", "s3cret")
    r = client.post(f"{C}/signin", json={"token": "guess"})
    assert r.status_code == 401 and "set-cookie" not in r.headers
    assert r.json()["errors"][0]["description"].startswith("token: not this sandbox's admin token")
    forged = client.get(f"{C}/pods", cookies={"sandbox_console": "0" * 64})
    assert forged.status_code == 303


def test_the_cookie_stands_in_for_the_token(client, monkeypatch):
    monkeypatch.setattr(runtime.settings, "admin_token", "s3cret")
    r = client.post(f"{C}/signin", json={"token": "s3cret"})
    assert r.status_code == 204
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/sandbox" in cookie
    assert "s3cret" not in cookie
    value = re.match(r"sandbox_console=([0-9a-f]+);", cookie).group(1)
    jar = {"sandbox_console": value}
    assert "cl1admin1@email.carehybrid.com" in client.get(f"{C}/pods/1", cookies=jar).text
    assert client.get("/sandbox/pods", cookies=jar).status_code == 200
    # the console's own scripts: same origin, JSON
    ok = client.post("/sandbox/clock", cookies=jar, json={"mode": "manual"}, headers={"Origin": "http://testserver"})
    assert ok.status_code == 200
    # a foreign page still cannot act, cookie or not
    for headers in ({"Origin": "http://evil.example", "Content-Type": "application/json"},
                    {"Sec-Fetch-Site": "cross-site", "Content-Type": "application/json"},
                    {"Content-Type": "text/plain"}):
        assert client.post("/sandbox/reset", cookies=jar, headers=headers).status_code in (403, 415), headers
    # another token signs everyone out
    monkeypatch.setattr(runtime.settings, "admin_token", "other")
    assert client.get("/sandbox/pods", cookies=jar).status_code == 401
    # signing out clears the cookie
    out = client.post(f"{C}/signout", headers={"Content-Type": "application/json", "X-Sandbox-Token": "other"})
    assert out.status_code == 204 and 'sandbox_console=""' in out.headers["set-cookie"]


def test_sign_in_cannot_be_posted_from_another_site(client, monkeypatch):
    monkeypatch.setattr(runtime.settings, "admin_token", "s3cret")
    r = client.post(f"{C}/signin", content=b"token=s3cret", headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 415
    r = client.post(f"{C}/signin", json={"token": "s3cret"}, headers={"Origin": "http://evil.example"})
    assert r.status_code == 403 and "set-cookie" not in r.headers


def test_console_pages_stay_out_of_the_journal(client):
    client.delete("/sandbox/requests")
    client.get(f"{C}/pods")
    client.get(f"{C}/static/console.css")
    client.get("/sandbox/clock")
    paths = [e["path"] for e in client.get("/sandbox/requests").json()]
    assert paths == ["/sandbox/clock"]


# --- live updates ----------------------------------------------------------------------------------
def _mail(pod: int, subject: str) -> None:
    """An email as any product sends one (core/mailbox.py): its MailSent crosses processes."""
    from mockserver.core import mailbox
    from mockserver.core.db import db
    from mockserver.core.outbox import outbox

    with db.session() as s:
        mailbox.send(s, pod=pod, to=f"cl1admin{pod}@email.carehybrid.com", subject=subject, text="-", kind="test")
        s.commit()
    outbox.flush()


def test_the_live_stream_sends_journal_entries_events_and_the_clock(sandbox, client):
    """A stream is open while requests happen: each new journal entry, live events, the clock's move."""
    inner = client._client  # the SyncASGIClient's httpx.AsyncClient: run the stream and requests together

    async def scenario() -> str:
        before = len(stream._watchers)
        reader = asyncio.ensure_future(inner.get(f"{C}/live?journal=1&limit=4"))
        for _ in range(200):
            if len(stream._watchers) > before:
                break
            await asyncio.sleep(0)
        assert len(stream._watchers) > before, "the stream never subscribed"
        r = await inner.post("/sandbox/clock", json={"mode": "manual"})
        assert r.status_code == 200
        await inner.get("/sandbox/pods/1")
        _mail(1, "hi")
        return (await asyncio.wait_for(reader, 10)).text

    text = client._loop.run_until_complete(scenario())
    msgs = _sse(text)
    kinds = [k for k, _ in msgs]
    assert kinds[0] == "hello"
    journal = [d for k, d in msgs if k == "journal"]
    assert [(j["method"], j["path"], j["status"]) for j in journal] == [("POST", "/sandbox/clock", 200), ("GET", "/sandbox/pods/1", 200)]
    assert journal[0]["trackingId"].startswith("SANDBOX_") and journal[1]["seq"] == journal[0]["seq"] + 1
    assert [d["topic"] for k, d in msgs if k == "event"] == ["MailSent"]
    assert [d["mode"] for k, d in msgs if k == "clock"] == ["manual"]
    assert len(msgs) == 5  # hello and the four


def test_the_live_stream_delivers_an_event(sandbox, client):
    inner = client._client

    async def scenario() -> str:
        before = len(stream._watchers)
        reader = asyncio.ensure_future(inner.get(f"{C}/live?pod=1&limit=1"))
        for _ in range(200):
            if len(stream._watchers) > before:
                break
            await asyncio.sleep(0)
        _mail(2, "other pod")
        _mail(1, "<b>hi</b>")
        return (await asyncio.wait_for(reader, 10)).text

    msgs = _sse(client._loop.run_until_complete(scenario()))
    assert [k for k, _ in msgs] == ["hello", "event"]
    assert msgs[1][1]["topic"] == "MailSent" and msgs[1][1]["pod"] == 1 and msgs[1][1]["data"]["subject"] == "<b>hi</b>"


def test_the_landing_page_links_the_console(client):
    page = client.get("/").text
    assert 'href="/sandbox/console"' in page and "href='/sandbox/console/pods/1'" in page
