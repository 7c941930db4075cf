"""Where a lake's Terraform state lives: its LAKE_HOME, or the team's S3 backend.

Two lakes side by side, each with its own local state, are applied and destroyed in
test_apply_aws.py. Here: the documented S3 backend with S3 native locking works against the
emulator, and the two ways state could silently be shared or lost are refused up front.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.emulator import (
    REPO_ROOT,
    MotoServer,
    prepare_terraform_workdir,
    terraform_env,
)

pytestmark = [pytest.mark.terraform, pytest.mark.aws]

S3_BACKEND = 'terraform {\n  backend "s3" {}\n}\n'


def nba_lake(
    checkout: Path, home: Path, server: MotoServer, *args: str
) -> subprocess.CompletedProcess[str]:
    env = terraform_env(server.endpoint, server.region)
    env.update(NBA_LAKE_TERRAFORM_DIR=str(checkout), LAKE_HOME=str(home), PYTHONPATH=str(REPO_ROOT))
    return subprocess.run(
        [sys.executable, "-m", "ingest.cli", *args],
        env=env,
        text=True,
        capture_output=True,
        timeout=600,
        check=False,
    )


@pytest.fixture
def checkout(moto_server: MotoServer, tmp_path: Path) -> Path:
    return prepare_terraform_workdir(tmp_path / "terraform", moto_server.endpoint)


def test_the_s3_backend_keeps_the_state_in_s3_and_locks_it(
    checkout: Path, moto_server: MotoServer, tmp_path: Path
) -> None:
    """backend.tf switched to "s3", this lake's settings in LAKE_HOME/terraform/backend.hcl
    (as the README shows, plus the emulator's endpoint): plan takes and releases the S3
    lock file, and nothing is kept on local disk."""
    s3 = moto_server.client("s3")
    s3.create_bucket(Bucket="team-terraform-state")
    s3.put_bucket_versioning(
        Bucket="team-terraform-state", VersioningConfiguration={"Status": "Enabled"}
    )
    (checkout / "backend.tf").write_text(S3_BACKEND)
    home = tmp_path / "lake"
    (home / "terraform").mkdir(parents=True)
    (home / "terraform" / "backend.hcl").write_text(
        'bucket       = "team-terraform-state"\n'
        'key          = "nba-lake/east/terraform.tfstate"\n'
        'region       = "us-east-1"\n'
        "use_lockfile = true\n"
        "# the emulator only:\n"
        f'endpoints                   = {{ s3 = "{moto_server.endpoint}" }}\n'
        "use_path_style              = true\n"
        "skip_credentials_validation = true\n"
        "skip_requesting_account_id  = true\n"
    )

    planned = nba_lake(checkout, home, moto_server, "plan", "--target", "aws")

    assert planned.returncode == 0, planned.stdout[-3000:] + planned.stderr[-3000:]
    assert "Plan:" in planned.stdout
    versions = s3.list_object_versions(Bucket="team-terraform-state")
    lock = "nba-lake/east/terraform.tfstate.tflock"
    assert [v["Key"] for v in versions.get("Versions", [])] == [lock]  # taken ...
    assert [m["Key"] for m in versions.get("DeleteMarkers", [])] == [lock]  # ... and released
    # (.terraform/terraform.tfstate holds the backend settings, not the lake's state)
    assert not (home / "terraform" / "terraform.tfstate").exists()
    assert not list(checkout.glob("*.tfstate"))


def test_a_remote_backend_without_this_lakes_settings_is_refused(
    checkout: Path, moto_server: MotoServer, tmp_path: Path
) -> None:
    (checkout / "backend.tf").write_text(S3_BACKEND)
    refused = nba_lake(checkout, tmp_path / "lake", moto_server, "plan", "--target", "aws")
    assert refused.returncode == 1
    [line] = refused.stderr.strip().splitlines()
    assert "declares the s3 backend, but this lake has no" in line
    assert str(tmp_path / "lake" / "terraform" / "backend.hcl") in line


def test_state_left_in_the_checkout_is_moved_not_ignored(
    checkout: Path, moto_server: MotoServer, tmp_path: Path
) -> None:
    """Before state moved into LAKE_HOME it was terraform/terraform.tfstate: planning
    without it would create that lake's resources a second time."""
    legacy = checkout / "terraform.tfstate"
    legacy.write_text('{"version": 4, "resources": []}\n')
    home = tmp_path / "lake"
    refused = nba_lake(checkout, home, moto_server, "apply", "--target", "aws", "--yes")
    assert refused.returncode == 1
    [line] = refused.stderr.strip().splitlines()
    moved = home / "terraform" / "terraform.tfstate"
    assert f"mkdir -p {home / 'terraform'} && mv {legacy} {moved}" in line
    assert legacy.exists() and not moved.exists()
