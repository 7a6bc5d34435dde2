"""Search: the Pagefind index, written beside the build.
"""
