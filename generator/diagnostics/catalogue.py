"""Diagnostics: every problem Casebook finds is a value, never an exception.

The catalogue below is the single list of codes. Codes are a public contract: a code never
changes meaning, so editors, CI annotations and the docs table can rely on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Code:
    """One entry of the catalogue: what went wrong, and how to fix it."""

    code: str
    severity: Severity
    title: str
    hint: str


def _error(code: str, title: str, hint: str) -> Code:
    return Code(code, Severity.ERROR, title, hint)


def _warning(code: str, title: str, hint: str) -> Code:
    return Code(code, Severity.WARNING, title, hint)


CATALOGUE: dict[str, Code] = {
    c.code: c
    for c in [
        # Reading the file
        _error("not-utf8", "File is not UTF-8",
               "Save the file as UTF-8 (in most editors: File → Save with encoding → UTF-8)."),
        _error("file-too-large", "File is larger than 1 MB",
               "Keep a case to its text; link to long documents instead of pasting them."),
        _error("control-character", "File contains control characters",
               "Remove the invisible characters (often pasted from another program)."),
        _error("invisible-character", "Bidirectional or invisible character",
               "Delete the character (editors show it as a gap, or not at all; it often "
               "comes with text pasted from elsewhere). These characters can make text "
               "display differently from what it says."),
        _error("no-front-matter", "No front-matter",
               "Start the file with a line '---', the fields, then another line '---'. "
               "Run 'casebook new' for a template."),
        _error("yaml-syntax", "Front-matter is not valid YAML",
               "Check indentation (spaces, not tabs), colons after field names and quotes "
               "around text that contains a colon."),
        _error("yaml-alias", "Front-matter uses YAML anchors or aliases",
               "Write each value out in full; '&' anchors and '*' aliases are not allowed."),
        _error("duplicate-key", "Field given twice",
               "Keep one of the two; the second would silently replace the first."),
        # Fields
        _error("front-matter-not-mapping", "Front-matter is not a set of fields",
               "Write one 'field: value' per line between the '---' lines."),
        _error("missing-field", "Required field missing",
               "Add the field; 'casebook new' writes a template with every required field."),
        _error("unknown-field", "Unknown field",
               "Check the spelling against the list of fields in CONTRIBUTING.md."),
        _error("wrong-type", "Value has the wrong type",
               "Write the value in the form the contract expects."),
        _error("number-out-of-range", "Number too large",
               "Write the figure as it was measured; no measure of a trust's workforce runs "
               "to more than 1,000,000,000,000,000, the largest figure shown exactly."),
        _error("invalid-date", "Not a real date",
               "Write the date as YYYY-MM-DD, for example 2024-03-31."),
        _error("future-date", "Date is in the future",
               "Use the date the case was published, which cannot be after today."),
        _error("reviewed-before-published", "Reviewed before it was published",
               "'reviewed' must be on or after 'published'."),
        _error("unknown-term", "Unknown term",
               "Use one of the term ids declared in taxonomy.yml."),
        _error("unknown-choice", "Not one of the field's choices",
               "Use one of the values the contract lists for the field."),
        _error("duplicate-value", "Value repeated in a list",
               "Give each value once."),
        _error("too-many-areas", "More than four areas",
               "Choose the one to four areas the case is most about; the first is the primary."),
        _error("empty-list", "List is empty",
               "Give at least one value, or leave the optional field out."),
        _error("text-length", "Text too short or too long",
               "Shorten or lengthen the text to fit the limits."),
        _error("invalid-url", "Not a web address",
               "Write a full address starting with https:// (or http://)."),
        _error("invalid-email", "Not an e-mail address",
               "Write an address such as edi.team@example.nhs.uk, or leave it out."),
        _error("invalid-slug", "File name is not a valid slug",
               "Rename the file to lower-case words joined by hyphens, at most 80 characters, "
               "ending in .md."),
        _error("duplicate-slug", "Slug or alias used twice",
               "Each case's slug and aliases must be unique across the library."),
        _error("unknown-related", "Related case does not exist",
               "Use the slug of an existing case: its file name without '.md'."),
        _error("period-end-before-start", "Period ends before it starts",
               "Give 'period.end' the same year as 'start' or a later one, or leave it out."),
        _error("improved-not-earned", "Outcome 'improved' without a measure or evidence",
               "Choose 'too-early' when the source reports no outcome yet, or "
               "'no-change-yet' when it looked and saw no clear change; keep 'improved' "
               "only with an impact measure or evidence above 'emerging'."),
        _error("quote-missing-figure", "Impact figure not in its quote",
               "Copy the source's sentence exactly, and write 'value' as the source writes "
               "the number (1.56 as 1.56, '30%' as 30, '1,000' as 1000)."),
        # Body
        _error("missing-heading", "Required heading missing",
               "Add the heading; the body needs '## The challenge', '## What they did', "
               "'## Impact' and '## Lessons', and '## What did not work' (after Impact) when "
               "the outcome is mixed, no-change-yet or did-not-work."),
        _error("heading-order", "Required heading out of order",
               "Put the headings in the order: The challenge, What they did, Impact, "
               "What did not work (if present), Lessons."),
        _error("unsafe-html", "Unsafe HTML in the body",
               "Remove it; write the content in Markdown. Scripts, frames, forms, styles and "
               "event handlers are never allowed."),
        _error("unsafe-url", "Unsafe link or image address",
               "Use an https:// address, or a relative link to another case or image."),
        _error("broken-link", "Link to a missing case or image",
               "Check the file name; link to cases as '../other-slug/' or 'other-slug.md'."),
        _error("root-relative-link", "Link from the root of the site",
               "Link to other cases as '../other-slug/' or 'other-slug.md', and to images by "
               "their file name: the build refuses a link that starts with '/', and it would "
               "break on a site published in a folder."),
        _error("missing-anchor", "Link to a section that is not there",
               "Use the id of a heading of that case: its words in lower case joined by "
               "hyphens ('## What they did' is '#what-they-did'), or give the heading one "
               "('## Our panel {: #panel }'). A heading with formatting in it has no id "
               "Casebook can check: link to another heading, or give it one."),
        # Warnings
        _warning("review-overdue", "Not reviewed for more than three years",
                 "Check the case is still accurate with its organisation and set 'reviewed' to "
                 "today's date."),
        _warning("personal-data", "Possible personal data in the body",
                 "Remove it, or move a contact address to the 'contact' field."),
        _warning("long-body", "Body longer than 3,000 words",
                 "Shorten the case; link to the full report for detail."),
        _warning("discouraged-term", "Wording that current guidance advises against",
                 "Use the suggested wording instead."),
        # Taxonomy
        _error("taxonomy-missing", "taxonomy.yml not found",
               "Run Casebook from the library folder, or pass --root."),
        _error("duplicate-id", "Term id used twice in a facet",
               "Give every term of a facet its own id."),
        _error("missing-facet", "Facet missing from taxonomy.yml",
               "Declare every facet of the contract under 'facets:'."),
        _error("similar-to-itself", "Term listed as similar to itself",
               "Remove the term's own id from its 'similar' list: list only other terms of "
               "the same facet."),
        _error("similar-listed-twice", "Similar term listed twice",
               "Keep one of the two."),
        _error("similar-not-mutual", "Similar terms listed on one side only",
               "List the pair on both terms, or on neither: similarity works both ways."),
        # The "Propose a case study" issue form (casebook from-issue)
        _error("missing-answer", "Form question not answered",
               "Edit the issue and answer the question; the check runs again when you save."),
        _error("multi-line-answer", "Answer must be one line",
               "Edit the issue and write this answer on one line; only the case's sections "
               "(challenge, what they did, impact, lessons) and the lists may have several."),
        _error("consent-not-confirmed", "Consent checklist not complete",
               "Edit the issue and tick the item once it is true; every item must be true "
               "before a case is published."),
        # Session packs and other files checked with the same machinery
        _error("unknown-case", "Case does not exist",
               "Use the slug of an existing case: its file name without '.md'."),
        _error("library-too-large", "Library is larger than Casebook's limits",
               "Split the library, or raise the limit in the configuration knowingly."),
        # What a contribution may contain (generator/library/contents.py)
        _error("symbolic-link", "Symbolic link in the content folders",
               "Put the file itself in its place, or remove the link. Casebook never follows "
               "a link in cases/, packs/ or to taxonomy.yml."),
        _error("file-not-allowed", "File a contribution may not contain",
               "cases/ holds case files (.md) and the images and documents they link to "
               "(png, jpg, jpeg, webp, gif, pdf); packs/ holds pack files (.yml). Remove the "
               "file, or convert it to one of those types."),
        _error("asset-too-large", "Image or document over the size limit",
               "Make the image smaller (a width of 1,600 pixels is plenty), or link to the "
               "document where it is published instead."),
        _error("unused-asset", "Image or document that no case links to",
               "Link to it from the case it belongs to, or remove it: only files a case "
               "shows or links to are published."),
        _error("reserved-slug", "Name the site uses for its own pages",
               "Choose another name: the names of the site's own pages and folders (index, "
               "areas, browse, packs, …) cannot be a case's or a pack's."),
    ]
}


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem at one place. Lines and columns are 1-based; 0 means 'the whole file'."""

    path: str
    line: int
    col: int
    code: str
    message: str
    hint: str
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def as_dict(self) -> dict[str, str | int]:
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "severity": str(self.severity),
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
        }


@dataclass(frozen=True)
class Pos:
    """A place in a file (1-based)."""

    line: int = 0
    col: int = 0


FILE = Pos()


def diagnostic(code: str, path: Path | str, pos: Pos, message: str, hint: str = "") -> Diagnostic:
    """Build a diagnostic from the catalogue; a specific `hint` replaces the generic one."""
    entry = CATALOGUE[code]
    return Diagnostic(
        path=str(path),
        line=pos.line,
        col=pos.col,
        code=code,
        message=message,
        hint=hint or entry.hint,
        severity=entry.severity,
    )


def has_errors(diagnostics: list[Diagnostic]) -> bool:
    return any(d.is_error for d in diagnostics)
