"""generator/render/theme_listing.py: the theme's files, listed without Material's hidden icons."""

from __future__ import annotations

import jinja2
import pytest
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from casebook.render.theme_listing import ThemeLoader, list_without_hidden_folders
from tests.helpers.library import ROOT

REPO = ROOT


@pytest.fixture
def config() -> MkDocsConfig:
    return load_config(str(REPO / "mkdocs.yml"))


def _theme_files(env: jinja2.Environment, config: MkDocsConfig) -> list[tuple[str, str]]:
    files = Files([])
    files.add_files_from_theme(env, config)
    return sorted((file.src_uri, file.abs_src_path or "") for file in files)


def test_mkdocs_copies_the_same_theme_files_as_with_jinjas_own_loader(config):
    env = config.theme.get_env()
    expected = _theme_files(env, config)
    env.loader = ThemeLoader(config.theme.dirs)
    assert _theme_files(env, config) == expected
    assert any(uri.endswith(".css") for uri, _path in expected)


def test_hidden_folders_are_not_listed_and_their_templates_still_load(config):
    loader = ThemeLoader(config.theme.dirs)
    listed = loader.list_templates()
    everything = jinja2.FileSystemLoader(config.theme.dirs).list_templates()
    assert not any(name.startswith(".") or "/." in name for name in listed)
    assert set(listed) == {n for n in everything if not (n.startswith(".") or "/." in n)}
    assert len(everything) > 10 * len(listed)  # Material's icons: the point of it all
    icon = next(n for n in everything if n.startswith(".icons/") and n.endswith(".svg"))
    assert "<svg" in jinja2.Environment(loader=loader).get_template(icon).render()


def test_every_environment_of_the_theme_gets_the_loader(config):
    list_without_hidden_folders(config.theme)
    env = config.theme.get_env()
    assert isinstance(env.loader, ThemeLoader)
    assert env.filters["url"]  # still MkDocs' environment, with its filters
