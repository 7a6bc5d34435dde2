"""The `casebook` command line: wiring only; each command's work lives in casebook.commands."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable
from pathlib import Path

from casebook import __version__
from casebook.library.contents import TAXONOMY_FILE

# command name → (module in casebook.commands, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "validate": ("validate", "check every case and the taxonomy; report every problem"),
    "new": ("new", "write a new case from the template"),
    "build": ("build", "validate and build the site into site/, publishing only on success"),
    "serve": ("serve", "build the site and serve it locally, rebuilding on change"),
    "stage": ("stage", "write the site as a folder Zensical builds, without the plugin"),
    "linkcheck": ("linkcheck", "check every internal link and anchor of the built site"),
    "review": ("review", "list cases overdue for review, or due within 90 days"),
    "schema": ("schema", "write the JSON Schema of the front-matter, for editors"),
    "from-issue": ("from_issue", "turn a 'Propose a case study' issue into a case file"),
}


def find_root(start: Path) -> Path:
    """The nearest folder at or above `start` holding taxonomy.yml (else `start`)."""
    for folder in (start, *start.parents):
        if (folder / TAXONOMY_FILE).is_file():
            return folder
    return start


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command, or, with `only`, one whose other commands are names and
    help alone: each command's module is imported when it runs, not on every start (the
    site-building ones pull in MkDocs and Jinja, a fifth of the time `validate` takes)."""
    parser = argparse.ArgumentParser(
        prog="casebook",
        description="Casebook: a library of case studies on race equality in the NHS workforce.",
    )
    parser.add_argument("--version", action="version", version=f"casebook {__version__}")
    parser.add_argument("--root", type=Path, default=None,
                        help="the library folder, holding taxonomy.yml and cases/ "
                             "(default: found from the current folder)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, (module_name, help_text) in COMMANDS.items():
        command = sub.add_parser(name, help=help_text)
        command.add_argument("--version", action="version", version=f"casebook {__version__}")
        if only in (None, name):
            module = importlib.import_module(f".commands.{module_name}", __package__)
            command.description = module.__doc__
            module.add_arguments(command)
            command.set_defaults(run=module.run)
    return parser


def _command_in(argv: list[str]) -> str | None:
    """The command `argv` names, if it names one: the first word that is not an option."""
    words = iter(argv)
    for word in words:
        if word == "--root":
            next(words, None)
        elif not word.startswith("-"):
            return word if word in COMMANDS else None
    return None


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser(_command_in(argv)).parse_args(argv)
    args.root = (args.root or find_root(Path.cwd())).resolve()
    run: Callable[[argparse.Namespace], int] = args.run  # the command's module's run()
    try:
        return run(args)
    except KeyboardInterrupt:
        print("\ncasebook: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
