"""Tests of the Textual workbench, driven through its pilot."""
