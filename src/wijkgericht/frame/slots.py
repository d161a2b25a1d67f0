"""The visitor's own parts of a page: frame/base.html marks them as slots (`<!--slot:NAME-->…<!--/slot:NAME-->`),
so a page that is the same for everyone apart from them can be rendered once, kept, and given to each visitor with
their own slots filled in (frame.pagecache, `personal_slots=True`). "Donut caching": the page is the donut, the
account links (name, unread messages, the sign-out form's token) and the flash messages are the hole.

`fill` is plain text work, free of Django; `visitor_slots` renders the slots for one request."""

from __future__ import annotations

from typing import Any

from django.contrib.messages import get_messages
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.loader import render_to_string

from wijkgericht.frame.context_processors import visitor

SLOTS = {"account": "frame/_account_nav.html", "messages": "frame/_messages.html"}


class MissingSlot(ValueError):
    pass


def fill(html: str, slots: dict[str, str]) -> str:
    """`html` with what stands in each named slot replaced. Only the first slot of a name counts: the frame's,
    which comes before any content (and escaped content cannot hold a `<!--`)."""
    for name, content in slots.items():
        opening, closing = f"<!--slot:{name}-->", f"<!--/slot:{name}-->"
        start = html.find(opening)
        end = html.find(closing, start + len(opening)) if start >= 0 else -1
        if end < 0:
            raise MissingSlot(name)
        html = html[:start + len(opening)] + content + html[end:]
    return html


def visitor_slots(request: HttpRequest) -> dict[str, str]:
    """The slots as this request's visitor sees them."""
    context: dict[str, Any] = {**visitor(request), "user": request.user, "messages": get_messages(request)}
    if request.user.is_authenticated:  # the sign-out form's token; an anonymous visitor's slots carry none
        context["csrf_token"] = get_token(request)
    return {name: render_to_string(template, context) for name, template in SLOTS.items()}
