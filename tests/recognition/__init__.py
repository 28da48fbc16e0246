"""Tests of the recognition package (a package, so that module names like test_cli stay unique)."""
