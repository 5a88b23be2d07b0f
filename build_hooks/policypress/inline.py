"""The two things policy text may contain besides Markdown: placeholders and section references.

`{{ privacy_email }}` inserts a value from settings.yaml; `{{ section:cookies }}` becomes
"Section N", N being the number of section `cookies` on the page being built. Nothing else in
double braces is allowed, and no other template syntax: policy text is never run as a template.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from policypress.untrusted import short

_TOKEN = re.compile(r"\{\{(?P<body>.*?)\}\}|(?P<tag>\{%|%\}|\{#|\{\{|\}\})", re.DOTALL)
_PLACEHOLDER = re.compile(r"^[a-z][a-z0-9_]*$")
_REFERENCE = re.compile(r"^section:\s*(?:(?P<document>[a-z0-9][a-z0-9-]*)/)?(?P<id>[a-z0-9][a-z0-9-]*)$")
_DOCUMENT = re.compile(r"^document:\s*(?P<document>[a-z0-9][a-z0-9-]*)$")


@dataclass(frozen=True)
class Placeholder:
    raw: str
    """The token as written, e.g. "{{ privacy_email }}"."""
    name: str


@dataclass(frozen=True)
class Reference:
    raw: str
    section_id: str
    document: str | None = None
    """Another document's id for `{{ section:<doc>/<id> }}`; None for this document."""


@dataclass(frozen=True)
class DocumentReference:
    """`{{ document:<doc> }}`: another document's title, linked."""

    raw: str
    document: str


@dataclass(frozen=True)
class Malformed:
    """Template-like syntax that is neither a placeholder nor a reference."""

    raw: str
    message: str


Token = Placeholder | Reference | DocumentReference | Malformed


# Text in code spans is shown as written: no placeholders there, and nothing to refuse.
_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.DOTALL)


def outside_code(text: str) -> str:
    """`text` with its code spans blanked out (same length, so positions still match)."""
    return _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), text)


def scan(text: str) -> list[Token]:
    """The placeholders, references and malformed template syntax in `text`, in order."""
    tokens: list[Token] = []
    for match in _TOKEN.finditer(outside_code(text)):
        if match.group("tag"):
            tokens.append(
                Malformed(
                    match.group("tag"),
                    f"'{match.group('tag')}' is template syntax, which policy text cannot use; "
                    "write {{ name }} for a placeholder or {{ section:id }} for a section reference",
                )
            )
            continue
        body = match.group("body").strip()
        if reference := _REFERENCE.match(body):
            tokens.append(Reference(match.group(0), reference.group("id"), reference.group("document")))
        elif document := _DOCUMENT.match(body):
            tokens.append(DocumentReference(match.group(0), document.group("document")))
        elif _PLACEHOLDER.match(body):
            tokens.append(Placeholder(match.group(0), body))
        else:
            tokens.append(
                Malformed(
                    match.group(0),
                    f"{short(match.group(0))} is neither a placeholder such as {{{{ privacy_email }}}} "
                    "nor a section reference such as {{ section:cookies }}",
                )
            )
    return tokens


def substitute(
    text: str,
    placeholders: Mapping[str, str],
    reference: Callable[[str], str],
    other: Callable[[str, str | None], str] | None = None,
) -> str:
    """`text` with placeholders replaced by their values and references by `reference(id)`;
    references to other documents by `other(doc, id)` (`id` None for `{{ document:doc }}`).

    Callers validate first (`scan`); unknown names here are a programming error.
    """
    if "{{" not in text and "{%" not in text and "{#" not in text:
        return text  # nearly every paragraph

    def replace(match: re.Match[str]) -> str:
        body = match.group("body")
        if body is None:
            raise ValueError(f"unvalidated template syntax {match.group(0)!r}")
        body = body.strip()
        if ref := _REFERENCE.match(body):
            if ref.group("document") is not None:
                if other is None:
                    raise KeyError(body)
                return other(ref.group("document"), ref.group("id"))
            return reference(ref.group("id"))
        if doc := _DOCUMENT.match(body):
            if other is None:
                raise KeyError(body)
            return other(doc.group("document"), None)
        return placeholders[body]

    parts, position = [], 0
    for code in _CODE_SPAN.finditer(text):
        parts += [_TOKEN.sub(replace, text[position : code.start()]), code.group(0)]
        position = code.end()
    parts.append(_TOKEN.sub(replace, text[position:]))
    return "".join(parts)
