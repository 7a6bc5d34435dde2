"""The MkDocs plugin: the only module that knows MkDocs. Hooks guard and hand off."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from .library import load_library
from .report import format_text


class CasebookPlugin(BasePlugin):  # type: ignore[type-arg]
    """Validates the library when MkDocs loads its configuration."""

    def on_config(self, config: MkDocsConfig, **kwargs: Any) -> MkDocsConfig:
        root = Path(config.config_file_path).parent
        library = load_library(root)
        if not library.ok:
            raise PluginError(
                "the library has errors:\n"
                + format_text(library.diagnostics, library.files_checked)
            )
        return config
