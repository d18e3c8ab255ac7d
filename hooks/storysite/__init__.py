"""The story site's domain: story files in, typed stories and site artefacts out.

Nothing in this package imports MkDocs; `hooks/mkdocs_hooks.py` is the only adapter.
"""
