"""`lake_user_policy_json` grants exactly the rights the project uses: none missing, none spare.

Every AWS operation the project performed during the session's aws tests was recorded
(tests/aws/conftest.py, `aws_calls`); this module runs after all other tests. It also runs
the project's whole surface once itself (ingest with rejects and replacements, the lock,
`tables`, a query, a cancelled query), so it holds when run alone. Each call is turned into
the IAM rights it needs through the table in tests/aws/iam_rights.py, Athena's rights on the
caller's behalf are added, and the policy Terraform plans for the lake is evaluated against
that list: the test fails on a needed right the policy lacks and on a granted right (an
action on a resource pattern) that nothing needs.
"""

from __future__ import annotations

import json
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ingest.cli import main
from ingest.outputs import load_outputs
from ingest.query.result import QueryCancelled
from ingest.settings import Settings
from tests.aws.iam_rights import (
    ADMINISTRATION_ONLY,
    RIGHTS,
    LakeNames,
    Right,
    athena_on_behalf,
    missing,
    unneeded,
)
from tests.pipeline.fakes import ListSource
from tests.pipeline.records import season_stats
from tests.support.athena_answers import EXECUTION_MODEL, column_info, moto_api, queue_result
from tests.support.aws_calls import CallRecorder
from tests.support.aws_lake import provision_aws_lake
from tests.support.emulator import (
    MotoServer,
    prepare_terraform_workdir,
    terraform_binary,
    terraform_env,
    terraform_init_args,
)
from tests.support.lakes import ingest

pytestmark = [pytest.mark.aws, pytest.mark.terraform]


@pytest.fixture(scope="module")
def planned_policy(
    moto_server: MotoServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Any]]:
    """The `lake_user_policy_json` output of `terraform plan` for the default lake: every
    ARN in it is built from names known at plan time, so no apply is needed."""
    workdir = prepare_terraform_workdir(
        tmp_path_factory.mktemp("policy") / "root", moto_server.endpoint
    )
    env = terraform_env(moto_server.endpoint, moto_server.region)

    def terraform(*args: str) -> str:
        run = subprocess.run(
            [terraform_binary(), *args],
            cwd=workdir,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
        return run.stdout

    terraform(*terraform_init_args())
    terraform("plan", "-input=false", "-no-color", "-lock=false", "-out=lake.tfplan")
    plan = json.loads(terraform("show", "-json", "lake.tfplan"))
    policy: dict[str, Any] = json.loads(
        plan["planned_values"]["outputs"]["lake_user_policy_json"]["value"]
    )
    yield policy


def exercise_the_project(settings: Settings, server: MotoServer, home: Path) -> None:
    """Everything a lake user does: ingest (an unchanged rerun, rejects, a replaced season,
    the lock), a file of their own, list tables, query, cancel a query."""
    lake_home = ["--lake-home", str(home)]
    for _ in range(2):  # the second run finds everything in place
        assert main([*lake_home, "ingest", "--season", "2024-2025"]) == 0
    stats = home / "my_stats.csv"
    stats.write_text("player,points\nA,10\nB,12\n")
    for _ in range(2):
        file_ingest = ["ingest", "--source", "file", "--file", str(stats), "--table", "my_stats"]
        assert main([*lake_home, *file_ingest]) == 0
    from ingest.targets import open_lake

    lake = open_lake(settings)
    bad = {"PlayerID": "not a number", "Season": 2025}
    first = ListSource({"player_season_stats": [*season_stats(40), bad]})
    second = ListSource({"player_season_stats": season_stats(12, points=900.0)})
    for source in (first, second):
        [outcome] = ingest(lake, source, ["player_season_stats"], [2025])
        assert outcome.status == "written", outcome.error
    from tests.support.lake_view import after_grace

    assert after_grace(lake)  # a run after the grace period deletes the replaced version
    assert main([*lake_home, "tables", "--json"]) == 0

    queue_result(server, [column_info("n", "bigint", 19)], [["42"]])
    assert main([*lake_home, "query", "SELECT 42 AS n"]) == 0

    transition = {
        "model_name": EXECUTION_MODEL,
        "transition": {"progression": "manual", "times": 10**9},
    }
    moto_api(server, "/moto-api/state-manager/set-transition", transition)
    engine = lake.target.query_engine(lake)
    try:
        query = engine.start("SELECT count(*) FROM players")
        threading.Timer(0.5, query.cancel).start()
        with pytest.raises(QueryCancelled):
            query.result(30)
    finally:
        engine.close()
        moto_api(
            server, "/moto-api/state-manager/unset-transition", {"model_name": EXECUTION_MODEL}
        )


def lake_names(settings: Settings) -> LakeNames:
    outputs = load_outputs(settings.outputs_path)
    return LakeNames(
        region=outputs.region,
        bucket=outputs.bucket,
        database=outputs.database,
        workgroup=outputs.workgroup,
        data_prefixes=(outputs.raw_prefix, outputs.curated_prefix),
        results_prefix=outputs.results_location.split("/", 3)[3].strip("/"),
    )


def needed_rights(recorder: CallRecorder, lake: LakeNames) -> list[Right]:
    """The rights the recorded calls need on this lake's resources (calls on other test
    buckets or databases are another policy's business)."""
    unknown = sorted(
        {(c.service, c.operation) for c in recorder.calls} - set(RIGHTS) - ADMINISTRATION_ONLY
    )
    assert not unknown, f"add these operations to RIGHTS in tests/aws/iam_rights.py: {unknown}"
    needed: list[Right] = []
    for call in recorder.calls:
        key = (call.service, call.operation)
        if key not in ADMINISTRATION_ONLY:
            needed += RIGHTS[key](call, recorder.query_workgroups)
    queried = any(
        call.operation == "StartQueryExecution"
        and call.params.get("WorkGroup") == lake.workgroup
        and call.region == lake.region
        for call in recorder.calls
    )
    assert queried, "no query ran in the lake's workgroup: nothing to add for Athena"
    needed += athena_on_behalf(lake)
    return [right for right in needed if lake.owns(right.resource)]


def test_the_policy_grants_exactly_what_the_project_uses(
    planned_policy: dict[str, Any],
    aws_calls: CallRecorder,
    aws_env: MotoServer,
    tmp_path: Path,
) -> None:
    home = tmp_path / "policy-lake"
    settings = Settings.from_env(target="aws", lake_home=home)
    clients = {name: aws_env.client(name) for name in ("s3", "glue", "athena")}
    provision_aws_lake(settings, clients, aws_env.region)
    exercise_the_project(settings, aws_env, home)

    lake = lake_names(settings)
    assert lake.bucket_arn in json.dumps(planned_policy), "the plan is for another lake"
    needed = needed_rights(aws_calls, lake)
    lacking = missing(planned_policy, needed)
    assert not lacking, "the policy lacks rights the project uses:\n" + "\n".join(
        f"  {right.action} on {right.resource}" for right in lacking
    )
    spare = unneeded(planned_policy, needed)
    assert not spare, "the policy grants rights nothing uses:\n" + "\n".join(
        f"  {grant.sid}: {grant.action} on {grant.resource}" for grant in spare
    )


def test_the_evaluation_catches_a_missing_and_a_spare_right(
    planned_policy: dict[str, Any],
) -> None:
    """The check above can fail: drop one grant and add one, and it sees both."""
    lake = LakeNames(
        region="us-east-1",
        bucket="sports-data-lake-123456789012-us-east-1",
        database="glue_nba_data_lake",
        workgroup="nba-data-lake",
        data_prefixes=("raw", "curated"),
        results_prefix="athena-results",
    )
    players = "arn:aws:glue:us-east-1:123456789012:table/glue_nba_data_lake/players"
    needed = [*athena_on_behalf(lake), Right("glue:BatchCreatePartition", players)]
    broken = json.loads(json.dumps(planned_policy))
    for statement in broken["Statement"]:
        if statement["Sid"] == "LakeBucket":
            statement["Action"] = [a for a in statement["Action"] if a != "s3:ListBucket"]
    broken["Statement"].append(
        {
            "Sid": "Spare",
            "Effect": "Allow",
            "Action": "s3:DeleteObject",
            "Resource": f"{lake.bucket_arn}/rejected/*",
        }
    )
    assert Right("s3:ListBucket", lake.bucket_arn) in missing(broken, needed)
    assert any(grant.sid == "Spare" for grant in unneeded(broken, needed))
