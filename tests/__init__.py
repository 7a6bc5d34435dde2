"""Casebook's tests: unit/ (one stage at a time, fast), integration/ (real builds, the command
line, whole-pipeline and property tests), e2e/ (a real browser); helpers/ is what they share."""
