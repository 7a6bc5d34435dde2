"""Plan the site: the validated library turned into typed pages and output files, as plain
data. No MkDocs.
"""
