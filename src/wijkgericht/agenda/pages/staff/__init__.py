"""The agenda's staff pages in the workspace ("werkplek"), one module per topic: `planning` (the alderman's
planning view), `activities`, `reports` (visit reports with topics and follow-up actions), `actions` (open
follow-up actions), `district_agenda` and `partners` (the partners registry); `common` holds what they share.

Like participation.pages.staff: pages refuse non-staff (403), offer only the districts a role may act in, post
each action with a hidden `action` field, and leave every rule to the services, whose ValidationError/
PermissionDenied are shown on the form or as a message.
"""
