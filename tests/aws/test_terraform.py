"""The Terraform root module, end to end: the real terraform binary and the real AWS
provider against a moto server over HTTP on 127.0.0.1 (never real AWS).

One workspace per module: a copy of terraform/ with an emulator override file, `init` and
`validate` once, `apply` once, then read-only checks through boto3, and `destroy` last.
The tests below are written in the order pytest runs them (file order; no randomising plugin
is installed); test_destroy_removes_everything must stay the last test of the file.

The AWS provider's lifecycle-configuration waiter makes `apply` take about a minute against
any backend (see terraform/modules/storage/main.tf); the whole file runs in under two.

Static checks (fmt, checkov, skip reasons, typed/described variables and outputs) need no
emulator.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import hcl2
import pytest

from ingest.outputs import REQUIRED_OUTPUTS
from ingest.provision.local_spec import REQUIRED_VARIABLES
from tests.support.emulator import (
    MOTO_ACCOUNT_ID,
    REPO_ROOT,
    TERRAFORM_DIR,
    MotoServer,
    prepare_terraform_workdir,
    terraform_binary,
    terraform_env,
    terraform_init_args,
)

pytestmark = pytest.mark.terraform

REGION = "us-east-1"
BUCKET = f"sports-data-lake-{MOTO_ACCOUNT_ID}-{REGION}"
DATABASE = "glue_nba_data_lake"
WORKGROUP = "nba-data-lake"
TEN_GIB = 10 * 1024**3

#: Outputs the Python side reads from `terraform output -json`.
CONTRACT_OUTPUTS = {*REQUIRED_OUTPUTS, "bucket_arn"}

#: Variables the Python side reads (with python-hcl2) by name.
ROOT_VARIABLES = {
    *REQUIRED_VARIABLES,  # what the local target reads; the rest only Terraform uses
    "project",
    "tags",
    "bucket_unique_suffix",
    "athena_results_expiration_days",
    "noncurrent_version_expiration_days",
    "abort_incomplete_multipart_upload_days",
    "force_destroy",
}

RAW_FORMAT = {
    "input": "org.apache.hadoop.mapred.TextInputFormat",
    "output": "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
    "serde": "org.openx.data.jsonserde.JsonSerDe",
    "classification": "json",
}
CURATED_FORMAT = {
    "input": "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
    "output": "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
    "serde": "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
    "classification": "parquet",
}

# Apply and destroy with force_destroy, so the (versioned, non-empty) bucket can go.
FORCE_DESTROY = ["-var", "force_destroy=true"]


# -- reading the HCL declarations ------------------------------------------------------------


def _load_hcl(path: Path) -> dict[str, Any]:
    """Parse an HCL file with python-hcl2, string values without their quotes."""
    with path.open() as handle:
        try:
            from hcl2 import SerializationOptions  # python-hcl2 >= 8
        except ImportError:  # pragma: no cover - older python-hcl2 strips quotes itself
            return hcl2.load(handle)
        return hcl2.load(
            handle, serialization_options=SerializationOptions(strip_string_quotes=True)
        )


def _blocks(document: dict[str, Any], kind: str) -> dict[str, dict[str, Any]]:
    """{name: body} of the `variable "name" {}` / `output "name" {}` blocks of a document."""
    found: dict[str, dict[str, Any]] = {}
    for block in document.get(kind, []):
        for name, body in block.items():
            found[name.strip('"')] = body
    return found


def load_datasets() -> dict[str, Any]:
    datasets: dict[str, Any] = _load_hcl(TERRAFORM_DIR / "datasets.auto.tfvars")["datasets"]
    return datasets


DATASETS = load_datasets()
TABLE_CASES = [
    pytest.param(dataset, layer, id=f"{dataset}-{layer}")
    for dataset in sorted(DATASETS)
    for layer in ("raw", "curated")
]


def _module_dirs() -> list[Path]:
    return [
        TERRAFORM_DIR,
        *sorted(path for path in (TERRAFORM_DIR / "modules").iterdir() if path.is_dir()),
    ]


def _tf_files() -> list[Path]:
    """The module's own .tf files (not .terraform/, not git-ignored local override files)."""
    return sorted(
        path
        for path in TERRAFORM_DIR.rglob("*.tf")
        if ".terraform" not in path.parts and not path.name.endswith("override.tf")
    )


# -- running terraform -------------------------------------------------------------------------


@dataclass
class Workspace:
    path: Path
    env: dict[str, str]
    moto: MotoServer
    destroyed: bool = field(default=False)

    def run(
        self, *args: str, check: bool = True, timeout: float = 300
    ) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [terraform_binary(), *args],
            cwd=self.path,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if check and result.returncode != 0:
            pytest.fail(self.describe(result), pytrace=False)
        return result

    def describe(self, result: subprocess.CompletedProcess[str]) -> str:
        return (
            f"terraform {' '.join(result.args[1:])} exited with {result.returncode}\n"
            f"--- stdout (tail) ---\n{result.stdout[-6000:]}\n"
            f"--- stderr ---\n{result.stderr[-6000:]}\n"
            f"--- moto server log (tail) ---\n{self.moto.log_tail(20)}"
        )

    def outputs(self) -> dict[str, Any]:
        raw = json.loads(self.run("output", "-json", "-no-color").stdout)
        return {name: entry["value"] for name, entry in raw.items()}


@pytest.fixture(scope="module")
def workspace(
    moto_server: MotoServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Workspace]:
    """terraform/ copied next to an emulator override, initialised and validated."""
    moto_server.reset()
    path = prepare_terraform_workdir(
        tmp_path_factory.mktemp("terraform") / "root", moto_server.endpoint
    )
    ws = Workspace(path=path, env=terraform_env(moto_server.endpoint, REGION), moto=moto_server)
    try:
        ws.run(*terraform_init_args(), timeout=600)
        ws.run("validate", "-no-color")
        yield ws
    finally:
        # The provider install is ~700 MB per workspace: don't leave it in pytest's tmp dirs.
        shutil.rmtree(path / ".terraform", ignore_errors=True)


@pytest.fixture(scope="module")
def applied(workspace: Workspace) -> Iterator[Workspace]:
    """The workspace after `terraform apply` (destroyed by test_destroy, or here as a fallback)."""
    workspace.run(
        "apply", "-auto-approve", "-input=false", "-no-color", *FORCE_DESTROY, timeout=600
    )
    yield workspace
    if not workspace.destroyed:
        workspace.run(
            "destroy",
            "-auto-approve",
            "-input=false",
            "-no-color",
            *FORCE_DESTROY,
            check=False,
            timeout=600,
        )


@pytest.fixture(scope="module")
def outputs(applied: Workspace) -> dict[str, Any]:
    return applied.outputs()


@pytest.fixture(scope="module")
def s3(moto_server: MotoServer) -> Any:
    return moto_server.client("s3", REGION)


@pytest.fixture(scope="module")
def glue(moto_server: MotoServer) -> Any:
    return moto_server.client("glue", REGION)


@pytest.fixture(scope="module")
def athena(moto_server: MotoServer) -> Any:
    return moto_server.client("athena", REGION)


# -- static checks (no emulator) -----------------------------------------------------------------


def test_terraform_fmt_is_clean() -> None:
    result = subprocess.run(
        [
            terraform_binary(),
            "fmt",
            "-check",
            "-recursive",
            "-diff",
            "-no-color",
            str(TERRAFORM_DIR),
        ],
        capture_output=True,
        text=True,
        env=terraform_env("http://127.0.0.1:9", REGION),
        timeout=60,
    )
    assert result.returncode == 0, (
        f"terraform fmt would change files:\n{result.stdout}\n{result.stderr}"
    )


def test_variables_and_outputs_are_typed_described_and_complete() -> None:
    problems: list[str] = []
    for module_dir in _module_dirs():
        rel = module_dir.relative_to(REPO_ROOT)
        for name in ("main.tf", "variables.tf", "outputs.tf", "versions.tf"):
            if not (module_dir / name).is_file():
                problems.append(f"{rel}: missing {name}")
        variables = _blocks(_load_hcl(module_dir / "variables.tf"), "variable")
        for name, body in variables.items():
            if "type" not in body:
                problems.append(f"{rel}: variable {name} has no type")
            if not str(body.get("description", "")).strip():
                problems.append(f"{rel}: variable {name} has no description")
        for name, body in _blocks(_load_hcl(module_dir / "outputs.tf"), "output").items():
            if not str(body.get("description", "")).strip():
                problems.append(f"{rel}: output {name} has no description")
    assert not problems, "\n".join(problems)

    root_variables = set(_blocks(_load_hcl(TERRAFORM_DIR / "variables.tf"), "variable"))
    assert root_variables >= ROOT_VARIABLES, (
        f"root variables missing: {sorted(ROOT_VARIABLES - root_variables)}"
    )
    root_outputs = set(_blocks(_load_hcl(TERRAFORM_DIR / "outputs.tf"), "output"))
    assert root_outputs >= CONTRACT_OUTPUTS, (
        f"root outputs missing: {sorted(CONTRACT_OUTPUTS - root_outputs)}"
    )


def test_endpoints_are_configured_only_by_the_test_override() -> None:
    offenders = [
        str(path.relative_to(REPO_ROOT))
        for path in _tf_files()
        if re.search(
            r"^\s*endpoints\s*\{|127\.0\.0\.1|localhost|s3_use_path_style|skip_credentials_validation",
            path.read_text(),
            re.M,
        )
    ]
    assert not offenders, (
        f"emulator settings belong in the test override only, found in: {offenders}"
    )


SKIP_COMMENT = re.compile(r"(?:checkov|bridgecrew):skip=([^\s:]*)(?::(.*))?", re.IGNORECASE)


def test_every_checkov_skip_carries_a_reason() -> None:
    skips: list[tuple[str, int, str]] = []
    problems: list[str] = []
    for path in _tf_files():
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            for match in SKIP_COMMENT.finditer(line):
                where = f"{path.relative_to(REPO_ROOT)}:{number}"
                check_id, reason = match.group(1), (match.group(2) or "").strip()
                if not re.fullmatch(r"CKV2?_[A-Z0-9]+_\d+", check_id):
                    problems.append(f"{where}: {check_id!r} is not a checkov check id")
                if len(reason) < 15 or len(reason.split()) < 3:
                    problems.append(f"{where}: skip of {check_id} has no real reason ({reason!r})")
                skips.append((where, number, check_id))
    assert not problems, "\n".join(problems)
    assert skips, "expected the inline checkov skips of the storage module to be found"


def _checkov_binary() -> str:
    configured = os.environ.get("CHECKOV")
    if configured:
        if not (Path(configured).is_file() or shutil.which(configured)):
            pytest.fail(f"CHECKOV={configured!r} does not name an executable", pytrace=False)
        return configured
    found = shutil.which("checkov") or (REPO_ROOT / ".tools" / "checkov" / "bin" / "checkov")
    if isinstance(found, Path) and not found.is_file():
        pytest.fail(
            "checkov not found: set CHECKOV, put checkov on PATH, or install it to .tools/checkov "
            "(the Makefile does); it is not optional for this project",
            pytrace=False,
        )
    return str(found)


def test_checkov_passes() -> None:
    result = subprocess.run(
        [
            _checkov_binary(),
            "--directory",
            "terraform",
            "--framework",
            "terraform",
            "--skip-download",  # offline: no Prisma Cloud guideline/severity lookups
            "--output",
            "json",
        ],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        pytest.fail(
            f"checkov produced no JSON report (exit {result.returncode}):\n"
            f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
        )
    assert isinstance(report, dict), f"unexpected checkov report shape: {str(report)[:500]}"
    summary = report["summary"]
    failed = [
        f"{check['check_id']} {check['resource']} ({check['file_path']}:"
        f"{check['file_line_range']}): {check['check_name']}"
        for check in report["results"]["failed_checks"]
    ]
    assert not failed and summary["failed"] == 0, "checkov failures:\n" + "\n".join(failed)
    assert summary["parsing_errors"] == 0, f"checkov could not parse: {summary}"
    assert summary["passed"] > 0 and summary["resource_count"] > 0, (
        f"checkov checked nothing: {summary}"
    )
    unexplained = [
        check["check_id"]
        for check in report["results"]["skipped_checks"]
        if not check["check_result"].get("suppress_comment", "").strip()
    ]
    assert not unexplained, f"skipped without a reason: {unexplained}"
    assert result.returncode == 0, result.stderr[-3000:]


# -- variable validation -------------------------------------------------------------------------

BAD_DATASETS = {
    "datasets": {
        "players": {
            "description": "bad on purpose",
            "raw": {
                "table": "Players-Raw",
                "columns": [{"name": "id", "type": "varchar"}],
                "partition_keys": [{"name": "ingest_date", "type": "string"}],
            },
            "curated": {
                "table": "players",
                "columns": [
                    {"name": "Player ID", "type": "int"},
                    {"name": "season", "type": "int"},
                ],
                "partition_keys": [{"name": "season", "type": "int"}],
            },
        },
        "teams": {
            "description": "duplicate table name",
            "raw": {
                "table": "players",
                "columns": [{"name": "id", "type": "int"}],
                "partition_keys": [],
            },
            "curated": {"table": "teams", "columns": [], "partition_keys": []},
        },
    }
}

#: Bad values given with -var, all in one plan (datasets comes from a -var-file).
BAD_VARS = {
    "bytes_scanned_cutoff_per_query": "1",
    "region": "US-EAST-1",
    "bucket_name": "Sports_Data_Lake_With_A_Name_Much_Too_Long_For_S3",
    "raw_prefix": "/raw/",
    "results_prefix": "athena-results/",
    "athena_results_expiration_days": "0",
    "workgroup_name": "nba data lake",
    "database_name": "Glue-NBA",
    "tags": '{"aws:owner"="me"}',
}

#: (variable, fragment its error message must contain)
BAD_VALUE_CASES = [
    ("bytes_scanned_cutoff_per_query", "at least 10485760"),
    ("region", "must be an AWS region code"),
    ("bucket_name", "3-34 characters long"),
    ("bucket_name", "only lower-case letters, digits and hyphens"),
    ("raw_prefix", "no slash at either end"),
    ("results_prefix", "no slash at either end"),
    ("athena_results_expiration_days", "at least 1"),
    ("workgroup_name", "Athena's rule"),
    ("database_name", "lower-case letters, digits and underscores"),
    ("tags", "must not start with"),
    ("datasets", "Table names must be lower snake_case"),
    ("datasets", "must be unique within the database"),
    ("datasets", "types must be one of: int, bigint"),
    ("datasets", "names must be lower snake_case"),
    ("datasets", "at least one column"),
]


def _diagnostics(result: subprocess.CompletedProcess[str]) -> list[dict[str, Any]]:
    found = []
    for line in result.stdout.splitlines():
        try:
            message = json.loads(line)
        except json.JSONDecodeError:
            continue
        if message.get("type") == "diagnostic" and message["diagnostic"]["severity"] == "error":
            found.append(message["diagnostic"])
    return found


@pytest.fixture(scope="module")
def bad_value_errors(
    workspace: Workspace, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, list[str]]:
    """One `terraform plan` with every bad value at once (Terraform reports every failed
    validation rule), as {variable name: [error details]}.

    `terraform validate` takes no variable values, so plan is the first command that checks
    them; -refresh=false and -lock=false keep it read-only.
    """
    var_file = tmp_path_factory.mktemp("bad-vars") / "bad.tfvars.json"
    var_file.write_text(json.dumps(BAD_DATASETS))
    args = [
        "plan",
        "-json",
        "-input=false",
        "-refresh=false",
        "-lock=false",
        f"-var-file={var_file}",
    ]
    for name, value in BAD_VARS.items():
        args += ["-var", f"{name}={value}"]
    result = workspace.run(*args, check=False)
    assert result.returncode != 0, (
        "terraform plan accepted the bad values:\n" + result.stdout[-3000:]
    )
    errors: dict[str, list[str]] = {}
    for diagnostic in _diagnostics(result):
        where = diagnostic.get("range") or {}
        filename, line = where.get("filename", ""), where.get("start", {}).get("line", 0)
        if Path(filename).name == var_file.name:
            variable = "datasets"  # the only variable the var-file sets
        else:
            variable = _variable_declared_at(workspace.path / filename, line) if filename else ""
        errors.setdefault(variable, []).append(
            " ".join(f"{diagnostic['summary']}: {diagnostic.get('detail', '')}".split())
        )
    return errors


def _variable_declared_at(path: Path, line: int) -> str:
    """Name of the `variable` block of ``path`` that encloses ``line`` (1-based)."""
    name = ""
    for number, text in enumerate(path.read_text().splitlines(), start=1):
        if number > line:
            break
        match = re.match(r'variable\s+"(\w+)"', text)
        if match:
            name = match.group(1)
    return name


@pytest.mark.aws
@pytest.mark.parametrize(
    ("variable", "fragment"), BAD_VALUE_CASES, ids=[f"{v}:{f}" for v, f in BAD_VALUE_CASES]
)
def test_bad_variable_values_are_rejected(
    bad_value_errors: dict[str, list[str]], variable: str, fragment: str
) -> None:
    messages = bad_value_errors.get(variable, [])
    assert any(fragment in message for message in messages), (
        f"no error for var.{variable} mentioning {fragment!r}; got: {messages}"
    )
    assert all(message.startswith("Invalid value for variable") for message in messages)


@pytest.mark.aws
def test_overlapping_prefixes_are_rejected(workspace: Workspace) -> None:
    result = workspace.run(
        "plan",
        "-no-color",
        "-input=false",
        "-refresh=false",
        "-lock=false",
        "-var",
        "results_prefix=raw/athena",
        check=False,
    )
    assert result.returncode != 0
    text = " ".join((result.stdout + result.stderr).split())
    assert (
        "must not overlap" in text
        and 'raw_prefix ("raw") and results_prefix ("raw/athena")' in text
    ), text[-3000:]


@pytest.mark.aws
def test_bucket_unique_suffix_can_be_turned_off(workspace: Workspace, tmp_path: Path) -> None:
    plan_file = tmp_path / "no-suffix.tfplan"
    workspace.run(
        "plan",
        "-input=false",
        "-no-color",
        "-refresh=false",
        "-lock=false",
        "-var",
        "bucket_unique_suffix=false",
        f"-out={plan_file}",
    )
    plan = json.loads(workspace.run("show", "-json", "-no-color", str(plan_file)).stdout)
    storage = next(
        module
        for module in plan["planned_values"]["root_module"]["child_modules"]
        if module["address"] == "module.storage"
    )
    bucket = next(r for r in storage["resources"] if r["address"].endswith("aws_s3_bucket.this"))
    assert bucket["values"]["bucket"] == "sports-data-lake"


# -- apply, then look at what was built ------------------------------------------------------------


@pytest.mark.aws
@pytest.mark.slow
def test_second_plan_shows_no_changes(applied: Workspace) -> None:
    result = applied.run(
        "plan", "-detailed-exitcode", "-input=false", "-no-color", *FORCE_DESTROY, check=False
    )
    assert result.returncode == 0, (
        "plan after apply is not empty (exit 2 = changes):\n" + applied.describe(result)
    )


@pytest.mark.aws
@pytest.mark.slow
def test_outputs_are_the_contract(outputs: dict[str, Any]) -> None:
    assert set(outputs) >= CONTRACT_OUTPUTS, sorted(CONTRACT_OUTPUTS - set(outputs))
    assert outputs["target"] == "aws"
    assert outputs["region"] == REGION
    assert outputs["bucket"] == BUCKET
    assert outputs["bucket_arn"] == f"arn:aws:s3:::{BUCKET}"
    assert outputs["database"] == DATABASE
    assert outputs["workgroup"] == WORKGROUP
    assert outputs["results_location"] == f"s3://{BUCKET}/athena-results/"
    assert outputs["raw_prefix"] == "raw"
    assert outputs["curated_prefix"] == "curated"
    assert outputs["rejected_prefix"] == "rejected"
    assert outputs["manifests_prefix"] == "_manifests"
    assert outputs["bytes_scanned_cutoff_per_query"] == TEN_GIB
    assert outputs["tables"] == {
        key: {"raw": ds["raw"]["table"], "curated": ds["curated"]["table"]}
        for key, ds in DATASETS.items()
    }


@pytest.mark.aws
@pytest.mark.slow
def test_bucket_is_private_encrypted_and_versioned(applied: Workspace, s3: Any) -> None:
    rules = s3.get_bucket_encryption(Bucket=BUCKET)["ServerSideEncryptionConfiguration"]["Rules"]
    assert [rule["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] for rule in rules] == [
        "AES256"
    ]

    block = s3.get_public_access_block(Bucket=BUCKET)["PublicAccessBlockConfiguration"]
    assert block == {
        "BlockPublicAcls": True,
        "IgnorePublicAcls": True,
        "BlockPublicPolicy": True,
        "RestrictPublicBuckets": True,
    }

    ownership = s3.get_bucket_ownership_controls(Bucket=BUCKET)["OwnershipControls"]["Rules"]
    assert ownership == [{"ObjectOwnership": "BucketOwnerEnforced"}]

    assert s3.get_bucket_versioning(Bucket=BUCKET)["Status"] == "Enabled"


@pytest.mark.aws
@pytest.mark.slow
def test_bucket_policy_denies_plain_http(applied: Workspace, s3: Any) -> None:
    policy = json.loads(s3.get_bucket_policy(Bucket=BUCKET)["Policy"])
    denies = [
        statement
        for statement in policy["Statement"]
        if statement["Effect"] == "Deny"
        and statement.get("Condition", {}).get("Bool", {}).get("aws:SecureTransport") == "false"
    ]
    assert len(denies) == 1, policy
    statement = denies[0]
    assert statement["Principal"] in ("*", {"AWS": "*"})
    assert statement["Action"] in ("s3:*", ["s3:*"])
    assert sorted(statement["Resource"]) == sorted(
        [f"arn:aws:s3:::{BUCKET}", f"arn:aws:s3:::{BUCKET}/*"]
    )


@pytest.mark.aws
@pytest.mark.slow
def test_bucket_lifecycle_rules(applied: Workspace, s3: Any) -> None:
    config = s3.get_bucket_lifecycle_configuration(Bucket=BUCKET)
    rules = {rule["ID"]: rule for rule in config["Rules"]}
    assert set(rules) == {
        "expire-athena-results",
        "expire-noncurrent-versions",
        "abort-incomplete-multipart-uploads",
    }
    assert all(rule["Status"] == "Enabled" for rule in rules.values())

    results = rules["expire-athena-results"]
    assert results["Filter"] == {"Prefix": "athena-results/"}
    assert results["Expiration"] == {"Days": 30}

    noncurrent = rules["expire-noncurrent-versions"]
    assert noncurrent["Filter"].get("Prefix", "") == ""  # whole bucket
    assert noncurrent["NoncurrentVersionExpiration"]["NoncurrentDays"] == 30
    assert noncurrent["Expiration"] == {"ExpiredObjectDeleteMarker": True}

    multipart = rules["abort-incomplete-multipart-uploads"]
    assert multipart["Filter"].get("Prefix", "") == ""  # whole bucket
    assert multipart["AbortIncompleteMultipartUpload"] == {"DaysAfterInitiation": 7}


@pytest.mark.aws
@pytest.mark.slow
def test_default_tags_reach_every_taggable_resource(
    applied: Workspace, s3: Any, glue: Any, athena: Any
) -> None:
    expected = {"Project": "nba-data-lake", "ManagedBy": "terraform"}
    bucket_tags = {
        tag["Key"]: tag["Value"] for tag in s3.get_bucket_tagging(Bucket=BUCKET)["TagSet"]
    }
    database_tags = glue.get_tags(
        ResourceArn=f"arn:aws:glue:{REGION}:{MOTO_ACCOUNT_ID}:database/{DATABASE}"
    )["Tags"]
    workgroup_arn = f"arn:aws:athena:{REGION}:{MOTO_ACCOUNT_ID}:workgroup/{WORKGROUP}"
    workgroup_tags = {
        tag["Key"]: tag["Value"]
        for tag in athena.list_tags_for_resource(ResourceARN=workgroup_arn)["Tags"]
    }
    for name, tags in (
        ("bucket", bucket_tags),
        ("glue database", database_tags),
        ("athena workgroup", workgroup_tags),
    ):
        assert expected.items() <= tags.items(), f"{name} tags: {tags}"


@pytest.mark.aws
@pytest.mark.slow
def test_database_holds_exactly_the_declared_tables(applied: Workspace, glue: Any) -> None:
    names = {
        table["Name"]
        for page in glue.get_paginator("get_tables").paginate(DatabaseName=DATABASE)
        for table in page["TableList"]
    }
    declared = {DATASETS[key][layer]["table"] for key in DATASETS for layer in ("raw", "curated")}
    assert names == declared


@pytest.mark.aws
@pytest.mark.slow
@pytest.mark.parametrize(("dataset", "layer"), TABLE_CASES)
def test_glue_table_matches_declaration(
    applied: Workspace, glue: Any, dataset: str, layer: str
) -> None:
    declared = DATASETS[dataset][layer]
    table = glue.get_table(DatabaseName=DATABASE, Name=declared["table"])["Table"]
    storage = table["StorageDescriptor"]
    fmt = RAW_FORMAT if layer == "raw" else CURATED_FORMAT
    prefix = "raw" if layer == "raw" else "curated"

    assert [(c["Name"], c["Type"]) for c in storage["Columns"]] == [
        (c["name"], c["type"]) for c in declared["columns"]
    ]
    assert [(k["Name"], k["Type"]) for k in table.get("PartitionKeys", [])] == [
        (k["name"], k["type"]) for k in declared["partition_keys"]
    ]
    assert table["TableType"] == "EXTERNAL_TABLE"
    assert storage["Location"] == f"s3://{BUCKET}/{prefix}/{declared['table']}/"
    assert storage["InputFormat"] == fmt["input"]
    assert storage["OutputFormat"] == fmt["output"]
    assert storage["SerdeInfo"]["SerializationLibrary"] == fmt["serde"]
    if layer == "raw":
        assert storage["SerdeInfo"]["Parameters"] == {
            "ignore.malformed.json": "FALSE",
            "case.insensitive": "TRUE",
        }
    parameters = table["Parameters"]
    assert parameters["EXTERNAL"] == "TRUE"
    assert parameters["classification"] == fmt["classification"]
    assert parameters["dataset"] == dataset
    assert parameters["layer"] == layer
    # Partitions are registered by ingest, never projected by Athena.
    assert not any(key.startswith("projection.") for key in parameters), parameters


@pytest.mark.aws
@pytest.mark.slow
def test_workgroup_enforces_its_configuration(applied: Workspace, athena: Any) -> None:
    workgroup = athena.get_work_group(WorkGroup=WORKGROUP)["WorkGroup"]
    assert workgroup["State"] == "ENABLED"
    config = workgroup["Configuration"]
    assert config["EnforceWorkGroupConfiguration"] is True
    assert config["PublishCloudWatchMetricsEnabled"] is True
    assert config["BytesScannedCutoffPerQuery"] == TEN_GIB
    assert config["EngineVersion"]["SelectedEngineVersion"] == "Athena engine version 3"
    results = config["ResultConfiguration"]
    assert results["OutputLocation"] == f"s3://{BUCKET}/athena-results/"
    assert results["EncryptionConfiguration"] == {"EncryptionOption": "SSE_S3"}
    assert results["ExpectedBucketOwner"] == MOTO_ACCOUNT_ID


# -- destroy (must stay last) -------------------------------------------------------------------


@pytest.mark.aws
@pytest.mark.slow
def test_destroy_removes_everything(applied: Workspace, s3: Any, glue: Any, athena: Any) -> None:
    # A non-empty, versioned bucket: destroy must still succeed with force_destroy.
    key = "raw/nba_player_data/ingest_date=2024-01-01/part-0.json"
    s3.put_object(Bucket=BUCKET, Key=key, Body=b'{"playerid": 1}\n')
    s3.put_object(Bucket=BUCKET, Key=key, Body=b'{"playerid": 2}\n')

    applied.run(
        "destroy", "-auto-approve", "-input=false", "-no-color", *FORCE_DESTROY, timeout=600
    )
    applied.destroyed = True

    assert BUCKET not in {bucket["Name"] for bucket in s3.list_buckets()["Buckets"]}
    assert DATABASE not in {db["Name"] for db in glue.get_databases()["DatabaseList"]}
    assert WORKGROUP not in {wg["Name"] for wg in athena.list_work_groups()["WorkGroups"]}
    state = json.loads(applied.run("show", "-json", "-no-color").stdout)
    assert not state.get("values", {}).get("root_module", {}).get("resources"), state
