"""Engage's v1 REST API (developers-engage.readme.io): OAuth 2.0 client credentials and the
conversation and message reads, under /engage/api/v1. Cisco reserves it for standalone Engage
customers (connect-api.md §2); the sandbox serves it for the tests that want it."""
