"""The Trino-docs corpus (tests/query_local/trino_docs/*.toml) and how a case is judged.

A case gives Trino's answer: a value and its type, or an error category. On the local engine
each case ends one of three ways:
  - SAME: the engine gives that value with that type (or raises that error category);
  - REFUSED: the analyzer refused it with `NOT_SUPPORTED: ...` before anything ran;
  - DIFFERENT: anything else, a silent difference, which the test suite never allows.
Values are compared after decoding the corpus' JSON per type: decimals as their exact
text, varbinary as hex, timestamps at their precision; doubles within a few units in the
last place (platform math libraries may differ in the last bit, Trino's answer does not).
"""

from __future__ import annotations

import json
import math
import tomllib
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

from ingest.query.local_engine import DuckDbEngine
from ingest.query.result import QueryError
from ingest.query.trino.types import TrinoType, parse_type

CORPUS = Path(__file__).parent / "trino_docs"
SAME, REFUSED, DIFFERENT = "same", "refused", "different"
_DOUBLE_TOLERANCE = 1e-12


@dataclass(frozen=True)
class Case:
    category: str
    index: int
    function: str
    sql: str
    doc: str
    expected: str | None
    type: str | None
    error: str | None
    ordered: bool
    note: str

    @property
    def id(self) -> str:
        return f"{self.category}-{self.index:03d}-{self.function}"


def load_cases() -> list[Case]:
    cases = []
    for path in sorted(CORPUS.glob("*.toml")):
        with path.open("rb") as handle:
            entries = tomllib.load(handle)["case"]
        for index, entry in enumerate(entries):
            cases.append(
                Case(
                    category=path.stem,
                    index=index,
                    function=entry["function"],
                    sql=entry["sql"],
                    doc=entry["doc"],
                    expected=entry.get("expected"),
                    type=entry.get("type"),
                    error=entry.get("error"),
                    ordered=entry.get("ordered", True),
                    note=entry.get("note", ""),
                )
            )
    return cases


@dataclass(frozen=True)
class Outcome:
    case: Case
    status: str
    detail: str = ""


# -- values ---------------------------------------------------------------------------------------


def _fraction(micros: int, precision: int) -> str:
    return ("." + f"{micros:06d}"[:precision]) if precision else ""


def normalize(value: Any, kind: TrinoType) -> Any:
    """An engine value in the corpus' encoding for a value of `kind`."""
    if value is None:
        return None
    base = kind.base
    if base == "decimal":
        return f"{Decimal(value):.{kind.scale}f}"
    if base == "varbinary":
        return "hex:" + bytes(value).hex()
    if base == "date" and isinstance(value, date):
        return value.isoformat()
    if base == "timestamp" and isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M:%S}" + _fraction(value.microsecond, kind.precision)
    if base == "time" and isinstance(value, time):
        return f"{value:%H:%M:%S}" + _fraction(value.microsecond, kind.precision)
    if base == "array":
        return [normalize(v, kind.element) for v in value]
    if base == "map":
        pairs = value.items() if isinstance(value, dict) else value
        return [(normalize(k, kind.key), normalize(v, kind.value)) for k, v in pairs]
    if base == "row":
        items = value.items() if isinstance(value, dict) else enumerate(value)
        values = [v for _, v in items]
        return {
            (f.name or f"field{i}"): normalize(v, f.type)
            for i, (f, v) in enumerate(zip(kind.fields, values, strict=True))
        }
    return value


def decode_expected(value: Any, kind: TrinoType) -> Any:
    """The corpus' JSON value in the same encoding `normalize` produces."""
    if value is None:
        return None
    base = kind.base
    if base == "map":
        if isinstance(value, dict) and set(value) == {"map"} and isinstance(value["map"], list):
            pairs = value["map"]
        else:
            pairs = list(value.items())
        return [(decode_expected(k, kind.key), decode_expected(v, kind.value)) for k, v in pairs]
    if base == "array":
        return [decode_expected(v, kind.element) for v in value]
    if base == "row":
        return {
            (f.name or f"field{i}"): decode_expected(value.get(f.name or f"field{i}"), f.type)
            for i, f in enumerate(kind.fields)
        }
    return value


def _same_scalar(actual: Any, expected: Any) -> bool:
    if isinstance(expected, float) or isinstance(actual, float):
        if not isinstance(actual, int | float) or isinstance(actual, bool):
            return False
        if not isinstance(expected, int | float) or isinstance(expected, bool):
            return False
        a, e = float(actual), float(expected)
        if math.isnan(e):
            return math.isnan(a)
        if math.isinf(e):
            return a == e
        return math.isclose(a, e, rel_tol=_DOUBLE_TOLERANCE, abs_tol=1e-300)
    if isinstance(expected, bool) != isinstance(actual, bool):
        return False
    return (bool(actual == expected) and type(actual) is type(expected)) or (
        isinstance(actual, int) and isinstance(expected, int) and actual == expected
    )


def same_value(actual: Any, expected: Any, ordered: bool = True) -> bool:
    if actual is None or expected is None:
        return actual is None and expected is None
    if isinstance(expected, list) and isinstance(actual, list):
        if len(actual) != len(expected):
            return False
        if expected and isinstance(expected[0], tuple):  # map entries: order is not a value
            key = repr
            return all(
                same_value(list(a), list(e))
                for a, e in zip(sorted(actual, key=key), sorted(expected, key=key), strict=True)
            )
        if not ordered:
            actual, expected = sorted(actual, key=repr), sorted(expected, key=repr)
        return all(same_value(a, e) for a, e in zip(actual, expected, strict=True))
    if isinstance(expected, dict) and isinstance(actual, dict):
        return actual.keys() == expected.keys() and all(
            same_value(actual[k], v) for k, v in expected.items()
        )
    if isinstance(expected, tuple) and isinstance(actual, tuple):
        return len(actual) == len(expected) and all(
            same_value(a, e) for a, e in zip(actual, expected, strict=True)
        )
    return _same_scalar(actual, expected)


# -- running --------------------------------------------------------------------------------------


def _category(error: QueryError) -> str:
    return error.problem.split(":", 1)[0]


def judge(engine: DuckDbEngine, case: Case) -> Outcome:
    """Run one case and say whether it gave Trino's answer, was refused, or differs."""
    try:
        engine.compile(case.sql)
    except QueryError as err:
        if _category(err) == "NOT_SUPPORTED" and case.error != "NOT_SUPPORTED":
            return Outcome(case, REFUSED, err.problem)
        if case.error and _category(err) == case.error:
            return Outcome(case, SAME)
        return Outcome(case, DIFFERENT, f"analysis failed: {err}")
    try:
        result = engine.execute(case.sql)
    except QueryError as err:
        if case.error and _category(err) == case.error:
            return Outcome(case, SAME)
        return Outcome(case, DIFFERENT, f"run failed: {err}")
    if case.error:
        return Outcome(case, DIFFERENT, f"expected {case.error}, got a result")
    if result.row_count != 1 or len(result.columns) != 1:
        return Outcome(case, DIFFERENT, f"expected one value, got {result.row_count} rows")
    kind = parse_type(case.type or "unknown")
    reported = result.columns[0].type
    if reported != kind.result_name:
        return Outcome(case, DIFFERENT, f"type {reported}, expected {case.type}")
    actual = normalize(result.table.column(0).to_pylist()[0], kind)
    expected = decode_expected(json.loads(case.expected or "null"), kind)
    if not same_value(actual, expected, case.ordered):
        return Outcome(case, DIFFERENT, f"value {actual!r}, expected {expected!r}")
    return Outcome(case, SAME)


def summarize(outcomes: list[Outcome]) -> dict[str, dict[str, str]]:
    """Per category and function: 'same' when every case gives Trino's answer, 'refused'
    when every case is refused, 'partly refused' otherwise (no DIFFERENT allowed)."""
    grouped: dict[tuple[str, str], list[str]] = defaultdict(list)
    for outcome in outcomes:
        grouped[(outcome.case.category, outcome.case.function)].append(outcome.status)
    table: dict[str, dict[str, str]] = defaultdict(dict)
    for (category, function), statuses in grouped.items():
        if all(s == SAME for s in statuses):
            status = SAME
        elif all(s == REFUSED for s in statuses):
            status = REFUSED
        elif DIFFERENT in statuses:
            status = DIFFERENT
        else:
            status = "partly refused"
        table[category][function] = status
    return table


# -- the generated function table (docs/athena-sql.md) ---------------------------------------------

DOC_PATH = Path(__file__).resolve().parents[2] / "docs" / "athena-sql.md"
_CATEGORY_TITLES = {
    "aggregate": "Aggregate functions",
    "array": "Array functions and operators",
    "binary": "Binary functions and operators",
    "comparison": "Comparison functions and operators",
    "conditional": "Conditional expressions",
    "conversion": "Conversion functions",
    "datetime": "Date and time functions and operators",
    "decimal": "Decimal arithmetic",
    "json": "JSON functions",
    "lambda": "Lambda expressions",
    "logical": "Logical operators",
    "map": "Map functions and operators",
    "math": "Mathematical functions and operators",
    "regexp": "Regular expression functions",
    "string": "String functions and operators",
    "url": "URL functions",
    "window": "Window functions",
}


def _reason(detail: str) -> str:
    """A refusal's reason without the line:col prefix and the hint."""
    text = detail.split(": ", 1)[-1]
    if text.startswith("line "):
        text = text.split(": ", 1)[-1]
    return text.replace("|", "\\|")


def coverage(outcomes: list[Outcome]) -> dict[str, int]:
    """Counts for the report: cases, functions, and functions by status."""
    table = summarize(outcomes)
    statuses = [s for functions in table.values() for s in functions.values()]
    names = {o.case.function for o in outcomes}
    return {
        "cases": len(outcomes),
        "cases_same": sum(o.status == SAME for o in outcomes),
        "cases_refused": sum(o.status == REFUSED for o in outcomes),
        "cases_different": sum(o.status == DIFFERENT for o in outcomes),
        "entries": len(statuses),
        "functions": len(names),
        "same": statuses.count(SAME),
        "partly": statuses.count("partly refused"),
        "refused": statuses.count(REFUSED),
    }


def render_markdown(outcomes: list[Outcome]) -> str:
    """docs/athena-sql.md: every function of the corpus with its status on the local engine."""
    counts = coverage(outcomes)
    table = summarize(outcomes)
    by_function: dict[tuple[str, str], list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        by_function[(outcome.case.category, outcome.case.function)].append(outcome)
    share = 100 * counts["same"] / counts["entries"]
    lines = [
        "# Athena SQL on the local engine",
        "",
        "<!-- Generated by scripts/athena_sql_doc.py from tests/query_local/trino_docs/*.toml;",
        "     tests/query_local/test_trino_docs.py fails when this file is stale. Do not edit. -->",
        "",
        "The local target answers Athena SQL (engine version 3, which is Trino) with DuckDB. This",
        "table is the account, function by function, of the Trino documentation corpus in",
        "`tests/query_local/trino_docs/`: each case is an example or edge case from Trino's docs",
        "(or, where they are silent, Trino's documented rules and its own tests), with the value",
        "*and type* Trino returns or the error it raises. Every case runs in `make test`:",
        "",
        "- **same**: every case gives Trino's value and type (or raises Trino's error category);",
        "- **partly refused**: the cases that cannot be answered exactly are refused; the rest are "
        "the same;",
        "- **refused**: the local engine refuses the function before running anything, with",
        "  `NOT_SUPPORTED: ...` and the reason (run it on Athena).",
        "",
        "No case is allowed to give a different answer: a function is either the same as on",
        "Athena or refused. Doubles are compared to within 1e-12 relative (the last bits of",
        "platform math libraries may differ); everything else exactly. The approximate",
        "aggregates (approx_distinct, approx_percentile, approx_most_frequent) answer exactly",
        "here, which is within the error bound Athena gives its own answers.",
        "",
        f"**{counts['cases']} cases, {counts['functions']} functions and operators "
        f"({counts['entries']} entries by documentation page): {counts['same']} same "
        f"({share:.0f}%), {counts['partly']} partly refused, {counts['refused']} refused; "
        f"{counts['cases_same']} cases same, {counts['cases_refused']} refused, "
        f"{counts['cases_different']} different.**",
        "",
    ]
    for category in sorted(table):
        lines += [
            f"## {_CATEGORY_TITLES.get(category, category)}",
            "",
            "| function | status | cases | refusal |",
            "| --- | --- | --- | --- |",
        ]
        for function in sorted(table[category], key=str.lower):
            items = by_function[(category, function)]
            refusals = sorted({_reason(o.detail) for o in items if o.status == REFUSED})
            shown = function.replace("|", "\\|")
            link = items[0].case.doc
            lines.append(
                f"| [`{shown}`]({link}) | {table[category][function]} | {len(items)} | "
                f"{'; '.join(refusals)} "
                f"|"
            )
        lines.append("")
    return "\n".join(lines)
