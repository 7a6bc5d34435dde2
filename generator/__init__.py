"""Casebook: a static-site generator for case studies on race equality in the NHS workforce."""

__version__ = "0.1.0"
