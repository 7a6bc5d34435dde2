"""The planned site as MkDocs files: generated pages and outputs, and the cases' own images
and documents, copied without following a link."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from casebook.library.contents import AssetError, copy_asset
from casebook.plan.page import Output, Page


class PlannedFile(File):
    """A generated file that says whether the last plan changed it: a dirty build renders
    only the files that report themselves modified (and MkDocs' own generated files always
    do)."""

    modified = True
    # While a build shares its case pages with helpers (generator/render/parallel.py):
    # whether the build reads this page itself, which MkDocs asks as it comes to the page.
    claim: Callable[[], bool] | None = None

    def is_modified(self) -> bool:
        if self.claim is not None:
            return self.claim()
        return self.modified


class CaseAsset(File):
    """An image or document of the cases, which generator/library/contents.py has checked:
    copied into the site without following a link at any step of its path, so a file
    swapped for a link after the check fails the build instead of being published."""

    def copy_file(self, dirty: bool = False) -> None:
        if dirty and not self.is_modified():
            return
        target = Path(self.abs_dest_path)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            copy_asset(Path(self.src_dir or "."), self.src_uri, target)
        except AssetError as exc:
            raise PluginError(f"{exc}\nNothing was published.") from exc


def add_planned(files: Files, config: MkDocsConfig, pages: Iterable[Page],
                outputs: Iterable[Output], modified: Callable[[str], bool]) -> None:
    """Add the planned pages and output files to the build's files. `modified` says which
    the last plan changed (all of them, but in a rebuild of `casebook serve`)."""
    for page in pages:
        if files.get_file_from_path(page.src) is not None:
            raise PluginError(f"docs/{page.src} clashes with a page Casebook generates; "
                              "rename or remove it")
        file = _planned(config, page.src, page.markdown)
        file.modified = modified(page.src)
        if not page.in_nav:
            file.inclusion = InclusionLevel.NOT_IN_NAV
        files.append(file)
    for output in outputs:
        file = _planned(config, output.path, output.content)
        file.modified = modified(output.path)
        files.append(file)


def _planned(config: MkDocsConfig, src: str, content: str) -> PlannedFile:
    file = PlannedFile.generated(config, src, content=content)
    assert isinstance(file, PlannedFile)  # `generated` makes an instance of its class
    return file


def add_assets(files: Files, config: MkDocsConfig, root: Path, assets: Iterable[str]) -> None:
    for name in assets:
        files.append(CaseAsset(name, src_dir=str(root), dest_dir=config.site_dir,
                               use_directory_urls=config.use_directory_urls))


def remove_built(config: MkDocsConfig, src: str) -> None:
    """Delete what an earlier build wrote for a page or file that is no longer planned."""
    built = Path(File(src, src_dir=None, dest_dir=config.site_dir,
                      use_directory_urls=config.use_directory_urls).abs_dest_path)
    built.unlink(missing_ok=True)
