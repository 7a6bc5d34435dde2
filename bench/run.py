"""Casebook's benchmark: Casebook against plain MkDocs + Material on the same pages, in one run.

    python -m bench.run --quick    # 100 and 1,000 cases: the CI smoke test  (make bench-quick)
    python -m bench.run            # 100, 1,000 and 5,000 cases               (make bench)
    python -m bench.run --full     # 100, 1,000, 5,000 and 10,000 cases       (make bench-full)

For each size it writes a synthetic library (bench/synthetic.py) and its baseline project
(bench/baseline.py) once into a temporary folder, then measures side by side, each command as
a subprocess and the commands interleaved so that a busy moment of the machine falls on all
of them alike: `casebook validate`; `casebook build` (everything, search index included);
`mkdocs build` of the baseline; Pagefind over the baseline's built site through the bundled
binary and through the Python API. It reports medians of several runs (`--runs` up to 1,000
cases, `--large-runs` above) and the peak memory, and on the 1,000-case library the time from
saving an edit to the rebuilt page being served by `casebook serve` (bench/serve_latency.py).
The report is Markdown on standard output; progress goes to standard error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from casebook.search.pagefind import pagefind_binary

from .baseline import write_baseline
from .measure import Sample, Summary, measure
from .serve_latency import ServeResult, serve_latency
from .synthetic import write_library

QUICK = (100, 1_000)
DEFAULT = (100, 1_000, 5_000)
FULL = (100, 1_000, 5_000, 10_000)
LARGE = 1_000  # sizes above this get --large-runs runs
SERVE_SIZE = 1_000
COMMANDS = ("validate", "build", "baseline", "pagefind_bin", "pagefind_api")


@dataclass
class Options:
    sizes: tuple[int, ...] = DEFAULT
    runs: int = 5
    large_runs: int = 2
    serve_edits: int = 5
    compare_serve: bool = False  # also time plain `mkdocs serve`, which rebuilds everything
    pagefind: bool = True
    workdir: Path | None = None
    keep: bool = False


@dataclass
class SizeResult:
    cases: int
    baseline_pages: int
    timings: dict[str, Summary] = field(default_factory=dict)

    def ratio(self, command: str = "build", attr: str = "wall") -> float:
        return float(getattr(self.timings[command], attr) / getattr(self.timings["baseline"], attr))


@dataclass
class Results:
    date: str
    machine: str
    load: tuple[float, float]
    sizes: list[SizeResult] = field(default_factory=list)
    serve: ServeResult | None = None
    plain_serve: ServeResult | None = None

    def size(self, cases: int) -> SizeResult | None:
        return next((s for s in self.sizes if s.cases == cases), None)


def _commands(lib: Path, base: Path, work: Path, n: int) -> dict[str, list[str]]:
    py = sys.executable
    return {
        "validate": [py, "-m", "casebook.cli", "--root", str(lib), "validate"],
        "build": [py, "-m", "casebook.cli", "--root", str(lib), "build", "--quiet"],
        "baseline": [py, "-m", "mkdocs", "build", "--quiet", "-f", str(base / "mkdocs.yml")],
        "pagefind_bin": [str(pagefind_binary()), "--site", str(base / "site"),
                         "--output-path", str(work / f"pagefind-bin-{n}")],
        "pagefind_api": [py, "-m", "bench.pagefind_api", str(base / "site"),
                         str(work / f"pagefind-api-{n}")],
    }


def measure_size(n: int, work: Path, runs: int, options: Options,
                 progress: Callable[[str], None]) -> SizeResult:
    """Write the library of `n` cases and its baseline, then time every command `runs` times."""
    progress(f"{n:,} cases: writing the library and the baseline")
    lib = write_library(work / f"library-{n}", n)
    base = write_baseline(lib, work / f"baseline-{n}")
    commands = _commands(lib, base, work, n)
    if not options.pagefind:
        del commands["pagefind_bin"], commands["pagefind_api"]
    samples: dict[str, list[Sample]] = {name: [] for name in commands}
    for run in range(runs):
        for name, command in commands.items():
            progress(f"{n:,} cases: {name}, run {run + 1} of {runs}")
            samples[name].append(measure(command, lib))
    pages = sum(1 for _ in (base / "site").rglob("*.html"))
    return SizeResult(cases=n, baseline_pages=pages,
                      timings={name: Summary.of(s) for name, s in samples.items()})


def run_benchmark(options: Options,
                  progress: Callable[[str], None] = lambda _: None) -> Results:
    """Every measurement of `options`, in one run."""
    load_before = os.getloadavg()[0]
    results = Results(date=dt.date.today().isoformat(), machine=_machine(), load=(0.0, 0.0))
    work = options.workdir or Path(tempfile.mkdtemp(prefix="casebook-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        for n in options.sizes:
            runs = options.runs if n <= LARGE else options.large_runs
            results.sizes.append(measure_size(n, work, runs, options, progress))
        serve_size = max((n for n in options.sizes if n <= SERVE_SIZE), default=None)
        if options.serve_edits and serve_size:
            progress(f"{serve_size:,} cases: edit to preview under casebook serve")
            results.serve = serve_latency(work / f"library-{serve_size}", options.serve_edits)
            if options.compare_serve:
                progress(f"{serve_size:,} cases: edit to preview under plain mkdocs serve")
                results.plain_serve = serve_latency(work / f"library-{serve_size}",
                                                    options.serve_edits, plain=True)
    finally:
        if not options.keep and options.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    results.load = (load_before, os.getloadavg()[0])
    return results


def _machine() -> str:
    return (f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}")


# ---------------------------------------------------------------- the report


def _s(seconds: float) -> str:
    return f"{seconds:.2f} s" if seconds < 10 else f"{seconds:.1f} s"


def _cell(result: SizeResult, command: str) -> str:
    summary = result.timings.get(command)
    return _s(summary.wall) if summary else "–"


def format_report(results: Results) -> str:
    """The results as Markdown: one table of times and memory, then the notes."""
    runs = sorted({s.timings["build"].runs for s in results.sizes})
    lines = [
        f"Casebook benchmark, {results.date}: {results.machine}; load average "
        f"{results.load[0]:.1f} at the start, {results.load[1]:.1f} at the end. "
        f"Medians of {' or '.join(map(str, runs))} run{'s' if runs != [1] else ''}, "
        "wall-clock (CPU seconds, user + system, in brackets); peak memory is the most the "
        "command and the processes it starts held at one time (their resident sets summed, "
        "sampled every 20 ms).",
        "",
        "| cases | validate | casebook build | MkDocs + Material | build ÷ baseline "
        "| Pagefind binary | Pagefind Python API | peak MB: validate / build / baseline |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results.sizes:
        t = r.timings
        lines.append(
            f"| {r.cases:,} | {_cell(r, 'validate')} ({t['validate'].cpu:.1f}) "
            f"| {_cell(r, 'build')} ({t['build'].cpu:.1f}) "
            f"| {_cell(r, 'baseline')} ({t['baseline'].cpu:.1f}) "
            f"| {r.ratio():.1f}× ({r.ratio(attr='cpu'):.1f}×) "
            f"| {_cell(r, 'pagefind_bin')} | {_cell(r, 'pagefind_api')} "
            f"| {t['validate'].peak_mb:.0f} / {t['build'].peak_mb:.0f} "
            f"/ {t['baseline'].peak_mb:.0f} |")
    lines += ["", *_notes(results)]
    return "\n".join(lines)


def _notes(results: Results) -> list[str]:
    notes = []
    small, large = results.size(1_000), max(results.sizes, key=lambda s: s.cases)
    if small and large.cases > small.cases:
        growth = ", ".join(
            f"{name} ×{large.timings[key].wall / small.timings[key].wall:.1f} "
            f"(CPU ×{large.timings[key].cpu / small.timings[key].cpu:.1f})"
            for key, name in (("validate", "validate"), ("build", "casebook build"),
                              ("baseline", "baseline")))
        notes.append(f"- Growth from 1,000 to {large.cases:,} cases "
                     f"(×{large.cases / small.cases:g} the cases): {growth}.")
    if results.serve:
        s = results.serve
        notes.append(
            f"- Edit to preview, `casebook serve` on {s.cases:,} cases, median of "
            f"{len(s.served)} edits of a case's title: browsers are told to reload "
            f"{_s(s.reloaded_median)} after the file is saved and the new page is served after "
            f"{_s(s.served_median)}; every page that lists the case is rebuilt after "
            f"{_s(s.settled_median)}. The first build took {_s(s.first_build)}; peak memory "
            f"{s.peak_mb:.0f} MB.")
    if results.plain_serve:
        s = results.plain_serve
        notes.append(
            f"- The same edits under plain `mkdocs serve` (a full rebuild, search index "
            f"included, on every change): the new page is served after {_s(s.served_median)}.")
    notes.extend(_pagefind_note(results))
    return notes


def _pagefind_note(results: Results) -> list[str]:
    sized = [r for r in results.sizes if "pagefind_bin" in r.timings]
    if not sized:
        return []
    parts = []
    for r in sized:
        binary, api = r.timings["pagefind_bin"], r.timings["pagefind_api"]
        faster = "binary" if binary.wall <= api.wall else "Python API"
        factor = max(binary.wall, api.wall) / min(binary.wall, api.wall)
        parts.append(f"{r.baseline_pages:,} pages: binary {_s(binary.wall)} "
                     f"({binary.peak_mb:.0f} MB), API {_s(api.wall)} ({api.peak_mb:.0f} MB), "
                     f"the {faster} {factor:.1f}× faster")
    return [f"- Pagefind over the baseline's site: {'; '.join(parts)}."]


# ---------------------------------------------------------------- command line


def parse_args(argv: list[str] | None) -> tuple[Options, Path | None]:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--quick", action="store_true", help="100 and 1,000 cases")
    mode.add_argument("--full", action="store_true", help="up to 10,000 cases")
    mode.add_argument("--sizes", type=lambda v: tuple(int(n) for n in v.split(",")),
                      help="comma-separated library sizes, e.g. 100,2000")
    parser.add_argument("--runs", type=int, default=5,
                        help="runs of each command up to 1,000 cases (default 5)")
    parser.add_argument("--large-runs", type=int, default=2,
                        help="runs of each command above 1,000 cases (default 2)")
    parser.add_argument("--serve-edits", type=int, default=5,
                        help="edits timed under casebook serve, 0 to skip (default 5)")
    parser.add_argument("--compare-serve", action="store_true",
                        help="also time the edits under plain mkdocs serve (full rebuilds)")
    parser.add_argument("--no-pagefind", action="store_true",
                        help="skip the two Pagefind measurements")
    parser.add_argument("--workdir", type=Path, help="write the libraries here, and keep them")
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    args = parser.parse_args(argv)
    sizes = QUICK if args.quick else FULL if args.full else args.sizes or DEFAULT
    options = Options(sizes=sizes, runs=args.runs, large_runs=args.large_runs,
                      serve_edits=args.serve_edits, compare_serve=args.compare_serve,
                      pagefind=not args.no_pagefind,
                      workdir=args.workdir)
    return options, args.json


def main(argv: list[str] | None = None) -> int:
    options, json_path = parse_args(argv)
    results = run_benchmark(options, progress=lambda m: print(m, file=sys.stderr, flush=True))
    print(format_report(results))
    if json_path:
        json_path.write_text(json.dumps(asdict(results), indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
