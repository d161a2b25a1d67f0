"""The plain-text markup of a municipality's own page texts, turned into safe HTML. Pure: no Django.

Blocks are separated by an empty line. A block starting with "## " is a heading (h2), "### " a subheading (h3);
a block whose lines all start with "- " is a list; any other block is a paragraph (single line breaks kept).
Inside text: [words](https://…) is a link, and bare web addresses and e-mail addresses become links. Everything
else is escaped, so no HTML typed into the back office reaches the page."""

from __future__ import annotations

import re
from html import escape

_LINK = re.compile(r"\[([^\]\n]+)\]\(((?:https?://|mailto:|/)[^\s)]+)\)")
_URL = re.compile(r"https?://[^\s<>()\[\]]+[^\s<>()\[\].,;:!?'\"]")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_INLINE = re.compile(f"{_LINK.pattern}|({_URL.pattern})|({_EMAIL.pattern})")


def _anchor(href: str, text: str) -> str:
    return f'<a class="utrecht-link" href="{escape(href)}">{escape(text)}</a>'


def inline(text: str) -> str:
    """One line or paragraph: escaped, with its links."""
    out: list[str] = []
    position = 0
    for match in _INLINE.finditer(text):
        out.append(escape(text[position:match.start()]))
        label, href, url, email = match.group(1), match.group(2), match.group(3), match.group(4)
        if label is not None:
            out.append(_anchor(href, label))
        elif url is not None:
            out.append(_anchor(url, url))
        else:
            out.append(_anchor(f"mailto:{email}", email))
        position = match.end()
    out.append(escape(text[position:]))
    return "".join(out)


def blocks(text: str) -> list[str]:
    """The text's blocks: what an empty line (or a line of spaces) separates."""
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    return [b.strip("\n") for b in re.split(r"\n[ \t]*\n", normalised) if b.strip()]


def to_html(text: str) -> str:
    """The text as HTML with the site's (NL Design System) classes."""
    html: list[str] = []
    for block in blocks(text):
        lines = [line.strip() for line in block.split("\n")]
        if len(lines) == 1 and lines[0].startswith("### "):
            html.append(f'<h3 class="utrecht-heading-3">{inline(lines[0][4:].strip())}</h3>')
        elif len(lines) == 1 and lines[0].startswith("## "):
            html.append(f'<h2 class="utrecht-heading-2">{inline(lines[0][3:].strip())}</h2>')
        elif all(line.startswith("- ") for line in lines):
            items = "".join(f'<li class="utrecht-unordered-list__item">{inline(line[2:].strip())}</li>'
                            for line in lines)
            html.append(f'<ul class="utrecht-unordered-list">{items}</ul>')
        else:
            html.append(f'<p class="utrecht-paragraph">{"<br>".join(inline(line) for line in lines)}</p>')
    return "\n".join(html)


def lines(text: str) -> list[str]:
    """A list typed one entry a line (known problems), without empty lines."""
    return [line.strip().removeprefix("- ").strip() for line in text.splitlines() if line.strip()]
