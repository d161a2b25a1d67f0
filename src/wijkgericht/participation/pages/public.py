"""What residents do on the site: file an item ("Wat kan er beter in uw wijk?"), browse a district's items, read an
item, and support, follow, comment on and answer "is it solved?" for it. Thin: forms check fields, services
decide."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_ratelimit.core import is_ratelimited
from django_ratelimit.decorators import ratelimit
from django_ratelimit.exceptions import Ratelimited

from wijkgericht.accounts.roles import user_scope
from wijkgericht.districts import lookup, selectors
from wijkgericht.districts.models import Municipality, Neighbourhood
from wijkgericht.districts.paths import district_path, page_path
from wijkgericht.districts.postcodes import POSTCODE, normalise_postcode, parse_house_number
from wijkgericht.frame.context import base_context, municipality_or_404
from wijkgericht.frame.pagecache import cached_page
from wijkgericht.participation import decisions, drafts, engagement, permissions
from wijkgericht.participation import selectors as participation
from wijkgericht.participation.forms import CommentForm, ItemFilterForm, SolvedForm, SubmissionForm
from wijkgericht.participation.models import Follow, Item, Photo, Support
from wijkgericht.participation.pages import all_items
from wijkgericht.participation.services import item_submit, public_path, receipt_path, require_resident

PER_PAGE = 25
SUBMIT_RATE = "10/h"     # items per resident per hour: enough for anyone, stops floods
COMMENT_RATE = "20/h"


def _error_text(exc: ValidationError | PermissionDenied) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(str(m) for m in exc.messages)
    return str(exc) or _("Dat mag niet.")


DISTRICT_ITEMS_PARAMS = ("kind", "theme", "status", "neighbourhood", "pagina")  # ItemFilterForm's, and the page


@cached_page(municipality_or_404, params=DISTRICT_ITEMS_PARAMS, personal_slots=True)
def district_items(request: HttpRequest, slug: str, municipality: str | None = None,
                   place: Any = None) -> HttpResponse:
    place = place or municipality_or_404(municipality)
    area = selectors.district_by_slug(municipality=place, slug=slug)
    if area is None:
        raise Http404(_("Deze wijk bestaat niet."))
    themes = all_items.theme_choices(place)
    statuses = all_items.status_choices()
    neighbourhoods = [(n.code, n.name) for n in selectors.district_neighbourhoods(district=area)]
    form = ItemFilterForm(request.GET or None, themes=themes, statuses=statuses, neighbourhoods=neighbourhoods)
    chosen = {k: v for k, v in form.cleaned_data.items() if v} if form.is_valid() else {}
    ids = participation.public_item_ids(district=area, filters=participation.ItemFilter(**chosen))
    page = Paginator(ids, PER_PAGE).get_page(request.GET.get("pagina"))
    items = participation.public_items_by_ids(list(page.object_list))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(request, "participation/district_items.html", {
        **base_context(place), "district": area, "path": request.path, "district_url": district_path(area, place),
        "form": form, "page": page, "filtered": bool(chosen), "query": query.urlencode(),
        "rows": [{"item": i, "url": page_path("item", place, slug=area.slug, item_id=i.pk)} for i in items],
        "submit_url": page_path("submit", place),
    })


def _location_from(query: Any, place: Any) -> tuple[lookup.Place | None, tuple[float, float] | None, str]:
    """A place from ?lat&lon (the map), ?postcode&huisnummer, or ?buurt (a neighbourhood, for use without a map)."""
    if query.get("lat") or query.get("lon"):
        try:
            lat, lon = lookup.parse_point(query.get("lat"), query.get("lon"))
        except lookup.InvalidPoint as exc:
            return None, None, str(exc)
        found = lookup.place_at(municipality=place, lat=lat, lon=lon)
        if found is None or found.district_id is None:
            return None, None, _("Deze plek ligt niet in gemeente %s. Kies een plek binnen de gemeente.") % place.name
        return found, (lat, lon), ""
    if query.get("postcode") or query.get("huisnummer"):
        postcode, number = normalise_postcode(query.get("postcode", "")), parse_house_number(
            query.get("huisnummer"))
        if not POSTCODE.match(postcode) or number is None:
            return None, None, _("Vul een postcode (1234 AB) en een huisnummer in.")
        neighbourhood = selectors.address_neighbourhood(municipality=place, postcode=postcode, number=number)
        if neighbourhood is None:
            return None, None, _("Dit adres kennen we niet in %s.") % place.name
        return _neighbourhood_point(place, neighbourhood)
    if "buurt" in query:  # the select's first option "Kies uw buurt" is empty
        if not query["buurt"]:
            return None, None, _("Kies een buurt uit de lijst.")
        neighbourhood = Neighbourhood.objects.filter(code=query["buurt"], year=place.division_year,
                                                     district__municipality=place).first()
        if neighbourhood is None:
            return None, None, _("Kies een buurt uit de lijst.")
        return _neighbourhood_point(place, neighbourhood)
    return None, None, ""


def _neighbourhood_point(place: Any, neighbourhood: Neighbourhood) -> tuple[Any, tuple[float, float] | None, str]:
    from shapely.geometry import shape

    point = shape(neighbourhood.geometry).representative_point()
    found = lookup.place_at(municipality=place, lat=point.y, lon=point.x)
    return found, (point.y, point.x), ""


def _neighbourhood_groups(place: Any, first: Any = None) -> list[dict[str, Any]]:
    """The municipality's neighbourhoods per district (for <optgroup>s), by name; `first` (a district) on top."""
    rows = (Neighbourhood.objects.filter(district__municipality=place, year=place.division_year)
            .order_by("district__name", "name").values("code", "name", "district_id", "district__name"))
    groups: dict[int, dict[str, Any]] = {}
    for row in rows:
        groups.setdefault(row["district_id"], {"name": row["district__name"], "neighbourhoods": []})[
            "neighbourhoods"].append({"code": row["code"], "name": row["name"]})
    ordered = list(groups.values())
    if first is not None and first.pk in groups:
        ordered.remove(groups[first.pk])
        ordered.insert(0, groups[first.pk])
    return ordered


def _submit_refusal(user: Any) -> str:
    """Why this user may not file an item (not signed in, inactive, address not confirmed), or ""."""
    try:
        require_resident(user)
    except PermissionDenied as exc:
        return _error_text(exc)
    return ""


@ratelimit(key="user_or_ip", rate=SUBMIT_RATE, method="POST", block=True)
def submit(request: HttpRequest, municipality: str | None = None) -> HttpResponse:
    """Step 1 (GET, no location yet): where is it? Step 2 (GET with a location): similar items nearby, then the
    form. POST files the item; a second POST of the same form returns the same item.

    Write first, sign in after: a visitor who is not signed in, or whose address is not confirmed yet, fills in the
    same form (without photos: files are taken only from a confirmed account); what they wrote is kept as a draft
    (participation.drafts) and submitted once they have signed in with a confirmed address."""
    place = municipality_or_404(municipality)
    context = base_context(place)
    user = request.user
    drafting = not user.is_authenticated or (user.is_active and user.email_verified_at is None)
    # Who may submit is settled before the form and its photos are read (the upload handler skipped the files
    # of anyone who may not upload at all): no photo of someone who is told "confirm first" is ever decoded.
    refusal = _submit_refusal(user) if request.method == "POST" and not drafting else ""
    source = request.POST if request.method == "POST" else request.GET
    found, point, error = _location_from(source, place)
    # ?wijk=<slug>: from a district page; step 1 zooms to that district and lists its neighbourhoods first.
    district = selectors.district_by_slug(municipality=place, slug=request.GET["wijk"]) if request.GET.get(
        "wijk") else None
    submit_url = page_path("submit", place)
    context.update({"location_error": error, "submit_url": submit_url, "district": district,
                    "pick_url": f"{submit_url}?{urlencode({'wijk': district.slug})}" if district else submit_url,
                    "neighbourhood_groups": _neighbourhood_groups(place, district),
                    "has_addresses": selectors.has_address_table(municipality=place),
                    "drafting": drafting, "signed_in": user.is_authenticated})
    if found is None or point is None:
        return render(request, "participation/submit_where.html", context, status=400 if error else 200)
    lat, lon = point
    if request.method == "POST" and drafting:
        form = SubmissionForm(request.POST, municipality=place, with_photos=False)
        if form.is_valid():
            data = drafts.draft_data(municipality=place, cleaned=form.cleaned_data, lat=lat, lon=lon)
            if user.is_authenticated:
                drafts.draft_keep(user=user, data=data)
            else:
                request.session[drafts.DRAFT_SESSION_KEY] = data
            return HttpResponseRedirect(reverse("web:submit_draft"))
    elif request.method == "POST":
        form = SubmissionForm(request.POST, None if refusal else request.FILES, municipality=place)
        if refusal:
            form.is_valid()
            form.add_error(None, refusal)
        elif getattr(request, "upload_refused", False):  # the upload handler did not know the session (yet)
            form.is_valid()
            form.add_error("photos", _("Uw foto's zijn niet ontvangen; log opnieuw in en probeer het nog eens."))
        elif getattr(request, "upload_too_large", False):
            form.is_valid()
            form.add_error("photos", _("Samen zijn de foto's te groot; kies er minder of kleinere."))
        elif form.is_valid():
            data = form.cleaned_data
            try:
                item = item_submit(
                    author=request.user, municipality=place, kind=data["kind"], title=data["title"],
                    description=data["description"], theme=data["theme"], lat=lat, lon=lon,
                    needs_decision=data["needs_decision"], amount_requested=data["amount_requested"],
                    submission_key=data["submission_key"],
                    photos=[(p, data["photo_alt"]) for p in data["photos"]],
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items() if hasattr(exc, "error_dict") else [(None,
                                                                                                    exc.messages)]:
                    form.add_error(field if field in form.fields else None, errors)
            except PermissionDenied as exc:
                form.add_error(None, _error_text(exc))
            else:
                return HttpResponseRedirect(receipt_path(item))
        _photos_not_kept(request, form)
    else:
        form = SubmissionForm(initial={"lat": lat, "lon": lon}, municipality=place, with_photos=not drafting)
    context.update({
        "form": form, "place": found, "lat": lat, "lon": lon,
        "similar": [{"item": i, "metres": m, "url": public_path(i)}
                    for i, m in participation.similar_nearby(municipality=place, lat=lat, lon=lon)],
        "district_url": found.district_url,
        "alderman": context["board"].alderman_of(found.district_id),
    })
    return render(request, "participation/submit_form.html", context, status=400 if form.errors else 200)


def _photos_not_kept(request: HttpRequest, form: SubmissionForm) -> None:
    """A form that comes back with errors cannot hold on to the photos that came with it (a browser never fills in
    a file field again): say so at the photo field, and in the error summary, instead of losing them silently."""
    if form.errors and "photos" in form.fields and request.FILES.getlist("photos") and not form.errors.get("photos"):
        count = len(request.FILES.getlist("photos"))
        form.add_error("photos", ngettext(
            "Uw foto is niet bewaard, omdat er iets anders niet goed was ingevuld. Kies de foto opnieuw.",
            "Uw %(count)d foto's zijn niet bewaard, omdat er iets anders niet goed was ingevuld. Kies ze opnieuw.",
            count) % {"count": count})


@login_required
def my_items(request: HttpRequest) -> HttpResponse:
    """The resident's own items (with status, also while unpublished), and what they support and follow."""
    context = base_context(municipality_or_404(None))
    user = request.user
    # The municipality is for public_path; the timelines come in one go: a constant number of queries per page.
    own = list(Item.objects.filter(author=user).select_related("municipality", "district", "theme")
               .order_by("-created_at"))
    followed = (Item.objects.filter(follows__user=user, merged_into__isnull=True).exclude(author=user)
                .select_related("municipality", "district", "theme").order_by("-status_changed_at"))
    timelines = participation.item_timelines(own)
    context.update({
        "own": [{"item": i, "url": public_path(i) if i.status in participation.PUBLIC_STATUSES else "",
                 "timeline": timelines[i.pk]} for i in own],
        "followed": [{"item": i, "url": public_path(i)} for i in followed],
    })
    return render(request, "participation/my_items.html", context)


def item_interaction(request: HttpRequest, item: Item, *, comment_form: CommentForm | None = None,
                     solved_form: SolvedForm | None = None) -> dict[str, Any]:
    """The signed-in visitor's own state on an item page: supported? following? may answer "solved"? A bound form
    passed in (after a failed post) replaces the empty one, so its errors and text show in place."""
    user = request.user
    if not user.is_authenticated:
        return {}
    following = Follow.objects.filter(item=item, user=user).exists()
    may_answer = engagement.solved_may_answer(item=item, user=user)
    return {
        "supported": Support.objects.filter(item=item, user=user).exists(),
        "following": following,
        "is_author": item.author_id == user.pk,
        "can_support": item.status in engagement.SUPPORTABLE and item.author_id != user.pk,
        "verified": user.email_verified_at is not None,
        "comment_form": comment_form or CommentForm(),
        "solved_form": (solved_form or SolvedForm()) if may_answer else None,
        "staff": permissions.can(user_scope(user), permissions.VIEW_PRIVATE, item),
    }


def item_page(request: HttpRequest, place: Municipality, found: Item, *, status: int = 200,
              **forms: Any) -> HttpResponse:
    """The public page of `found` (a public, unmerged item): the item view, and again after a resident's form
    failed (`forms`: the bound forms with their errors, status 400)."""
    context = base_context(place)
    context.update({
        "district": found.district, "district_url": district_path(found.district, place), "item": found,
        "timeline": participation.item_timeline(item=found),
        "requested": participation.requested(item=found),
        "comments": participation.public_comments(item=found),
        "photos": list(found.photos.all()),
        "decision": decisions.item_decision(item=found), "waiting_for": decisions.item_waiting_for(item=found),
        **item_interaction(request, found, **forms),
    })
    return render(request, "participation/item.html", context, status=status)


@cached_page(municipality_or_404)
def item(request: HttpRequest, slug: str, item_id: int, municipality: str | None = None,
         place: Municipality | None = None) -> HttpResponse:
    place = place or municipality_or_404(municipality)
    area = selectors.district_by_slug(municipality=place, slug=slug)
    found = participation.public_item(district=area, item_id=item_id) if area else None
    if found is None:
        raise Http404(_("Dit idee of deze melding bestaat niet of is niet openbaar."))
    if found.merged_into_id:
        target = found.merged_into
        return redirect(page_path("item", place, slug=target.district.slug, item_id=target.pk), permanent=False)
    return item_page(request, place, found)


def _item_page_again(request: HttpRequest, item: Item, **forms: Any) -> HttpResponse | None:
    """The public item page once more, with a bound form and its errors where the resident typed (status 400);
    None when the item is not on a public page (then the caller redirects)."""
    found = participation.public_item(district=item.district, item_id=item.pk)
    if found is None or found.merged_into_id:
        return None
    return item_page(request, item.municipality, found, status=400, **forms)


def _add_service_errors(form: CommentForm | SolvedForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@require_POST
@login_required
def item_action(request: HttpRequest, item_id: int, action: str) -> HttpResponse:
    item = get_object_or_404(Item.objects.select_related("district", "municipality", "theme"), pk=item_id)
    back = public_path(item)
    # Only comments are limited: supporting and following are idempotent and cannot flood anyone.
    if action == "reageer" and is_ratelimited(request, group="comment", key="user", rate=COMMENT_RATE,
                                              increment=True):
        raise Ratelimited()
    try:
        if action == "steun":
            # Following comes with support only when the resident left "keep me informed" ticked; said either way.
            follow = request.POST.get("volgen") == "1"
            added = engagement.item_support(item=item, user=request.user, follow=follow)
            if not added:
                messages.success(request, _("U steunde dit al."))
            elif follow:
                messages.success(request, _("Bedankt voor uw steun. U volgt dit nu ook: u krijgt bericht als er iets "
                                            "verandert. Dat kunt u uitzetten met ‘Niet meer volgen’."))
            else:
                messages.success(request, _("Bedankt voor uw steun. U krijgt hierover geen berichten; wilt u dat "
                                            "wel, kies dan ‘Volgen’."))
        elif action == "steun-intrekken":
            engagement.item_unsupport(item=item, user=request.user)
            messages.success(request, _("Uw steun is ingetrokken."))
        elif action == "volg":
            engagement.item_follow(item=item, user=request.user)
            messages.success(request, _("U volgt dit nu; u krijgt bericht als er iets verandert."))
        elif action == "ontvolg":
            engagement.item_unfollow(item=item, user=request.user)
            messages.success(request, _("U volgt dit niet meer."))
        elif action in ("reageer", "opgelost"):
            # A form with errors comes back in place, with what was typed; only success redirects (PRG).
            form_name, form = (("comment_form", CommentForm(request.POST)) if action == "reageer"
                               else ("solved_form", SolvedForm(request.POST)))
            if form.is_valid():
                try:
                    if action == "reageer":
                        engagement.comment_post(item=item, author=request.user, body=form.cleaned_data["body"])
                    else:
                        engagement.solved_answer(item=item, user=request.user, solved=form.cleaned_data["solved"],
                                                 comment=form.cleaned_data["comment"])
                except ValidationError as exc:
                    _add_service_errors(form, exc)
            if form.errors:
                page = _item_page_again(request, item, **{form_name: form})
                if page is None:  # not on a public page (any more): say it at the top of where we send them
                    raise ValidationError([e for errors in form.errors.values() for e in errors])
                return page
            if action == "reageer":
                messages.success(request, _("Uw reactie is ontvangen en verschijnt na controle door de moderator."))
            else:
                messages.success(request, _("Dank u wel voor uw antwoord.") if form.cleaned_data["solved"] else
                                 _("Dank u wel. Het is heropend; het wijkteam kijkt er opnieuw naar."))
        else:
            raise Http404
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc))
    return HttpResponseRedirect(back)


def photo(request: HttpRequest, photo_id: int) -> HttpResponse:
    """A photo, served only where its item may be seen: public items for everyone; unpublished ones for their
    submitter and the staff who may see them."""
    found = get_object_or_404(Photo.objects.select_related("item__theme"), pk=photo_id)
    item = found.item
    visible = item.status in participation.PUBLIC_STATUSES or (request.user.is_authenticated and (
        item.author_id == request.user.pk or permissions.can(user_scope(request.user), permissions.VIEW_PRIVATE,
                                                             item)))
    if not visible:
        raise Http404
    response = FileResponse(found.image.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "public, max-age=86400" if item.status in participation.PUBLIC_STATUSES else "private"
    response["Content-Disposition"] = "inline"
    return response


