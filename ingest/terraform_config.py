"""Read the Terraform root module's variables as Terraform would resolve them.

The `local` target is provisioned from the same declarations as the `aws` target:
variable defaults from `*.tf`, then `TF_VAR_*` from the environment, then
`terraform.tfvars` and `*.auto.tfvars` in lexical order (Terraform's precedence).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import hcl2

from ingest.errors import LakeError

_HCL_OPTIONS = hcl2.SerializationOptions(
    strip_string_quotes=True, with_comments=False, explicit_blocks=False
)


def parse_hcl_file(path: Path) -> dict[str, Any]:
    """Parse one HCL file into plain Python values, or fail with a one-line error."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise LakeError(f"cannot read {path}: {err.strerror}", "check the file exists") from None
    try:
        parsed: dict[str, Any] = hcl2.loads(text, serialization_options=_HCL_OPTIONS)
    except Exception as err:  # python-hcl2 raises lark's many exception types
        detail = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise LakeError(
            f"cannot parse {path.name}: {detail}",
            f"fix the HCL syntax in {path} (`terraform fmt` points at the line)",
        ) from None
    return parsed


def declared_variables(terraform_dir: Path) -> dict[str, dict[str, Any]]:
    """`variable` blocks of the root module, by name."""
    if not terraform_dir.is_dir():
        raise LakeError(
            f"no Terraform module at {terraform_dir}",
            "run from the project checkout or set NBA_LAKE_TERRAFORM_DIR",
        )
    variables: dict[str, dict[str, Any]] = {}
    for tf_file in sorted(terraform_dir.glob("*.tf")):
        for block in parse_hcl_file(tf_file).get("variable", []):
            for name, body in block.items():
                variables[name] = body
    return variables


def _tfvars_files(terraform_dir: Path) -> list[Path]:
    """The files Terraform loads automatically, in the order it loads them."""
    files = [terraform_dir / "terraform.tfvars", terraform_dir / "terraform.tfvars.json"]
    files += sorted(terraform_dir.glob("*.auto.tfvars"))
    files += sorted(terraform_dir.glob("*.auto.tfvars.json"))
    return [path for path in files if path.is_file()]


def _load_tfvars(path: Path) -> dict[str, Any]:
    if path.suffix == ".json":
        try:
            loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        except ValueError as err:
            raise LakeError(f"cannot parse {path.name}: {err}", f"fix the JSON in {path}") from None
        return loaded
    return parse_hcl_file(path)


def _env_value(raw: str, declared: dict[str, Any]) -> Any:
    """A `TF_VAR_x` string, decoded as Terraform does for non-string types."""
    if str(declared.get("type", "string")).strip("${}") == "string":
        return raw
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def resolve_variables(terraform_dir: Path, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Every declared variable's value after defaults, environment and tfvars files.

    A variable that has no value is an error, as is a tfvars entry that sets a variable
    nobody declared (Terraform only warns; here a typo would go unnoticed).
    """
    environ = os.environ if env is None else env
    declared = declared_variables(terraform_dir)
    values = {name: body["default"] for name, body in declared.items() if "default" in body}
    for name, body in declared.items():
        if f"TF_VAR_{name}" in environ:
            values[name] = _env_value(environ[f"TF_VAR_{name}"], body)
    for path in _tfvars_files(terraform_dir):
        for name, value in _load_tfvars(path).items():
            if name not in declared:
                raise LakeError(
                    f"{path.name} sets '{name}', "
                    f"which no variable in {terraform_dir.name}/ declares",
                    "fix the name or declare the variable in variables.tf",
                )
            values[name] = value
    unset = sorted(set(declared) - set(values))
    if unset:
        raise LakeError(
            f"Terraform variables without a value: {', '.join(unset)}",
            "set them in terraform/terraform.tfvars or as TF_VAR_<name>",
        )
    return values
