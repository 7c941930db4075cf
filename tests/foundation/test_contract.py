"""The outputs contract: Terraform declares every output and variable the Python side reads."""

from __future__ import annotations

from ingest.outputs import REQUIRED_OUTPUTS
from ingest.provision.local_spec import REQUIRED_VARIABLES
from ingest.terraform_config import declared_variables, parse_hcl_file
from tests.conftest import TERRAFORM_DIR


def _declared_outputs() -> dict[str, dict[str, object]]:
    outputs: dict[str, dict[str, object]] = {}
    for block in parse_hcl_file(TERRAFORM_DIR / "outputs.tf").get("output", []):
        outputs.update(block)
    return outputs


def test_outputs_tf_declares_every_output_python_reads() -> None:
    missing = set(REQUIRED_OUTPUTS) - set(_declared_outputs())
    assert not missing, f"terraform/outputs.tf lacks {sorted(missing)}"


def test_every_output_is_described() -> None:
    undescribed = [
        name for name, body in _declared_outputs().items() if not body.get("description")
    ]
    assert not undescribed


def test_every_variable_is_typed_and_described_and_local_needs_are_declared() -> None:
    variables = declared_variables(TERRAFORM_DIR)
    assert set(REQUIRED_VARIABLES) <= set(variables)
    for name, body in variables.items():
        assert body.get("type"), f"variable {name} has no type"
        assert body.get("description"), f"variable {name} has no description"
