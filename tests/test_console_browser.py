"""The lab console in a real headless Chromium (Debian's, driven by the Python playwright package,
launched as tests/test_agent_sdk.py does): lab 12.7's email verification walked entirely in the
browser, against a served sandbox.

Set-up first, through the HTTP calls the lab map uses (docs/labs.md; tests/test_console_desk.py's
``lab_12_7_email``): lab 12.5 §2's task event flows (Task Routed adds the accepting agent to the
conversation); the email asset with its Google token, registered to My First Service; Email_Q; the
POD Gmail's forwarding to the asset's address, confirmed with the code read in Connect's logs;
"Email Inbound Flow" v2.1 uploaded, Queue Task → Email_Q, bizemailid, Make Live.

Then, in the browser: the agent signs in on the console's agent desktop, logs in with extension
1000 on Team1 (Idle), picks an idle code, goes Available; the customer writes an email to the
POD's Gmail address on the customer screen; the agent is offered the contact (RONA countdown),
accepts, reads the email, replies, reloads the desktop (signing in again restores the contact),
ends and wraps up; the customer screen shows the reply; the tasks screen shows the wrapped-up task
and the flow's step log beside its drawing; the conversations screen shows both messages; a second
email left unanswered times out (RONA) when the sandbox clock passes the countdown; back
Available, it is offered again and a third arrives: two contacts, one tab each. Screenshots of
each screen go to test-artifacts/console/ (ignored by git).
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import httpx
import pytest

from tests.passes import sqlite_pass_only
from tests.realserver import database_url, serve, stop

# The screens show what the public APIs answer; those run on PostgreSQL in their own tests.
pytestmark = sqlite_pass_only
from tests.test_connect_flows import FLOWS_DIR

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts" / "console"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]
POD = 1
ADMIN = f"cl1admin{POD}@email.carehybrid.com"
AGENT = f"cl1agent{POD}@email.carehybrid.com"
GMAIL = f"cl1webex{POD}@gmail.com"
CUSTOMER = "jane.customer@example.com"
QUESTION = "Hello, where is my order #42? It was due on Monday."
REPLY = "Hi Jane, your order #42 ships today; the tracking number follows by email."
WAIT_MS = 15_000


def _lab_12_7_email(base: str) -> None:
    """Lab 12.7 Email steps 2-4 (and lab 12.5 §2's task event flows), by HTTP as docs/labs.md prints them."""
    from tests.test_console_desk import lab_12_7_email

    with httpx.Client(base_url=base, timeout=30) as c:
        tok = c.post("/sandbox/tokens", json={"email": ADMIN})
        assert tok.status_code == 201, tok.text
        lab_12_7_email(c, {"Authorization": f"Bearer {tok.json()['access_token']}"})


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    if not FLOWS_DIR.is_dir():
        pytest.skip(f"Cisco's published flow files are not at {FLOWS_DIR}: lab 12.7's email flow cannot be uploaded")
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium (scripts/agent-sdk-deps.sh installs it)")
    if importlib.util.find_spec("playwright") is None:
        pytest.skip("the Python package playwright (the test extra) is not installed")
    url = database_url(tmp_path_factory.mktemp("console"), suffix="console")
    proc, base = serve(url, 1, "--scenario", "preconfigured", pods="1")
    try:
        _lab_12_7_email(base)
        yield base
    finally:
        stop(proc)


def _shot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.evaluate("window.scrollTo(0, 0)")  # a full-page shot of a scrolled page paints the sticky bar mid-page
    page.screenshot(path=str(path), full_page=True)
    return path


def test_lab_12_7_email_verification_walked_in_the_browser(served):
    from playwright.sync_api import expect, sync_playwright

    base = served
    console = f"{base}/sandbox/console/pods/{POD}"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS)
        try:
            ctx = browser.new_context(viewport={"width": 1440, "height": 900})
            ctx.set_default_timeout(WAIT_MS)
            errors: list[str] = []
            agent, customer = ctx.new_page(), ctx.new_page()
            for page in (agent, customer):
                page.on("pageerror", lambda e: errors.append(str(e)))

            # --- the agent: sign in, station login (extension 1000, Team1), Available
            agent.goto(f"{console}/agent")
            agent.select_option("#ag-user", AGENT)
            agent.click("#ag-signin-go")
            expect(agent.locator("#ag-station")).to_be_visible()
            agent.select_option("#ag-team", label="Team1")
            agent.fill("#ag-dn", "1000")
            agent.click("#ag-login")
            expect(agent.locator("#ag-state-panel")).to_be_visible()
            expect(agent.locator("#ag-station-now")).to_contain_text("Extension 1000 · Team1")
            expect(agent.locator("#ag-now")).to_have_text(re.compile(r"^Idle — "))  # a login starts Idle, default idle code
            agent.select_option("#ag-state", label="Idle — Break")
            agent.click("#ag-state-go")
            expect(agent.locator("#ag-now")).to_have_text("Idle — Break")
            agent.select_option("#ag-state", "Available")
            agent.click("#ag-state-go")
            expect(agent.locator("#ag-now")).to_have_text("Available")
            log = agent.locator("#desk-log")
            for call in ("POST /sandbox/tokens", "GET /v1/people/me", "POST /v1/notification/subscribe",
                         "POST /v1/agents/login → 202", "PUT /v1/agents/session/state → 202"):
                expect(log).to_contain_text(call)
            expect(log).to_contain_text("AgentStationLoginSuccess")
            _shot(agent, "1-agent-available")

            # --- the customer writes an email to the POD's Gmail address (forwarded to the asset)
            customer.goto(f"{console}/customer")
            customer.select_option("#cust-target", f"email:{GMAIL}")
            customer.fill("#cust-from", CUSTOMER)
            customer.fill("#cust-subject", "Order 42")
            customer.fill("#cust-text", QUESTION)
            customer.click("#cust-send")
            expect(customer.locator("#cust-status")).to_contain_text("Sent")
            expect(customer.locator("#cust-thread .desk-msg.sent")).to_contain_text(QUESTION)
            _shot(customer, "2-customer-wrote")

            # --- the offer, with its RONA countdown; accept
            expect(agent.locator("#ag-offer")).to_be_visible()
            expect(agent.locator("#ag-offer-from")).to_contain_text(CUSTOMER)
            expect(agent.locator("#ag-offer-what")).to_contain_text("email")
            expect(agent.locator("#ag-offer-what")).to_contain_text("Email_Q")
            expect(agent.locator("#ag-rona")).to_have_text(re.compile(r"^\d+ s$"))
            expect(log).to_contain_text("AgentOfferContact")
            _shot(agent, "3-agent-offer")
            agent.click("#ag-accept")
            expect(agent.locator("#ag-offer")).to_be_hidden()
            expect(agent.locator("#ag-contact")).to_be_visible()
            expect(agent.locator("#ag-contact-state")).to_have_text("Connected")
            expect(agent.locator("#ag-messages")).to_contain_text(QUESTION)
            expect(agent.locator("#ag-reply-subject")).to_have_value("Re: Order 42")

            # --- the reply, through Engage with the agent's token; the customer receives it (live)
            agent.fill("#ag-reply", REPLY)
            agent.click("#ag-reply-send")
            expect(agent.locator("#ag-messages .desk-msg.sent")).to_contain_text(REPLY)
            expect(log).to_contain_text("POST /engage/v1/conversations/")
            _shot(agent, "4-agent-replied")
            received = customer.locator("#cust-thread .desk-msg.received")
            expect(received).to_contain_text(REPLY)
            expect(received).to_contain_text("Agent reply")
            _shot(customer, "5-customer-received-reply")

            # --- a reload of the desktop: signing in again restores the session and the contact
            agent.reload()
            agent.select_option("#ag-user", AGENT)
            agent.click("#ag-signin-go")
            expect(agent.locator("#ag-contact")).to_be_visible()
            expect(agent.locator("#ag-messages")).to_contain_text(REPLY)
            expect(agent.locator("#ag-now")).to_have_text("Available")
            expect(agent.locator("#desk-log")).to_contain_text("AgentReloginSuccess")

            # --- end, wrap up with a wrap-up code
            agent.click("#ag-end")
            expect(agent.locator("#ag-wrapup")).to_be_visible()
            expect(agent.locator("#ag-contact-state")).to_have_text("Wrap-up")
            wrap_code = agent.locator("#ag-wrap-code option").first.inner_text()
            agent.click("#ag-wrap-go")
            expect(agent.locator("#ag-contact")).to_be_hidden()
            expect(agent.locator("#ag-status")).to_contain_text(f"Wrapped up: {wrap_code}")
            expect(log).to_contain_text("AgentWrappedUp")
            expect(agent.locator("#ag-last")).to_be_visible()
            expect(agent.locator("#ag-last-wrap")).to_have_text(wrap_code)
            expect(agent.locator("#ag-last-what")).to_contain_text(CUSTOMER)
            expect(agent.locator("#ag-waiting")).to_be_visible()
            _shot(agent, "6-agent-wrapped-up")

            # --- the tasks screen: the wrapped-up task, its history, the flow's step log and drawing
            tasks = ctx.new_page()
            tasks.goto(f"{console}/tasks")
            detail = tasks.locator("#task-detail")
            expect(detail).to_contain_text("completed")
            expect(detail.locator(".task-wrapup")).to_have_text(wrap_code)
            expect(detail).to_contain_text(CUSTOMER)
            expect(detail).to_contain_text("Email_Q")
            for step in ("created", "queued", "Connected", "WrapUp"):
                expect(detail.locator(".desk-history")).to_contain_text(step)
            tasks.click("text=Show the flow execution that queued it")
            exec_detail = tasks.locator("#exec-detail")
            expect(exec_detail).to_contain_text("Email Inbound Flow")
            for node in ("searchConversation", "createConversation", "createTask", "queueTask"):
                expect(exec_detail.locator(".desk-steps")).to_contain_text(node)
            expect(exec_detail.locator(".fd-node.hit").first).to_be_visible()
            assert exec_detail.locator(".fd-node.hit").count() >= 6
            _shot(tasks, "7-tasks")

            # --- the conversations screen: both messages and both participants
            convs = ctx.new_page()
            convs.goto(f"{console}/conversations")
            cd = convs.locator("#conv-detail")
            expect(cd).to_contain_text(QUESTION)
            expect(cd).to_contain_text(REPLY)
            expect(cd).to_contain_text("customer:")
            expect(cd).to_contain_text("agent:")
            _shot(convs, "8-conversations")

            # --- an offer left unanswered: the RONA countdown runs on the sandbox clock
            customer.fill("#cust-subject", "Order 43")
            customer.fill("#cust-text", "And order #43?")
            customer.click("#cust-send")
            expect(agent.locator("#ag-offer")).to_be_visible()
            rona = agent.locator("#ag-rona")
            expect(rona).to_have_text(re.compile(r"^\d+ s$"))
            seconds = int(rona.inner_text().split()[0])
            assert 0 < seconds <= 90, seconds  # the tenant's email RONA timeout
            assert httpx.post(f"{base}/sandbox/clock", json={"advance": seconds + 1}, timeout=10).status_code == 200
            expect(agent.locator("#ag-offer")).to_be_hidden()
            expect(agent.locator("#ag-status")).to_contain_text("RONA: the offer was not answered in time")
            expect(agent.locator("#ag-now")).to_have_text("RONA")
            _shot(agent, "9-agent-rona")

            # --- Available again: the contact comes back, a third email arrives; two contacts, one tab each
            agent.select_option("#ag-state", "Available")
            agent.click("#ag-state-go")
            expect(agent.locator("#ag-offer-from")).to_contain_text(CUSTOMER)
            agent.click("#ag-accept")
            expect(agent.locator("#ag-messages")).to_contain_text("And order #43?")
            customer.fill("#cust-subject", "Order 44")
            customer.fill("#cust-text", "Also order #44, please.")
            customer.click("#cust-send")
            expect(agent.locator("#ag-offer")).to_be_visible()
            agent.click("#ag-accept")
            tabs = agent.locator("#ag-tabs button")
            expect(tabs).to_have_count(2)
            expect(agent.locator("#ag-messages")).to_contain_text("Also order #44, please.")
            expect(agent.locator("#ag-reply-subject")).to_have_value("Re: Order 44")
            expect(tabs.first).to_contain_text("Order 43")
            _shot(agent, "10-agent-two-contacts")
            tabs.first.click()
            expect(agent.locator("#ag-messages")).to_contain_text("And order #43?")
            expect(agent.locator("#ag-reply-subject")).to_have_value("Re: Order 43")
            for _ in range(2):  # end and wrap up each
                agent.click("#ag-end")
                expect(agent.locator("#ag-wrapup")).to_be_visible()
                agent.click("#ag-wrap-go")
                expect(agent.locator("#ag-status")).to_contain_text("Wrapped up")
            expect(agent.locator("#ag-contact")).to_be_hidden()

            # --- log out
            agent.click("#ag-logout")
            expect(agent.locator("#ag-station")).to_be_visible()
            expect(agent.locator("#ag-status")).to_contain_text("Logged out")
            assert not errors, errors
        finally:
            browser.close()
