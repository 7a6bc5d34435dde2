"""`casebook build` and `casebook serve` as MkDocs runs them, so that no command outside
render/ imports MkDocs. Errors come back as `BuildError`, with MkDocs' message."""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path

CONFIG_FILE = "mkdocs.yml"


class BuildError(Exception):
    """The site was not built (or not served); the message says why."""


class NotConfiguredError(BuildError):
    """mkdocs.yml does not use Casebook: nothing was started."""


@dataclass(frozen=True)
class Built:
    site_dir: str
    case_count: int
    page_count: int


def configure_logging(quiet: bool) -> None:
    # Material prints a banner about MkDocs 2.0 on every build; Casebook's core already
    # keeps clear of MkDocs (see DESIGN.md), so the banner is noise here.
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    if not any(isinstance(h, logging.StreamHandler) for h in logger.handlers):
        logger.addHandler(handler)
    logger.setLevel(logging.WARNING if quiet else logging.INFO)


def build_site(root: Path, *, site_dir: Path | None = None, jobs: int | None = None) -> Built:
    """Build the library at `root` into its site folder (or `site_dir`), publishing only if
    everything went well."""
    # Imported on use: validating a library should not pay for loading MkDocs.
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from casebook.render.plugin import CasebookPlugin

    overrides = {"site_dir": str(site_dir.resolve())} if site_dir else {}
    try:
        config = load_config(str(root / CONFIG_FILE), **overrides)
        plugin = config.plugins.get("casebook")
        if not isinstance(plugin, CasebookPlugin):
            raise NotConfiguredError(f"{CONFIG_FILE} does not list the casebook plugin; add "
                              "'- casebook' under 'plugins:'")
        if jobs is not None:
            plugin.config.jobs = jobs
        # Dirty, so that MkDocs asks each page whether to read it: the pages helpers render
        # say no (generator/render/parallel.py). Casebook builds into a new, empty folder.
        share = plugin.jobs > 1
        config.plugins.on_startup(command="build", dirty=share)
        try:
            build(config, dirty=share)
        finally:
            config.plugins.on_shutdown()
    except MkDocsException as exc:
        raise BuildError(str(exc)) from exc
    session = plugin.session
    assert session is not None
    return Built(config.site_dir, session.case_count, session.page_count)


def serve_site(root: Path, *, dev_addr: str, livereload: bool) -> None:
    """Build and serve the library at `root`, rebuilding what an edit changes."""
    from mkdocs.commands.serve import serve
    from mkdocs.exceptions import MkDocsException

    try:
        # Dirty builds: the first renders everything, each rebuild only what an edit changed
        # (the plugin decides which files count as modified; see generator/render/preview.py).
        serve(config_file=str(root / CONFIG_FILE), dev_addr=dev_addr, livereload=livereload,
              build_type="dirty")
    except MkDocsException as exc:
        raise BuildError(str(exc)) from exc
