"""Python functions for json.html, with Trino's two renderings of JSON:
  - canonical (json_parse, CAST to json): keys sorted, numbers as Java's Double/Long print;
  - copied (json_extract): the input's own key order and number text, whitespace removed.
Malformed input gives NULL where Trino's extract functions give NULL, and
INVALID_FUNCTION_ARGUMENT where Trino raises (json_parse, is_json_scalar, bad paths).
"""

from __future__ import annotations

import json
import re
from typing import Any

from ingest.query.trino import java_text
from ingest.query.trino.udf import invalid, udf


class RawNumber(str):
    """A JSON number kept as its source text."""


def _load_raw(text: str) -> Any:
    return json.loads(text, parse_float=RawNumber, parse_int=RawNumber, object_pairs_hook=dict)


def _load(text: str) -> Any:
    try:
        return _load_raw(text)
    except ValueError:
        return _MALFORMED


_MALFORMED = object()


def _string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def copied(value: Any) -> str:
    """Compact JSON keeping key order and number text (Jackson's copyCurrentStructure)."""
    if isinstance(value, RawNumber):
        return str(value)
    if isinstance(value, str):
        return _string(value)
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    if isinstance(value, list):
        return "[" + ",".join(copied(v) for v in value) + "]"
    return "{" + ",".join(f"{_string(k)}:{copied(v)}" for k, v in value.items()) + "}"


def _number(text: str) -> str:
    if re.fullmatch(r"-?\d+", text):
        return str(int(text))
    return java_text.double_to_string(float(text))


def canonical(value: Any) -> str:
    """Trino's canonical JSON: sorted keys, numbers as Java prints Long/Double."""
    if isinstance(value, RawNumber):
        return _number(value)
    if isinstance(value, list):
        return "[" + ",".join(canonical(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ",".join(f"{_string(k)}:{canonical(value[k])}" for k in sorted(value)) + "}"
    return copied(value)


@udf("athena_json_parse", ["VARCHAR"], "VARCHAR")
def json_parse(text: str) -> str:
    try:
        return canonical(_load_raw(text))
    except ValueError:
        raise invalid(f"Cannot convert value to JSON: '{text}'") from None


@udf("athena_json_canonical", ["VARCHAR"], "VARCHAR")
def json_canonical(text: str) -> str:
    return canonical(_load_raw(text))


@udf("athena_json_number", ["DOUBLE"], "VARCHAR")
def json_number(value: float) -> str:
    return java_text.double_to_string(value)


@udf("athena_is_json_scalar", ["VARCHAR"], "BOOLEAN")
def is_json_scalar(text: str) -> bool:
    try:
        value = _load_raw(text)
    except ValueError:
        raise invalid(f"Invalid JSON value: {text}") from None
    return not isinstance(value, list | dict)


@udf("athena_json_array_length", ["VARCHAR"], "BIGINT", may_return_null=True)
def json_array_length(text: str) -> int | None:
    value = _load(text)
    return len(value) if isinstance(value, list) else None


@udf("athena_json_array_get", ["VARCHAR", "BIGINT"], "VARCHAR", may_return_null=True)
def json_array_get(text: str, index: int) -> str | None:
    value = _load(text)
    if not isinstance(value, list) or not -len(value) <= index < len(value):
        return None
    element = value[index]
    if element is None:
        return None
    if isinstance(element, str) and not isinstance(element, RawNumber):
        return element  # Trino returns a string element unquoted (documented)
    return copied(element)


def _matches(element: Any, kind: str, wanted: str) -> bool:
    if kind == "boolean":
        return isinstance(element, bool) and str(element).lower() == wanted
    if kind == "bigint":
        return (
            isinstance(element, RawNumber)
            and re.fullmatch(r"-?\d+", element) is not None
            and int(element) == int(wanted)
        )
    if kind == "double":
        return isinstance(element, RawNumber) and float(element) == float(wanted)
    return isinstance(element, str) and not isinstance(element, RawNumber) and element == wanted


@udf(
    "athena_json_array_contains", ["VARCHAR", "VARCHAR", "VARCHAR"], "BOOLEAN", may_return_null=True
)
def json_array_contains(text: str, kind: str, wanted: str) -> bool | None:
    value = _load(text)
    if not isinstance(value, list):
        return None
    return any(_matches(e, kind, wanted) for e in value)


# -- JsonPath (json_extract, json_extract_scalar, json_size) ------------------------------------

_STEP = re.compile(
    r"\.(?P<name>[^.\[]+)|\[(?P<index>\d+)\]|\[\"(?P<dq>(?:[^\"\\]|\\.)*)\"\]"
    r"|\['(?P<sq>(?:[^'\\]|\\.)*)'\]|\[(?P<bare>[^\]\"']+)\]"
)


def _path(text: str) -> list[str | int]:
    if not text.startswith("$"):
        raise invalid(f"Invalid JSON path: '{text}'")
    steps: list[str | int] = []
    position = 1
    while position < len(text):
        found = _STEP.match(text, position)
        if found is None:
            raise invalid(f"Invalid JSON path: '{text}'")
        if found.group("index") is not None:
            steps.append(int(found.group("index")))
        else:
            key = next(
                g
                for g in (
                    found.group("name"),
                    found.group("dq"),
                    found.group("sq"),
                    found.group("bare"),
                )
                if g is not None
            )
            steps.append(key.strip() if found.group("name") is not None else key)
        position = found.end()
    return steps


def _walk(text: str, path: str) -> Any:
    steps = _path(path)
    value = _load(text)
    if value is _MALFORMED:
        return _MALFORMED
    for step in steps:
        if isinstance(step, int) and isinstance(value, list) and step < len(value):
            value = value[step]
        elif isinstance(step, str) and isinstance(value, dict) and step in value:
            value = value.get(step)
        elif (
            isinstance(step, str)
            and step.isdigit()
            and isinstance(value, list)
            and int(step) < len(value)
        ):
            value = value[int(step)]
        else:
            return _MALFORMED
    return value


@udf("athena_json_extract", ["VARCHAR", "VARCHAR"], "VARCHAR", may_return_null=True)
def json_extract(text: str, path: str) -> str | None:
    value = _walk(text, path)
    return None if value is _MALFORMED else copied(value)


@udf("athena_json_extract_scalar", ["VARCHAR", "VARCHAR"], "VARCHAR", may_return_null=True)
def json_extract_scalar(text: str, path: str) -> str | None:
    value = _walk(text, path)
    if value is _MALFORMED or value is None or isinstance(value, list | dict):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@udf("athena_json_size", ["VARCHAR", "VARCHAR"], "BIGINT", may_return_null=True)
def json_size(text: str, path: str) -> int | None:
    value = _walk(text, path)
    if value is _MALFORMED:
        return None
    return len(value) if isinstance(value, list | dict) else 0


@udf("athena_json_to", ["VARCHAR", "VARCHAR"], "VARCHAR", may_return_null=True)
def json_to(text: str, target: str) -> str | None:
    """A JSON value reshaped for DuckDB's json_transform into `target` (a Trino type):
    arrays given for rows become objects with the field names; fails as Trino's CAST does."""
    from ingest.query.trino.types import parse_type

    value = _load(text)
    if value is _MALFORMED:
        raise ValueError(f"INVALID_CAST_ARGUMENT: Cannot cast to {target}. Malformed JSON")
    return copied(_reshape(value, parse_type(target), target))


def _reshape(value: Any, kind: Any, target: str) -> Any:
    if value is None:
        return None
    if kind.base == "array":
        if not isinstance(value, list):
            raise ValueError(f"INVALID_CAST_ARGUMENT: Cannot cast to {target}")
        if kind.element.base == "json":
            return [copied(v) if v is not None else None for v in value]
        return [_reshape(v, kind.element, target) for v in value]
    if kind.base == "map":
        if not isinstance(value, dict):
            raise ValueError(f"INVALID_CAST_ARGUMENT: Cannot cast to {target}")
        return {k: _reshape(v, kind.value, target) for k, v in value.items()}
    if kind.base == "row":
        names = [f.name or f"field{i}" for i, f in enumerate(kind.fields)]
        if isinstance(value, list):
            value = dict(zip(names, value, strict=False))
        if not isinstance(value, dict):
            raise ValueError(f"INVALID_CAST_ARGUMENT: Cannot cast to {target}")
        lowered = {k.lower(): v for k, v in value.items()}
        return {
            n: _reshape(lowered.get(n), f.type, target)
            for n, f in zip(names, kind.fields, strict=True)
        }
    if kind.base == "json":
        return copied(value)
    if isinstance(value, list | dict):
        raise ValueError(f"INVALID_CAST_ARGUMENT: Cannot cast to {target}")
    return value
