"""The small HTML sign-in and consent page of /v1/authorize."""

from __future__ import annotations

from html import escape

from mockserver.identity.scopes import KNOWN_SCOPES

_STYLE = """
body{font-family:system-ui,sans-serif;background:#f4f5f7;margin:0;display:flex;justify-content:center}
main{background:#fff;margin-top:6vh;padding:2rem 2.5rem;border-radius:12px;box-shadow:0 2px 12px #0002;width:26rem}
h1{font-size:1.3rem;margin:0 0 .3rem} .sub{color:#555;margin:0 0 1.2rem}
label{display:block;margin:.7rem 0 .2rem;font-weight:600} input[type=email],input[type=password]{width:100%;padding:.5rem;box-sizing:border-box}
ul{padding-left:1.2rem;color:#333} .err{background:#fde8e8;color:#8a1c1c;padding:.6rem .8rem;border-radius:6px}
.row{display:flex;gap:.6rem;margin-top:1.2rem} button{flex:1;padding:.6rem;border-radius:6px;border:0;cursor:pointer}
.ok{background:#0b7a3e;color:#fff} .no{background:#ddd} code{font-size:.85em}
"""


def _frame(title: str, body: str) -> str:
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body><main>{body}</main></body></html>"
    )


def sign_in(params: dict[str, str | None], integration_name: str, scopes: list[str], error: str | None = None, email: str = "") -> str:
    hidden = "".join(
        f'<input type=hidden name="{escape(k)}" value="{escape(v)}">' for k, v in params.items() if v is not None
    )
    items = "".join(f"<li><code>{escape(s)}</code> - {escape(KNOWN_SCOPES.get(s, ''))}</li>" for s in scopes)
    err = f'<p class=err role=alert>{escape(error)}</p>' if error else ""
    body = f"""
<h1>Sign in to Webex (sandbox)</h1>
<p class=sub><strong>{escape(integration_name)}</strong> would like to:</p>
<ul>{items}</ul>
{err}
<form method=post action="/v1/authorize">
{hidden}
<label for=email>Email</label><input id=email name=email type=email required value="{escape(email)}" autocomplete=username>
<label for=password>Password</label><input id=password name=password type=password required autocomplete=current-password>
<div class=row><button class=no name=decision value=deny formnovalidate>Decline</button>
<button class=ok name=decision value=accept>Accept</button></div>
</form>"""
    return _frame("Sign in to Webex", body)


def error_page(error: str, description: str) -> str:
    body = f"""
<h1>Authorization failed</h1>
<p class=err role=alert><strong>{escape(error)}</strong>: {escape(description)}</p>
<p class=sub>The request was not sent back to the application because its client or redirect URI could not be trusted.</p>"""
    return _frame("Authorization failed", body)
