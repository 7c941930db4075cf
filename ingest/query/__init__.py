"""Query engines behind one interface: Athena on `aws`, DuckDB over the local lake."""
