"""Test-suite configuration: real PostgreSQL and Redis fixtures (tests/fixtures/services.py)."""

pytest_plugins = ["tests.fixtures.services", "tests.fixtures.harness"]
