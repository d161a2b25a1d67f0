"""The agenda's pages: public (agenda, activities, RSVP, inviting the district alderman) and the staff's
(planning, activities, reports, actions, district agenda, partners), each in its own module; one namespace."""

from wijkgericht.agenda import urls_ical, urls_public, urls_staff

app_name = "agenda"

urlpatterns = [*urls_ical.urlpatterns, *urls_public.urlpatterns, *urls_staff.urlpatterns]
