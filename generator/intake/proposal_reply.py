"""The reply the proposal bot posts on an issue whose answers have problems.

The report quotes the proposer's own answers, so everything in it is untrusted. It goes in
a code block whose fence is longer than any run of backticks in the report, so no line of it
can close the block early (CommonMark: a closing fence is at least as long as the opening),
and inside a code block GitHub renders no Markdown, links no @mention and notifies nobody.
Characters that are invisible or reorder text are shown as escapes, so what a maintainer
reads is what was sent. The reply is cut to fit GitHub's limit on a comment.
"""

from __future__ import annotations

import re
import unicodedata

# GitHub refuses a comment longer than 65,536 characters; leave room for the text around it.
REPORT_LIMIT = 60_000
INTRO = ("Thank you. The check could not turn your answers into a case yet. Edit the issue "
         "(the **...** menu, then **Edit**) to fix the problems below; the check runs again "
         "when you save. Each problem names the question to change.")
_BACKTICKS = re.compile(r"`+")


def visible(text: str) -> str:
    """`text` with control, format and separator characters (other than newline and tab)
    written as escapes such as \\u202e."""
    return "".join(
        f"\\u{ord(c):04x}" if c not in "\n\t" and unicodedata.category(c)[0] in "CZ"
        and c != " " else c
        for c in text)


def code_block(text: str) -> str:
    """`text` in a fenced code block that nothing inside it can close."""
    longest = max((len(m.group()) for m in _BACKTICKS.finditer(text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{text}\n{fence}"


def _cut(report: str, limit: int) -> str:
    if len(report) <= limit:
        return report
    kept = report[:limit].rpartition("\n")[0]
    left_out = report.count("\n", len(kept)) + 1
    return f"{kept}\n… and {left_out:,} more lines: run the check locally to see them all."


def problem_reply(report: str) -> str:
    """The Markdown comment: the intro, then the report, quoted so it can do nothing."""
    return f"{INTRO}\n\n{code_block(_cut(visible(report), REPORT_LIMIT))}\n"
