"""Athena (Trino) SQL to DuckDB SQL, with the rewrites that keep answers equal to Athena's.

sqlglot does most of the work (read="athena", write="duckdb"); what it leaves wrong or
untranslated is fixed here on the parsed tree, and what it cannot translate fails with a
QueryError naming the construct instead of running with a different meaning. Some fixes live
in DuckDB rather than in the tree, because only DuckDB knows operand types at bind time:
`integer_division` (5/2 is 2 for integer operands) and the macros in `MACROS`.
"""

from __future__ import annotations

import sqlglot
from sqlglot import ErrorLevel, Token, exp
from sqlglot.errors import ParseError, SqlglotError, TokenError, UnsupportedError
from sqlglot.optimizer.normalize_identifiers import normalize_identifiers

from ingest.query.datetime_patterns import PatternError, joda_to_strftime
from ingest.query.result import QueryError

READ = "athena"
WRITE = "duckdb"
#: Athena's catalog name; `awsdatacatalog.db.table` means `db.table` here.
ATHENA_CATALOG = "awsdatacatalog"
#: Alias given to unnamed select items; the engine renames them `_col<position>` like Trino.
ANONYMOUS_PREFIX = "__athena_col_"

_INT_TYPES = {
    exp.DType.TINYINT: "TINYINT",
    exp.DType.SMALLINT: "SMALLINT",
    exp.DType.INT: "INTEGER",
    exp.DType.BIGINT: "BIGINT",
}


def _cast_macros() -> list[str]:
    """Trino rounds half away from zero when casting a double to an integer; DuckDB rounds
    half to even. `typeof` is constant per call site, so DuckDB folds the CASE away."""
    macros = []
    for type_name in _INT_TYPES.values():
        for prefix, cast in (("", "CAST"), ("try_", "TRY_CAST")):
            macros.append(
                f"CREATE MACRO athena_{prefix}cast_{type_name.lower()}(x) AS CASE "
                f"WHEN typeof(x) IN ('DOUBLE', 'FLOAT') "
                f"THEN {cast}(round(TRY_CAST(x AS DOUBLE)) AS {type_name}) "
                f"ELSE {cast}(x AS {type_name}) END"
            )
    return macros


#: DuckDB macros the translations call; the engine creates them once per connection.
MACROS: tuple[str, ...] = (
    # map_agg: DuckDB has none. Sort the entries, keep the first per key (Trino keeps an
    # arbitrary one), skip NULL keys; O(n log n) per group, no duplicate-key error.
    "CREATE MACRO athena_first_per_key(s) AS map_from_entries(list_transform(list_filter("
    "list_zip(s, list_prepend(NULL, s[1:len(s) - 1])), lambda p: p[1].key IS NOT NULL AND "
    "(p[2] IS NULL OR p[2].key IS DISTINCT FROM p[1].key)), lambda p: p[1]))",
    "CREATE MACRO athena_map_agg(k, v) AS "
    "athena_first_per_key(list_sort(list({'key': k, 'value': v})))",
    # array_distinct: Trino keeps first-seen order and one NULL; DuckDB's list_distinct neither.
    "CREATE MACRO athena_array_distinct(l) AS list_filter(l, lambda x, i: list_position(l, x) = i)",
    # json_extract_scalar: NULL for objects and arrays, like Trino (DuckDB's ->> returns text).
    "CREATE MACRO athena_json_extract_scalar(j, p) AS CASE WHEN json_type(j, p) "
    "IN ('OBJECT', 'ARRAY') THEN NULL ELSE json_extract_string(j, p) END",
    *_cast_macros(),
)


def syntax_problem(err: ParseError | TokenError) -> str:
    """One line saying where and why sqlglot could not read the SQL."""
    details = getattr(err, "errors", None) or []
    if details:
        first = details[0]
        where = f"line {first.get('line')}:{first.get('col')}: " if first.get("line") else ""
        return f"{where}{first.get('description', 'invalid SQL')}"
    return str(err).splitlines()[0] if str(err) else "invalid SQL"


def _syntax_error(err: ParseError | TokenError) -> QueryError:
    return QueryError(
        f"SYNTAX_ERROR: {syntax_problem(err)}", "check the SQL (Athena / Trino syntax)"
    )


def parse_statement(sql: str, tokens: list[Token] | None = None) -> exp.Expr:
    """One Athena statement as a tree, identifiers lower-cased (Athena is case-insensitive).
    `tokens`, when given, are the tokens of `sql` (saves tokenizing twice)."""
    try:
        if tokens is None:
            parsed = sqlglot.parse(sql, read=READ)
        else:
            parsed = sqlglot.Dialect.get_or_raise(READ).parser().parse(tokens, sql)
        statements = [s for s in parsed if s is not None]
    except (ParseError, TokenError) as err:
        raise _syntax_error(err) from None
    if not statements:
        raise QueryError("SYNTAX_ERROR: the query is empty", "write one SELECT statement")
    if len(statements) > 1:
        raise QueryError(
            f"only one statement can run at a time, got {len(statements)}",
            "run the statements one by one",
        )
    tree: exp.Expr = normalize_identifiers(statements[0], dialect=READ)
    return tree


def _not_supported(what: str, hint: str = "rewrite it with supported functions") -> QueryError:
    return QueryError(f"NOT_SUPPORTED: {what} cannot run on the local engine", hint)


def _func(name: str, *args: exp.Expr) -> exp.Anonymous:
    return exp.Anonymous(this=name, expressions=list(args))


def _joda(node: exp.Expr, function: str) -> str:
    if not isinstance(node, exp.Literal) or not node.is_string:
        raise _not_supported(f"{function} with a pattern that is not a string literal")
    try:
        return joda_to_strftime(node.this)
    except PatternError as err:
        raise _not_supported(
            f"{function} {err}", "use date_format with MySQL-style %-patterns"
        ) from None


def _rewrite_anonymous(node: exp.Anonymous) -> exp.Expr:
    name = str(node.this).lower()
    args = list(node.expressions)
    if name in ("format_datetime", "parse_datetime") and len(args) == 2:
        target = "strftime" if name == "format_datetime" else "strptime"
        return _func(target, args[0], exp.Literal.string(_joda(args[1], name)))
    if name == "map_agg":
        if len(args) != 2:
            raise _not_supported("map_agg with other than 2 arguments")
        return _func("athena_map_agg", *args)
    return node


def _rewrite_unixtime(node: exp.UnixToTime) -> exp.Expr:
    """from_unixtime(x, zone): the wall-clock time in that zone (DuckDB drops the zone)."""
    zone, hours, minutes = node.args.get("zone"), node.args.get("hours"), node.args.get("minutes")
    instant = _func("to_timestamp", node.this)
    if zone is not None:
        return _func("timezone", zone, instant)
    if hours is None:
        return node
    local = exp.cast(instant, exp.DType.TIMESTAMP)
    offset = exp.Add(
        this=_func("to_hours", exp.cast(hours, exp.DType.BIGINT)),
        expression=_func(
            "to_minutes", exp.cast(minutes or exp.Literal.number(0), exp.DType.BIGINT)
        ),
    )
    return exp.Add(this=local, expression=exp.Paren(this=offset))


def _rewrite_cast(node: exp.Cast) -> exp.Expr:
    to = node.args.get("to")
    if not isinstance(to, exp.DataType) or to.this not in _INT_TYPES:
        return node
    prefix = "try_" if isinstance(node, exp.TryCast) else ""
    return _func(f"athena_{prefix}cast_{_INT_TYPES[to.this].lower()}", node.this)


def _rewrite_quantile(node: exp.ApproxQuantile) -> exp.Expr:
    """approx_percentile -> exact quantile_disc: a value from the data, within Athena's bound."""
    if node.args.get("weight") is not None or node.args.get("accuracy") is not None:
        raise _not_supported("approx_percentile with weights or accuracy")
    return _func("quantile_disc", node.this, node.args["quantile"])


_DATE_ARITHMETIC = (exp.DateAdd, exp.DateSub, exp.DateTrunc, exp.TimestampTrunc)
_DATE_VALUES = (exp.CurrentDate, exp.StrToDate, exp.TsOrDsToDate, exp.Date, exp.LastDay)


def _is_date(node: exp.Expr | None, date_columns: frozenset[str]) -> bool:
    """A DATE-typed expression, as far as the tree shows (catalog date columns included)."""
    if isinstance(node, exp.Paren):
        return _is_date(node.this, date_columns)
    if isinstance(node, exp.Cast):
        to = node.args.get("to")
        return isinstance(to, exp.DataType) and to.this == exp.DType.DATE
    if isinstance(node, exp.Column):
        return node.name in date_columns
    return isinstance(node, _DATE_VALUES)


def _keep_date(node: exp.Expr, date_columns: frozenset[str]) -> exp.Expr:
    """Trino's date_add / date_trunc / date +- interval on a DATE give a DATE; DuckDB's give a
    TIMESTAMP at midnight, so cast back."""
    shifted = isinstance(node, exp.Add | exp.Sub) and isinstance(node.expression, exp.Interval)
    if not (isinstance(node, _DATE_ARITHMETIC) or shifted) or not _is_date(node.this, date_columns):
        return node
    return exp.cast(node, exp.DType.DATE)


def _rewrite_node(node: exp.Expr, date_columns: frozenset[str]) -> exp.Expr:
    if isinstance(node, (*_DATE_ARITHMETIC, exp.Add, exp.Sub)):
        return _keep_date(node, date_columns)
    if isinstance(node, exp.Table):
        catalog = node.args.get("catalog")
        if isinstance(catalog, exp.Identifier) and catalog.name.lower() == ATHENA_CATALOG:
            node.set("catalog", None)
        return node
    if isinstance(node, exp.Anonymous):
        return _rewrite_anonymous(node)
    if isinstance(node, exp.ParseDatetime):
        return _func(
            "strptime", node.this, exp.Literal.string(_joda(node.args["format"], "parse_datetime"))
        )
    if isinstance(node, exp.UnixToTime):
        return _rewrite_unixtime(node)
    if isinstance(node, exp.AtTimeZone):
        # Trino: the same instant shown in that zone; as a naive local time here (TimeZone=UTC).
        return _func("timezone", node.args["zone"], exp.cast(node.this, exp.DType.TIMESTAMPTZ))
    if isinstance(node, exp.DateDiff):
        # Trino counts whole units elapsed, which is DuckDB's date_sub (date_diff counts
        # boundaries crossed: 23:00 -> 01:00 is one day there, zero in Athena).
        unit = node.args.get("unit")
        unit_name = unit.name.lower() if unit is not None else "day"
        return _func("date_sub", exp.Literal.string(unit_name), node.expression, node.this)
    if isinstance(node, exp.ArrayDistinct):
        return _func("athena_array_distinct", node.this)
    if isinstance(node, exp.ArraySize):
        return _func("cardinality", node.this)  # maps too, unlike array_length
    if isinstance(node, exp.ApproxQuantile):
        return _rewrite_quantile(node)
    if isinstance(node, exp.JSONExtractScalar):
        path = node.expression
        path_sql = (
            exp.Literal.string(path.sql(dialect=WRITE).strip("'"))
            if isinstance(path, exp.JSONPath)
            else path
        )
        return _func("athena_json_extract_scalar", node.this, path_sql)
    if isinstance(node, exp.Cast):
        return _rewrite_cast(node)
    if isinstance(node, exp.TimeToStr):
        fmt = node.args.get("format")
        if isinstance(fmt, exp.Literal) and "%v" in fmt.this:  # MySQL %v: ISO week
            node.set("format", exp.Literal.string(fmt.this.replace("%v", "%V")))
        return node
    return node


def _rewrite(tree: exp.Expr, date_columns: frozenset[str]) -> exp.Expr:
    """Children before parents, so a rewritten argument is seen by its rewritten caller."""
    for node in reversed(list(tree.walk())):
        new = _rewrite_node(node, date_columns)
        if new is not node:
            if node is tree:
                tree = new
            else:
                node.replace(new)
    return tree


def _first_select(tree: exp.Expr) -> exp.Select | None:
    while isinstance(tree, exp.SetOperation):
        tree = tree.this
    while isinstance(tree, exp.Subquery):
        tree = tree.this
    return tree if isinstance(tree, exp.Select) else None


def _name_anonymous_columns(tree: exp.Expr) -> exp.Expr:
    """Trino names an unnamed expression `_col<position>`; mark them for the engine to rename."""
    if isinstance(tree, exp.Values):  # VALUES (1, 2): Trino says _col0, _col1; DuckDB col0, col1
        first = tree.expressions[0] if tree.expressions else None
        width = len(first.expressions) if isinstance(first, exp.Tuple) else 1
        columns = [exp.to_identifier(f"{ANONYMOUS_PREFIX}{i}", quoted=True) for i in range(width)]
        alias = exp.TableAlias(this=exp.to_identifier("_values"), columns=columns)
        return exp.select("*").from_(exp.Subquery(this=tree, alias=alias))
    select = _first_select(tree)
    if select is None:
        return tree
    items = []
    for index, item in enumerate(select.expressions):
        if isinstance(item, exp.Alias | exp.Column | exp.Star) or item.is_star:
            items.append(item)
        else:
            items.append(exp.alias_(item, f"{ANONYMOUS_PREFIX}{index}", quoted=True))
    select.set("expressions", items)
    return tree


def to_duckdb(tree: exp.Expr, date_columns: frozenset[str] = frozenset()) -> str:
    """DuckDB SQL for an (already policy-checked) Athena statement; rewrites `tree` in place.
    `date_columns` names the catalog's DATE columns, so date arithmetic on them stays DATE."""
    tree = _name_anonymous_columns(_rewrite(tree, date_columns))
    try:
        return tree.sql(dialect=WRITE, unsupported_level=ErrorLevel.RAISE)
    except UnsupportedError as err:
        reason = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise _not_supported(reason) from None
    except SqlglotError as err:
        raise QueryError(f"cannot translate the query: {err}", "simplify the query") from None
