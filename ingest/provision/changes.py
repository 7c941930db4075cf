"""What an apply or destroy did, reported the way `terraform apply` reports it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Action = Literal["create", "update", "delete"]


@dataclass(frozen=True)
class Change:
    """One resource that was (or would be) created, updated or deleted."""

    action: Action
    kind: str
    name: str

    def describe(self) -> str:
        sign = {"create": "+", "update": "~", "delete": "-"}[self.action]
        return f"  {sign} {self.kind} {self.name}"


def summary(changes: list[Change], *, planned: bool = False) -> str:
    """`No changes.` or `3 added, 1 changed, 0 destroyed.`"""
    if not changes:
        return "No changes. The local lake matches the Terraform declarations."
    counts = {
        action: sum(c.action == action for c in changes)
        for action in ("create", "update", "delete")
    }
    verb = "Plan" if planned else "Apply complete"
    return (
        f"{verb}: {counts['create']} to add, {counts['update']} to change, "
        f"{counts['delete']} to destroy."
        if planned
        else f"{verb}! Resources: {counts['create']} added, {counts['update']} changed, "
        f"{counts['delete']} destroyed."
    )
