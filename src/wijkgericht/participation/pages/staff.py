"""The staff workspace ("werkplek"): each alderman's and civil servant's inbox, and the staff page of an item where
the district team moderates, weighs, asks advice and decides, and the portfolio holder answers. Every action is
checked on the item by the services (participation.permissions); the page only offers what the role may do."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from wijkgericht.accounts.roles import Scope
from wijkgericht.frame.badinput import form_id
from wijkgericht.frame.context import default_context
from wijkgericht.frame.scope import staff_scope
from wijkgericht.frame.service_forms import call_service
from wijkgericht.participation import engagement, flags, permissions, workflow
from wijkgericht.participation import selectors as participation
from wijkgericht.participation.forms import (
    AdviceAnswerForm,
    AdviceRequestForm,
    CommentModerationForm,
    MergeForm,
    TransitionForm,
)
from wijkgericht.participation.models import STATUS_LABELS, Comment, Item
from wijkgericht.participation.services import (
    advice_answer,
    advice_request,
    item_author_contact,
    item_merge,
    item_transition,
    public_path,
)

INBOX_PAGE = 25  # entries per list of the inbox, as on the public lists; each list pages by itself, longest waiting first
# Each list's page parameter (Dutch, as the address shows it).
INBOX_PAGES = {"district": "wijkpagina", "advice": "adviespagina", "items": "inbrengpagina",
               "comments": "reactiespagina"}


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    scope = staff_scope(request)
    items, comments = participation.moderation_queue(scope=scope)
    pages = {name: _inbox_page(request, name, rows) for name, rows in (
        ("district", participation.district_inbox_items(scope=scope)),
        ("advice", participation.open_advice_requests(scope=scope)),
        ("items", items), ("comments", comments))}
    context = default_context()
    context.update({
        "scope": scope, "pages": pages,
        "district_inbox": participation.district_inbox_entries(pages["district"]["page"]),
        "advice_inbox": participation.advice_entries(pages["advice"]["page"]),
        "moderation_items": pages["items"]["page"], "moderation_comments": pages["comments"]["page"],
        "open_flags": flags.open_flag_count(scope=scope),  # residents' reports of abuse (participation.flags)
    })
    return render(request, "participation/staff_inbox.html", context)


def _inbox_page(request: HttpRequest, name: str, rows: Any) -> dict[str, Any]:
    """One list's page, with what its page links keep of the address (the other lists' pages)."""
    param = INBOX_PAGES[name]
    query = request.GET.copy()
    query.pop(param, None)
    return {"page": Paginator(rows, INBOX_PAGE).get_page(request.GET.get(param)), "param": param,
            "query": query.urlencode()}


# The item desk shows several forms at once; each has its own prefix, so its fields' names and ids are its own
# (two fields with id "id_reason" would send the label of one to the other).
PREFIXES = {"transition": "stap", "advice": "advies", "answer": "antwoord", "merge": "samenvoegen"}


def _targets(scope: Scope, item: Item) -> list[tuple[str, str]]:
    """The workflow steps this user may take from here (advice requests have their own form); a decision is not
    offered while the portfolio holder's answer is still needed. A merged duplicate takes no steps of its own."""
    if item.merged_into_id:
        return []
    waiting = item.needs_decision and not item.current_advice().exclude(answer="").exists()
    # Asking advice has its own form; reopening is the residents' answer; coordination goes back to the team only
    # when a request is merged in, or when it has no advice of the current round at all (a round the data
    # migration opened for a request merged in before the upgrade: advice can be asked again only from the team).
    system_moves = {workflow.COORDINATION, workflow.REOPENED}
    if item.status == workflow.COORDINATION and item.current_advice().exists():
        system_moves.add(workflow.UNDER_CONSIDERATION)
    return [(t, str(STATUS_LABELS[t])) for t in sorted(workflow.TRANSITIONS[item.status], key=workflow.STATUSES.index)
            if t not in system_moves and not (waiting and t in workflow.DECISIONS)
            and permissions.can_transition(scope, item, t)]


@login_required
def item(request: HttpRequest, item_id: int) -> HttpResponse:
    scope = staff_scope(request)
    found = get_object_or_404(Item.objects.select_related("district", "municipality", "theme__portfolio",
                                                          "neighbourhood", "author", "merged_into"), pk=item_id)
    if not permissions.can(scope, permissions.VIEW_PRIVATE, found):
        raise Http404
    forms: dict[str, Any] = {}
    if request.method == "POST":
        done = _act(request, scope, found, forms)
        if done:
            return redirect("web:staff_item", item_id=found.pk)
        found.refresh_from_db()
    open_advice = found.current_advice().filter(answer="").select_related("portfolio").first()
    context = default_context()
    context.update({
        "item": found, "scope": scope, "requested": participation.requested(item=found),
        "public_url": public_path(found) if found.status in participation.PUBLIC_STATUSES else "",
        "timeline": participation.item_timeline(item=found),
        "photos": list(found.photos.all()),
        "comments": found.comments.select_related("author").order_by("created_at"),
        "solved_feedback": found.solved_feedback.select_related("user").order_by("-created_at"),
        "supports": found.supports.count(), "followers": found.follows.count(),
        "contact": request.session.pop(f"contact-{found.pk}", None),
        "open_advice": open_advice,
        "may": {action: permissions.can(scope, action, found) for action in permissions.ACTIONS},
        "transition_form": forms.get("transition") or TransitionForm(targets=_targets(scope, found),
                                                                     prefix=PREFIXES["transition"]),
        "advice_form": forms.get("advice") or AdviceRequestForm(prefix=PREFIXES["advice"]),
        "answer_form": forms.get("answer") or AdviceAnswerForm(prefix=PREFIXES["answer"]),
        "merge_form": forms.get("merge") or MergeForm(prefix=PREFIXES["merge"]),
        "moderation_form": CommentModerationForm(),
        "can_ask_advice": workflow.COORDINATION in workflow.TRANSITIONS[found.status] and not found.merged_into_id
        and permissions.can(scope, permissions.HANDLE, found),
        "can_answer": open_advice is not None and open_advice.portfolio_id in scope.portfolio_ids,
        "targets": _targets(scope, found),
        "duplicates": [(i, m) for i, m in participation.similar_nearby(
            municipality=found.municipality, lat=found.lat, lon=found.lon, title=found.title,
            theme_slug=found.theme.slug) if i.pk != found.pk] if not found.merged_into_id else [],
    })
    return render(request, "participation/staff_item.html", context, status=400 if forms else 200)


def _act(request: HttpRequest, scope: Scope, found: Item, forms: dict[str, Any]) -> bool:
    """Carry out the posted action; True when it is done (the page redirects), else the bound form is kept."""
    action = request.POST.get("action", "")
    user = request.user
    form = None
    prefix = PREFIXES.get(action)
    success = _("Opgeslagen.")
    if action == "transition":
        form = forms["transition"] = TransitionForm(request.POST, targets=_targets(scope, found), prefix=prefix)
        if not form.is_valid():
            return False
        call = partial(item_transition, item=found, actor=user, **form.cleaned_data)
        # Which residents the service tells is its own business (and none for an example item): name the step.
        success = _("Status gewijzigd in ‘%(status)s’.") % {"status": STATUS_LABELS[form.cleaned_data["target"]]}
    elif action == "advice":
        form = forms["advice"] = AdviceRequestForm(request.POST, prefix=prefix)
        if not form.is_valid():
            return False
        call = partial(advice_request, item=found, actor=user, question=form.cleaned_data["question"])
        success = _("Advies gevraagd aan de portefeuillehouder %(portfolio)s.") % {
            "portfolio": found.theme.portfolio.name}
    elif action == "answer":
        form = forms["answer"] = AdviceAnswerForm(request.POST, prefix=prefix)
        advice = found.current_advice().filter(answer="").first()
        if not form.is_valid() or advice is None:
            return False
        call = partial(advice_answer, advice=advice, actor=user, **form.cleaned_data)
        success = _("Uw advies is opgeslagen.")
    elif action == "merge":
        form = forms["merge"] = MergeForm(request.POST, prefix=prefix)
        if not form.is_valid():
            return False
        into = Item.objects.filter(pk=form.cleaned_data["into"]).first()
        if into is None:
            form.add_error("into", _("Er is geen inbreng met dit nummer."))
            return False
        call = partial(item_merge, duplicate=found, into=into, actor=user, reason=form.cleaned_data["reason"])
        success = _("Samengevoegd met inbreng %(number)s.") % {"number": into.pk}
    elif action == "comment":
        comment = get_object_or_404(Comment, pk=form_id(request.POST.get("comment")), item=found)
        moderation = CommentModerationForm(request.POST)
        if not moderation.is_valid():
            messages.error(request, _("Kies plaatsen of niet plaatsen."))
            return True
        approve = moderation.cleaned_data["decision"] == "approve"
        call = partial(engagement.comment_moderate, comment=comment, actor=user, approve=approve,
                       reason=moderation.cleaned_data["reason"])
        success = _("De reactie is geplaatst.") if approve else _("De reactie is niet geplaatst.")
    elif action == "contact":
        call = partial(_reveal_contact, request, found)
    else:
        messages.error(request, _("Onbekende handeling."))
        return True
    # The item's forms show a refusal as one line above the form, not per field.
    return call_service(request, call, form=form, by_field=False, success=success,
                        denied_message=_("Dat mag u niet bij deze inbreng.")).done


def _reveal_contact(request: HttpRequest, found: Item) -> None:
    """Show the author's e-mail address on the next page to who handles the item (the service logs the look)."""
    request.session[f"contact-{found.pk}"] = item_author_contact(item=found, actor=request.user)
