"""Inline Markdown written back from markdown-it's tokens: the same text, with raw HTML converted.

Text tokens are written as they were (escapes and entities as the author wrote them, thanks to
`text_special` tokens), so what the sources say parses as the original did. Inline HTML with a
Markdown equivalent becomes that Markdown; presentational elements (`html.UNWRAPPED`) keep their
words and are counted for the report; an `<img>` keeps its alternative text; anchors are handed back to the caller; comments are
left out and reported; anything else is a located problem.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass
from typing import Literal

from markdown_it.token import Token

from policypress.importer import html
from policypress.importer.reading import Reading

Where = Literal["paragraph", "item", "cell", "heading"]
_BRACKET = re.compile(r"([\[\]])")


@dataclass
class _Open:
    """An inline HTML element whose content is being collected."""

    tag: str
    href: str | None
    parts: list[str]


@dataclass(frozen=True)
class Inline:
    text: str
    anchors: tuple[str, ...]


def render(children: list[Token], reading: Reading, line_range: list[int] | None, where: Where) -> Inline:
    """The Markdown of one inline run (a paragraph, list item, table cell or heading)."""
    stack: list[_Open] = [_Open("#root", None, [])]
    anchors: list[str] = []
    line_break = "  \n" if where == "paragraph" else " "

    def emit(text: str) -> None:
        stack[-1].parts.append(text)

    index = 0
    while index < len(children):
        token = children[index]
        kind = token.type
        if kind == "text":
            # A cell's "|" is plain text here: the page escapes it in its table. Brackets are
            # escaped: `[text](add link)` is text to CommonMark and must not become a link to
            # another reader of the sources (Python-Markdown, the plain-text reading).
            content = _BRACKET.sub(r"\\\1", token.content)
            parts = stack[-1].parts
            if content.startswith("(") and parts and parts[-1].endswith("\\]"):
                content = "\\" + content
            emit(content.replace("\\](", "\\]\\("))
        elif kind == "text_special":
            emit(token.markup or token.content)
        elif kind == "softbreak":
            emit(" ")
        elif kind == "hardbreak":
            emit(line_break)
        elif kind == "code_inline":
            emit(_code(token))
        elif kind in {"em_open", "em_close", "strong_open", "strong_close", "s_open", "s_close"}:
            emit(token.markup)
        elif kind == "link_open":
            # An autolink (<https://…>) is written as one; its text is the address as written.
            if token.markup == "autolink":
                end = _closing(children, index, "link_close")
                emit("<" + "".join(c.content for c in children[index + 1 : end]) + ">")
                index = end
            elif html.relative_page(str(token.attrGet("href") or "")):
                _note_page_link(str(token.attrGet("href")), reading, line_range)
                stack.append(_Open("#text", None, []))
            else:
                stack.append(_Open("#link", _destination(token), []))
        elif kind == "link_close":
            if stack[-1].tag == "#link":
                emit(_close_link(stack.pop()))
            elif stack[-1].tag == "#text":
                emit("".join(stack.pop().parts))
        elif kind == "image":
            # An image keeps its words (the alternative text); the picture itself is not carried
            # over (a policy page fetching pictures from elsewhere would tell that site who reads).
            alt = "".join(c.content for c in token.children or [])
            reading.image((line_range or [0])[0] + 1, str(token.attrGet("src") or ""), alt)
            emit(html.escape(alt))
        elif kind == "html_inline":
            _inline_html(token.content, stack, anchors, reading, line_range, line_break)
        index += 1
    while len(stack) > 1:  # an element left open: it ends with the run, as a browser does
        _close(stack, stack[-1].tag, reading, line_range)
    return Inline("".join(stack[0].parts), tuple(anchors))


def _note_page_link(href: str, reading: Reading, line_range: list[int] | None) -> None:
    reading.notes.append(f"line {(line_range or [0])[0] + 1}: a link to the old site's page '{href[:60]}' kept as its text only")


def _closing(children: list[Token], start: int, kind: str) -> int:
    for index in range(start + 1, len(children)):
        if children[index].type == kind:
            return index
    return len(children) - 1


def _destination(token: Token) -> str:
    href = html.link_target(str(token.attrGet("href") or ""))
    title = token.attrGet("title")
    if title and not set(str(title)) & set('()"\\'):
        escaped = str(title).replace('"', '\\"')
        return f'{href} "{escaped}"'
    return href


def _close_link(open_: _Open) -> str:
    text = "".join(open_.parts)
    # A link whose words are all gone (an image without alternative text) shows nothing.
    return f"[{text}]({open_.href})" if text.strip() else text


def _code(token: Token) -> str:
    # markdown-it strips one space from each end of a code span that has both; put it back.
    content, fence = token.content, token.markup or "`"
    both = content.startswith(" ") and content.endswith(" ") and content.strip()
    pad = " " if content.startswith("`") or content.endswith("`") or both else ""
    return f"{fence}{pad}{content}{pad}{fence}"


def _inline_html(
    raw: str,
    stack: list[_Open],
    anchors: list[str],
    reading: Reading,
    line_range: list[int] | None,
    line_break: str,
) -> None:
    if raw.startswith("<!--"):
        reading.leave_out(line_range, "HTML comment", "invisible to readers", raw[4:].removesuffix("-->"))
        return
    if raw.startswith("</"):
        _close(stack, raw[2:].strip(" >\t\n").lower(), reading, line_range)
        return
    tree = html.parse_fragment(raw)
    if not tree.children or tree.children[0].tag in (None, "!decl"):
        reading.error(line_range, raw, f"'{raw[:40]}' has no Markdown equivalent; remove it or write the text in Markdown")
        return
    node = tree.children[0]
    problem = html.unsupported(node)
    if problem:
        reading.error(line_range, raw, f"{problem}; write it in Markdown or remove it ({raw[:40]})")
        return
    if node.tag == "br":
        stack[-1].parts.append(line_break)
    elif html.is_anchor(node):
        anchors.append(html.anchor_name(node))
        stack.append(_Open("#anchor", None, []))
    elif node.tag == "a" and html.relative_page(node.attrs.get("href") or ""):
        _note_page_link(node.attrs["href"] or "", reading, line_range)
        stack.append(_Open("#anchor", None, []))
    elif node.tag == "a" and "href" in node.attrs:
        stack.append(_Open("a", html.link_target(node.attrs["href"]), []))
    elif node.tag in {"strong", "b", "em", "i", "code"}:
        stack.append(_Open(node.tag, None, []))
    elif node.tag in html.UNWRAPPED:
        reading.unwrap(html.UNWRAPPED[node.tag])
        stack.append(_Open(node.tag, None, []))  # closed as its words alone
    elif node.tag == "img":
        alt = node.attrs.get("alt", "")
        reading.image((line_range or [0])[0] + 1, node.attrs.get("src", ""), alt)
        stack[-1].parts.append(html.escape(alt))
    elif node.tag == "a":
        stack.append(_Open("#anchor", None, []))
    else:
        reading.error(line_range, raw, f"<{node.tag}> cannot stand inside a line of text; write it in Markdown or remove it")


def _close(stack: list[_Open], tag: str, reading: Reading, line_range: list[int] | None) -> None:
    """Close the innermost open element `tag` (and any left open inside it)."""
    names = {"a": {"a", "#anchor"}}.get(tag, {tag})
    if not any(open_.tag in names for open_ in stack[1:]):
        # A stray end tag shows nothing; one of a refused element was reported at its start.
        return
    while True:
        open_ = stack.pop()
        inner = "".join(open_.parts)
        if open_.tag in {"strong", "b"}:
            out = html.wrap("**", inner)
        elif open_.tag in {"em", "i"}:
            out = html.wrap("*", inner)
        elif open_.tag == "code":
            out = html.code_span(html_lib.unescape(inner))
        elif open_.tag == "a":
            out = f"[{inner.strip()}]({open_.href})"
        elif open_.tag == "#link":
            out = _close_link(open_)
        else:
            out = inner
        stack[-1].parts.append(out)
        if open_.tag in names:
            return
