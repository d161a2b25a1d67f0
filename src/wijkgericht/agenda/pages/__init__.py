"""The agenda's pages, by audience: `public` (agenda, activity, invitations), `ical` (one activity's calendar
download) and `staff` (the workspace, one module per topic)."""
