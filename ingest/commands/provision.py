"""`nba-lake apply | plan | destroy`: provision or remove the lake on either target."""

from __future__ import annotations

import sys

from rich.console import Console

from ingest.errors import LakeError
from ingest.outputs import read_raw_outputs
from ingest.provision.changes import Change, summary
from ingest.provision.local import LocalProvisioner
from ingest.provision.terraform import TerraformRunner
from ingest.settings import Settings, Target, parse_target


def _existing_target(settings: Settings) -> Target | None:
    document = read_raw_outputs(settings.outputs_path)
    try:
        return parse_target(str(document["target"]["value"])) if document else None
    except (KeyError, TypeError, LakeError):
        return None


def _guard_target(settings: Settings) -> None:
    """One LAKE_HOME holds one lake: refuse to apply aws over local or the reverse."""
    existing = _existing_target(settings)
    if existing and existing != settings.target:
        raise LakeError(
            f"{settings.lake_home} already holds a {existing} lake",
            f"run `make destroy TARGET={existing}` first, or set LAKE_HOME to another folder",
        )


def _print_changes(console: Console, changes: list[Change], *, planned: bool) -> None:
    for change in changes:
        console.print(change.describe(), highlight=False)
    console.print(summary(changes, planned=planned))


def apply(settings: Settings, console: Console, *, yes: bool) -> None:
    _guard_target(settings)
    if settings.target == "aws":
        TerraformRunner(settings).apply(auto_approve=yes)
    else:
        _print_changes(console, LocalProvisioner(settings).apply(), planned=False)
    console.print(f"Lake outputs: {settings.outputs_path}", highlight=False, soft_wrap=True)


def plan(settings: Settings, console: Console) -> None:
    _guard_target(settings)
    if settings.target == "aws":
        TerraformRunner(settings).plan()
    else:
        _print_changes(console, LocalProvisioner(settings).plan(), planned=True)


def _confirm(console: Console, question: str) -> bool:
    if not sys.stdin.isatty():
        raise LakeError(
            "destroy needs confirmation", "run it again with --yes (or YES=1 with make)"
        )
    console.print(question, end=" ")
    return input().strip().lower() == "yes"


def destroy(settings: Settings, console: Console, *, yes: bool) -> None:
    target = _existing_target(settings) or settings.target
    if target == "aws":
        TerraformRunner(settings).destroy(auto_approve=yes)
        return
    provisioner = LocalProvisioner(settings)
    changes, data_files = provisioner.destroy_preview()
    if not changes:
        console.print(f"Nothing to destroy in {settings.lake_home}.", highlight=False)
        return
    _print_changes(console, changes, planned=True)
    question = (
        f"This deletes the local lake in {settings.lake_home}, "
        f"including {data_files} data files. Type 'yes' to go on:"
    )
    if not yes and not _confirm(console, question):
        console.print("Destroy cancelled; nothing was deleted.")
        return
    provisioner.destroy()
    console.print(f"Destroyed the local lake in {settings.lake_home}.", highlight=False)
