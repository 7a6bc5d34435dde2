"""Fixtures shared by the integration tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.helpers.worker import Worker


@pytest.fixture(scope="module")
def worker() -> Iterator[Worker]:
    """A spawned worker for the module's checks, each with a time limit."""
    worker = Worker()
    yield worker
    worker.close()
