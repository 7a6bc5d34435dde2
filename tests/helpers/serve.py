"""`casebook serve` in a process of its own, on a free port of 127.0.0.1, for the tests that
watch an edit arrive over HTTP. (bench/serve_latency.py times the same for the benchmark:
the tests and the benchmark import nothing from each other.)"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

STOP_TIMEOUT_S = 30.0


class ServeProcess:
    """`casebook serve` of the library at `library`, its output in a temporary file."""

    def __init__(self, library: Path) -> None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = int(sock.getsockname()[1])
        self.base = f"http://127.0.0.1:{port}/"
        self.log = tempfile.NamedTemporaryFile(mode="w+", encoding="utf-8",  # noqa: SIM115
                                               errors="replace", suffix=".log")
        _heed_ctrl_c()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "casebook.cli", "--root", str(library), "serve",
             "--dev-addr", f"127.0.0.1:{port}"],
            cwd=library, stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})

    def get(self, path: str) -> str | None:
        """The page at `path` (relative to the site's root) as text, or None."""
        try:
            with urllib.request.urlopen(self.base + path, timeout=5) as response:
                return response.read().decode("utf-8", errors="replace")
        except (urllib.error.URLError, OSError):
            return None

    def log_text(self) -> str:
        return Path(self.log.name).read_text(encoding="utf-8", errors="replace")

    def wait_until_served(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while self.get("") is None:
            if self.proc.poll() is not None:
                raise AssertionError("casebook serve stopped:\n" + self.log_text()[-3000:])
            if time.monotonic() > deadline:
                raise AssertionError(f"casebook serve did not answer within {timeout:.0f} s")
            time.sleep(0.2)

    def stop(self) -> None:
        """Stop the server as Ctrl-C would (it then deletes its temporary site); kill it if
        it does not stop."""
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


def _heed_ctrl_c() -> None:
    """Give Ctrl-C its usual effect here, and so in the server started next, when a shell
    started the tests in the background with Ctrl-C ignored: an ignored signal stays ignored
    in child processes, and the server cleans up only on Ctrl-C."""
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
