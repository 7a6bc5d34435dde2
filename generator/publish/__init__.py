"""Publish: swap the finished site into place all or nothing, and check its links.
"""
