"""The local lake that the Terraform declarations describe: names, tables, workgroup, outputs.

It mirrors terraform/: the same variables, the same table definitions, an outputs
document of the same shape as `terraform output -json`. The bucket keeps its declared
name without the AWS suffix, since a local folder name need not be globally unique.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ingest.catalog.table_input import table_input_from_spec, table_location
from ingest.datasets import DatasetSpec, parse_datasets
from ingest.errors import LakeError
from ingest.names import (
    bucket_problem,
    prefix_problem,
    region_problem,
    table_problem,
    workgroup_problem,
)
from ingest.outputs import MIN_BYTES_SCANNED_CUTOFF
from ingest.schema import LAYERS
from ingest.terraform_config import resolve_variables


@dataclass(frozen=True)
class LocalLakeSpec:
    """Everything a local apply creates, derived from the declarations."""

    variables: dict[str, Any]
    datasets: dict[str, DatasetSpec]

    @property
    def bucket(self) -> str:
        return str(self.variables["bucket_name"])

    @property
    def database(self) -> str:
        return str(self.variables["database_name"])

    @property
    def workgroup(self) -> str:
        return str(self.variables["workgroup_name"])

    def prefix(self, name: str) -> str:
        return str(self.variables[f"{name}_prefix"])

    @property
    def results_location(self) -> str:
        return f"s3://{self.bucket}/{self.prefix('results')}/"

    def table_inputs(self) -> list[dict[str, Any]]:
        """Glue TableInputs for every declared table, raw then curated per dataset."""
        inputs = []
        for dataset in self.datasets.values():
            for layer in LAYERS:
                spec = dataset.table(layer)
                location = table_location(self.bucket, self.prefix(layer), spec.name)
                inputs.append(table_input_from_spec(spec, location, dataset.description))
        return inputs

    def workgroup_document(self) -> dict[str, Any]:
        """The workgroup in Athena's `GetWorkGroup` shape."""
        return {
            "Name": self.workgroup,
            "State": "ENABLED",
            "Configuration": {
                "EnforceWorkGroupConfiguration": True,
                "PublishCloudWatchMetricsEnabled": True,
                "BytesScannedCutoffPerQuery": int(self.variables["bytes_scanned_cutoff_per_query"]),
                "EngineVersion": {"SelectedEngineVersion": "Athena engine version 3"},
                "ResultConfiguration": {
                    "OutputLocation": self.results_location,
                    "EncryptionConfiguration": {"EncryptionOption": "SSE_S3"},
                },
            },
        }

    def output_values(self) -> dict[str, Any]:
        """The values terraform/outputs.tf gives, for the local target."""
        return {
            "target": "local",
            "region": self.variables["region"],
            "bucket": self.bucket,
            "database": self.database,
            "tables": {
                key: {"raw": spec.raw.name, "curated": spec.curated.name}
                for key, spec in self.datasets.items()
            },
            "workgroup": self.workgroup,
            "results_location": self.results_location,
            "raw_prefix": self.prefix("raw"),
            "curated_prefix": self.prefix("curated"),
            "rejected_prefix": self.prefix("rejected"),
            "manifests_prefix": self.prefix("manifests"),
            "bytes_scanned_cutoff_per_query": int(self.variables["bytes_scanned_cutoff_per_query"]),
            "athena_results_expiration_days": int(self.variables["athena_results_expiration_days"]),
        }


REQUIRED_VARIABLES = (
    "region",
    "bucket_name",
    "database_name",
    "workgroup_name",
    "raw_prefix",
    "curated_prefix",
    "rejected_prefix",
    "manifests_prefix",
    "results_prefix",
    "bytes_scanned_cutoff_per_query",
    "athena_results_expiration_days",
    "datasets",
)


def load_local_spec(terraform_dir: Path, env: dict[str, str] | None = None) -> LocalLakeSpec:
    """Read and check the declarations; errors name the file to fix."""
    variables = resolve_variables(terraform_dir, env)
    missing = [name for name in REQUIRED_VARIABLES if name not in variables]
    if missing:
        raise LakeError(
            f"terraform/variables.tf does not declare {', '.join(missing)}",
            "restore the variables the local target needs (see README, Configuration)",
        )
    _check_names(variables)
    return LocalLakeSpec(variables=variables, datasets=parse_datasets(variables["datasets"]))


_NAME_RULES = {
    "region": region_problem,
    "bucket_name": bucket_problem,
    "database_name": table_problem,
    "workgroup_name": workgroup_problem,
    **{
        f"{p}_prefix": prefix_problem
        for p in ("raw", "curated", "rejected", "manifests", "results")
    },
}


def _check_names(variables: dict[str, Any]) -> None:
    """Terraform's own validation blocks do not run here: apply the same rules, so a name
    never becomes a path outside LAKE_HOME (a bucket of `../../x`)."""
    for name, rule in _NAME_RULES.items():
        value = variables[name]
        problem = rule(value) if isinstance(value, str) else "a string"
        if problem is not None:
            raise LakeError(
                f"the Terraform variable {name} = {str(value)[:60]!r} is not valid "
                f"(it must be {problem})",
                f"fix it in terraform/terraform.tfvars or TF_VAR_{name}",
            )
    for name, least, unit in _WHOLE_NUMBERS:
        value = variables[name]
        try:
            whole = float(value).is_integer() and float(value) >= least
        except (TypeError, ValueError):
            whole = False
        if not whole:
            raise LakeError(
                f"the Terraform variable {name} = {str(value)[:60]!r} is not valid "
                f"(it must be a whole number of {unit}, at least {least:,})",
                f"fix it in terraform/terraform.tfvars or TF_VAR_{name}",
            )


#: Numbers the local target turns into int() (Terraform's validation blocks do not run here).
_WHOLE_NUMBERS = (
    ("bytes_scanned_cutoff_per_query", MIN_BYTES_SCANNED_CUTOFF, "bytes"),
    ("athena_results_expiration_days", 1, "days"),
)
