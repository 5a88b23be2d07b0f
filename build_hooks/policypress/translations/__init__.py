"""Translations: PO files that supply the passage texts of a policy in further languages.

A translation is a stage input, not a second pipeline: a language supplies passage texts
for the same assembled view, so numbering, references and redlines come from the one view.
This stage comes after history (a version's translation is read at its release's commit); what
earlier stages need of it lives with them: the passages and their keys in
`policypress.assemble.passages`, the languages regions offer in `policypress.sources.languages`.

- `catalog`: reading PO files (located errors) and what a translation says about a passage.
- `texts`: a language's texts for each published version and the working tree.
- `merge`: `translations update` — extract and merge, as msgmerge does.
- `status`: `translations status` — missing and fuzzy entries per language.
- `checks`: what `policypress check` says of translations.

The `policypress translations` commands are in `policypress.translation_commands`.
"""
