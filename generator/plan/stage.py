"""`casebook stage`: the planned pages as Markdown files with YAML front-matter, for
debugging and for builders other than MkDocs.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from casebook.plan.page import Output, Page


def write_stage(pages: list[Page], folder: Path, outputs: tuple[Output, ...] = ()) -> None:
    """`casebook stage`: the planned pages as Markdown files with YAML front-matter."""
    for output in outputs:
        target = folder / output.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(output.content, encoding="utf-8")
    for page in pages:
        target = folder / page.src
        target.parent.mkdir(parents=True, exist_ok=True)
        front = yaml.safe_dump({"title": page.title, **page.front_matter()}, allow_unicode=True,
                               sort_keys=True, width=100)
        target.write_text(f"---\n{front}---\n\n{page.markdown}\n", encoding="utf-8")
