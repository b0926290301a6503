"""The pytest plugin, as a user's project sees it: fixtures, per-test reset, a live URL."""

from __future__ import annotations


def test_plugin_fixtures_reset_between_tests_and_serve_a_url(pytester, monkeypatch):
    # The inner run gets its own in-memory sandbox, never the database of this run.
    monkeypatch.delenv("MOCKSERVER_DATABASE_URL", raising=False)
    pytester.makepyfile(
        """
        import httpx

        def test_a_writes(wxcc_sandbox):
            c = wxcc_sandbox.client
            r = c.post("/sandbox/pods/1/integrations",
                       json={"name": "mine", "redirect_uris": ["http://a/cb"], "scopes": ["spark:kms"]})
            assert r.status_code == 201
            assert len(c.get("/sandbox/pods/1").json()["integrations"]) == 2

        def test_b_sees_the_seeded_state(wxcc_sandbox):
            assert len(wxcc_sandbox.client.get("/sandbox/pods/1").json()["integrations"]) == 1

        def test_c_live_url(wxcc_sandbox, wxcc_sandbox_url):
            token = wxcc_sandbox.token("cl1agent1@email.carehybrid.com")
            r = httpx.get(wxcc_sandbox_url + "/v1/people/me", headers={"Authorization": "Bearer " + token})
            assert r.status_code == 200 and r.json()["displayName"] == "Agent Pod1"
            assert httpx.get(wxcc_sandbox_url + "/sandbox/health").json()["pods"] == [1]

        def test_d_in_process_calls_while_served(wxcc_sandbox, wxcc_sandbox_url):
            # the served app's ticker beats every 50 ms (the outbox's sweep each second) beside
            # these calls on the one in-memory connection: none may fail
            import time
            c, deadline, n = wxcc_sandbox.client, time.monotonic() + 3, 0
            while time.monotonic() < deadline:
                r = c.post("/sandbox/pods/1/integrations",
                           json={"name": f"i{n}", "redirect_uris": ["http://a/cb"], "scopes": ["spark:kms"]})
                assert r.status_code == 201, r.text
                wxcc_sandbox.reset()
                n += 1
            assert n > 20
        """
    )
    result = pytester.runpytest_subprocess("--wxcc-pods", "1", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=4)
