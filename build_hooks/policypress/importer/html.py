"""Raw HTML in an imported policy: what has a Markdown equivalent, and what it is.

Only the tags SPEC §8 names are converted (links, line breaks, bold, italic, code, lists, simple
tables, and paragraphs around them); anchors (`<a name>`/`<a id>`) are kept as section ids by the
caller. Purely presentational elements (`UNWRAPPED`: `<span>`, `<font>`, `<u>`, `<sup>`, …) keep
their words and lose their formatting, which the import reports; an image keeps its alternative
text. Anything else (scripts, embedded pages, forms) stops the import: a reader would have seen
something the sources cannot say.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

# Presentational attributes that change nothing a reader must read (alignment, classes).
# `markdown` is Python-Markdown's md_in_html switch: the element's content is Markdown.
_IGNORED_ATTRIBUTES = frozenset({"markdown", "align", "class", "style", "dir", "lang", "valign", "width", "title", "rel", "target"})
INLINE_TAGS = frozenset({"a", "br", "strong", "b", "em", "i", "code"})
BLOCK_TAGS = frozenset({"p", "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td", "div", "center"})
WRAPPERS = frozenset({"p", "div", "center"})
"""Elements around blocks that are read as the blocks they hold."""
# Presentational elements with no Markdown equivalent: their words are kept and what is dropped
# (the formatting, never words) is reported once per kind. Both readers (Markdown's raw HTML and
# HTML pages) unwrap exactly these.
UNWRAPPED: dict[str, str] = {
    "span": "<span> element(s) unwrapped (styling dropped)",
    "font": "<font> element(s) unwrapped (typeface, size and colour dropped)",
    "u": "<u> element(s) unwrapped (underlining dropped)",
    "small": "<small> element(s) unwrapped (small print shown at normal size)",
    "mark": "<mark> element(s) unwrapped (highlighting dropped)",
    "abbr": "<abbr> element(s) unwrapped (the abbreviation is kept, its expansion on hover dropped)",
    "sup": "<sup> element(s) unwrapped (superscript shown inline, e.g. footnote markers)",
    "sub": "<sub> element(s) unwrapped (subscript shown inline)",
    "center": "<center> element(s) unwrapped (centring dropped)",
}
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#])")


def escape(text: str) -> str:
    """Text from HTML (not Markdown) made safe to read as Markdown: same words, no markup."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


@dataclass
class Node:
    """An element of a raw HTML fragment (`tag` None for text, "!--" for a comment)."""

    tag: str | None
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node] = field(default_factory=list)
    text: str = ""
    raw: str = ""
    """The start tag as written, to point at it in messages."""

    def plain(self) -> str:
        """All the text inside, comments excluded."""
        if self.tag is None:
            return self.text
        if self.tag == "!--":
            return ""
        separator = " " if self.tag in BLOCK_TAGS or self.tag == "br" else ""
        return separator.join(child.plain() for child in self.children)


_VOID = frozenset({"br", "img", "hr", "input", "meta", "link", "wbr", "col", "area", "base", "source"})


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, raw=self.get_starttag_text() or f"<{tag}>")
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}, raw=self.get_starttag_text() or ""))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(Node(None, text=data))

    def handle_comment(self, data: str) -> None:
        self.stack[-1].children.append(Node("!--", text=data, raw=f"<!--{data[:20]}"))

    def unknown_decl(self, data: str) -> None:
        self.stack[-1].children.append(Node("!decl", raw=f"<![{data[:20]}"))

    def handle_decl(self, decl: str) -> None:
        self.stack[-1].children.append(Node("!decl", raw=f"<!{decl[:20]}"))

    def handle_pi(self, data: str) -> None:
        self.stack[-1].children.append(Node("!decl", raw=f"<?{data[:20]}"))


def parse_fragment(html: str) -> Node:
    """A raw HTML fragment as a tree (unclosed elements end where the fragment does)."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def unsupported(node: Node) -> str | None:
    """Why this element has no Markdown equivalent, or None if it has one."""
    if node.tag in (None, "#root", "!--"):
        return None
    if node.tag in UNWRAPPED or node.tag in {"img", "div"}:
        # Their attributes (style, class, colour, size, source) are formatting, dropped with them;
        # but a hidden element's words were never shown, and showing them would change the text.
        return f"a hidden <{node.tag}> shows readers nothing" if "hidden" in node.attrs else None
    if node.tag not in INLINE_TAGS | BLOCK_TAGS:
        return f"the HTML element <{node.tag}> has no Markdown equivalent"
    extra = set(node.attrs) - _IGNORED_ATTRIBUTES - {"href", "name", "id", "start"}
    if node.tag in {"td", "th"} and "rowspan" in extra and node.attrs["rowspan"].strip() not in {"", "1"}:
        return "a table cell spanning several rows (rowspan) cannot be imported; repeat its text in each row"
    if node.tag in {"td", "th"}:
        extra -= {"colspan", "rowspan"}
    if extra:
        return f"the attribute '{sorted(extra)[0]}' of <{node.tag}> has no Markdown equivalent"
    return None


def is_anchor(node: Node) -> bool:
    """An `<a name>` or `<a id>` without href: a target for links, invisible to readers."""
    return node.tag == "a" and "href" not in node.attrs and bool(node.attrs.get("name") or node.attrs.get("id"))


def anchor_name(node: Node) -> str:
    return node.attrs.get("id") or node.attrs.get("name") or ""


def inline_markdown(nodes: list[Node], breaks: str) -> str:
    """Inline HTML nodes as Markdown text; `breaks` is what a <br> becomes."""
    out: list[str] = []
    for node in nodes:
        if node.tag is None:
            # Whitespace between two elements still keeps their words apart.
            out.append(" " if not node.text.strip() and node.text else escape(_squash(node.text)))
        elif node.tag == "br":
            out.append(breaks)
        elif node.tag in {"strong", "b"}:
            out.append(wrap("**", inline_markdown(node.children, " ")))
        elif node.tag in {"em", "i"}:
            out.append(wrap("*", inline_markdown(node.children, " ")))
        elif node.tag == "code":
            out.append(code_span(node.plain()))
        elif node.tag == "a" and "href" in node.attrs:
            out.append(f"[{inline_markdown(node.children, ' ').strip()}]({link_target(node.attrs['href'])})")
        elif node.tag == "img":
            out.append(escape(_squash(node.attrs.get("alt", ""))))
        elif node.tag == "a" or node.tag in BLOCK_TAGS or node.tag in UNWRAPPED:
            out.append(inline_markdown(node.children, breaks))
    return "".join(out)


def _squash(text: str) -> str:
    # HTML collapses runs of whitespace; keep one space at each end so words stay apart.
    lead = " " if text[:1].isspace() else ""
    trail = " " if text[-1:].isspace() else ""
    return lead + " ".join(text.split()) + trail


def wrap(marker: str, inner: str) -> str:
    """`inner` between emphasis markers, its outer spaces moved outside (or Markdown ignores them)."""
    stripped = inner.strip()
    if not stripped:
        return inner
    lead = inner[: len(inner) - len(inner.lstrip())]
    trail = inner[len(inner.rstrip()) :]
    return f"{lead}{marker}{stripped}{marker}{trail}"


def code_span(text: str) -> str:
    """A Markdown code span showing `text` exactly (whitespace collapsed as HTML does)."""
    text = " ".join(text.split())
    if not text:
        return ""
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


_URL_UNSAFE = {" ": "%20", "(": "%28", ")": "%29", "<": "%3C", ">": "%3E", "\\": "%5C", "\t": "%09", "\n": "%0A"}


_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def relative_page(href: str) -> bool:
    """A link relative to the old page (`contact.md`, `terms.html`, `../faq/`): no such page lies
    beside the imported one, and MkDocs's strict build refuses a link to a file it cannot find.
    Links from the site's root (`/cookies`) and to a place on the page (`#rights`) are not."""
    href = href.strip()
    return bool(href) and not _SCHEME.match(href) and not href.startswith(("/", "#"))


def link_target(href: str) -> str:
    """A link destination as every reader of Markdown writes it: spaces, parentheses and angle
    brackets percent-encoded (the same address), so no parser ends it early."""
    return "".join(_URL_UNSAFE.get(char, char) for char in href.strip())
