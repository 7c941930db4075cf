"""The catalog: Glue on `aws`, Glue-shaped JSON files on `local`, one interface."""
