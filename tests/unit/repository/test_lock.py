"""The lock (requirements/lock.txt) that `make setup` installs with --require-hashes: every
entry carries a hash, and every package pyproject.toml names is in it, at a version its range
allows, for the Python versions and platforms Casebook supports."""

import re
import tomllib

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.helpers.library import ROOT

LOCK = ROOT / "requirements" / "lock.txt"
HASH = re.compile(r"--hash=sha256:[0-9a-f]{64}")

# Environments the lock must serve (README: Python 3.11+); this machine's is added below.
ENVIRONMENTS = [
    {"python_version": "3.11", "python_full_version": "3.11.0", "sys_platform": "linux",
     "platform_system": "Linux", "platform_machine": "x86_64", "os_name": "posix",
     "implementation_name": "cpython", "platform_python_implementation": "CPython"},
    {"python_version": "3.13", "python_full_version": "3.13.1", "sys_platform": "linux",
     "platform_system": "Linux", "platform_machine": "x86_64", "os_name": "posix",
     "implementation_name": "cpython", "platform_python_implementation": "CPython"},
]


def lock_entries(text: str) -> list[tuple[Requirement, list[str]]]:
    """Each entry of a requirements file as (requirement, its hashes); continuation lines
    joined, comments dropped."""
    joined = re.sub(r"\\\n", " ", text)
    entries = []
    for raw in joined.splitlines():
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        spec = line.split("--hash", 1)[0].strip()
        entries.append((Requirement(spec), HASH.findall(line)))
    return entries


def named_in_pyproject() -> list[Requirement]:
    """The packages pyproject.toml names: runtime, the `test` extra and the installers."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    names = project["project"]["dependencies"] + project["project"]["optional-dependencies"]["test"]
    names += project["dependency-groups"]["installers"]
    return [Requirement(name) for name in names]


def pinned_for(entries, environment: dict[str, str]) -> dict[str, str]:
    """The version the lock installs of each package in one environment."""
    pins = {}
    for requirement, _ in entries:
        if requirement.marker is None or requirement.marker.evaluate(environment):
            version = str(requirement.specifier).removeprefix("==")
            pins[canonicalize_name(requirement.name)] = version
    return pins


@pytest.fixture(scope="module")
def entries():
    return lock_entries(LOCK.read_text(encoding="utf-8"))


def test_every_entry_in_the_lock_is_pinned_exactly_and_carries_a_hash(entries):
    """pip's --require-hashes refuses a lock with one bare line: say which, here, first."""
    assert len(entries) > 20
    for requirement, hashes in entries:
        assert str(requirement.specifier).startswith("=="), f"{requirement} is not pinned with =="
        assert hashes, f"{requirement.name} has no --hash in {LOCK.name}: run `make lock`"


@pytest.mark.parametrize("environment", [*ENVIRONMENTS, default_environment()],
                         ids=["python-3.11-linux", "python-3.13-linux", "this-machine"])
def test_every_package_pyproject_names_is_locked_within_its_range(entries, environment):
    """A package added to pyproject.toml, or a range moved past the locked version, fails
    here until `make lock` is run."""
    environment = {**default_environment(), **environment}
    pins = pinned_for(entries, environment)
    for wanted in named_in_pyproject():
        name = canonicalize_name(wanted.name)
        assert name in pins, (
            f"{wanted.name} is in pyproject.toml but not in {LOCK.name}: run `make lock`")
        assert wanted.specifier.contains(pins[name], prereleases=True), (
            f"{LOCK.name} pins {wanted.name}=={pins[name]}, outside pyproject.toml's "
            f"'{wanted.specifier}': run `make lock`")


def test_the_lock_holds_the_build_backend_that_pyproject_builds_with():
    """`make setup` installs Casebook without build isolation, so the backend comes from the
    lock: the installers group must ask for what [build-system] requires."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    installers = {str(Requirement(r)) for r in project["dependency-groups"]["installers"]}
    for required in project["build-system"]["requires"]:
        assert str(Requirement(required)) in installers, (
            f"{required} is in [build-system] but not in the installers group")


def test_the_lock_parser_sees_a_missing_hash_and_a_missing_package():
    """The checks above would notice: a bare line has no hash, a dropped package no pin."""
    text = "nh3==0.3.8 \\\n    --hash=sha256:" + "a" * 64 + "\n    # via casebook\npyyaml==6.0.4\n"
    parsed = lock_entries(text)
    assert [(r.name, len(h)) for r, h in parsed] == [("nh3", 1), ("pyyaml", 0)]
    assert "mkdocs" not in pinned_for(parsed, default_environment())
