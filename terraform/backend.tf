# State lives with each lake, never with the checkout: `nba-lake apply|plan|destroy` runs
# `terraform init -backend-config=path=$LAKE_HOME/terraform/terraform.tfstate` with
# TF_DATA_DIR=$LAKE_HOME/terraform/.terraform, so two LAKE_HOMEs hold two lakes.
#
# For a team, replace "local" with "s3" and put this lake's settings in
# $LAKE_HOME/terraform/backend.hcl (bucket, key, region, use_lockfile = true): the README's
# "State: one per lake" shows an example.
terraform {
  backend "local" {}
}
