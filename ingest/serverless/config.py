"""The function's configuration: the lake's outputs contract, passed by Terraform.

`modules/schedule` sets the function's environment from the same values `terraform
output` gives the CLI (`NBA_LAKE_OUTPUTS`, checked like outputs.json), the ARN of the
secret holding the API key (never the key), and LAKE_HOME (Lambda's /tmp) for staging.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ingest.errors import LakeError
from ingest.outputs import LakeOutputs

OUTPUTS_VAR = "NBA_LAKE_OUTPUTS"
SECRET_VAR = "NBA_LAKE_SECRET_ARN"
LAKE_HOME_VAR = "LAKE_HOME"
#: Lambda's only writable folder: where a run stages its files.
DEFAULT_LAKE_HOME = "/tmp/nba-lake"
_REDEPLOY = "run `make apply TARGET=aws` with enable_schedule = true to redeploy the function"


@dataclass(frozen=True)
class FunctionConfig:
    """What the function knows about its lake, from its environment."""

    outputs: LakeOutputs
    secret_arn: str
    lake_home: Path

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> FunctionConfig:
        env = os.environ if environ is None else environ
        text = env.get(OUTPUTS_VAR, "")
        if not text:
            raise LakeError(f"the function has no {OUTPUTS_VAR} in its environment", _REDEPLOY)
        try:
            values = json.loads(text)
        except ValueError:
            raise LakeError(f"the function's {OUTPUTS_VAR} is not JSON", _REDEPLOY) from None
        if not isinstance(values, dict):
            raise LakeError(f"the function's {OUTPUTS_VAR} is not a JSON object", _REDEPLOY)
        outputs = LakeOutputs.from_values(values)
        if outputs.target != "aws":
            raise LakeError(f"the function's lake is a {outputs.target} lake", _REDEPLOY)
        return cls(
            outputs=outputs,
            secret_arn=env.get(SECRET_VAR, ""),
            lake_home=Path(env.get(LAKE_HOME_VAR) or DEFAULT_LAKE_HOME),
        )
