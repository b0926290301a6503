"""docs/labs.md cannot drift: its calls run here, in the map's order, on a fresh POD 1.

The map's ```sh blocks are what a lab builder copies into a shell (curl, jq). This test reads them
with a small interpreter of exactly the forms the map uses:

- ``curl ...`` (``-X``, ``-H``, ``-d``, ``-F k=v`` / ``-F k=@file``: a multipart upload, a relative
  file path from the checkout root), ``NAME=$(curl ...)``, ``NAME=$(curl ... | jq -r 'EXPR')``,
  ``NAME=$(echo "$OTHER" | jq -r 'EXPR')``, ``curl ... | jq EXPR`` (jq: paths such as ``.a.b[0].c``,
  ``.items[] | select(.k == "v") | .id``, ``length``, ``ltrimstr("x")``, ``capture("(?<n>re)")``),
  ``NAME=value``; ``$NAME`` / ``${NAME}`` expand (also inside ``'..."'"$NAME"'"...'``);
- ``# → 201`` after a call: the status it must answer (else any 2xx);
- ``# ⇒ TEXT`` after a jq: what that jq prints (``jq -r``) or sets must be TEXT (``$NAME`` expands);
- ``# browser: URL as EMAIL / PASSWORD``: a browser opens URL, signs in, follows the redirect;
- ``# websocket: URL``: a desktop holds the websocket open (``websocat URL`` in another terminal);
  ``# frame: TYPE → NAME``: the next frame on it whose ``data.type`` is TYPE, kept in ``$NAME``.

Where jq is installed, it runs every jq expression of the map too and must give what this test read.
Every heading of the lab guide appears in the map, in the guide's order, and every step runs.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import warnings
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
MAP = ROOT / "docs" / "labs.md"
GUIDE = ROOT.parent / "shared" / "seed" / "lab-guide-digital-channels.md"
FLOWS = ROOT.parent / "shared" / "flows"  # Cisco's published flow files, as the map's $FLOWS names them
JQ = shutil.which("jq")

_SKIP_HEADINGS = re.compile(r"^(table of contents|introduction|lab objective|pre-?requisites?|quick links|lab section|"
                            r"configuration order|configuring your tenant)$", re.I)


# --- the map ----------------------------------------------------------------------------------------
def _steps(text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """[(step title, [(fence info, block text), ...])] for every '### ' step of the map."""
    steps: list[tuple[str, list[tuple[str, str]]]] = []
    for m in re.finditer(r"^### (.+?)\n(.*?)(?=^### |^## |\Z)", text, re.S | re.M):
        blocks = re.findall(r"^```(sh[^\n]*)\n(.*?)^```", m.group(2), re.S | re.M)
        steps.append((m.group(1).strip(), [(info.strip(), body) for info, body in blocks]))
    return steps


def _commands(block: str) -> list[str]:
    out: list[str] = []
    pending = ""
    for line in block.splitlines():
        if pending:
            pending += " " + line.strip()
        elif line.strip().startswith("#"):
            out.append(line.strip())
            continue
        else:
            pending = line.strip()
        if pending.endswith("\\"):
            pending = pending[:-1].rstrip()
            continue
        if pending:
            out.append(pending)
        pending = ""
    return out


def _jq(data, expr: str):  # noqa: ANN001, ANN202
    """The first value jq would print for EXPR (a small subset: paths, select, length, ltrimstr, capture)."""
    values = [data]
    for stage in [s.strip() for s in re.split(r"\|(?![^(]*\))", expr)]:
        m = re.fullmatch(r'select\((\.[\w.]+) == "([^"]*)"\)', stage)
        if m:
            values = [v for v in values if [_text(x) for x in _path(v, m.group(1))] == [m.group(2)]]
            continue
        m = re.fullmatch(r'(ltrimstr|capture)\("((?:[^"\\]|\\.)*)"\)', stage)
        if m:
            arg = json.loads(f'"{m.group(2)}"')
            if m.group(1) == "ltrimstr":
                values = [v[len(arg):] if isinstance(v, str) and v.startswith(arg) else v for v in values]
            else:
                found = [re.search(arg.replace("(?<", "(?P<"), v) for v in values if isinstance(v, str)]
                values = [f.groupdict() for f in found if f]
            continue
        if stage == "length":
            values = [len(v) for v in values]
            continue
        values = [x for v in values for x in _path(v, stage)]
    assert values, f"jq '{expr}' found nothing in {json.dumps(data)[:400]}"
    return values[0]


def _text(value) -> str:  # noqa: ANN001
    """What `jq -r` prints."""
    return value if isinstance(value, str) else json.dumps(value)


def _path(value, path: str) -> list:  # noqa: ANN001
    current = [value]
    for part in re.findall(r"\.[\w]+|\[\d*\]", path if path != "." else ""):
        nxt = []
        for v in current:
            if part == "[]":
                nxt.extend(v)
            elif part.startswith("["):
                if isinstance(v, list) and int(part[1:-1]) < len(v):
                    nxt.append(v[int(part[1:-1])])
            else:
                if isinstance(v, dict) and part[1:] in v:
                    nxt.append(v[part[1:]])
        current = nxt
    return current


class _Desk:
    """The agent desktop's end of a notification websocket (in-process, as tests/wxcc_desk.py)."""

    def __init__(self, app, url: str) -> None:  # noqa: ANN001
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from starlette.testclient import TestClient
        self._cm = TestClient(app).websocket_connect("/" + url.split("/", 3)[3])
        self.ws = self._cm.__enter__()

    def frame(self, data_type: str, timeout: float = 3.0) -> dict:
        import anyio

        ws, seen = self.ws, []

        async def one():  # noqa: ANN202 - starlette's test session has no receive timeout
            with anyio.move_on_after(timeout):
                return await ws._send_rx.receive()  # noqa: SLF001
            return None

        while True:
            msg = ws.portal.call(one)
            assert msg is not None and msg["type"] == "websocket.send", f"no {data_type} frame; seen {seen}"
            f = json.loads(msg["text"])
            kind = (f.get("data") or {}).get("type") or f.get("type")
            if f.get("keepalive") == "true":
                continue
            if kind == data_type:
                return f
            seen.append(kind)

    def close(self) -> None:
        try:
            self._cm.__exit__(None, None, None)
        except Exception:  # noqa: BLE001 - the server may have closed it already
            pass


class _Shell:
    def __init__(self, client, app=None) -> None:  # noqa: ANN001
        self.client = client
        self.app = app
        self.env: dict[str, str] = {}
        self.last = None
        self.calls = 0
        self.checks = 0
        self.pending = None  # the last call, until its status is checked
        self.printed: str | None = None  # what the last jq printed or set
        self.desks: list[_Desk] = []
        self.jq_seen: list[tuple] = []  # (expression, input, value read, into a variable?)

    def settle(self) -> None:
        """A call with no '# →' after it must succeed."""
        if self.pending is not None:
            r, where, line = self.pending
            self.pending = None
            assert r.status_code < 300, f"{where}: {line}\n-> {r.status_code} {r.text[:600]}"

    def expand(self, word: str) -> str:
        def sub(m: re.Match) -> str:
            name = m.group(1) or m.group(2)
            assert name in self.env, f"${name} is used before the map sets it"
            return self.env[name]

        return re.sub(r"\$\{(\w+)\}|\$(\w+)", sub, word)

    def curl(self, words: list[str]):  # noqa: ANN201
        method, url, headers, data, form, files = None, None, {}, None, {}, {}
        it = iter(words[1:])
        for w in it:
            if w in ("-s", "-S", "-sS", "-L"):
                continue
            if w == "-X":
                method = next(it)
            elif w == "-H":
                k, _, v = next(it).partition(":")
                headers[k.strip()] = v.strip()
            elif w in ("-d", "--data", "--data-raw"):
                data = next(it)
            elif w in ("-F", "--form"):
                k, _, v = next(it).partition("=")
                if v.startswith("@"):
                    path = ROOT / v[1:]  # the map runs from the checkout's root
                    if not path.is_file():
                        pytest.skip(f"the map uploads {v[1:]}, not found beside the checkout ({path})")
                    files[k] = (path.name, path.read_bytes())
                else:
                    form[k] = v
            elif w.startswith("-"):
                raise AssertionError(f"the map uses a curl option this test does not know: {w}")
            else:
                url = w
        assert url and url.startswith(("http://", "https://")), f"curl needs an absolute URL, got {url!r}: {words}"
        u = urlsplit(url)
        path = u.path + (f"?{u.query}" if u.query else "")
        method = method or ("POST" if data is not None or files or form else "GET")
        self.calls += 1
        if files or form:
            self.last = self.client.request(method, path, headers=headers, data=form, files=files)
        else:
            self.last = self.client.request(method, path, headers=headers, content=data.encode() if data is not None else None)
        return self.last

    def _jq_of(self, data, jq: str, assign: bool = False) -> str:  # noqa: ANN001
        words = shlex.split(jq)
        expr, raw = self.expand(words[-1]), "-r" in words[:-1]
        value = _jq(data, expr)
        self.printed = _text(value) if raw else json.dumps(value)
        self.jq_seen.append((expr, data, value, assign))
        return self.printed

    def check_with_jq(self) -> None:
        """Where jq is installed, the map's expressions must mean to it what this test read (one
        jq run for all of them: a process per expression costs seconds on a busy machine)."""
        if not JQ or not self.jq_seen:
            return
        program = "[" + ", ".join(f"(.[{i}] | [{expr}])" for i, (expr, *_) in enumerate(self.jq_seen)) + "]"
        out = subprocess.run([JQ, "-c", program], input=json.dumps([d for _, d, _, _ in self.jq_seen]),
                             capture_output=True, text=True, timeout=60)
        assert out.returncode == 0, f"jq cannot run the map's expressions: {out.stderr[:600]}"
        for (expr, _, value, assign), got in zip(self.jq_seen, json.loads(out.stdout)):
            assert got and got[0] == value, f"jq '{expr}' gives {got[:3]!r}; this test read {value!r}"
            assert not assign or len(got) == 1, f"jq '{expr}' prints {len(got)} lines into a shell variable"

    def run(self, line: str, where: str) -> None:
        if line.startswith("# →"):
            want = int(line[3:].split()[0])
            assert self.pending is not None, f"{where}: '# → {want}' follows no call"
            r, _, call = self.pending
            self.pending = None
            assert r.status_code == want, f"{where}: {call}\nexpected {want}, got {r.status_code} {r.text[:600]}"
            return
        if line.startswith("# ⇒"):
            want = self.expand(line[3:].strip())
            assert self.printed == want, f"{where}: the jq above gives {self.printed!r}, the map says {want!r}"
            self.printed = None
            self.checks += 1
            return
        self.settle()
        if line.startswith("# browser:"):
            m = re.fullmatch(r"# browser: (\S+) as (\S+) / (\S+)", line)
            assert m, f"{where}: '# browser: URL as EMAIL / PASSWORD', not {line}"
            from mockserver.connect.testkit import consent

            redirect = consent(self.client, self.expand(m.group(1)), self.expand(m.group(2)), self.expand(m.group(3)))
            assert redirect.status_code == 302, f"{where}: sign-in did not redirect: {redirect.text[:400]}"
            loc = urlsplit(redirect.headers["location"])
            self.last = self.client.get(loc.path, params={k: v[0] for k, v in parse_qs(loc.query).items()})
            assert self.last.status_code == 200, f"{where}: the callback answered {self.last.status_code} {self.last.text}"
            return
        if line.startswith("# websocket:"):
            self.desks.append(_Desk(self.app, self.expand(line.split(":", 1)[1].strip().split()[0])))
            return
        if line.startswith("# frame:"):
            m = re.fullmatch(r"# frame: (\w+) → (\w+)", line)
            assert m and self.desks, f"{where}: '# frame: TYPE → NAME' after a '# websocket:', not {line}"
            self.env[m.group(2)] = json.dumps(self.desks[-1].frame(m.group(1)))
            self.checks += 1
            return
        if line.startswith("#"):
            return
        m = re.fullmatch(r"(\w+)=\$\((.+)\)", line)
        if m:
            name, inner = m.groups()
            command, _, jq = inner.partition(" | jq ")
            if command.startswith("echo "):
                assert jq, f"{where}: echo is only piped to jq: {line}"
                self.env[name] = self._jq_of(json.loads(self.expand(shlex.split(command)[1])), jq, assign=True)
                return
            assert command.startswith("curl "), f"{where}: $(...) runs curl or echo: {line}"
            r = self._checked(command, where)
            assert r.status_code < 300, f"{where}: {command}\n-> {r.status_code} {r.text[:600]}"
            self.env[name] = self._jq_of(r.json(), jq, assign=True) if jq else r.text
            return
        m = re.fullmatch(r"(\w+)=(\S+)", line)
        if m:
            self.env[m.group(1)] = self.expand(shlex.split(m.group(2))[0])
            return
        if line.startswith("echo ") and " | jq " in line:
            command, _, jq = line.partition(" | jq ")
            self._jq_of(json.loads(self.expand(shlex.split(command)[1])), jq)
            return
        assert line.startswith("curl "), f"{where}: the map runs only curl, echo, assignments and comments: {line}"
        command, _, shown = line.partition(" | jq ")
        r = self._checked(command, where)
        if shown and r.status_code < 300:  # what the reader is shown must exist in the answer
            self._jq_of(r.json(), shown)
        elif shown:  # an error's body, when it is JSON and has the path shown
            try:
                self._jq_of(r.json(), shown)
            except (AssertionError, ValueError):
                self.printed = None

    def _checked(self, command: str, where: str):  # noqa: ANN202
        r = self.curl([self.expand(w) for w in shlex.split(command)])
        self.pending = (r, where, command)
        return r

    def close(self) -> None:
        for d in self.desks:
            d.close()


def test_the_map_follows_the_guide_heading_by_heading():
    if not GUIDE.exists():
        pytest.skip(f"the lab guide lives in ../shared beside the repository: {GUIDE} not found")
    text = MAP.read_text()
    refs = [m.group(1).strip() for m in re.finditer(r"^> guide: (.+)$", text, re.M)]
    wanted = []
    for m in re.finditer(r"^#{2,4} (.+)$", GUIDE.read_text(), re.M):
        title = re.sub(r"[*_]", "", m.group(1)).strip()
        if not _SKIP_HEADINGS.match(title):
            wanted.append(title)
    assert refs == wanted, "docs/labs.md must quote every step heading of the guide, in order (lines '> guide: ...')"




def test_the_maps_calls_run_in_order(sandbox, client):
    if not FLOWS.is_dir():
        pytest.skip(f"the map uploads Cisco's flow files from ../shared/flows beside the repository: {FLOWS} not found")
    sandbox.reset(pod=1, scenario="default")
    shell = _Shell(client, sandbox.app)
    try:
        for title, blocks in _steps(MAP.read_text()):
            for _info, body in blocks:
                for line in _commands(body):
                    shell.run(line, title)
                shell.settle()
    finally:
        shell.close()
    shell.check_with_jq()
    assert shell.calls >= 150, f"only {shell.calls} calls ran"
    # the counts the map and the README state are the truth
    text = MAP.read_text()
    guided = [b for b in re.findall(r"^### .+?\n(.*?)(?=^### |^## |\Z)", text, re.S | re.M) if "> guide:" in b]
    with_calls = sum(1 for b in guided if "```sh" in b)
    stated = f"All {len(guided)} step headings of the guide are here"
    assert stated in text, f"docs/labs.md should say: {stated}"
    assert f"{with_calls} steps carry calls ({shell.calls} of them)" in text, (with_calls, shell.calls)
    readme = " ".join((ROOT / "README.md").read_text().split())
    assert f"all {len(guided)} step headings, {with_calls} of them with {shell.calls} copy-pasteable calls" in readme
    print(f"\nlab map: {shell.calls} calls ran, {shell.checks} answers checked")


def test_the_landing_page_serves_this_map(client):
    r = client.get("/labs")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/markdown")
    assert r.text == MAP.read_text(encoding="utf-8")
