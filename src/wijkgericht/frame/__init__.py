"""The site's frame, with public names: the base context and the municipality of an address (context), the staff
scope (scope), styled forms (forms), call_service (service_forms), the page cache (pagecache), the guards every
request passes (badinput, private_pages, uploads) and the error pages (errors). Every app's page modules may use
it; models, services and selectors may not."""
