"""The outputs contract: every resource name the Python side uses, read from one file.

`make apply` writes `LAKE_HOME/outputs.json` in the shape of `terraform output -json`,
for the `aws` target (from Terraform itself) and the `local` target (from the same
declarations, read with python-hcl2). Ingest and the TUI read names only from here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ingest.atomic import atomic_write_json
from ingest.errors import LakeError
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
)

APPLY_HINT = "run `make apply` (or `nba-lake apply`) first to provision the lake"


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

    @classmethod
    def from_values(cls, values: dict[str, Any]) -> LakeOutputs:
        """Build from plain `{name: value}`; a missing name is a clear error."""
        missing = [name for name in REQUIRED_OUTPUTS if name not in values]
        if missing:
            raise LakeError(
                f"the lake outputs lack {', '.join(missing)}",
                "re-run `make apply` to rewrite outputs.json",
            )
        try:
            tables = {
                key: DatasetTables(raw=str(pair["raw"]), curated=str(pair["curated"]))
                for key, pair in dict(values["tables"]).items()
            }
        except (TypeError, KeyError, ValueError):
            raise LakeError(
                "the lake outputs' `tables` entry is not a map of {raw, curated} names",
                "re-run `make apply` to rewrite outputs.json",
            ) from None
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
        )

    def table_names(self) -> list[str]:
        """Every table the contract names, raw then curated per dataset."""
        return [name for pair in self.tables.values() for name in (pair.raw, pair.curated)]


def load_outputs(path: Path) -> LakeOutputs:
    """Read outputs.json, with errors that tell the user to run `make apply`."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LakeError(f"no lake outputs at {path}", APPLY_HINT) from None
    try:
        document = json.loads(text)
        values = {name: entry["value"] for name, entry in document.items()}
    except (ValueError, TypeError, KeyError, AttributeError):
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
    except (FileNotFoundError, ValueError):
        return None
    return loaded


def write_outputs(path: Path, document: dict[str, Any]) -> bool:
    """Write outputs.json atomically; return False (and write nothing) when unchanged."""
    if read_raw_outputs(path) == document:
        return False
    atomic_write_json(path, document)
    return True
