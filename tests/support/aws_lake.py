"""A provisioned `aws` lake in the emulator, built fast from the same declarations.

Terraform itself is exercised end to end in tests/aws/test_terraform.py and
test_apply_aws.py; tests of ingest and Athena need the same bucket, tables and outputs
without a full `terraform apply` each, so this creates them through boto3 from the
very TableInputs and outputs the local target derives from terraform/.
"""

from __future__ import annotations

from typing import Any

from ingest.outputs import to_terraform_json, write_outputs
from ingest.provision.local_spec import load_local_spec
from ingest.settings import Settings

ACCOUNT_ID = "123456789012"


def provision_aws_lake(settings: Settings, clients: dict[str, Any], region: str) -> dict[str, Any]:
    """Create bucket, database, tables and workgroup in moto; write outputs.json (target aws)."""
    spec = load_local_spec(settings.terraform_dir)
    bucket = f"{spec.bucket}-{ACCOUNT_ID}-{region}"
    s3, glue, athena = clients["s3"], clients["glue"], clients["athena"]
    if region == "us-east-1":
        s3.create_bucket(Bucket=bucket)
    else:
        s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": region})
    glue.create_database(DatabaseInput={"Name": spec.database})
    for table_input in spec.table_inputs():
        table_input = dict(table_input)
        descriptor = dict(table_input["StorageDescriptor"])
        descriptor["Location"] = descriptor["Location"].replace(
            f"s3://{spec.bucket}/", f"s3://{bucket}/"
        )
        table_input["StorageDescriptor"] = descriptor
        glue.create_table(DatabaseName=spec.database, TableInput=table_input)
    values = spec.output_values()
    results = f"s3://{bucket}/{spec.prefix('results')}/"
    athena.create_work_group(
        Name=spec.workgroup,
        Configuration={
            "ResultConfiguration": {"OutputLocation": results},
            "EnforceWorkGroupConfiguration": True,
        },
    )
    values.update(target="aws", region=region, bucket=bucket, results_location=results)
    write_outputs(settings.outputs_path, to_terraform_json(values))
    return values
