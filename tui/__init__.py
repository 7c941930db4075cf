"""The Textual workbench for the lake. It imports `ingest`; `ingest` never imports it."""
