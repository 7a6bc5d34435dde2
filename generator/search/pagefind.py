"""The search index: Pagefind, run as a service beside the build and fed each case as it renders.

Pagefind's binary (from the pagefind wheel) started with `--service` reads requests on its
standard input and answers on its standard output, one base64-encoded JSON message each,
ended by a comma; it handles them one at a time, in order. The build starts it before the
first page, hands it every case's article once the Markdown is rendered, asks it to write
the index, and collects the answer at the end. So Pagefind indexes on another core while
MkDocs renders the templates, instead of reading the finished site back from disk
afterwards (that took as long as a quarter of the whole build at 1,000 cases:
docs/performance.md).

Only case pages are indexed: the area, term and Browse pages list cases, they are not cases.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import select
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from markupsafe import escape

OUTPUT_SUBDIR = "pagefind"
TIMEOUT_SECONDS = 600
# Up to this many cases, Pagefind writes the index while the templates render, which is
# faster. Above it, it writes once the build has let go of its pages, so that the two
# memory peaks (Pagefind building its index, the renderer holding its pages) do not add up
# (docs/performance.md has the figures).
WRITE_INDEX_BESIDE_TEMPLATES_UP_TO = 5_000
# Pages sent to Pagefind in one write: fewer, larger writes wake it less often.
BATCH = 16
# Heading permalinks ('¶') are controls, not content.
EXCLUDE_SELECTORS = [".headerlink"]


class SearchIndexError(Exception):
    """Pagefind could not index the site; the message says why in plain words."""


@dataclass(frozen=True)
class IndexReport:
    pages: int
    output: Path


def pagefind_binary() -> Path:
    try:
        from pagefind_bin import get_executable
    except ImportError as exc:
        raise SearchIndexError(
            "the pagefind binary is not installed; install the package with "
            "'pip install \"pagefind[bin]\"' (make setup does this)") from exc
    return Path(get_executable())


def search_document(article: str, *, title: str, language: str) -> str:
    """The page Pagefind is given for a case: the case's article, which is all it indexes
    (the article carries data-pagefind-body), in a document that names its language."""
    return (f'<!doctype html><html lang="{escape(language)}"><head><meta charset="utf-8">'
            f"<title>{escape(title)}</title></head><body>{article}</body></html>")


class SearchIndex:
    """One Pagefind service writing one index into `output`.

    `add` and `write` only send, a few pages at a time, and read nothing back: Pagefind
    queues its answers, and `finish` reads them all, raising SearchIndexError if any was an
    error or Pagefind stopped. (Reading each answer as it came, in a thread, cost the build
    more than the answers are worth: every wake-up takes the interpreter from the renderer.)
    `close` stops the service whatever state it is in; a failed or interrupted build calls it.
    """

    def __init__(self, output: Path, *, language: str = "en") -> None:
        self.output = output
        self.language = language
        # Pagefind's error output, read only if it fails; it lives as long as the service.
        self._stderr: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115
        try:
            self._process = subprocess.Popen(
                [str(pagefind_binary()), "--service"], stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, stderr=self._stderr)
        except OSError as exc:
            self._stderr.close()
            raise SearchIndexError(f"Pagefind could not start: {exc}") from exc
        self._sent = 0
        self._unsent: list[bytes] = []
        self._answers: dict[int, dict[str, Any]] = {}
        self._pages = 0
        self._failure = ""
        self._closed = False
        self.writing = False  # asked to write the index
        # One service, one index: Pagefind numbers indexes from 0.
        self._send({"type": "NewIndex", "config": {"exclude_selectors": EXCLUDE_SELECTORS,
                                                   "force_language": language}})

    def add(self, url: str, article: str, *, title: str) -> None:
        """Index the case page at site-relative `url` ('cases/slug/')."""
        self._pages += 1
        self._send({"type": "AddFile", "index_id": 0, "url": "/" + url.lstrip("/"),
                    "file_path": None,
                    "file_contents": search_document(article, title=title,
                                                     language=self.language)})

    def write(self) -> None:
        """Ask for the index to be written, once every page has been added."""
        self._send({"type": "WriteFiles", "index_id": 0, "output_path": str(self.output)})
        self._flush()
        self.writing = True

    def finish(self, timeout: float = TIMEOUT_SECONDS) -> IndexReport:
        """Wait for Pagefind to answer everything sent, then stop it."""
        try:
            self._flush()
            if not self._read_answers(time.monotonic() + timeout):
                raise SearchIndexError(f"Pagefind did not finish within {timeout:g} s")
            self._check()
        finally:
            self.close()
        if self._pages == 0:
            raise SearchIndexError("Pagefind indexed no pages: the library has no cases, "
                                   "so search would find nothing")
        return IndexReport(pages=self._pages, output=self.output)

    def close(self) -> None:
        """Stop the service and free its pipes; safe to call more than once."""
        if self._closed:
            return
        self._closed = True
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        for stream in (self._process.stdin, self._process.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):  # a pipe whose other end is gone
                    stream.close()
        self._stderr.close()

    # ------------------------------------------------------------------ the protocol

    def _send(self, payload: dict[str, Any]) -> None:
        self._sent += 1
        message = json.dumps({"message_id": self._sent, "payload": payload}).encode()
        self._unsent.append(base64.b64encode(message) + b",")
        if len(self._unsent) >= BATCH:
            self._flush()

    def _flush(self) -> None:
        batch, self._unsent = b"".join(self._unsent), []
        if not batch or self._failure:
            return
        assert self._process.stdin is not None
        try:
            self._process.stdin.write(batch)
            self._process.stdin.flush()
        except OSError:
            self._failure = "Pagefind stopped while the site was being indexed"

    def _read_answers(self, deadline: float) -> bool:
        """Read answers until every message has one or Pagefind stops (True), or until the
        deadline (False)."""
        assert self._process.stdout is not None
        stream = self._process.stdout.fileno()
        pending = b""
        while len(self._answers) < self._sent:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            if not select.select([stream], [], [], left)[0]:
                continue
            chunk = os.read(stream, 1 << 16)
            if not chunk:
                return True  # Pagefind stopped: _check says what is missing
            *messages, pending = (pending + chunk).split(b",")
            for message in messages:
                if (answer := _decode(message)) is not None:
                    self._answers[answer[0]] = answer[1]
        return True

    def _check(self) -> None:
        errors = [a.get("message", "an unknown error") for a in self._answers.values()
                  if a.get("type") == "Error"]
        if errors:
            raise SearchIndexError("Pagefind failed to index the site: " + errors[0])
        missing = self._sent - len(self._answers)
        if self._failure or missing:
            self._stderr.seek(0)
            detail = self._stderr.read().decode("utf-8", "replace").strip().splitlines()[-5:]
            reason = self._failure or f"Pagefind stopped before answering {missing} requests"
            raise SearchIndexError(reason + (":\n  " + "\n  ".join(detail) if detail else ""))


def _decode(message: bytes) -> tuple[int, dict[str, Any]] | None:
    """(message id, payload) of one answer; None for anything else (which leaves a request
    unanswered, and _check reports it)."""
    try:
        answer = json.loads(base64.b64decode(message))
        payload = answer["payload"]
        # An answer to a request Pagefind could not read has no id.
        return int(answer.get("message_id") or 0), dict(payload)
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


def writes_beside_templates(case_count: int) -> bool:
    """Whether the index of a library this large is written while the templates render."""
    return case_count <= WRITE_INDEX_BESIDE_TEMPLATES_UP_TO
