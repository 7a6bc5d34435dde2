"""The gzip server `make lighthouse` measures through (bench/lighthouse.py, started here as
`python -m bench.lighthouse SITE --serve`: tests import nothing from the benchmark): it
compresses what a web host compresses, and otherwise serves the site as any static host."""

from __future__ import annotations

import gzip
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest

from tests.helpers.library import ROOT

PAGE = "<!doctype html><title>A case</title><p>" + "words " * 400 + "</p>"


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A small site served by the benchmark's server; its address."""
    site = tmp_path_factory.mktemp("site")
    (site / "cases" / "a-case").mkdir(parents=True)
    (site / "cases" / "a-case" / "index.html").write_text(PAGE, encoding="utf-8")
    (site / "index.html").write_text(PAGE, encoding="utf-8")
    (site / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    server = subprocess.Popen([sys.executable, "-m", "bench.lighthouse", str(site), "--serve"],
                              cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        assert " at http://127.0.0.1:" in line, line
        yield line.split(" at ", 1)[1].split()[0]
    finally:
        server.terminate()
        server.wait(timeout=30)


def fetch(url: str, gzip_ok: bool = True) -> tuple[int, dict[str, str], bytes]:
    headers = {"Accept-Encoding": "gzip"} if gzip_ok else {}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers),
                                    timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), b""


def test_a_page_is_sent_gzipped_to_a_browser_that_asks(base: str) -> None:
    status, headers, body = fetch(base + "cases/a-case/")
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(body).decode("utf-8") == PAGE
    assert len(body) < len(PAGE) / 4


def test_without_asking_or_for_a_picture_the_file_is_sent_as_it_is(base: str) -> None:
    _, plain, page = fetch(base + "cases/a-case/", gzip_ok=False)
    _, picture_headers, picture = fetch(base + "picture.png")
    assert "Content-Encoding" not in plain and page.decode("utf-8") == PAGE
    assert "Content-Encoding" not in picture_headers and picture.startswith(b"\x89PNG")
    assert fetch(base + "no-such-page/")[0] == 404
