"""After "Indienen": the draft page of a visitor who wrote before signing in, the receipt of a submitted item, and
the sign-in and registration hooks that keep and submit drafts (participation.drafts). Connected in apps.py."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wijkgericht.districts.models import Municipality
from wijkgericht.districts.paths import page_path
from wijkgericht.frame.context import base_context, municipality_or_404
from wijkgericht.participation import drafts, selectors
from wijkgericht.participation.models import Item
from wijkgericht.participation.services import public_path, receipt_path, response_due, response_term


def _told_submitted(request: HttpRequest, items: list[Item]) -> None:
    """Say at the top of the next page that the kept drafts went in, with their numbers; the draft page then leads
    to the receipt."""
    for item in items:
        messages.success(request, _("Uw %(kind)s ‘%(title)s’ is ingediend. Uw nummer is %(number)s.") % {
            "kind": item.get_kind_display(), "title": item.title, "number": item.pk})
    if items:
        request.session[drafts.SUBMITTED_SESSION_KEY] = [item.pk for item in items]


def on_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """Signed in (any way): a confirmed account submits the session's draft and its kept ones; an unconfirmed one
    keeps the session's draft until its address is confirmed."""
    if request is None or not hasattr(request, "session"):
        return
    session_draft = request.session.pop(drafts.DRAFT_SESSION_KEY, None)
    if user.email_verified_at is None:
        if session_draft:
            drafts.draft_keep(user=user, data=session_draft)
            messages.info(request, _("Uw tekst is bewaard. Bevestig uw e-mailadres met de link in de mail die wij u "
                                     "stuurden; daarna dienen wij hem meteen in."))
        return
    if session_draft or drafts.drafts_waiting(user):
        _told_submitted(request, drafts.drafts_submit(user=user, session_draft=session_draft))


def on_registered(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """The registration form was sent. A new account: the visitor's draft waits with it until the address is
    confirmed (in any browser). An address that had an account (`user` None): the draft stays in this session,
    submitted when its owner signs in here. The visitor reads the same either way."""
    session_draft = request.session.get(drafts.DRAFT_SESSION_KEY)
    if not session_draft:
        return
    if user is not None:
        request.session.pop(drafts.DRAFT_SESSION_KEY, None)
        drafts.draft_keep(user=user, data=session_draft)
    messages.info(request, _("Uw tekst is bewaard. Zodra u uw e-mailadres bevestigt met de link in de mail, dienen "
                             "wij hem in."))


@require_http_methods(["GET", "POST"])
def draft(request: HttpRequest) -> HttpResponse:
    """Where a draft waits: sign in or make an account (not signed in), confirm the address (signed in, not
    confirmed), or — just submitted — on to the receipt. POST "weggooien" throws the session's draft away."""
    submitted = request.session.pop(drafts.SUBMITTED_SESSION_KEY, None)
    if submitted:
        if len(submitted) == 1:
            return HttpResponseRedirect(reverse("web:item_received", kwargs={"item_id": submitted[0]}))
        return HttpResponseRedirect(reverse("web:my_items"))
    if request.method == "POST" and request.POST.get("weggooien"):
        request.session.pop(drafts.DRAFT_SESSION_KEY, None)
        messages.success(request, _("Uw tekst is weggegooid."))
        return HttpResponseRedirect(page_path("submit", municipality_or_404(None)))
    session_draft = request.session.get(drafts.DRAFT_SESSION_KEY)
    kept = drafts.drafts_waiting(request.user)
    data = session_draft or (kept[0].data if kept else None)
    place = (Municipality.objects.filter(code=data.get("municipality")).first() if data else None) or \
        municipality_or_404(None)
    context = base_context(place)
    here = reverse("web:submit_draft")
    context.update({
        "draft": drafts.draft_summary(data) if data else None, "kept_count": len(kept),
        "in_session": bool(session_draft), "days": response_term(place),
        "login_url": f"{reverse('accounts:login')}?{urlencode({'next': here})}",
        "register_url": reverse("accounts:register"), "submit_url": page_path("submit", place),
    })
    return render(request, "participation/draft.html", context)


@login_required
def received(request: HttpRequest, item_id: int) -> HttpResponse:
    """The submitter's receipt: the number, what happens next and by when; only the submitter sees it."""
    item = get_object_or_404(Item.objects.select_related("municipality", "district", "theme"), pk=item_id)
    if item.author_id != request.user.pk:
        raise Http404
    context = base_context(item.municipality)
    public = item.status in selectors.PUBLIC_STATUSES and not item.merged_into_id
    context.update({
        "item": item, "days": response_term(item.municipality),
        "due": response_due(item.municipality, item.created_at.date()),
        "public_url": public_path(item) if public else "",
        "my_items_url": f"{reverse('web:my_items')}#inbreng-{item.pk}",
        "submit_url": page_path("submit", item.municipality), "receipt_url": receipt_path(item),
    })
    return render(request, "participation/received.html", context)
