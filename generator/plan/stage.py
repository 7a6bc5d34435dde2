"""`casebook stage`: the planned pages as Markdown files with YAML front-matter, for
debugging and for builders other than MkDocs.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from casebook.plan.page import Output, Page


def write_stage(pages: list[Page], folder: Path, outputs: tuple[Output, ...] = (), *,
                front_matter: Callable[[Page], dict[str, Any]] = Page.front_matter) -> None:
    """The planned pages as Markdown files with YAML front matter (`front_matter` gives
    it), and the outputs as they are."""
    for output in outputs:
        target = folder / output.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(output.content, encoding="utf-8")
    for page in pages:
        target = folder / page.src
        target.parent.mkdir(parents=True, exist_ok=True)
        front = yaml.safe_dump({"title": page.title, **front_matter(page)}, allow_unicode=True,
                               sort_keys=True, width=100)
        target.write_text(f"---\n{front}---\n\n{page.markdown}\n", encoding="utf-8")
