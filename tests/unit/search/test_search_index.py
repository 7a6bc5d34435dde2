"""The search index (generator/search/pagefind.py): Pagefind run as a service, for real and through
stand-ins that fail in each way a service can, so every failure is a clear message."""

from __future__ import annotations

import base64
import gzip
import json
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from casebook.search.pagefind import SearchIndex, SearchIndexError

ARTICLE = ('<article class="cb-case" data-pagefind-body><h1>{title}</h1>'
           "<p>{text}</p></article>")


def _stand_in(folder: Path, body: str) -> Path:
    """An executable 'pagefind' that runs `body` as Python, with `answer(id, payload)` and
    `requests()` (each request as a dict) to hand."""
    script = folder / "pagefind"
    script.write_text(f"""#!{sys.executable}
import base64, json, sys
def answer(message_id, payload):
    data = json.dumps({{"message_id": message_id, "payload": payload}}).encode()
    sys.stdout.buffer.write(base64.b64encode(data) + b",")
    sys.stdout.flush()
def requests():
    pending = b""
    while chunk := sys.stdin.buffer.read1(65536):
        *messages, pending = (pending + chunk).split(b",")
        for message in messages:
            yield json.loads(base64.b64decode(message))
{body}
""", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


def _index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str) -> SearchIndex:
    monkeypatch.setattr("casebook.search.pagefind.pagefind_binary",
                        lambda: _stand_in(tmp_path, body))
    return SearchIndex(tmp_path / "pagefind")


def test_pagefind_indexes_the_articles_it_is_given(tmp_path: Path) -> None:
    """Two cases added, the index written: both are in it under their URLs and titles, with
    their text."""
    index = SearchIndex(tmp_path / "site" / "pagefind")
    index.add("cases/first/", ARTICLE.format(title="First case", text="Reverse mentoring."),
              title="First case")
    index.add("cases/second/", ARTICLE.format(title="Second case", text="Shadow boards."),
              title="Second case")
    index.write()
    report = index.finish()
    assert report.pages == 2
    fragments = {}
    for path in (tmp_path / "site" / "pagefind" / "fragment").glob("*.pf_fragment"):
        raw = gzip.decompress(path.read_bytes())
        fragment = json.loads(raw[raw.index(b"{"):])
        fragments[fragment["url"]] = fragment
    assert sorted(fragments) == ["/cases/first/", "/cases/second/"]
    assert fragments["/cases/first/"]["meta"]["title"] == "First case"
    assert "Shadow boards." in fragments["/cases/second/"]["content"]


def test_an_error_answer_fails_with_pagefind_s_message(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    index = _index(tmp_path, monkeypatch, """
for request in requests():
    answer(request["message_id"], {"type": "Error", "message": "Failed to add file"})
""")
    index.add("cases/one/", ARTICLE.format(title="One", text="Text."), title="One")
    index.write()
    with pytest.raises(SearchIndexError, match="failed to index the site: Failed to add file"):
        index.finish()


def test_a_service_that_stops_fails_with_what_it_said(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    index = _index(tmp_path, monkeypatch, """
sys.stderr.write("Error: out of disk space\\n")
sys.exit(1)
""")
    index.add("cases/one/", ARTICLE.format(title="One", text="Text."), title="One")
    index.write()
    with pytest.raises(SearchIndexError, match=r"(?s)Pagefind stopped.*out of disk space"):
        index.finish()


def test_a_service_that_never_answers_times_out(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    index = _index(tmp_path, monkeypatch, """
for request in requests():
    pass
""")
    index.write()
    with pytest.raises(SearchIndexError, match=r"did not finish within 0\.5 s"):
        index.finish(timeout=0.5)


def test_garbled_answers_are_reported_not_raised(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Output that is not an answer (a log line, broken base64) leaves requests unanswered,
    which is reported as such."""
    index = _index(tmp_path, monkeypatch, """
for request in requests():
    sys.stdout.write("Running Pagefind v1.5.2 in service mode,")
    sys.stdout.flush()
    if request["payload"]["type"] == "WriteFiles":
        sys.exit(0)
""")
    index.write()
    with pytest.raises(SearchIndexError, match="stopped before answering 2 requests"):
        index.finish()


def test_a_library_with_no_cases_is_not_published_with_an_empty_index(tmp_path: Path) -> None:
    index = SearchIndex(tmp_path / "pagefind")
    index.write()
    with pytest.raises(SearchIndexError, match="indexed no pages"):
        index.finish()


def test_close_stops_the_service_and_can_be_called_again(tmp_path: Path) -> None:
    index = SearchIndex(tmp_path / "pagefind")
    process = index._process
    index.close()
    index.close()
    assert process.poll() is not None


def test_a_missing_binary_is_a_clear_error(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("casebook.search.pagefind.pagefind_binary", lambda: tmp_path / "missing")
    with pytest.raises(SearchIndexError, match="Pagefind could not start"):
        SearchIndex(tmp_path / "pagefind")


def test_the_stand_in_speaks_the_protocol(tmp_path: Path) -> None:
    """The stand-ins above answer as Pagefind does: base64 JSON, comma-ended."""
    script = _stand_in(tmp_path, """
for request in requests():
    answer(request["message_id"], {"type": "NewIndex", "index_id": 0})
""")
    message = base64.b64encode(json.dumps({"message_id": 7, "payload": {}}).encode()) + b","
    out = subprocess.run([str(script)], input=message, capture_output=True, check=True).stdout
    assert json.loads(base64.b64decode(out.rstrip(b",")))["message_id"] == 7
