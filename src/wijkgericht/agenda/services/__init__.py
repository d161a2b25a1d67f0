"""Writes for getting to know the district, one module per topic: `kinds` (activity kinds), `partners` (and their
contact persons), `activities` (plan, change, cancel), `rsvp` (registrations and the waiting list),
`meeting_requests` (what residents ask for), `reports` (visit reports and their topics), `follow_up` (actions
agreed during a visit), `district_agenda` (wijkagenda); `common` holds the permission and status checks they share.

Each service owns its transaction, checks the actor's permission on the object's districts (`actor=None` is the
system: the demo loader, scheduled tasks), checks a status change against `agenda.workflow`, and tells whom it
concerns. Import a service from its module: this package re-exports nothing.
"""
