"""The repository's own library is valid."""


from casebook.cli import main
from tests.helpers.library import ROOT


def test_the_repository_library_validates_without_errors(capsys):
    """`casebook validate` on the repository exits 0 and says it found no problems."""
    assert main(["--root", str(ROOT), "validate"]) == 0
    assert "cases checked: no problems" in capsys.readouterr().out


def test_the_fixture_library_uses_the_real_site_configuration():
    """tests/fixtures/library/mkdocs.yml is the real one but for the theme path, so tests
    build what users build."""
    real = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    fixture = (ROOT / "tests/fixtures/library/mkdocs.yml").read_text(encoding="utf-8")
    assert fixture == real.replace("custom_dir: theme", "custom_dir: ../../../theme")


def test_the_readme_says_what_a_contribution_may_contain_and_how_to_report_a_flaw():
    """A short Security section in the README, pointing at SECURITY.md, which says how to
    report a vulnerability privately."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Security\n", 1)[1].split("\n## ", 1)[0]
    assert "SECURITY.md" in section and "tests/hostile/" in section
    assert "5 MB" in section and "symbolic link" in section
    policy = (ROOT / "SECURITY.md").read_text(encoding="utf-8")
    assert "Report a vulnerability" in policy and "not in a public issue" in policy
