"""PolicyPress: publish a legal policy as versioned, per-region web pages.

The engine is a pipeline of plain functions over frozen dataclasses; it knows nothing about
MkDocs. `policypress.site.build_site` runs the whole pipeline; `mkdocs_hooks.py` and the
`policypress` command line are thin adapters over it.
"""
