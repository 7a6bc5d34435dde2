"""The repository's own library is valid."""

from pathlib import Path

from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_the_repository_library_validates_without_errors(capsys):
    """`casebook validate` on the repository exits 0 and says it found no problems."""
    assert main(["--root", str(ROOT), "validate"]) == 0
    assert "cases checked: no problems" in capsys.readouterr().out
