"""Timings of the budgets in the design notes. Not part of the test run: `python -m benchmarks.run`."""
