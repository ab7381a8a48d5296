"""Tools for the tests and benchmarks, independent of searchsvc and of pytest."""
