"""Across the stages: real builds, the command line as a user runs it, the fixture library end
to end, the hostile corpus, property tests over the whole pipeline, and the benchmark."""
