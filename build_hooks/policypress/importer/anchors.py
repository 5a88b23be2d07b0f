"""Anchors that tools make up: never a section id (SPEC section 17).

A section id is permanent and is what editors and other pages use to reference a section, so
it must be readable. Word's bookmarks (`_Toc…`, `_Ref…`, `_Hlk…`, `_GoBack`, `OLE_LINK1`),
the hashed bookmarks pandoc writes for long ids (`x` and 40 hex digits), Google Docs' ids
(`_` or `h.` and random letters, `kix.…`) and other random strings are no such thing; the
heading's id is then made from its text. Readable anchors (`your-rights`) still become ids.
"""

from __future__ import annotations

import re

_OPAQUE = re.compile(
    r"""^(?:
        _.*                              # Word's _Toc, _Ref, _Hlk, _GoBack; Google Docs' _gjdgxs
      | x[0-9a-f]{40}                    # pandoc's hashed bookmark of a long id
      | (?:h|id|kix)\.[a-z0-9._-]+       # Google Docs' heading and list ids
      | (?:ole_link|bookmark)\d*         # Word's bookmarks made by pasting and by hand
      | [0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}   # a UUID
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
# A long run of hex digits with digits among it (a hash) anywhere in the anchor.
_HASH = re.compile(r"(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{16,}", re.IGNORECASE)


def opaque_anchor(name: str) -> bool:
    """Whether an anchor was made up by a tool rather than written by a person."""
    name = name.strip()
    return bool(_OPAQUE.match(name) or _HASH.search(name))
