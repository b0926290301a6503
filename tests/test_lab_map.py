"""docs/labs.md cannot drift: its calls run here, in the map's order, on a fresh POD 1.

The map's ```sh blocks are what a lab builder copies into a shell (curl, jq). This test reads them
with a small interpreter of exactly the forms the map uses:

- ``curl ...``, ``NAME=$(curl ...)``, ``NAME=$(curl ... | jq -r 'PATH')`` and
  ``NAME=$(echo "$OTHER" | jq -r 'PATH')`` (jq: paths such as ``.a.b[0].c``,
  ``.items[] | select(.k == "v") | .id``), ``NAME=value``; ``$NAME`` / ``${NAME}`` expand;
- ``# → 201`` after a call: the status it must answer (else any 2xx);
- ``# browser: URL as EMAIL / PASSWORD``: a browser opens URL, signs in, follows the redirect.

Blocks fenced ```sh not-served are steps the sandbox does not serve yet (the runtime: flows,
conversations, tasks, agents): they are listed in NOT_SERVED below, so turning one on is one edit
in each file. Every heading of the lab guide appears in the map, in the guide's order.
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
MAP = ROOT / "docs" / "labs.md"
GUIDE = ROOT.parent / "shared" / "seed" / "lab-guide-digital-channels.md"

# The map's steps whose calls wait for the runtime (flows, conversations, tasks, agents).
NOT_SERVED = [
    "12.5 §2 Download and upload CA flows in Connect",
    "12.5 Verification: Access to the Agent Desktop",
    "12.7 Email Step 4. Create/Upload Email flow",
    "12.7 Email Verification: Send an Email and accept the task",
    "12.7 Messenger Step 4. Create/Upload Facebook Messenger flow",
    "12.7 Messenger Step 5. Verification - start Facebook Chat and accept the request",
    "12.7 WhatsApp Step 4. Create/Upload WhatsApp flow",
    "12.7 WhatsApp Verification - send WhatsApp message and accept the request",
    "Lab 6 §4 Building a new Channel Specific flow",
    "Lab 6 §5 Activating a flow",
]

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
    values = [data]
    for stage in [s.strip() for s in expr.split("|")]:
        m = re.fullmatch(r'select\((\.[\w.]+) == "([^"]*)"\)', stage)
        if m:
            values = [v for v in values if _path(v, m.group(1)) == [m.group(2)]]
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
                nxt.append(v[int(part[1:-1])])
            else:
                if isinstance(v, dict) and part[1:] in v:
                    nxt.append(v[part[1:]])
        current = nxt
    return current


class _Shell:
    def __init__(self, client) -> None:  # noqa: ANN001
        self.client = client
        self.env: dict[str, str] = {}
        self.last = None
        self.calls = 0
        self.pending = None  # the last call, until its status is checked

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
        method, url, headers, data = None, None, {}, None
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
            elif w.startswith("-"):
                raise AssertionError(f"the map uses a curl option this test does not know: {w}")
            else:
                url = w
        assert url and url.startswith(("http://", "https://")), f"curl needs an absolute URL, got {url!r}: {words}"
        u = urlsplit(url)
        path = u.path + (f"?{u.query}" if u.query else "")
        method = method or ("POST" if data is not None else "GET")
        self.calls += 1
        self.last = self.client.request(method, path, headers=headers, content=data.encode() if data is not None else None)
        return self.last

    def run(self, line: str, where: str) -> None:
        if line.startswith("# →"):
            want = int(line[3:].split()[0])
            assert self.pending is not None, f"{where}: '# → {want}' follows no call"
            r, _, call = self.pending
            self.pending = None
            assert r.status_code == want, f"{where}: {call}\nexpected {want}, got {r.status_code} {r.text[:600]}"
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
        if line.startswith("#"):
            return
        m = re.fullmatch(r'(\w+)=\$\(echo "\$(\w+)" \| jq -r (?:\'([^\']+)\'|(\S+))\)', line)
        if m:
            self.env[m.group(1)] = _text(_jq(json.loads(self.env[m.group(2)]), m.group(3) or m.group(4)))
            return
        m = re.fullmatch(r"(\w+)=\$\((curl .+?)(?: \| jq -r '([^']+)'| \| jq -r (\S+))?\)", line)
        if m:
            r = self._checked(m.group(2), where)
            assert r.status_code < 300, f"{where}: {m.group(2)}\n-> {r.status_code} {r.text[:600]}"
            expr = m.group(3) or m.group(4)
            self.env[m.group(1)] = _text(_jq(r.json(), expr)) if expr else r.text
            return
        m = re.fullmatch(r"(\w+)=(\S+)", line)
        if m:
            self.env[m.group(1)] = self.expand(shlex.split(m.group(2))[0])
            return
        assert line.startswith("curl "), f"{where}: the map runs only curl, assignments and comments: {line}"
        command, _, shown = line.partition(" | jq ")
        r = self._checked(command, where)
        if shown and r.status_code < 300:  # what the reader is shown must exist in the answer
            _jq(r.json(), shown.strip().strip("'").removeprefix("-r ").strip("'"))

    def _checked(self, command: str, where: str):  # noqa: ANN202
        r = self.curl([self.expand(w) for w in shlex.split(command)])
        self.pending = (r, where, command)
        return r


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
    sandbox.reset(pod=1, scenario="default")
    shell = _Shell(client)
    skipped = []
    for title, blocks in _steps(MAP.read_text()):
        for info, body in blocks:
            if "not-served" in info:
                skipped.append(title)
                continue
            for line in _commands(body):
                shell.run(line, title)
            shell.settle()
    assert sorted(set(skipped)) == sorted(NOT_SERVED), "the map's not-served steps and NOT_SERVED differ"
    assert shell.calls >= 60, f"only {shell.calls} calls ran"
    print(f"\nlab map: {shell.calls} calls ran; not yet served by the sandbox: {', '.join(NOT_SERVED)}")

