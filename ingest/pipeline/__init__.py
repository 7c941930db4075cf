"""The ingest run: fetch -> validate -> raw NDJSON -> curated Parquet -> publish -> manifest."""
