"""Participation's pages. Their names stay in the site's namespace (web:item, web:submit, web:staff_item, …):
web/urls.py includes these lists. `pages` are district-scoped, so they exist at the root for the default
municipality and under gemeenten/<code>/ for every municipality; `urlpatterns` have one address for all."""

from django.urls import path

from wijkgericht.participation.pages import all_items, flags, public, staff, submission

pages = [
    path("inbreng/", all_items.items, name="items"),
    path("wijken/<slug:slug>/inbreng/", public.district_items, name="district_items"),
    path("wijken/<slug:slug>/inbreng/<int:item_id>/", public.item, name="item"),
    path("inbreng/nieuw/", public.submit, name="submit"),
]

urlpatterns = [
    path("mijn-inbreng/", public.my_items, name="my_items"),
    path("mijn-inbreng/<int:item_id>/ontvangen/", submission.received, name="item_received"),
    path("inbreng/concept/", submission.draft, name="submit_draft"),
    path("inbreng/<int:item_id>/melden/", flags.report, name="flag_report"),  # before item_action's <action>
    path("inbreng/<int:item_id>/<slug:action>/", public.item_action, name="item_action"),
    path("fotos/<int:photo_id>/", public.photo, name="photo"),
    path("werkplek/", staff.inbox, name="staff_inbox"),
    path("werkplek/misbruik/", flags.staff_flags, name="staff_flags"),
    path("werkplek/inbreng/<int:item_id>/", staff.item, name="staff_item"),
]
