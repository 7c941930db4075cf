"""The outputs contract: every resource name the Python side uses, read from one file.

`make apply` writes `LAKE_HOME/outputs.json` in the shape of `terraform output -json`,
for the `aws` target (from Terraform itself) and the `local` target (from the same
declarations, read with python-hcl2). Ingest and the TUI read names only from here.

The file is plain JSON that anyone can edit, so every name in it is checked against the
rules of the service that holds it (S3, Glue, Athena; see `ingest.names`) before it is
used: a bucket of `../../tmp/x` or a database of `x; DROP` is one clear error, never a
path outside LAKE_HOME or a half-run query.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ingest.atomic import atomic_write_json
from ingest.errors import LakeError
from ingest.names import (
    bucket_problem,
    prefix_problem,
    region_problem,
    s3_location_problem,
    table_problem,
    workgroup_problem,
)
from ingest.settings import TargetName, parse_target

#: Outputs the Python side reads. A test checks terraform/outputs.tf declares each one.
REQUIRED_OUTPUTS: tuple[str, ...] = (
    "target",
    "region",
    "bucket",
    "database",
    "tables",
    "workgroup",
    "results_location",
    "raw_prefix",
    "curated_prefix",
    "rejected_prefix",
    "manifests_prefix",
    "bytes_scanned_cutoff_per_query",
    "athena_results_expiration_days",
)

APPLY_HINT = "run `make apply` (or `nba-lake apply`) first to provision the lake"
REWRITE_HINT = "re-run `make apply` to rewrite outputs.json"
#: Athena's smallest per-query scan limit: 10 MiB
MIN_BYTES_SCANNED_CUTOFF = 10 * 1024 * 1024
_PREFIXES = ("raw_prefix", "curated_prefix", "rejected_prefix", "manifests_prefix")


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _name_problem(name: str, value: Any) -> str | None:
    """Why the output `name` holding `value` is unusable, or None when it is fine."""
    if name == "bytes_scanned_cutoff_per_query":
        whole = (isinstance(value, int) and not isinstance(value, bool)) or (
            isinstance(value, float) and value.is_integer()
        )
        if not whole or value < MIN_BYTES_SCANNED_CUTOFF:
            return f"a whole number of bytes, at least {MIN_BYTES_SCANNED_CUTOFF:,}"
        return None
    if name == "athena_results_expiration_days":
        days = (isinstance(value, int) and not isinstance(value, bool)) or (
            isinstance(value, float) and value.is_integer()
        )
        return None if days and value >= 1 else "a whole number of days, at least 1"
    if name in ("target", "tables"):
        return None  # parsed on their own
    if not isinstance(value, str):
        return "a string"
    if name == "bucket":
        return bucket_problem(value)
    if name == "database":
        return table_problem(value)
    if name == "workgroup":
        return workgroup_problem(value)
    if name == "region":
        return region_problem(value)
    if name == "results_location":
        return s3_location_problem(value)
    if name in _PREFIXES:
        return prefix_problem(value)
    return None


def _check_names(values: dict[str, Any]) -> None:
    for name in REQUIRED_OUTPUTS:
        problem = _name_problem(name, values[name])
        if problem is not None:
            raise LakeError(
                f"outputs.json: {name} {_shown(values[name])} is not valid (it must be {problem})",
                REWRITE_HINT,
            )


@dataclass(frozen=True)
class DatasetTables:
    """The two tables of one dataset."""

    raw: str
    curated: str


@dataclass(frozen=True)
class LakeOutputs:
    """Typed view of outputs.json."""

    target: TargetName
    region: str
    bucket: str
    database: str
    tables: dict[str, DatasetTables]
    workgroup: str
    results_location: str
    raw_prefix: str
    curated_prefix: str
    rejected_prefix: str
    manifests_prefix: str
    bytes_scanned_cutoff_per_query: int
    #: query results under results_location are deleted after this many days (on AWS by
    #: the bucket's lifecycle rule, locally by the local target)
    athena_results_expiration_days: int

    @classmethod
    def from_values(cls, values: dict[str, Any]) -> LakeOutputs:
        """Build from plain `{name: value}`; a missing name is a clear error."""
        missing = [name for name in REQUIRED_OUTPUTS if name not in values]
        if missing:
            raise LakeError(f"the lake outputs lack {', '.join(missing)}", REWRITE_HINT)
        try:
            tables = {
                key: DatasetTables(raw=str(pair["raw"]), curated=str(pair["curated"]))
                for key, pair in dict(values["tables"]).items()
            }
        except (TypeError, KeyError, ValueError):
            raise LakeError(
                "the lake outputs' `tables` entry is not a map of {raw, curated} names",
                REWRITE_HINT,
            ) from None
        for key, pair in tables.items():
            for name in (key, pair.raw, pair.curated):
                if table_problem(name) is not None:
                    raise LakeError(
                        f"outputs.json: table name {_shown(name)} is not valid (it must be "
                        f"{table_problem(name)})",
                        REWRITE_HINT,
                    )
        _check_names(values)
        return cls(
            target=parse_target(str(values["target"])),
            region=str(values["region"]),
            bucket=str(values["bucket"]),
            database=str(values["database"]),
            tables=tables,
            workgroup=str(values["workgroup"]),
            results_location=str(values["results_location"]),
            raw_prefix=str(values["raw_prefix"]),
            curated_prefix=str(values["curated_prefix"]),
            rejected_prefix=str(values["rejected_prefix"]),
            manifests_prefix=str(values["manifests_prefix"]),
            bytes_scanned_cutoff_per_query=int(values["bytes_scanned_cutoff_per_query"]),
            athena_results_expiration_days=int(values["athena_results_expiration_days"]),
        )

    def table_names(self) -> list[str]:
        """Every table the contract names, raw then curated per dataset."""
        return [name for pair in self.tables.values() for name in (pair.raw, pair.curated)]


def load_outputs(path: Path) -> LakeOutputs:
    """Read outputs.json, with errors that tell the user to run `make apply`."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise LakeError(f"no lake outputs at {path}", APPLY_HINT) from None
    except OSError as err:
        raise LakeError(f"cannot read {path} ({err.strerror})", APPLY_HINT) from None
    try:  # a binary or garbled file is a ValueError too (UnicodeDecodeError)
        document = json.loads(data.decode("utf-8"))
        values = {name: entry["value"] for name, entry in document.items()}
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
        raise LakeError(f"{path} is not in `terraform output -json` shape", APPLY_HINT) from None
    return LakeOutputs.from_values(values)


def terraform_type(value: Any) -> Any:
    """The type annotation `terraform output -json` gives a value, so both files match."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, dict):
        return ["object", {key: terraform_type(item) for key, item in value.items()}]
    if isinstance(value, list | tuple):
        return ["tuple", [terraform_type(item) for item in value]]
    return "dynamic"


def to_terraform_json(values: dict[str, Any]) -> dict[str, Any]:
    """Wrap plain values in the `{"value", "type", "sensitive"}` envelope."""
    return {
        name: {"sensitive": False, "type": terraform_type(value), "value": value}
        for name, value in sorted(values.items())
    }


def read_raw_outputs(path: Path) -> dict[str, Any] | None:
    """The file's JSON as is, or None when there is none (for change detection)."""
    try:
        loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError, RecursionError):
        return None
    return loaded


def write_outputs(path: Path, document: dict[str, Any]) -> bool:
    """Write outputs.json atomically; return False (and write nothing) when unchanged."""
    if read_raw_outputs(path) == document:
        return False
    atomic_write_json(path, document)
    return True
