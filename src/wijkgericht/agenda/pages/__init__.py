"""The agenda's pages, by audience: `staff` (the workspace, one module per topic)."""
