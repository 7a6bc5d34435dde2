"""The security policy (generator/plan/headers.py) is declared once and shipped three ways: the
pages' <meta> tags, the `_headers` file of every build, and the nginx lines in the docs."""

from __future__ import annotations

import re

from casebook.plan.headers import (
    HEADERS_FILE,
    REFERRER_POLICY,
    headers_file,
    meta_policy,
    nginx_snippet,
    response_headers,
)
from tests.helpers.library import ROOT

PARTIAL = ROOT / "theme" / "partials" / "cb-security.html"
HOSTING = ROOT / "docs" / "hosting.md"


def test_the_pages_meta_policy_is_the_declared_one():
    """theme/partials/cb-security.html carries exactly meta_policy() and the referrer policy;
    after changing generator/plan/headers.py, copy meta_policy() into the partial."""
    text = PARTIAL.read_text(encoding="utf-8")
    meta = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', text)
    assert meta == [meta_policy()]
    assert f'<meta name="referrer" content="{REFERRER_POLICY}">' in text


def test_the_headers_add_what_a_meta_tag_cannot_say():
    """As headers: the same policy plus frame-ancestors 'none', nosniff and the referrer."""
    headers = response_headers()
    assert headers["Content-Security-Policy"] == f"{meta_policy()}; frame-ancestors 'none'"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == REFERRER_POLICY
    assert "frame-ancestors" not in meta_policy()  # browsers ignore it in a <meta> policy


def test_the_headers_file_applies_every_header_to_every_path():
    """Netlify's and Cloudflare's format: a path line, then indented 'Name: value' lines."""
    lines = [line for line in headers_file().splitlines() if not line.startswith("#")]
    assert lines[0] == "/*"
    assert dict(line.strip().split(": ", 1) for line in lines[1:]) == response_headers()


def test_the_hosting_docs_give_the_declared_headers_for_nginx():
    """docs/hosting.md shows nginx_snippet() as it is; regenerate the block if this fails."""
    assert nginx_snippet() in HOSTING.read_text(encoding="utf-8")
    assert nginx_snippet().count("always;") == len(response_headers())
    assert HEADERS_FILE == "_headers"
