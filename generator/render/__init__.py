"""Render the planned site with MkDocs and Material: the only package that imports MkDocs.
"""
