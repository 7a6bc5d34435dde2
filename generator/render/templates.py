"""Theme templates made cheaper to render: compiled once per `casebook serve`, and the parts
every case page shares rendered once a build."""

from __future__ import annotations

from collections.abc import Callable

import jinja2
import jinja2.bccache


class BytecodeCache(jinja2.BytecodeCache):
    """Compiled theme templates kept in memory between rebuilds under `casebook serve`:
    MkDocs makes a new template environment for every build, and compiling Material's
    templates again costs more than rendering the few pages an edit changes. Jinja checks
    each template's source checksum, so an edited template is compiled again."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


class SameOnEveryCase:
    """Parts of a case page that come out the same on every case page, rendered once a build:
    Material's tabs and site navigation. They list the site's sections, never a case (cases
    are not in the navigation), by links relative to the page, and a key holds the page's
    way back to the site root (`base_url`), which is the same for every case. They were
    about a quarter of the time of templating a case page; theme/case.html uses this as
    `casebook_same_for_every_case(name, base_url, super)`."""

    def __init__(self) -> None:
        self.fragments: dict[tuple[str, str], str] = {}

    def __call__(self, name: str, base_url: str, render: Callable[[], str]) -> str:
        key = (name, base_url)
        if key not in self.fragments:
            self.fragments[key] = render()
        return self.fragments[key]


def prepare(env: jinja2.Environment, cache: BytecodeCache | None) -> None:
    """Set up a build's template environment: the serve cache, no reload checks, and the
    functions the theme's templates call."""
    if cache is not None:
        env.bytecode_cache = cache
    # MkDocs makes a new environment for every build, so checking a template's file for
    # changes each time a page includes it (thousands of times a build) finds nothing.
    env.auto_reload = False
    env.globals["casebook_same_for_every_case"] = SameOnEveryCase()
