"""`nba-lake apply | plan | destroy`: provision or remove the lake on either target."""

from __future__ import annotations

import sys

from rich.console import Console

from ingest.errors import LakeError
from ingest.provision.base import Confirm, Say
from ingest.settings import Settings
from ingest.targets import provisioner_for


def _say(console: Console) -> Say:
    return lambda line: console.print(line, highlight=False, soft_wrap=True)


def apply(settings: Settings, console: Console, *, yes: bool) -> None:
    provisioner_for(settings, "apply").apply(yes=yes, say=_say(console))
    console.print(f"Lake outputs: {settings.outputs_path}", highlight=False, soft_wrap=True)


def plan(settings: Settings, console: Console) -> None:
    provisioner_for(settings, "plan").plan(say=_say(console))


def _asker(console: Console) -> Confirm:
    def confirm(question: str) -> bool:
        if not sys.stdin.isatty():
            raise LakeError(
                "destroy needs confirmation", "run it again with --yes (or YES=1 with make)"
            )
        console.print(question, end=" ", highlight=False)
        return input().strip().lower() == "yes"

    return confirm


def destroy(settings: Settings, console: Console, *, yes: bool, delete_data: bool = False) -> None:
    provisioner_for(settings, "destroy").destroy(
        _asker(console), yes=yes, say=_say(console), delete_data=delete_data
    )
