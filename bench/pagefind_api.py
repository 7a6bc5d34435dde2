"""Index a built site with Pagefind's Python API, for comparison with the bundled binary.

    python -m bench.pagefind_api SITE OUTPUT

The API starts the same binary as a service and talks to it over pipes; `add_directory` is
its equivalent of `pagefind --site SITE`.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from pagefind.index import IndexConfig, PagefindIndex


async def index_with_api(site: Path, output: Path) -> int:
    """Index every page under `site` into `output`; the number of pages indexed."""
    config = IndexConfig(output_path=str(output.resolve()))
    async with PagefindIndex(config=config) as index:
        result = await index.add_directory(str(site.resolve()))
    return int(result["page_count"])


if __name__ == "__main__":
    pages = asyncio.run(index_with_api(Path(sys.argv[1]), Path(sys.argv[2])))
    print(f"Indexed {pages} pages")
    sys.exit(0 if pages > 0 else 1)
