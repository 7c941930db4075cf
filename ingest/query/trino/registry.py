"""The function table: every Trino function the local engine knows, how it is typed, how it
runs on DuckDB, or why it is refused.

Each category module (`functions/strings.py`, ...) registers its functions here with the
signatures Trino's documentation gives. A translation is DuckDB SQL with `{0}` holes (see
`templates`), where `FAIL('CATEGORY', message)` raises the error Trino raises (NULL under
TRY), or a Python function of the `Call` for anything that needs the argument types.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlglot import exp

from ingest.query.trino import duck
from ingest.query.trino.context import Context, Typed
from ingest.query.trino.signatures import Bindings, Pattern, parse_signature
from ingest.query.trino.templates import fill
from ingest.query.trino.types import TrinoType

SCALAR, AGGREGATE, WINDOW = "scalar", "aggregate", "window"


@dataclass
class Call:
    """One resolved call, handed to its translation: arguments already coerced to the
    signature's parameter types, the result type, and the call's modifiers."""

    ctx: Context
    name: str
    args: list[Typed]
    result: TrinoType
    node: exp.Expr
    bindings: Bindings
    distinct: bool = False
    order: list[exp.Expr] = field(default_factory=list)
    filter: exp.Expr | None = None
    window: exp.Window | None = None
    ignore_nulls: bool | None = None

    def sql(self, index: int) -> exp.Expr:
        return self.args[index].sql

    def type(self, index: int) -> TrinoType:
        return self.args[index].type

    def constant(self, index: int) -> Any:
        value = self.args[index]
        return value.constant if value.is_constant else None

    def is_constant(self, index: int) -> bool:
        return self.args[index].is_constant

    def fail(self, category: str, message: exp.Expr | str) -> exp.Expr:
        return self.ctx.fail(category, message)

    def template(self, sql: str, *extra: exp.Expr) -> exp.Expr:
        return fill(sql, [a.sql for a in self.args] + list(extra), self.ctx.fail)

    def aggregate(self, name: str, *args: exp.Expr) -> exp.Expr:
        """A DuckDB aggregate (or window) call carrying this call's DISTINCT, ORDER BY,
        FILTER, IGNORE NULLS and OVER."""
        items: list[exp.Expr] = list(args)
        if self.distinct and items:
            items = [exp.Distinct(expressions=items)]
        if self.order and items:
            items[-1] = exp.Order(this=items[-1], expressions=self.order)
        if self.ignore_nulls and items:
            # DuckDB writes it inside the parentheses: lag(x, 1 IGNORE NULLS)
            items[-1] = exp.Var(this=f"{items[-1].sql(dialect='duckdb')} IGNORE NULLS")
        core: exp.Expr = exp.Anonymous(this=name, expressions=items)
        if self.filter is not None:
            core = exp.Filter(this=core, expression=exp.Where(this=self.filter))
        if self.window is not None:
            window = self.window.copy()
            window.set("this", core)
            core = window
        return core


Translation = str | Callable[[Call], exp.Expr]
ResultRule = Callable[[list[TrinoType], Bindings], TrinoType]


Strict = bool | tuple[int, ...]


@dataclass(frozen=True)
class Overload:
    pattern: Pattern
    translate: Translation
    result: ResultRule | None = None
    #: NULL in (these / all non-lambda) arguments gives NULL without calling the translation
    strict: Strict = False


@dataclass
class Function:
    name: str
    kind: str
    overloads: list[Overload] = field(default_factory=list)
    #: why the local engine refuses it (None: it runs)
    refused: str | None = None
    category: str = ""
    #: compiles the call itself (for calls whose arguments need a special context, like try)
    special: Callable[..., Typed] | None = None


class Registry:
    """Function name -> Function; the category modules fill it at import."""

    def __init__(self) -> None:
        self.functions: dict[str, Function] = {}
        self.category = ""
        #: whether scalar functions registered now are NULL-in, NULL-out by default
        self.strict_default = False

    def _add(
        self,
        kind: str,
        signature: str,
        translate: Translation,
        result: ResultRule | None,
        strict: Strict | None = None,
    ) -> None:
        pattern = parse_signature(signature)
        fn = self.functions.get(pattern.name)
        if fn is None:
            fn = self.functions[pattern.name] = Function(pattern.name, kind, category=self.category)
        chosen = (
            self.strict_default
            if strict is None and kind == SCALAR
            else bool(strict)
            if strict is None
            else strict
        )
        fn.overloads.append(Overload(pattern, translate, result, chosen))

    def begin(self, category: str, *, strict: bool = False) -> None:
        """Start a category module: its name, and whether its functions are NULL-in, NULL-out."""
        self.category = category
        self.strict_default = strict

    def scalar(
        self,
        signature: str,
        translate: Translation,
        result: ResultRule | None = None,
        *,
        strict: Strict | None = None,
    ) -> None:
        self._add(SCALAR, signature, translate, result, strict)

    def aggregate(
        self, signature: str, translate: Translation, result: ResultRule | None = None
    ) -> None:
        self._add(AGGREGATE, signature, translate, result, False)

    def window(
        self, signature: str, translate: Translation, result: ResultRule | None = None
    ) -> None:
        self._add(WINDOW, signature, translate, result, False)

    def refuse(self, name: str, reason: str, kind: str = SCALAR) -> None:
        """A Trino function the local engine cannot answer exactly as Athena."""
        fn = self.functions.get(name)
        if fn is None:
            fn = self.functions[name] = Function(name, kind, category=self.category)
        fn.refused = reason

    def special(self, name: str, compile_: Callable[..., Typed], kind: str = SCALAR) -> None:
        """A function compiled by its own code (`compile_(compiler, args, node, scope)`)."""
        self.functions[name] = Function(name, kind, category=self.category, special=compile_)

    def alias(self, name: str, target: str) -> None:
        original = self.functions[target]
        self.functions[name] = Function(
            name,
            original.kind,
            list(original.overloads),
            original.refused,
            self.category,
            original.special,
        )

    def get(self, name: str) -> Function | None:
        return self.functions.get(name.lower())


REGISTRY = Registry()


def render(overload: Overload, call: Call) -> exp.Expr:
    translate = overload.translate
    sql = call.template(translate) if isinstance(translate, str) else translate(call)
    strict = overload.strict
    if not strict:
        return sql
    indexes = range(len(call.args)) if isinstance(strict, bool) else strict
    checked = [
        call.args[i].sql
        for i in indexes
        if i < len(call.args)
        and call.args[i].type.base != "function"
        and not _never_null(call.args[i])
    ]
    if not checked:
        return sql
    condition = " OR ".join(f"{{{i}}} IS NULL" for i in range(len(checked)))
    return fill(f"CASE WHEN {condition} THEN NULL ELSE {{{len(checked)}}} END", [*checked, sql])


def _never_null(value: Typed) -> bool:
    return value.is_constant and value.constant is not None


def constant_text(call: Call, index: int) -> str | None:
    value = call.constant(index)
    return value if isinstance(value, str) else None


__all__ = ["AGGREGATE", "REGISTRY", "SCALAR", "WINDOW", "Call", "Function", "Registry", "duck"]
