"""Object storage: S3 on `aws`, a folder per bucket under LAKE_HOME on `local`."""
