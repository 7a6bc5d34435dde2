"""The site's security policy, declared once: as the <meta> tags every page carries, and as
response headers for hosts that read a headers file.

GitHub Pages sends no headers of a site's choosing, so every page carries the
Content-Security-Policy and referrer policy as <meta> tags (theme/partials/cb-security.html
holds a copy of `meta_policy()`; a test keeps the two the same). Hosts that read a headers
file get the same policy as real headers, plus what a <meta> tag cannot say:
`frame-ancestors 'none'` (no other site may frame the pages, against clickjacking) and
`X-Content-Type-Options: nosniff` (a file is never run as a type other than the one served).
The build writes `_headers` (Netlify, Cloudflare Pages) to the site's root;
`nginx_snippet()` is the same for nginx, printed in docs/hosting.md.

What each directive allows, and why:

  default-src 'self'            nothing from another origin: the site works on a closed intranet
  script-src 'self'             scripts only from the site's own files: no remote scripts, no
                                inline <script> blocks, no on…= attributes, no javascript: URLs.
                                Material's own inline scripts are moved into a file by the
                                overrides in theme/partials/javascripts/ (material-boot.js),
                                rather than allowed by hash: they differ page by page.
    'wasm-unsafe-eval'          Pagefind's search runs in WebAssembly; this allows compiling
                                WebAssembly, not eval() of JavaScript
  worker-src 'self' blob:       Pagefind may run in a worker
  style-src 'self'              stylesheets from the site only: no <style> blocks or style=""
                                attributes (case pages are sanitised of style="")
  img-src 'self' data:          Material's icons are data: SVGs inside its stylesheets
  connect-src 'self'            Pagefind fetches its index from pagefind/
  object-src 'none'             no plugins
  base-uri 'self'               a <base> cannot redirect relative links elsewhere
  form-action 'self'            forms (the header search) submit only to the site itself
  frame-ancestors 'none'        headers only: a <meta> policy may not carry it
"""

from __future__ import annotations

HEADERS_FILE = "_headers"
REFERRER_POLICY = "strict-origin-when-cross-origin"
_DIRECTIVES: tuple[tuple[str, str], ...] = (
    ("default-src", "'self'"),
    ("script-src", "'self' 'wasm-unsafe-eval'"),
    ("worker-src", "'self' blob:"),
    ("style-src", "'self'"),
    ("img-src", "'self' data:"),
    ("font-src", "'self'"),
    ("connect-src", "'self'"),
    ("media-src", "'self'"),
    ("manifest-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)
_HEADER_ONLY: tuple[tuple[str, str], ...] = (("frame-ancestors", "'none'"),)


def _policy(directives: tuple[tuple[str, str], ...]) -> str:
    return "; ".join(f"{name} {value}" for name, value in directives)


def meta_policy() -> str:
    """The Content-Security-Policy of every page's <meta> tag."""
    return _policy(_DIRECTIVES)


def response_headers() -> dict[str, str]:
    """The headers a host should send with every file of the site."""
    return {
        "Content-Security-Policy": _policy(_DIRECTIVES + _HEADER_ONLY),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": REFERRER_POLICY,
        # For browsers that predate frame-ancestors.
        "X-Frame-Options": "DENY",
    }


def headers_file() -> str:
    """`_headers` for Netlify and Cloudflare Pages: every header on every path."""
    lines = ["# Casebook's security headers (generator/plan/headers.py); hosts that read this",
             "# file send them with every response.", "/*"]
    lines += [f"  {name}: {value}" for name, value in response_headers().items()]
    return "\n".join(lines) + "\n"


def nginx_snippet() -> str:
    """The same headers as nginx directives, for a server or location block."""
    return "\n".join(f'add_header {name} "{value}" always;'
                     for name, value in response_headers().items()) + "\n"
