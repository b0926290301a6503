"""wxcc-sandbox: a stateful local emulation of Webex Contact Center, Connect, Engage and Webex identity."""

__version__ = "0.1.0"


def intercept(*args, **kwargs):  # noqa: ANN002, ANN003, ANN201
    """``with mockserver.intercept(pods="1-2") as sb:``: httpx and requests calls to the Webex hosts
    reach an in-process sandbox (see mockserver/interception.py)."""
    from mockserver.interception import intercept as _intercept

    return _intercept(*args, **kwargs)
