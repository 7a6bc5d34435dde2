"""Edit to preview: how long after saving a case its rebuilt page is served by `casebook serve`.

The server runs with live reload on: `--no-livereload` also turns off watching (MkDocs
watches files only for live reload), so nothing would ever be rebuilt. Each edit gives one
case a new title; the clock starts when the file is closed and stops when an HTTP request for
the case's page returns the new title ("served"), when the server first logs that browsers
are told to reload ("reloaded"), and when the last rebuild the edit caused is over, the
pages that list the case included ("settled": every rebuild the server started is over, and
it has logged nothing for QUIET_S since). The next edit waits for an idle server, as a
person reading the preview would.

MkDocs' server holds every request until the build in progress is over, so "served" is
never earlier than the end of the rebuild that wrote the page.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from .measure import BenchError, bench_env

POLL_S = 0.02
FIRST_BUILD_TIMEOUT_S = 900.0
EDIT_TIMEOUT_S = 300.0
STOP_TIMEOUT_S = 30.0
# Longer than the server takes to notice a change (MkDocs polls every 0.5 s), so a rebuild
# that one rebuild asks for is not missed.
QUIET_S = 1.5
DETECTED = "Detected file changes"
RELOADED = "Reloading browsers"
FAILED = "An error happened during the rebuild"
_TITLE = re.compile(r"^title: .*$", re.MULTILINE)


@dataclass(frozen=True)
class ServeResult:
    cases: int
    first_build: float           # seconds from start until the server answers
    served: list[float]          # seconds from each save until the new page is served
    reloaded: list[float]        # seconds from each save until browsers are told to reload
    settled: list[float]         # seconds from each save until its last rebuild is over
    peak_mb: float

    @property
    def served_median(self) -> float:
        return statistics.median(self.served)

    @property
    def reloaded_median(self) -> float:
        return statistics.median(self.reloaded)

    @property
    def settled_median(self) -> float:
        return statistics.median(self.settled)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def http_get(url: str) -> str | None:
    """The page at `url` as text, or None when it cannot be fetched."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, OSError):
        return None


class ServeProcess:
    """`casebook serve` on a free port of 127.0.0.1, its log in a temporary file. With
    `plain`, MkDocs' own `mkdocs serve` instead, which rebuilds the whole site on every
    change (as `casebook serve` did before it built incrementally)."""

    def __init__(self, library: Path, *, plain: bool = False) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}/"
        self.log = tempfile.NamedTemporaryFile(mode="w+", encoding="utf-8",  # noqa: SIM115
                                               errors="replace", suffix=".log")
        address = f"127.0.0.1:{self.port}"
        command = ([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", address]
                   if plain else [sys.executable, "-m", "casebook.cli", "--root",
                                  str(library), "serve", "--dev-addr", address])
        _heed_sigint()
        self.proc = subprocess.Popen(
            command, cwd=library, stdout=self.log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, env=bench_env())

    def get(self, path: str) -> str | None:
        """The page at `path` (relative to the site's root) as text, or None."""
        return http_get(self.base + path)

    def log_text(self) -> str:
        return Path(self.log.name).read_text(encoding="utf-8", errors="replace")

    def wait_until_served(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise BenchError("casebook serve stopped:\n" + self.log_text()[-3000:])
            if http_get(self.base) is not None:
                return
            time.sleep(0.2)
        raise BenchError(f"casebook serve did not answer within {timeout:.0f} s")

    def stop(self) -> float:
        """Stop the server as Ctrl-C would (it then deletes its temporary site), harder if
        it does not stop; its peak memory in MB."""
        usage = None
        for stop_signal in (signal.SIGINT, signal.SIGTERM, signal.SIGKILL):
            if self.proc.returncode is not None:
                break
            self.proc.send_signal(stop_signal)
            deadline = time.monotonic() + STOP_TIMEOUT_S
            while time.monotonic() < deadline:
                pid, status, usage = os.wait4(self.proc.pid, os.WNOHANG)
                if pid:
                    self.proc.returncode = os.waitstatus_to_exitcode(status)
                    break
                time.sleep(0.1)
        self.log.close()
        return usage.ru_maxrss / 1024 if usage is not None else 0.0


def _heed_sigint() -> None:
    """Give Ctrl-C its usual effect here, and so in the server started next, when a shell
    started this process in the background with Ctrl-C ignored: an ignored signal stays
    ignored in child processes, and the server cleans up only on Ctrl-C."""
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


def _set_title(path: Path, title: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(_TITLE.sub(f"title: {title}", text, count=1), encoding="utf-8")


def _building(log: str) -> bool:
    """True while a rebuild the server started is not over (each starts with DETECTED and
    ends with RELOADED, or FAILED)."""
    return log.count(DETECTED) > log.count(RELOADED) + log.count(FAILED)


def wait_until_quiet(server: ServeProcess, timeout: float = EDIT_TIMEOUT_S) -> None:
    """Until no rebuild is running and the server has logged nothing for QUIET_S."""
    deadline = time.monotonic() + timeout
    size, since = -1, time.monotonic()
    while time.monotonic() < deadline:
        log = server.log_text()
        if len(log) != size or _building(log):
            size, since = len(log), time.monotonic()
        elif time.monotonic() - since >= QUIET_S:
            return
        time.sleep(0.1)
    raise BenchError(f"casebook serve was still rebuilding after {timeout:.0f} s")


def _wait_for(server: ServeProcess, url: str, title: str,
              saved: float) -> tuple[float, float, float]:
    """Seconds from `saved` until the page shows `title`, until the first reload the server
    logs after that, and until its last reload before it falls quiet."""
    reloads = server.log_text().count(RELOADED)
    served = reloaded = settled = None
    size, since = -1, time.perf_counter()
    while time.perf_counter() < saved + EDIT_TIMEOUT_S:
        if served is None and title in (http_get(url) or ""):
            served = time.perf_counter() - saved
        # After the request: the server holds it while it builds, so a reload logged now
        # happened at most this long ago.
        now = time.perf_counter()
        log = server.log_text()
        if log.count(RELOADED) > reloads:
            reloads = log.count(RELOADED)
            settled = now - saved
            reloaded = settled if reloaded is None else reloaded
        if len(log) != size or _building(log):
            size, since = len(log), now
        if served is not None and settled is not None and now - since >= QUIET_S:
            assert reloaded is not None
            return served, reloaded, settled
        time.sleep(POLL_S)
    raise BenchError(f"the edit did not show at {url} within {EDIT_TIMEOUT_S:.0f} s:\n"
                     + server.log_text()[-3000:])


def serve_latency(library: Path, edits: int, *, plain: bool = False) -> ServeResult:
    """Start `casebook serve` (or, with `plain`, `mkdocs serve`) on `library`, edit one
    case's title `edits` times, stop."""
    files = sorted((library / "cases").glob("*.md"))
    case = files[len(files) // 2]
    original = case.read_text(encoding="utf-8")
    url = f"{{base}}cases/{case.stem}/"
    started = time.perf_counter()
    server = ServeProcess(library, plain=plain)
    times: list[tuple[float, float, float]] = []
    try:
        server.wait_until_served(FIRST_BUILD_TIMEOUT_S)
        first_build = time.perf_counter() - started
        for n in range(edits):
            wait_until_quiet(server)
            title = f"Benchmark edit {n} of a synthetic case {time.time_ns()}"
            _set_title(case, title)
            times.append(_wait_for(server, url.format(base=server.base), title,
                                   time.perf_counter()))
    finally:
        case.write_text(original, encoding="utf-8")
        peak = server.stop()
    return ServeResult(cases=len(files), first_build=first_build,
                       served=[t[0] for t in times], reloaded=[t[1] for t in times],
                       settled=[t[2] for t in times], peak_mb=peak)
