"""The two targets, and the one place that chooses between them.

`open_lake` reads the lake's own target from outputs.json; `provisioner_for` takes the
one the user asked for and keeps one lake per LAKE_HOME. Each builds only the target it
needs, importing only that target's modules: a process that ingests into S3 never loads
DuckDB, and one that queries locally never loads Terraform's runner.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from ingest.errors import LakeError
from ingest.lake import Lake, Target
from ingest.outputs import load_outputs, read_raw_outputs
from ingest.provision.base import Provisioner
from ingest.settings import Settings, TargetName, parse_target

Action = Literal["apply", "plan", "destroy"]


def _local(settings: Settings) -> Target:
    from ingest.targets.local import LocalTarget

    return LocalTarget(settings)


def _aws(settings: Settings) -> Target:
    from ingest.targets.aws import AwsTarget

    return AwsTarget(settings)


_BUILDERS: dict[TargetName, Callable[[Settings], Target]] = {"local": _local, "aws": _aws}


def load_target(name: TargetName, settings: Settings) -> Target:
    """The target called `name`, for the lake in `settings.lake_home`."""
    return _BUILDERS[name](settings)


def open_lake(settings: Settings) -> Lake:
    """The lake in `settings.lake_home`; fails with 'run make apply' when there is none."""
    outputs = load_outputs(settings.outputs_path)
    return load_target(outputs.target, settings).open(outputs)


def _existing_target(settings: Settings) -> TargetName | None:
    document = read_raw_outputs(settings.outputs_path)
    try:
        return parse_target(str(document["target"]["value"])) if document else None
    except (KeyError, TypeError, LakeError):
        return None


def provisioner_for(settings: Settings, action: Action) -> Provisioner:
    """The provisioner for `action`: destroy removes the lake that is there; apply and plan
    use the target asked for and refuse to put a second lake in one LAKE_HOME."""
    existing = _existing_target(settings)
    if action == "destroy":
        return load_target(existing or settings.target, settings).provisioner()
    if existing and existing != settings.target:
        raise LakeError(
            f"{settings.lake_home} already holds a {existing} lake",
            f"run `make destroy TARGET={existing}` first, or set LAKE_HOME to another folder",
        )
    return load_target(settings.target, settings).provisioner()


__all__ = ["Lake", "Target", "load_target", "open_lake", "provisioner_for"]
