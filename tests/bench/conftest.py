"""Benchmarks: run with ``make bench``; they print figures and assert no wall-clock time."""
