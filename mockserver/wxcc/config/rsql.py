"""RSQL (the `filter` and `search` query parameters of config lists).

Cisco defers the grammar to perplexhub rsql-jpa-specification (errata A5): ``;``/``and`` binds
tighter than ``,``/``or``; parentheses group; values may be "double" or 'single' quoted.
Operators: ``==`` (``*`` wildcards), ``!=``, ``=in=``, ``=out=``, ``=gt=``, ``=ge=``, ``=lt=``,
``=le=``, ``=like=``, ``=ic=`` (equals ignoring case), ``=bt=`` (between), ``=null=``,
``=notnull=``. A comparison on an array field matches when any element matches.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from typing import Any, Callable, Union

_RESERVED = set("\"'();,=!~<> ")
OPS = ("==", "!=", "=in=", "=out=", "=gt=", "=ge=", "=lt=", "=le=", "=like=", "=ic=", "=bt=", "=null=",
       "=notnull=")
_MULTI = {"=in=", "=out=", "=bt="}


class RsqlError(ValueError):
    pass


@dataclass
class Cmp:
    selector: str
    op: str
    args: list[str]


@dataclass
class Node:
    op: str  # "and" | "or"
    children: list["Expr"]


Expr = Union[Cmp, Node]


class _Parser:
    def __init__(self, text: str) -> None:
        self.s = text
        self.i = 0

    def _ws(self) -> None:
        while self.i < len(self.s) and self.s[self.i] == " ":
            self.i += 1

    def _peek_word(self, word: str) -> bool:
        self._ws()
        j = self.i + len(word)
        return self.s[self.i:j].lower() == word and (j >= len(self.s) or self.s[j] in " (\"'")

    def parse(self) -> Expr:
        e = self._or()
        self._ws()
        if self.i != len(self.s):
            raise RsqlError(f"unexpected '{self.s[self.i:]}' at position {self.i}")
        return e

    def _or(self) -> Expr:
        items = [self._and()]
        while True:
            self._ws()
            if self.i < len(self.s) and self.s[self.i] == ",":
                self.i += 1
            elif self._peek_word("or"):
                self.i += 2
            else:
                break
            items.append(self._and())
        return items[0] if len(items) == 1 else Node("or", items)

    def _and(self) -> Expr:
        items = [self._term()]
        while True:
            self._ws()
            if self.i < len(self.s) and self.s[self.i] == ";":
                self.i += 1
            elif self._peek_word("and"):
                self.i += 3
            else:
                break
            items.append(self._term())
        return items[0] if len(items) == 1 else Node("and", items)

    def _term(self) -> Expr:
        self._ws()
        if self.i < len(self.s) and self.s[self.i] == "(":
            self.i += 1
            e = self._or()
            self._ws()
            if self.i >= len(self.s) or self.s[self.i] != ")":
                raise RsqlError("missing ')'")
            self.i += 1
            return e
        return self._comparison()

    def _comparison(self) -> Cmp:
        self._ws()
        m = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*").match(self.s, self.i)
        if not m:
            raise RsqlError(f"expected a field name at position {self.i}")
        selector = m.group(0)
        self.i = m.end()
        self._ws()
        op = None
        for candidate in sorted(OPS, key=len, reverse=True):
            if self.s.startswith(candidate, self.i):
                op = candidate
                break
        if op is None:
            m2 = re.compile(r"=[a-z]*=|[<>!=~]+").match(self.s, self.i)
            raise RsqlError(f"unknown operator '{m2.group(0) if m2 else self.s[self.i:self.i + 3]}' after '{selector}'")
        self.i += len(op)
        self._ws()
        if self.i < len(self.s) and self.s[self.i] == "(":
            self.i += 1
            args = [self._value()]
            while True:
                self._ws()
                if self.i < len(self.s) and self.s[self.i] == ",":
                    self.i += 1
                    args.append(self._value())
                else:
                    break
            if self.i >= len(self.s) or self.s[self.i] != ")":
                raise RsqlError(f"missing ')' after the values of '{selector}'")
            self.i += 1
        else:
            args = [self._value()]
        if op in ("=null=", "=notnull="):
            pass
        elif op == "=bt=" and len(args) != 2:
            raise RsqlError(f"'{selector}=bt=' takes exactly two values")
        elif op not in _MULTI and len(args) != 1:
            raise RsqlError(f"'{selector}{op}' takes one value")
        return Cmp(selector, op, args)

    def _value(self) -> str:
        self._ws()
        if self.i < len(self.s) and self.s[self.i] in "\"'":
            q = self.s[self.i]
            j = self.i + 1
            out = []
            while j < len(self.s) and self.s[j] != q:
                if self.s[j] == "\\" and j + 1 < len(self.s):
                    j += 1
                out.append(self.s[j])
                j += 1
            if j >= len(self.s):
                raise RsqlError("unterminated quoted value")
            self.i = j + 1
            return "".join(out)
        j = self.i
        while j < len(self.s) and self.s[j] not in _RESERVED:
            j += 1
        if j == self.i:
            raise RsqlError(f"expected a value at position {self.i}")
        v = self.s[self.i:j]
        self.i = j
        return v


MAX_LENGTH = 4000


def parse(text: str) -> Expr:
    if not text or not text.strip():
        raise RsqlError("empty expression")
    if len(text) > MAX_LENGTH:
        raise RsqlError(f"the expression is longer than {MAX_LENGTH} characters")
    try:
        return _Parser(text.strip()).parse()
    except RecursionError:
        raise RsqlError("the expression nests parentheses too deeply") from None


def selectors(e: Expr) -> list[str]:
    if isinstance(e, Cmp):
        return [e.selector]
    return [s for c in e.children for s in selectors(c)]


def _scalar(v: Any) -> str | None:
    if v is None:
        return None
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def _num(a: str, b: str) -> tuple[Any, Any]:
    try:
        return float(a), float(b)
    except ValueError:
        return a, b


def _one(value: Any, op: str, args: list[str]) -> bool:
    v = _scalar(value)
    if op == "=null=":
        return v is None
    if op == "=notnull=":
        return v is not None
    if v is None:
        return op in ("!=", "=out=")
    if op == "==":
        a = args[0]
        return fnmatch.fnmatchcase(v, a) if "*" in a else v == a
    if op == "!=":
        a = args[0]
        return not (fnmatch.fnmatchcase(v, a) if "*" in a else v == a)
    if op == "=in=":
        return v in args
    if op == "=out=":
        return v not in args
    if op == "=ic=":
        return v.lower() == args[0].lower()
    if op == "=like=":
        return args[0].strip("%*").lower() in v.lower()
    if op == "=bt=":
        x, lo = _num(v, args[0])
        x2, hi = _num(v, args[1])
        return lo <= x and x2 <= hi
    x, y = _num(v, args[0])
    try:
        return {"=gt=": x > y, "=ge=": x >= y, "=lt=": x < y, "=le=": x <= y}[op]
    except TypeError:
        return False


def compile_filter(e: Expr, getter: Callable[[dict, str], Any]) -> Callable[[dict], bool]:
    if isinstance(e, Node):
        parts = [compile_filter(c, getter) for c in e.children]
        if e.op == "and":
            return lambda row: all(p(row) for p in parts)
        return lambda row: any(p(row) for p in parts)

    def test(row: dict) -> bool:
        value = getter(row, e.selector)
        if isinstance(value, list):
            if e.op in ("!=", "=out="):
                return all(_one(x, e.op, e.args) for x in value)
            if e.op in ("=null=", "=notnull="):
                return _one(value or None, e.op, e.args)
            return any(_one(x, e.op, e.args) for x in value)
        return _one(value, e.op, e.args)

    return test
