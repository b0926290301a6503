"""A drawing of a Connect flow from its open definition (docs/flows.md): server-side SVG, no
library, no script. Columns are the distance from the start node; each node lists its outcomes
with a port on its right edge and a curve to the node the outcome leads to.

``draw(definition, highlight=(), current=None)`` returns safe markup. Templates call it as
``{{ flow_drawing(definition, highlight=executed_node_ids) }}``: nodes whose id is in
``highlight`` and the outcomes between two of them are marked (class ``hit``), ``current`` (a node
id) is where an execution waits now. Every node is a ``<g class="fd-node" data-node="<id>">`` and
every outcome curve a ``<path class="fd-edge" data-from="<id>" data-outcome="<name>">``, so a
page's script can mark them live.
"""

from __future__ import annotations

from collections import deque
from typing import Any, Iterable

from markupsafe import Markup, escape

W = 210          # node width
HEAD = 38        # the name and type lines
ROW = 16         # one outcome
GAP_X = 90
GAP_Y = 22
PAD = 16
MAX_NAME = 26


def _short(text: str, n: int = MAX_NAME) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _height(node: dict[str, Any]) -> int:
    return HEAD + ROW * max(len(node.get("outcomes") or {}), 0) + (6 if node.get("outcomes") else 0)


def layout(definition: dict[str, Any]) -> tuple[dict[str, dict[str, Any]], int, int]:
    """node id (str) -> {x, y, h, node}; and the drawing's width and height."""
    nodes = {str(n.get("id")): n for n in definition.get("nodes") or [] if isinstance(n, dict)}
    start = str(definition.get("startNodeId") or next((k for k, n in nodes.items() if n.get("type") == "start"), ""))
    depth: dict[str, int] = {}
    order: list[str] = []
    if start in nodes:
        depth[start] = 0
        queue = deque([start])
        while queue:
            cur = queue.popleft()
            order.append(cur)
            for target in (nodes[cur].get("outcomes") or {}).values():
                t = str(target) if target is not None else None
                if t in nodes and t not in depth:
                    depth[t] = depth[cur] + 1
                    queue.append(t)
    # Longest path over the forward edges (to a node found later than its source): an End that
    # several branches reach sits after all of them, not next to the first.
    rank = {key: i for i, key in enumerate(order)}
    for _ in range(len(order)):
        moved = False
        for src in order:
            for target in (nodes[src].get("outcomes") or {}).values():
                t = str(target) if target is not None else None
                if t in rank and rank[t] > rank[src] and depth[t] < depth[src] + 1:
                    depth[t] = depth[src] + 1
                    moved = True
        if not moved:
            break
    last = max(depth.values(), default=-1) + 1
    for key in nodes:  # what no path from the start reaches: a column of its own, at the end
        if key not in depth:
            depth[key] = last
            order.append(key)
    columns: dict[int, list[str]] = {}
    for key in order:
        columns.setdefault(depth[key], []).append(key)
    placed: dict[str, dict[str, Any]] = {}
    height = 0
    for col, keys in sorted(columns.items()):
        y = PAD
        for key in keys:
            h = _height(nodes[key])
            placed[key] = {"x": PAD + col * (W + GAP_X), "y": y, "h": h, "node": nodes[key]}
            y += h + GAP_Y
        height = max(height, y)
    # room on the right and below for the loops drawn back to an earlier column
    width = PAD * 2 + (max(columns, default=0) + 1) * (W + GAP_X) - GAP_X + 48
    return placed, max(width, W + 2 * PAD), max(height - GAP_Y + PAD + 28, 60)


def draw(definition: dict[str, Any] | None, highlight: Iterable[Any] = (), current: Any = None) -> Markup:
    if not definition or not definition.get("nodes"):
        return Markup('<p class="muted">This flow has no nodes yet.</p>')
    hits = {str(h) for h in highlight or ()}
    cur = str(current) if current is not None else None
    placed, width, height = layout(definition)
    edges: list[str] = []
    boxes: list[str] = []
    for key, p in placed.items():
        node = p["node"]
        ntype = str(node.get("type") or "")
        name = str(node.get("name") or ntype or f"node {key}")
        cls = ["fd-node", f"fd-{ntype}" if ntype in ("start", "end") else ""]
        if key in hits:
            cls.append("hit")
        if key == cur:
            cls.append("current")
        x, y, h = p["x"], p["y"], p["h"]
        tip = f"{name} ({ntype}, node {key})"
        parts = [f'<g class="{" ".join(c for c in cls if c)}" data-node="{escape(key)}" id="fd-node-{escape(key)}">',
                 f"<title>{escape(tip)}</title>",
                 f'<rect x="{x}" y="{y}" width="{W}" height="{h}" rx="8"/>',
                 f'<text class="fd-name" x="{x + 10}" y="{y + 17}">{escape(_short(name))}</text>',
                 f'<text class="fd-type" x="{x + 10}" y="{y + 31}">{escape(ntype)} · n{escape(key)}</text>']
        for i, (outcome, target) in enumerate((node.get("outcomes") or {}).items()):
            oy = y + HEAD + 4 + i * ROW + ROW // 2
            t = str(target) if target is not None else None
            parts.append(f'<text class="fd-outcome" x="{x + W - 12}" y="{oy + 4}" text-anchor="end">'
                         f"{escape(_short(str(outcome), 28))}</text>")
            parts.append(f'<circle class="fd-port" cx="{x + W}" cy="{oy}" r="3.5"/>')
            edges.append(_edge(key, str(outcome), x + W, oy, placed.get(t) if t else None, t, key in hits and t in hits,
                               y + h))
        parts.append("</g>")
        boxes.append("".join(parts))
    svg = (f'<svg class="flow-drawing" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(str(definition.get("name") or "flow"))}">'
           '<defs><marker id="fd-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
           'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" class="fd-arrowhead"/></marker></defs>'
           + "".join(edges) + "".join(boxes) + "</svg>")
    return Markup(svg)


def _edge(src: str, outcome: str, sx: int, sy: int, target: dict[str, Any] | None, tkey: str | None, hit: bool,
          src_bottom: int) -> str:
    attrs = f'data-from="{escape(src)}" data-outcome="{escape(outcome)}" data-to="{escape(tkey or "")}"'
    if target is None:  # not connected (or to a node that does not exist): a short stub
        return (f'<path class="fd-edge fd-dangling" {attrs} d="M {sx} {sy} h 26"/>'
                f'<text class="fd-stub" x="{sx + 30}" y="{sy + 4}">{"?" if tkey else "—"}</text>')
    tx, ty = target["x"], target["y"] + 19
    if tx > sx:  # forward: a gentle S-curve
        mid = (tx - sx) / 2
        d = f"M {sx} {sy} C {sx + mid} {sy}, {tx - mid} {ty}, {tx - 2} {ty}"
    else:  # back to an earlier column (a loop): out to the right, under, and in from the left
        below = max(src_bottom, target["y"] + target["h"]) + 14
        d = (f"M {sx} {sy} C {sx + 40} {sy}, {sx + 40} {below}, {sx} {below} "
             f"L {tx} {below} C {tx - 40} {below}, {tx - 40} {ty}, {tx - 2} {ty}")
    return f'<path class="fd-edge{" hit" if hit else ""}" {attrs} d="{d}" marker-end="url(#fd-arrow)"/>'
