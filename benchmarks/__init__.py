"""Benchmarks (`make bench`): each measures ours and a baseline side by side in one run."""
