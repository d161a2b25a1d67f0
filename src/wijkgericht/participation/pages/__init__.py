"""Participation's pages: public.py (a district's items, an item, submitting, a resident's own items and actions,
photos) and staff.py (the staff workspace: inboxes and the item desk). Thin: they read through selectors, write
through services and engagement, and stand in the site's frame."""
