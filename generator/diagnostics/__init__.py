"""Diagnostics: the catalogue of every problem Casebook reports, and the one formatter that
prints them (text, GitHub annotations, JSON).
"""
