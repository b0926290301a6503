"""The Evaluate node's expression language (docs/flows.md § Expressions): a small, safe subset of
Python's expression syntax, read with ``ast`` and walked by hand — never ``eval``.

A script is lines of ``name = expression`` and one ``return expression`` (the outcome's name).
Expressions know literals, flow variables (bare names or ``$(n2.email.subject)``), arithmetic,
comparisons, ``and/or/not``, ``x if c else y``, indexing and the functions of ``FUNCTIONS``. There
are no loops, attributes, imports, lambdas or comprehensions, so every script ends in time bounded by
its length; sizes are capped so a script cannot build huge values.

Why not a library: asteval (the well-kept one) runs loops and function definitions, so a flow
could spin forever inside a request; the subset here is all the templates' scripts need.
"""

from __future__ import annotations

import ast
import functools
import json
import operator
import re
from typing import Any, Callable

MAX_SCRIPT = 20_000
MAX_STATEMENTS = 300
MAX_VALUE = 1_000_000  # characters of a string / items of a list a script may build
REF_RE = re.compile(r"\$\(([A-Za-z_][\w.\-]*)\)")


class ExpressionError(Exception):
    pass


def _size(v: Any) -> Any:
    if isinstance(v, (str, list, dict)) and len(v) > MAX_VALUE:
        raise ExpressionError(f"a value grew beyond {MAX_VALUE} characters/items")
    if isinstance(v, int) and not isinstance(v, bool) and abs(v) > 10 ** 30:
        raise ExpressionError("a number grew beyond 10^30")
    return v


def _s(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (dict, list)):
        return json.dumps(v, separators=(",", ":"))
    return str(v)


def _json_parse(v: Any, default: Any = None) -> Any:
    if not isinstance(v, str):
        return v
    try:
        return json.loads(v)
    except ValueError:
        return default


def _get(obj: Any, path: Any, default: Any = None) -> Any:
    """get(obj, "a.b.0.c", default): a path into parsed JSON (a JSON string is parsed first)."""
    cur = _json_parse(obj, obj)
    for part in _s(path).split(".") if path not in (None, "") else []:
        if isinstance(cur, dict) and part in cur:
            cur = cur[part]
        elif isinstance(cur, list) and part.lstrip("-").isdigit() and -len(cur) <= int(part) < len(cur):
            cur = cur[int(part)]
        else:
            return default
    return cur


def _named(items: Any, name: Any, default: Any = "") -> Any:
    """named(webex.variables, "mediaResourceId"): the value of the {name, value} entry with that name."""
    items = _json_parse(items, [])
    for it in items if isinstance(items, list) else []:
        if isinstance(it, dict) and it.get("name") == name:
            return it.get("value", default)
    return default


def _matches(pattern: Any, text: Any) -> bool:
    p, t = _s(pattern), _s(text)
    if len(p) > 200 or len(t) > 20_000:
        raise ExpressionError("matches(): pattern at most 200 and text at most 20000 characters")
    try:
        return re.search(p, t) is not None
    except re.error as e:
        raise ExpressionError(f"matches(): invalid pattern: {e}") from None


def _int(v: Any, default: Any = 0) -> Any:
    try:
        return int(float(v)) if isinstance(v, str) and "." in v else int(v)
    except (TypeError, ValueError):
        return default


def _float(v: Any, default: Any = 0.0) -> Any:
    try:
        return float(v)
    except (TypeError, ValueError):
        return default


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "len": lambda v: len(v) if isinstance(v, (str, list, dict)) else len(_s(v)),
    "str": _s, "int": _int, "float": _float, "bool": bool,
    "lower": lambda v: _s(v).lower(), "upper": lambda v: _s(v).upper(), "trim": lambda v: _s(v).strip(),
    "contains": lambda h, n: (n in h) if isinstance(h, (list, dict)) else _s(n) in _s(h),
    "startswith": lambda v, p: _s(v).startswith(_s(p)), "endswith": lambda v, p: _s(v).endswith(_s(p)),
    "replace": lambda v, a, b: _s(v).replace(_s(a), _s(b)),
    "split": lambda v, sep=",": _s(v).split(_s(sep)) if _s(sep) else list(_s(v)),
    "join": lambda items, sep=",": _s(sep).join(_s(x) for x in (items or [])),
    "substring": lambda v, start, end=None: _s(v)[_int(start):(None if end is None else _int(end))],
    "isempty": lambda v: v is None or v == "" or v == [] or v == {},
    "json_parse": _json_parse, "json": lambda v: json.dumps(v, separators=(",", ":")),
    "get": _get, "named": _named, "matches": _matches,
    "round": lambda v, n=0: round(_float(v), _int(n)), "abs": lambda v: abs(_float(v)),
    "min": lambda *a: min(a), "max": lambda *a: max(a),
    "first": lambda v, default="": (v[0] if isinstance(v, (list, str)) and v else default),
    "concat": lambda *a: "".join(_s(x) for x in a),
    "default": lambda v, d: d if v is None or v == "" else v,
}

_BIN = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
        ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod}
_CMP = {ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt, ast.LtE: operator.le, ast.Gt: operator.gt,
        ast.GtE: operator.ge, ast.In: lambda a, b: a in b, ast.NotIn: lambda a, b: a not in b}


def _prepare(text: str) -> tuple[str, dict[str, str]]:
    """$(name) references become placeholder names bound to the flow variable."""
    refs: dict[str, str] = {}

    def sub(m: re.Match) -> str:
        key = f"__ref{len(refs)}"
        refs[key] = m.group(1)
        return key

    return REF_RE.sub(sub, text), refs


class _Walker:
    def __init__(self, variables: dict[str, Any], refs: dict[str, str], local: dict[str, Any]) -> None:
        self.vars, self.refs, self.local = variables, refs, local

    def name(self, n: str) -> Any:
        if n in self.refs:
            return self.vars.get(self.refs[n], "")
        if n in self.local:
            return self.local[n]
        if n in ("true", "True"):
            return True
        if n in ("false", "False"):
            return False
        if n in ("null", "None"):
            return None
        return self.vars.get(n, "")

    def ev(self, node: ast.AST) -> Any:  # noqa: C901 - one branch per allowed node
        if isinstance(node, ast.Constant):
            if not isinstance(node.value, (str, int, float, bool, type(None))):
                raise ExpressionError("only text, numbers, true/false and null are literals")
            return node.value
        if isinstance(node, ast.Name):
            return self.name(node.id)
        if isinstance(node, ast.BinOp) and type(node.op) in _BIN:
            a, b = self.ev(node.left), self.ev(node.right)
            if isinstance(node.op, ast.Add) and (isinstance(a, str) or isinstance(b, str)):
                return _size(_s(a) + _s(b))
            if isinstance(node.op, ast.Mult) and (isinstance(a, (str, list)) or isinstance(b, (str, list))):
                times = b if isinstance(a, (str, list)) else a
                seq = a if isinstance(a, (str, list)) else b
                if not isinstance(times, int) or len(seq) * max(times, 0) > MAX_VALUE:
                    raise ExpressionError("repetition too large")
            try:
                return _size(_BIN[type(node.op)](a, b))
            except ZeroDivisionError:
                raise ExpressionError("division by zero") from None
            except TypeError as e:
                raise ExpressionError(f"cannot combine these values: {e}") from None
        if isinstance(node, ast.UnaryOp):
            v = self.ev(node.operand)
            if isinstance(node.op, ast.Not):
                return not v
            if isinstance(node.op, ast.USub) and isinstance(v, (int, float)):
                return -v
            if isinstance(node.op, ast.UAdd) and isinstance(v, (int, float)):
                return v
            raise ExpressionError("'-' applies to numbers only")
        if isinstance(node, ast.BoolOp):
            if isinstance(node.op, ast.And):
                v: Any = True
                for x in node.values:
                    v = self.ev(x)
                    if not v:
                        return v
                return v
            v = False
            for x in node.values:
                v = self.ev(x)
                if v:
                    return v
            return v
        if isinstance(node, ast.Compare):
            left = self.ev(node.left)
            for op, right_node in zip(node.ops, node.comparators):
                right = self.ev(right_node)
                if type(op) not in _CMP:
                    raise ExpressionError("'is' is not supported: use == and !=")
                try:
                    if not _CMP[type(op)](left, right):
                        return False
                except TypeError:
                    raise ExpressionError(f"cannot compare {type(left).__name__} with {type(right).__name__}") from None
                left = right
            return True
        if isinstance(node, ast.IfExp):
            return self.ev(node.body) if self.ev(node.test) else self.ev(node.orelse)
        if isinstance(node, ast.Subscript):
            obj, key = self.ev(node.value), self.ev(node.slice)
            obj = _json_parse(obj, obj) if isinstance(obj, str) and obj[:1] in "[{" else obj
            try:
                return obj[key]
            except (KeyError, IndexError, TypeError):
                return None
        if isinstance(node, (ast.List, ast.Tuple)):
            return _size([self.ev(x) for x in node.elts])
        if isinstance(node, ast.Dict):
            if any(k is None for k in node.keys):
                raise ExpressionError("'**' is not supported")
            return {_s(self.ev(k)): self.ev(v) for k, v in zip(node.keys, node.values)}
        if isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS or node.keywords:
                fn = node.func.id if isinstance(node.func, ast.Name) else ast.unparse(node.func)
                raise ExpressionError(f"unknown function '{fn}' (functions: {', '.join(sorted(FUNCTIONS))})")
            args = [self.ev(a) for a in node.args]
            try:
                return _size(FUNCTIONS[node.func.id](*args))
            except ExpressionError:
                raise
            except (TypeError, ValueError) as e:
                raise ExpressionError(f"{node.func.id}(): {e}") from None
        raise ExpressionError(f"'{type(node).__name__}' is not part of the expression language (docs/flows.md)")


@functools.lru_cache(maxsize=1024)
def _parse(text: str, mode: str) -> tuple[ast.AST, dict[str, str]]:
    """Parsed once per distinct script (the trees are never modified)."""
    if len(text) > MAX_SCRIPT:
        raise ExpressionError(f"a script holds at most {MAX_SCRIPT} characters")
    src, refs = _prepare(text)
    try:
        return ast.parse(src, mode=mode), refs
    except SyntaxError as e:
        raise ExpressionError(f"syntax error on line {e.lineno}: {e.msg}") from None
    except (ValueError, RecursionError, MemoryError):
        raise ExpressionError("the script cannot be read") from None


def evaluate(expression: str, variables: dict[str, Any]) -> Any:
    tree, refs = _parse(expression.strip(), "eval")
    try:
        return _Walker(variables, refs, {}).ev(tree.body)  # type: ignore[attr-defined]
    except RecursionError:
        raise ExpressionError("the expression nests too deeply") from None


def run_script(script: str, variables: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
    """Runs an Evaluate script: (what ``return`` gave, the variables it assigned)."""
    tree, refs = _parse(script, "exec")
    body = tree.body  # type: ignore[attr-defined]
    if len(body) > MAX_STATEMENTS:
        raise ExpressionError(f"a script holds at most {MAX_STATEMENTS} statements")
    local: dict[str, Any] = {}
    walker = _Walker(variables, refs, local)
    try:
        for st in body:
            if isinstance(st, ast.Assign) and len(st.targets) == 1 and isinstance(st.targets[0], ast.Name):
                if st.targets[0].id.startswith("__ref"):
                    raise ExpressionError(f"line {st.lineno}: assign to a plain name, not to a $(...) reference")
                local[st.targets[0].id] = walker.ev(st.value)
            elif isinstance(st, ast.Return):
                return (walker.ev(st.value) if st.value is not None else None), local
            elif isinstance(st, ast.Expr) and isinstance(st.value, ast.Constant) and isinstance(st.value.value, str):
                continue  # a docstring-like comment
            else:
                raise ExpressionError(f"line {st.lineno}: only 'name = expression' and 'return expression' lines are allowed")
    except RecursionError:
        raise ExpressionError("the script nests too deeply") from None
    return None, local


def render(text: Any, variables: dict[str, Any]) -> Any:
    """A configuration value with $(var) references replaced by their values (text); a value that is
    exactly one reference keeps the variable's own type."""
    if not isinstance(text, str):
        return text
    m = REF_RE.fullmatch(text.strip())
    if m:
        v = variables.get(m.group(1), "")
        return v
    return REF_RE.sub(lambda m: _s(variables.get(m.group(1), "")), text)


def render_deep(value: Any, variables: dict[str, Any]) -> Any:
    if isinstance(value, dict):
        return {k: render_deep(v, variables) for k, v in value.items()}
    if isinstance(value, list):
        return [render_deep(v, variables) for v in value]
    return render(value, variables)


def as_text(v: Any) -> str:
    return _s(v)


def test_condition(actual: Any, op: str, expected: Any) -> bool:
    """The start-node / Branch operators (connect-api.md §1.7, §4.2)."""
    a = _s(actual)
    if op == "isempty":
        return a == ""
    if op == "isnotempty":
        return a != ""
    if op in ("in", "notin"):
        options = expected if isinstance(expected, list) else [x.strip() for x in _s(expected).split(",")]
        inside = a in [_s(x) for x in options]
        return inside if op == "in" else not inside
    e = _s(expected)
    if op == "equals":
        return a == e
    if op == "notequals":
        return a != e
    if op == "equalsignorecase":
        return a.lower() == e.lower()
    if op == "contains":
        return e in a
    if op == "containsignorecase":
        return e.lower() in a.lower()
    if op == "startswith":
        return a.startswith(e)
    if op == "endswith":
        return a.endswith(e)
    if op == "regex":
        return _matches(e, a)
    raise ExpressionError(f"unknown operator '{op}'")
