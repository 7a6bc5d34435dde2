"""How long validating 1,000 cases takes: `load_library` alone, and `casebook validate` whole.

    python bench/validate_1000.py [--cases 1000] [--runs 5]

Writes a synthetic library (bench/synthetic.py: every facet used, bodies of about 600 words)
into a temporary folder, checks that it is valid, then prints the median of `--runs` timings
of `load_library` in this process (wall-clock and processor time) and of the `casebook
validate` command end to end, as a subprocess with its interpreter start and imports. The
target of issue #2 is well under a second for 1,000 cases on a 2-core machine; other jobs
on the machine slow every figure, so run it on a quiet one.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench` and `generator` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.measure import measure
from bench.synthetic import write_library
from casebook.library.load import load_library


def _validate_command(root: Path) -> list[str]:
    script = Path(sys.executable).with_name("casebook")
    if script.is_file():  # the installed entry point, exactly what a contributor runs
        return [str(script), "--root", str(root), "validate"]
    return [sys.executable, "-m", "casebook.cli", "--root", str(root), "validate"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--cases", type=int, default=1_000, help="library size (1,000)")
    parser.add_argument("--runs", type=int, default=5, help="timings of each (5)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="casebook-bench-") as folder:
        root = write_library(Path(folder) / "library", args.cases)
        library = load_library(root)  # a warm-up, and proof that the timings are of real work
        if not library.ok or len(library.cases) != args.cases:
            print(f"the generated library is not valid: {library.diagnostics[:3]}",
                  file=sys.stderr)
            return 1
        walls, cpus = [], []
        for _ in range(args.runs):
            wall, cpu = time.perf_counter(), time.process_time()
            load_library(root)
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
        command = [measure(_validate_command(root), root) for _ in range(args.runs)]
    print(f"{args.cases:,} cases, median of {args.runs} runs")
    print(f"load_library:       {statistics.median(walls):.3f} s wall, "
          f"{statistics.median(cpus):.3f} s processor")
    print(f"casebook validate:  {statistics.median(s.wall for s in command):.3f} s wall, "
          f"{statistics.median(s.cpu for s in command):.3f} s processor (end to end)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
