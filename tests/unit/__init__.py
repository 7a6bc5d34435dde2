"""One stage at a time, no MkDocs build, no browser: `pytest tests/unit` takes seconds.

The folders mirror the package: the tests of generator/plan/feeds.py are in
tests/unit/plan/test_feeds.py; repository/ checks the repository's own files."""
