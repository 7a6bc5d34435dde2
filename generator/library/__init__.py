"""Load and validate the library: source files, YAML with positions, the front-matter contract,
the taxonomy, cases, body rules and packs. Plain data; no Jinja, no MkDocs.
"""
