"""PolicyPress: publish a legal policy as versioned, per-region web pages.

The engine is a pipeline of plain functions over frozen dataclasses; it knows nothing about
MkDocs. `policypress.site.build_site` runs the whole pipeline; the MkDocs plugin
(`policypress.adapter`, registered as `policypress`) and the `policypress` command line are thin
adapters over it. The order of the stages is in the README ("How it is built").
"""
