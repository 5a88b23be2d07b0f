"""Translations: PO files that supply the passage texts of a policy in further languages.

A translation is a stage input, not a second pipeline: a language supplies passage texts
for the same assembled view, so numbering, references and redlines come from the one view.

- `passages`: the translatable passages of a policy and their stable keys (PO `msgctxt`).
- `languages`: which languages regions offer, their codes and checks.
- `catalog`: reading PO files (located errors) and what a translation says about a passage.
- `merge`: `translations update` — extract and merge, as msgmerge does.
- `status`: `translations status` — missing and fuzzy entries per language.
"""
