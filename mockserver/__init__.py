"""wxcc-sandbox: a stateful local emulation of Webex Contact Center, Connect, Engage and Webex identity."""

__version__ = "0.1.0"
