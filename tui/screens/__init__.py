"""Screens pushed over the main one: help, history, examples, export, ingest."""
